// next.config settings that move an app's URLs: `basePath: '/dashboard'` puts every page and API
// route under that prefix, and `pageExtensions: ['page.tsx', 'page.ts']` makes only files named
// `x.page.tsx` pages (`pages/users/[id].page.tsx` answers `/users/:id`; a helper module beside
// it, `pages/users/loadUser.ts`, answers nothing). Plain extensions (`['ts', 'tsx', 'mdx']`) move
// nothing. Read per app folder (the next.config's) and applied by link to the routes below it.
import { posix } from 'node:path';
import type { ConfigFact, EntrypointFact, Fact, FactInput } from '../../../model/types.js';
import { calleeName, objectProp, resolveObject, stringValue, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';

export const NEXT_CONFIG_FILE = /(^|\/)next\.config\.(?:[cm]?js|ts|mjs)$/;
const SETTING = 'nextjs-url-layout';

/** `module.exports = nextConfig`, `export default withBundleAnalyzer(nextConfig)`: the options object. */
function configObject(index: JsIndex): AstNode | undefined {
  let v = unwrap(index.exports.get('default') ?? index.exports.get('module.exports'));
  for (let i = 0; i < 3 && v; i++) {
    const obj = resolveObject(v, index);
    if (obj) return obj;
    if (v.type === 'Identifier') v = unwrap(index.constInit(v.name));
    // Plugin wrappers (`withMDX(config)`, `withSentryConfig(config, opts)`) take the config first.
    else if (v.type === 'CallExpression' && calleeName(v)) v = unwrap(v.arguments[0] as AstNode | undefined);
    else return undefined;
  }
  return undefined;
}

export function nextConfigFact(index: JsIndex): FactInput | undefined {
  const obj = configObject(index);
  if (!obj) return undefined;
  const basePath = stringValue(objectProp(obj, 'basePath'), index);
  const list = unwrap(objectProp(obj, 'pageExtensions'));
  const exts = list?.type === 'ArrayExpression' ? list.elements.map((e) => stringValue(e as AstNode | null, index)) : [];
  // Only compound extensions (`page.tsx`) name pages apart from other modules.
  const compound = exts.every((e) => e !== undefined) && exts.some((e) => e!.includes('.')) ? (exts as string[]) : [];
  const base = basePath && /^\/[^*?]*[^/]$/.test(basePath) ? basePath : undefined;
  if (!base && compound.length === 0) return undefined;
  const values: ConfigFact['values'] = { folder: posix.dirname(index.file) };
  if (base) values.basePath = base;
  if (compound.length > 0) values.pageExtensions = compound.join(',');
  const fact: Omit<ConfigFact, 'extractor'> = {
    kind: 'config',
    setting: SETTING,
    values,
    summary: `Next.js app ${values.folder}:${base ? ` basePath ${base}` : ''}${compound.length > 0 ? ` pageExtensions ${compound.join(', ')}` : ''}`,
    evidence: index.evidence(obj),
    key: `${index.file}#${SETTING}`,
  };
  return fact;
}

function under(file: string, folder: string): boolean {
  return folder === '.' || file.startsWith(`${folder}/`);
}

/** The Pages Router file name's page stem (`[id].page.tsx` → `page`), if the file is one of the compound extensions. */
function pageStem(file: string, exts: readonly string[]): string | null {
  const name = posix.basename(file);
  const ext = exts.find((e) => name.endsWith(`.${e}`));
  if (!ext) return null;
  return ext.slice(0, ext.lastIndexOf('.'));
}

/** Re-places the Next.js routes of each app folder by its next.config (basePath, pageExtensions). */
export function applyNextConfig(facts: Fact[]): Fact[] {
  const configs = facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === SETTING);
  if (configs.length === 0) return facts;
  // The innermost app folder holding a file decides.
  configs.sort((a, b) => String(b.values.folder).length - String(a.values.folder).length);
  const out: Fact[] = [];
  for (const f of facts) {
    if (f.kind !== 'entrypoint' || f.framework !== 'nextjs' || f.path === undefined) {
      out.push(f);
      continue;
    }
    const file = f.evidence.file;
    const cfg = configs.find((c) => under(file, String(c.values.folder)));
    if (!cfg) {
      out.push(f);
      continue;
    }
    let path = f.path;
    const exts = cfg.values.pageExtensions ? String(cfg.values.pageExtensions).split(',') : [];
    // Only the Pages Router reads pageExtensions for its file names (App Router names are fixed).
    if (exts.length > 0 && /(^|\/)pages\//.test(file)) {
      const stem = pageStem(file, exts);
      if (stem === null) continue; // a module beside the pages, not a page
      if (stem) path = pagePath(path, stem);
    }
    if (cfg.values.basePath) path = path === '/' ? String(cfg.values.basePath) : `${String(cfg.values.basePath)}${path}`;
    out.push(path === f.path ? f : ({ ...f, path } as EntrypointFact));
  }
  return out;
}

/** `/users/[id].page` → `/users/:id`, `/api/index.page` → `/api`. */
function pagePath(path: string, stem: string): string {
  const parts = path.split('/');
  let last = parts[parts.length - 1];
  if (last.endsWith(`.${stem}`)) last = last.slice(0, -stem.length - 1);
  last = last.replace(/^\[\[?\.\.\.([^\]/]+)\]\]?$/, '*$1').replace(/^\[([^\]./]+)\]$/, ':$1');
  const segs = [...parts.slice(0, -1), last].map((s) => s.replace(/^\[\[?\.\.\.([^\]/]+)\]\]?$/, '*$1').replace(/^\[([^\]./]+)\]$/, ':$1'));
  if (segs[segs.length - 1] === 'index') segs.pop();
  const joined = segs.join('/');
  return joined === '' ? '/' : joined;
}
