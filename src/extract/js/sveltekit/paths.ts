// SvelteKit's file-system routes: `src/routes/(app)/blog/[slug]/+server.ts` answers `/blog/:slug`.
// Shared with js/taint, which gives the exported handlers of these files request semantics.

/** A route file of SvelteKit: endpoint, page server module or layout server module. */
export const KIT_ROUTE_FILE = /(^|\/)\+(server|page\.server|layout\.server)\.[cm]?[jt]s$/;
/** The app-wide server hooks (`src/hooks.server.ts`, or a `hooks.server/index.ts` folder). */
export const KIT_HOOKS_FILE = /(^|\/)src\/hooks\.server(\/index)?\.[cm]?[jt]s$/;

export type KitFileKind = 'server' | 'page.server' | 'layout.server';

/**
 * The folders of a route file below its app's routes folder (default `src/routes`; a configured
 * `kit.files.routes` is a `routes` folder elsewhere), or undefined for a file that is not one.
 */
export function kitRouteDir(path: string): { root: string; dir: string; kind: KitFileKind } | undefined {
  const m = KIT_ROUTE_FILE.exec(path);
  if (!m) return undefined;
  const kind = m[2] as KitFileKind;
  const folder = path.slice(0, m.index);
  const segs = folder.split('/');
  // The innermost `routes` folder under a `src/` (the default), else the innermost `routes` folder.
  let at = -1;
  for (let i = segs.length - 1; i >= 1; i--) if (segs[i] === 'routes' && segs[i - 1] === 'src') { at = i; break; }
  if (at < 0) at = segs.lastIndexOf('routes');
  if (at < 0) return undefined;
  return { root: segs.slice(0, at + 1).join('/'), dir: segs.slice(at + 1).join('/'), kind };
}

/**
 * Route folders as the URL they serve: `[id]` and `[id=integer]` → `:id`, `[[lang]]` → `:lang?`,
 * `[...rest]` → `*rest`, a parameter inside a segment (`monitor-[tag]`) kept in place; `(group)`
 * folders are not in the URL.
 */
export function kitPath(dir: string): string {
  const segs = dir
    .split('/')
    .filter((s) => s !== '' && !/^\(.*\)$/.test(s))
    .map((s) =>
      s
        .replace(/\[\[\.\.\.(\w+)(?:=\w+)?\]\]|\[\.\.\.(\w+)(?:=\w+)?\]/g, (_m, a: string | undefined, b: string | undefined) => `*${a ?? b ?? ''}`)
        .replace(/\[\[(\w+)(?:=\w+)?\]\]/g, ':$1?')
        .replace(/\[(\w+)(?:=\w+)?\]/g, ':$1'),
    );
  return `/${segs.join('/')}`;
}

const ENDPOINT_METHODS: Record<string, string> = { GET: 'GET', POST: 'POST', PUT: 'PUT', PATCH: 'PATCH', DELETE: 'DELETE', OPTIONS: 'OPTIONS', HEAD: 'HEAD', fallback: 'ALL' };

/** The HTTP method an export of an endpoint (`+server.ts`) answers. */
export function endpointMethod(exportName: string): string | undefined {
  return Object.hasOwn(ENDPOINT_METHODS, exportName) ? ENDPOINT_METHODS[exportName] : undefined;
}

/** For js/taint: the route of each exported request handler of a SvelteKit route file. */
export function kitRouteFor(path: string): ((exportName: string) => string | undefined) | undefined {
  const at = kitRouteDir(path);
  if (!at || at.kind === 'layout.server') return undefined;
  const route = kitPath(at.dir);
  if (at.kind === 'server') {
    return (name) => {
      const m = endpointMethod(name);
      return m ? `${m} ${route}` : undefined;
    };
  }
  // `actions.default` posts to the page; `actions.archive` to `?/archive`.
  return (name) => (name === 'load' ? `GET ${route}` : name.startsWith('actions.') ? `POST ${name === 'actions.default' ? route : `${route === '/' ? '' : route}?/${name.slice(8)}`}` : undefined);
}
