// Plugin files loaded by @fastify/autoload (`plugins/external/helmet.ts` doing
// `export default helmet`, options in `export const autoConfig`): no register call names them, so
// js/security-config sees nothing. Each file is recorded here and becomes the same `headers` /
// `rate-limit` config fact as an explicit `app.register(helmet)` once link confirms an autoload
// registration covers its folder.
import type { ConfigFact, Fact, FactInput } from '../../../model/types.js';
import { isFunctionLike, literalValue, objectProp, resolveObject, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';
import type { RootRecord } from './autohooks.js';

const PLUGIN_SETTING = 'js-fastify-autoload-plugin';
const FASTIFY_PLUGIN = /^fastify-plugin(\.default)?$/;

interface PluginRecord {
  setting: 'headers' | 'rate-limit';
  values: ConfigFact['values'];
  summary: string;
}

/** Options object of `export const autoConfig = {...}` or `= (fastify) => ({...})`. */
export function autoConfig(index: JsIndex): AstNode | undefined {
  const value = index.exports.get('autoConfig');
  const v = value ? unwrap(value) : undefined;
  if (!v) return undefined;
  if (!isFunctionLike(v)) return resolveObject(v, index);
  const body = unwrap(v.body as AstNode | null);
  if (body?.type === 'ObjectExpression') return body;
  if (body?.type !== 'BlockStatement') return undefined;
  const ret = body.body.find((s) => s.type === 'ReturnStatement');
  return ret && ret.type === 'ReturnStatement' && ret.argument ? resolveObject(ret.argument as AstNode, index) : undefined;
}

function pluginRecord(plugin: string, opts: AstNode | undefined, index: JsIndex): PluginRecord | undefined {
  const off = (k: string) => literalValue(objectProp(opts, k), index) === false;
  if (/^(@fastify\/helmet|fastify-helmet)$/.test(plugin)) {
    return { setting: 'headers', values: { library: '@fastify/helmet', csp: !off('contentSecurityPolicy'), frameguard: !off('frameguard') && !off('xFrameOptions'), hsts: !off('hsts') && !off('strictTransportSecurity') }, summary: 'security headers via @fastify/helmet (autoloaded plugin)' };
  }
  if (/^(@fastify\/rate-limit|fastify-rate-limit)$/.test(plugin)) {
    return { setting: 'rate-limit', values: { library: plugin, scope: off('global') ? 'defined' : 'global' }, summary: `rate limiting via ${plugin} (autoloaded plugin)` };
  }
  return undefined;
}

/** Per-file record when the module's default export is a known security plugin (or `fp(plugin)`). */
export function autoloadedPluginConfigs(index: JsIndex): FactInput[] {
  const exported = index.exports.get('default');
  let v = exported ? unwrap(exported) : undefined;
  if (v?.type === 'CallExpression' && FASTIFY_PLUGIN.test(index.resolvedCallee(v) ?? '')) v = unwrap(v.arguments[0] as AstNode);
  if (!v || !exported) return [];
  const plugin = (index.resolvedName(v) ?? '').replace(/\.default$/, '');
  const rec = pluginRecord(plugin, autoConfig(index), index);
  if (!rec) return [];
  const fact: Omit<ConfigFact, 'extractor'> = { kind: 'config', setting: PLUGIN_SETTING, values: { data: JSON.stringify(rec) }, evidence: index.evidence(exported), key: `${index.file}#${PLUGIN_SETTING}` };
  return [fact];
}

/** Link step: records under an autoload folder become real config facts; the rest are dropped. */
export function applyAutoloadedPlugins(facts: Fact[], roots: RootRecord[]): Fact[] {
  return facts.map((f): Fact | undefined => {
    if (f.kind !== 'config' || f.setting !== PLUGIN_SETTING) return f;
    if (!roots.some((r) => f.evidence.file.startsWith(`${r.dir}/`))) return undefined;
    let rec: PluginRecord;
    try {
      rec = JSON.parse(String(f.values.data)) as PluginRecord;
    } catch {
      return undefined;
    }
    const locator = rec.setting === 'headers' ? '@fastify/helmet' : `use:${String(rec.values.library)}`;
    return { ...f, setting: rec.setting, values: rec.values, summary: rec.summary, key: `${f.evidence.file}#config:${rec.setting}:<module>:${locator}` };
  }).filter((f): f is Fact => f !== undefined);
}
