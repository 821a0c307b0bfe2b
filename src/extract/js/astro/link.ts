// The Astro project settings that decide which route files serve requests: `srcDir` (where
// `pages/` is) and `output` (`server`: every page and endpoint runs per request; `static` or
// `hybrid`: only those that export `prerender = false`). Read from astro.config.*, applied in link.
import { posix } from 'node:path';
import type { EntrypointFact, Fact, FactInput } from '../../../model/types.js';
import { objectProp, stringValue, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';
import { linkRoutes } from '../_lib/routes-link.js';
import { decodeMeta, encodeMeta, ROUTE_TAG } from '../_lib/routes.js';
import { ACTIONS_MOUNT, type ActionsMount } from './actions.js';

const SETTING = 'astro-config';

interface AstroConfig {
  root: string;
  output?: string;
  srcDir?: string;
}

/** `export default defineConfig({ output, srcDir })` of astro.config.*. */
export function configFact(path: string, content: string, index: JsIndex): FactInput | undefined {
  if (!content.includes('astro')) return undefined;
  const value = index.exports.get('default');
  let obj = value ? unwrap(value) : undefined;
  if (obj?.type === 'CallExpression') obj = unwrap(obj.arguments[0] as AstNode | undefined);
  if (obj?.type === 'Identifier') obj = unwrap(index.constInit(obj.name));
  const output = obj?.type === 'ObjectExpression' ? stringValue(objectProp(obj, 'output'), index) : undefined;
  const srcDir = obj?.type === 'ObjectExpression' ? stringValue(objectProp(obj, 'srcDir'), index) : undefined;
  const root = posix.dirname(path) === '.' ? '' : posix.dirname(path);
  const record: AstroConfig = { root, ...(output ? { output } : {}), ...(srcDir ? { srcDir: posix.normalize(srcDir).replace(/^\.\/|\/$/g, '') } : {}) };
  return { kind: 'config', setting: SETTING, values: { data: JSON.stringify(record) }, evidence: { file: path, line: 1 }, key: `${path}#config:${SETTING}` };
}

function under(file: string, dir: string): boolean {
  return dir === '' || file.startsWith(`${dir}/`);
}

/**
 * Keeps the Astro route entries the project serves at runtime, then links routes (middleware
 * guards, imported handlers) like every JS framework.
 */
export function linkAstro(facts: Fact[]): Fact[] {
  const configs: AstroConfig[] = [];
  const mounts = new Map<string, string>();
  for (const f of facts) {
    if (f.kind !== 'config' || (f.setting !== SETTING && f.setting !== ACTIONS_MOUNT) || typeof f.values.data !== 'string') continue;
    try {
      if (f.setting === SETTING) configs.push(JSON.parse(f.values.data) as AstroConfig);
      else {
        const m = JSON.parse(f.values.data) as ActionsMount;
        mounts.set(m.target, m.key);
      }
    } catch {
      // A malformed record is skipped.
    }
  }
  if (configs.length === 0 && !facts.some((f) => f.kind === 'entrypoint' && f.framework === 'astro')) return facts;
  configs.sort((a, b) => b.root.length - a.root.length);
  const kept = facts.filter((f) => {
    if (f.kind === 'config' && (f.setting === SETTING || f.setting === ACTIONS_MOUNT)) return false;
    if (f.kind !== 'entrypoint' || f.framework !== 'astro') return true;
    return keep(f, configs);
  });
  return linkRoutes(mounts.size > 0 ? kept.map((f) => (f.kind === 'entrypoint' && f.framework === 'astro' ? mountAction(f, mounts) : f)) : kept);
}

/** An action of a module `server` gathers by a namespace import: its key comes first (`users.update`). */
function mountAction(f: EntrypointFact, mounts: Map<string, string>): EntrypointFact {
  if (!f.tags?.includes('astro-action') || !f.path?.startsWith('/_actions/')) return f;
  const file = f.evidence.file.replace(/\.[cm]?[jt]s$/, '');
  const key = mounts.get(file) ?? mounts.get(file.replace(/\/index$/, ''));
  if (!key) return f;
  const path = `/_actions/${key}.${f.path.slice('/_actions/'.length)}`;
  const meta = decodeMeta(f.tags);
  const tags = f.tags.map((t) => (t.startsWith(ROUTE_TAG) && meta ? encodeMeta({ ...meta, local: path }) : t));
  return { ...f, path, tags, ...(f.key ? { key: f.key.replace(f.path, path) } : {}) };
}

function keep(f: EntrypointFact, configs: AstroConfig[]): boolean {
  const file = f.evidence.file;
  const cfg = configs.find((c) => under(file, c.root));
  const tags = f.tags ?? [];
  if (!cfg) return !tags.includes('~astro-unconfirmed');
  if (tags.includes('astro-action')) return true;
  const pages = [cfg.root, cfg.srcDir ?? 'src', 'pages'].filter(Boolean).join('/');
  if (!under(file, pages)) return false;
  // Static output: pages and endpoints are built once, unless they opt out of prerendering.
  return cfg.output === 'server' || tags.includes('prerender-false');
}
