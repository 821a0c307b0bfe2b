// Shipped default configuration modules: `config.default.js`, `settings.example.js`. The app
// requires `./config`, which the repository does not hold; installers copy the default and often
// keep its values. Secrets written there sign every such deployment's cookies, and a `debug: true`
// there is what those deployments run with. Also a reference to such a module's setting
// (`config.session_secret` with `config = require('../config')`), for the facts that read one.
import { posix } from 'node:path';
import type { FactInput } from '../../../model/types.js';
import { literalValue, memberPath, propertyKey, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';
import { placeholder } from '../../../util/secret-formats.js';
import { configFact } from './common.js';
import { optionsObject } from './options-object.js';

/** `config.default.js` stands for `config`: the module the app requires in its place. */
const SHIPPED_DEFAULT = /^(.*?)\.(default|defaults|example|sample|dist|tpl|template)\.[cm]?[jt]s$/;
/** Settings whose value signs or encrypts: `session_secret`, `cookieSecret`, `secretKey`. */
const SECRET_KEY = /secret/i;
/** Switches that turn development behaviour on: `debug`, `debugMode`. */
const DEBUG_KEY = /^(is_?)?debug(_?mode)?$/i;

/** The module a reference's root identifier is bound to, when it is a file of this repository. */
function localModule(name: string, index: JsIndex): { module: string; prefix: string[] } | undefined {
  const b = index.bindings.get(name);
  if (!b || !b.module.startsWith('.')) return undefined;
  const module = posix.join(posix.dirname(index.file), b.module).replace(/\.[cm]?[jt]s$/, '').replace(/\/index$/, '');
  const prefix = b.imported === '*' || b.imported === 'default' ? [] : b.imported.split('.');
  return { module, prefix };
}

/** `config.session_secret` (config required from a local file) → `{ module: 'config', path: 'session_secret' }`. */
export function configRef(node: AstNode | null | undefined, index: JsIndex): { module: string; path: string } | undefined {
  const path = memberPath(unwrap(node));
  if (!path || path.length < 1) return undefined;
  const mod = localModule(path[0], index);
  const rest = [...(mod?.prefix ?? []), ...path.slice(1)];
  if (!mod || rest.length === 0) return undefined;
  return { module: mod.module, path: rest.join('.') };
}

/** The object the module exports: `module.exports = config` / `= {…}`, `export default {…}`. */
function exportedObject(index: JsIndex): AstNode | undefined {
  for (const a of index.nodesOf('AssignmentExpression')) {
    if (memberPath(a.left as AstNode)?.join('.') !== 'module.exports') continue;
    // `var config = { … }; module.exports = config;`
    const obj = optionsObject(a.right as AstNode, index);
    if (obj?.type === 'ObjectExpression') return obj;
  }
  const d = index.exports.get('default');
  const obj = d ? optionsObject(d, index) : undefined;
  return obj?.type === 'ObjectExpression' ? obj : undefined;
}

export function shippedConfigFacts(index: JsIndex): FactInput[] {
  const m = SHIPPED_DEFAULT.exec(index.file);
  if (!m) return [];
  const root = exportedObject(index);
  if (!root) return [];
  const out: FactInput[] = [];
  const visit = (obj: AstNode, prefix: string[], depth: number) => {
    for (const p of (obj as AstNode & { properties: AstNode[] }).properties) {
      if (p.type !== 'Property') continue;
      const key = propertyKey(p);
      if (!key) continue;
      const value = unwrap(p.value as AstNode);
      const path = [...prefix, key].join('.');
      if (value.type === 'ObjectExpression' && depth < 3) visit(value, [...prefix, key], depth + 1);
      const v = literalValue(value);
      if (SECRET_KEY.test(key) && typeof v === 'string' && v.length > 0 && !placeholder(v) && !/^\$\{|^<.*>$/.test(v)) {
        out.push(configFact(index, p, 'shipped-default', { module: m[1], path, kind: 'secret', length: v.length }, `shipped default ${path}: a literal secret`, path));
      } else if (DEBUG_KEY.test(key) && typeof v === 'boolean') {
        out.push(configFact(index, p, 'shipped-default', { module: m[1], path, kind: 'flag', value: v }, `shipped default ${path}: ${String(v)}`, path));
      }
    }
  };
  visit(root, [], 0);
  return out;
}

/**
 * The debug switch of a local config module that decides whether `node` runs at all:
 * `if (!config.debug) { app.use(csurf()) }` runs it only when `debug` is off (`appliedWhen: false`).
 */
export function debugGate(node: AstNode, index: JsIndex): { module: string; path: string; appliedWhen: boolean } | undefined {
  let child: AstNode = node;
  for (const a of index.ancestors(node)) {
    if (a.type === 'IfStatement' && (a.consequent as AstNode) === child) {
      let test = unwrap(a.test as AstNode);
      const negated = test.type === 'UnaryExpression' && test.operator === '!';
      if (negated) test = unwrap((test as AstNode & { argument: AstNode }).argument);
      const path = memberPath(test);
      const ref = path && DEBUG_KEY.test(path[path.length - 1]) ? configRef(test, index) : undefined;
      if (ref) return { ...ref, appliedWhen: !negated };
    }
    child = a;
  }
  return undefined;
}
