// URL paths of React Router (framework mode) and Remix route modules from their file names under
// `app/routes/`: Remix v2 flat routes (`a.b.$id.tsx`, `_index`, pathless `_layout` segments,
// `a_.b` opting out of nesting, `$` splat, `($lang)` optional, `[.]` escapes), folder routes
// (`a.b/route.tsx`) and remix-flat-routes' `+` folders (`_auth+/settings.profile.tsx`, whose
// folder names join the file name with dots).

const ROUTES_DIR = /^(?:(.*)\/)?app\/routes\/(.+)\.(?:[cm]?[jt]sx?)$/;
/** File names that are the folder's own module, not a segment. */
const MODULE_FILE = /^(route|_layout|layout|index)$/;

export interface RouteFile {
  /** The project folder that holds `app/` ('' at the repository root). */
  root: string;
  /** `/settings/profile`, `/sign/:token`, `/*`. */
  path: string;
  /** A layout module (`_layout` in a `+` folder): its loader runs for every route in the folder. */
  layout: boolean;
  /** The folder a `+` layout covers, relative to the repository. */
  folder: string;
}

/** Splits a dotted route name at dots outside `[...]` escapes. */
function segmentsOf(name: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (const ch of name) {
    if (ch === '[') depth++;
    if (ch === ']') depth = Math.max(0, depth - 1);
    if (ch === '.' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function urlSegment(raw: string): string | undefined {
  if (raw === '' || raw === '_index' || raw === 'index') return undefined;
  // A leading underscore (outside an escape) is a pathless layout segment.
  if (raw.startsWith('_')) return undefined;
  let s = raw.endsWith('_') ? raw.slice(0, -1) : raw;
  const optional = /^\((.*)\)$/.exec(s);
  if (optional) s = optional[1];
  if (s === '$') return '*';
  s = s.replace(/^\$(\w+)$/, ':$1').replace(/\[([^\]]*)\]/g, '$1');
  return optional ? `${s}?` : s;
}

export function routeFile(file: string): RouteFile | undefined {
  const m = ROUTES_DIR.exec(file);
  if (!m) return undefined;
  const parts = m[2].split('/');
  const base = parts.pop() ?? '';
  // In a plain folder only `route.tsx` (or index/layout) is the route; other files sit beside it.
  if (parts.length > 0 && !parts[parts.length - 1].endsWith('+') && !MODULE_FILE.test(base)) return undefined;
  const names: string[] = [];
  for (const dir of parts) names.push(dir.endsWith('+') ? dir.slice(0, -1) : dir);
  const layout = base === '_layout' && parts.length > 0 && parts[parts.length - 1].endsWith('+');
  if (!MODULE_FILE.test(base)) names.push(base);
  else if (base === 'index') names.push('_index');
  const segments = names.flatMap(segmentsOf).map(urlSegment).filter((s): s is string => s !== undefined);
  const folder = file.slice(0, file.lastIndexOf('/'));
  return { root: m[1] ?? '', path: `/${segments.join('/')}`, layout, folder };
}
