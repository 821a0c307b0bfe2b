// Astro's file-system routing: which files are routes and the URL each serves (js/astro, js/taint).

/** Below a `pages/` folder: the route file's path from there (`api/users/[id].ts`). */
const PAGES = /^(?:(.*)\/)?pages\/(.+)$/;
export const ENDPOINT_FILE = /\.(?:[cm]?[jt]s)$/;
export const PAGE_FILE = /\.(?:astro|md|mdx|html)$/;
/** `src/middleware.ts` or `src/middleware/index.ts` (any srcDir), and the files of that folder. */
export const MIDDLEWARE_FILE = /(?:^|\/)middleware(?:\.[cm]?[jt]s|\/[^/]+\.[cm]?[jt]s)$/;
/** `src/actions/index.ts` and the modules it gathers actions from. */
export const ACTIONS_FILE = /(?:^|\/)actions\/(?:.+\/)?[^/]+\.[cm]?[jt]s$/;
export const CONFIG_FILE = /(?:^|\/)astro\.config\.(?:[cm]?[jt]s)$/;

/** The part below `pages/` and the folder holding that `pages/`, when the file is a route file. */
export function pagesRest(path: string): { dir: string; rest: string } | undefined {
  const m = PAGES.exec(path);
  if (!m) return undefined;
  // Astro skips files and folders whose names start with `_` (helpers kept beside routes).
  if (m[2].split('/').some((s) => s.startsWith('_'))) return undefined;
  return { dir: m[1] ?? '', rest: m[2] };
}

/**
 * A route file's URL: `[id]` → `:id`, `[...slug]` → `*`, `index` dropped, the extension dropped
 * (`rss.xml.ts` → `/rss.xml`), `(group)` folders kept as Astro does not strip them.
 */
export function astroPath(rest: string): string {
  const noExt = rest.replace(/\.(?:[cm]?[jt]s|astro|mdx?|html)$/, '');
  const segs = noExt.split('/').filter(Boolean);
  if (segs[segs.length - 1] === 'index') segs.pop();
  const mapped = segs.map((s) => (/^\[\.\.\.[^\]]+\]$/.test(s) ? '*' : s.replace(/\[([^\]./]+)\]/g, ':$1')));
  return `/${mapped.join('/')}`;
}

/** Endpoint exports: today's upper-case verbs and Astro 1-2's lower-case ones (`del` for DELETE). */
export const ENDPOINT_VERBS: Record<string, string> = { GET: 'GET', POST: 'POST', PUT: 'PUT', PATCH: 'PATCH', DELETE: 'DELETE', HEAD: 'HEAD', OPTIONS: 'OPTIONS', ALL: 'ALL', get: 'GET', post: 'POST', put: 'PUT', patch: 'PATCH', del: 'DELETE', all: 'ALL' };

/**
 * For the taint analysis: the route of each exported endpoint handler of an Astro route file
 * (`GET /api/posts/:id`), and of a page's frontmatter function (see astro-frontmatter.ts).
 */
export function astroRouteFor(path: string, pageFn: string): ((exportName: string) => string | undefined) | undefined {
  const page = pagesRest(path);
  if (!page) return undefined;
  const route = astroPath(page.rest);
  if (PAGE_FILE.test(path)) return (name) => (name === pageFn ? `GET ${route}` : undefined);
  if (!ENDPOINT_FILE.test(path)) return undefined;
  return (name) => (ENDPOINT_VERBS[name] ? `${ENDPOINT_VERBS[name]} ${route}` : undefined);
}
