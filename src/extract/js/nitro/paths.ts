// Nitro's file-system routing (Nuxt `server/`, standalone Nitro beside nitro.config): which files
// are routes, middleware or config, and the URL and method a route file serves.

/** The HTTP method suffixes Nitro reads from a route file name (`users.post.ts`). */
const METHOD_SUFFIX = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'connect', 'trace']);
/** Environment suffixes (`x.get.dev.ts`): the route exists only in that build. */
const ENV_SUFFIX = new Set(['dev', 'prod', 'prerender']);
const JS_EXT = /\.(?:[cm]?[jt]sx?)$/;

export type NitroFileKind = 'api' | 'routes' | 'middleware';

export interface NitroFile {
  kind: NitroFileKind;
  /** The folder holding `server/` (Nuxt) or the Nitro source folder (standalone), '' for the root. */
  root: string;
  /** Standalone Nitro (`routes/` or `api/` without a `server/` parent): kept only beside a nitro.config. */
  standalone: boolean;
  /** Path below the kind's folder, extension kept (`users/[id].get.ts`). */
  rest: string;
}

/** Nuxt's `server/api|routes|middleware/`; standalone Nitro's `routes|api|middleware/` at a source root. */
const NUXT = /^(?:(.*)\/)?server\/(api|routes|middleware)\/(.+)$/;
const STANDALONE = /^(?:(.*)\/)?(api|routes|middleware)\/(.+)$/;

/** Folders of built output and tests: no served code. */
const NOT_SOURCE = /(^|\/)(node_modules|test|tests|__tests__|e2e|fixtures?|dist|\.output|\.nuxt|\.nitro)(\/|$)/;
/** Folders whose `routes/` or `api/` is some other framework's (a front end, a test suite). */
const NOT_NITRO_ROOT = /(^|\/)(node_modules|test|tests|__tests__|e2e|fixtures?|examples?|docs?|app|pages|components|client|public|dist|\.output|\.nuxt|\.nitro)(\/|$)/;

export function nitroFile(path: string): NitroFile | undefined {
  if (!JS_EXT.test(path) || /\.d\.ts$/.test(path)) return undefined;
  const nuxt = NUXT.exec(path);
  if (nuxt) {
    // A Nuxt module's `runtime/server/` handlers are mounted in the apps that install it, not served here.
    if (NOT_SOURCE.test(nuxt[1] ?? '') || /(^|\/)runtime$/.test(nuxt[1] ?? '')) return undefined;
    return { kind: nuxt[2] as NitroFileKind, root: nuxt[1] ?? '', standalone: false, rest: nuxt[3] };
  }
  const alone = STANDALONE.exec(path);
  if (!alone || NOT_NITRO_ROOT.test(alone[1] ?? '')) return undefined;
  return { kind: alone[2] as NitroFileKind, root: alone[1] ?? '', standalone: true, rest: alone[3] };
}

/**
 * The route a file serves: `api/users/[id].get.ts` → GET `/api/users/:id`, `routes/index.ts` → ALL
 * `/`, `[...slug].ts` → `/*`, `(group)/` folders vanish, `[id]-[name].ts` → `/:id-:name`.
 */
export function nitroRoute(file: NitroFile): { method: string; path: string } | undefined {
  if (file.kind === 'middleware') return undefined;
  const segs = file.rest.replace(JS_EXT, '').split('/');
  let last = segs.pop() ?? '';
  let method = 'ALL';
  const parts = last.split('.');
  while (parts.length > 1 && ENV_SUFFIX.has(parts[parts.length - 1].toLowerCase())) parts.pop();
  if (parts.length > 1 && METHOD_SUFFIX.has(parts[parts.length - 1].toLowerCase())) method = parts.pop()!.toUpperCase();
  last = parts.join('.');
  if (last !== 'index') segs.push(last);
  const out = segs
    .filter((s) => s !== '' && !/^\(.*\)$/.test(s))
    .map((s) => (/^\[\.\.\.[^\]]*\]$/.test(s) ? '*' : s.replace(/\[\.\.\.([^\]]*)\]/g, '*').replace(/\[([^\]]+)\]/g, ':$1')));
  // Hidden files are no routes.
  if (segs.some((s) => s.startsWith('.'))) return undefined;
  const prefix = file.kind === 'api' ? '/api' : '';
  const path = `${prefix}/${out.join('/')}`.replace(/\/$/, '');
  return { method, path: path === '' ? '/' : path };
}

/** `nitro.config.ts`, `nuxt.config.ts`: the app's root, where its standalone routes live. */
export const CONFIG_FILE = /^(?:(.*)\/)?(nitro|nuxt)\.config\.(?:[cm]?[jt]s)$/;
