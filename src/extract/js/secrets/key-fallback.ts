// A literal that becomes an encryption or HMAC key whenever a setting is missing:
// `cfg.passsalt = cfg.passsalt || defaultSalt` (`const defaultSalt = 'abcde'`) later handed to
// `crypto.createCipher('aes192', key)`, directly or through one helper of the file
// (`aseEncode(data, cfg.passsalt)` whose `password` parameter is the cipher key). Every deployment
// that leaves the setting unset encrypts (or signs) with a value anyone can read in the source.
// Environment fallbacks (`process.env.KEY || 'x'`) are found by name in index.ts; JWT keys by
// web/jwt-hardcoded-secret.
import { memberPath, paramNames, stringValue, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';

/** Calls that take a key, and the argument holding it. */
const KEY_SINKS: readonly [RegExp, number, string][] = [
  [/^crypto\.(createCipher|createDecipher|createCipheriv|createDecipheriv)$/, 1, 'encryption-key'],
  [/^crypto\.createHmac$/, 1, 'hmac-key'],
  [/^crypto-js\.(AES|DES|TripleDES|Rabbit|RC4)\.(encrypt|decrypt)$/, 1, 'encryption-key'],
];

export interface KeyFallback {
  /** The literal (or the const's literal) used when the setting is missing. */
  node: AstNode;
  value: string;
  type: string;
  /** `cfg.passsalt`: the setting it stands in for. */
  setting: string;
}

/** `a || lit` / `a ?? lit` with a setting on the left (not the environment): the literal and the setting. */
function fallbackOf(expr: AstNode, index: JsIndex): { node: AstNode; value: string; setting: string } | undefined {
  const e = unwrap(expr);
  if (e.type !== 'LogicalExpression' || (e.operator !== '||' && e.operator !== '??')) return undefined;
  const setting = memberPath(e.left as AstNode);
  if (!setting || setting.length < 2 || setting[0] === 'process') return undefined;
  const right = unwrap(e.right);
  const value = stringValue(right, index);
  if (value === undefined || value.length === 0) return undefined;
  const lit = right.type === 'Identifier' ? (unwrap(index.constInit(right.name)) ?? right) : right;
  return { node: lit, value, setting: setting.join('.') };
}

/** The function a call names in this file: `helper(…)` for `function helper` or `const helper = function/arrow`. */
function localFunction(call: AstNode & { callee: AstNode }, index: JsIndex): FunctionLike | undefined {
  const path = memberPath(call.callee);
  return path?.length === 1 ? index.functionByName(path[0]) : undefined;
}

/** Key expressions: each sink's key argument, and for a key that is a helper's parameter, that argument at each call of the helper. */
function keyExpressions(index: JsIndex): { expr: AstNode; type: string }[] {
  const out: { expr: AstNode; type: string }[] = [];
  const calls = index.nodesOf('CallExpression');
  for (const call of calls) {
    const r = index.resolvedCallee(call) ?? '';
    const sink = KEY_SINKS.find(([re]) => re.test(r));
    const arg = sink ? (call.arguments[sink[1]] as AstNode | undefined) : undefined;
    if (!sink || !arg) continue;
    out.push({ expr: arg, type: sink[2] });
    const key = unwrap(arg);
    const fn = index.enclosingFunction(call);
    const at = key.type === 'Identifier' && fn ? paramNames(fn).indexOf(key.name) : -1;
    if (at < 0 || !fn) continue;
    for (const c of calls) {
      if (c !== call && localFunction(c as AstNode & { callee: AstNode }, index) === fn && c.arguments[at]) out.push({ expr: c.arguments[at] as AstNode, type: sink[2] });
    }
  }
  return out;
}

export function keyFallbacks(index: JsIndex): KeyFallback[] {
  if (!/create(De)?[Cc]ipher|createHmac|crypto-js/.test(index.content)) return [];
  const out: KeyFallback[] = [];
  const seen = new Set<AstNode>();
  const add = (f: { node: AstNode; value: string; setting: string } | undefined, type: string) => {
    if (!f || seen.has(f.node)) return;
    seen.add(f.node);
    out.push({ ...f, type });
  };
  for (const { expr, type } of keyExpressions(index)) {
    const e = unwrap(expr);
    // `createCipher(alg, cfg.key || 'k')`, or `const key = cfg.key || 'k'` used as the key.
    add(fallbackOf(e, index) ?? (e.type === 'Identifier' ? fallbackOfInit(e, index) : undefined), type);
    // `cfg.key = cfg.key || 'k'` anywhere in the file, then `cfg.key` used as the key.
    const path = memberPath(e)?.join('.');
    if (!path || !path.includes('.')) continue;
    for (const a of index.nodesOf('AssignmentExpression')) {
      if (memberPath(a.left as AstNode)?.join('.') !== path) continue;
      const f = fallbackOf(a.right, index);
      if (f?.setting === path) add(f, type);
    }
  }
  return out;
}

function fallbackOfInit(id: AstNode & { type: 'Identifier' }, index: JsIndex): { node: AstNode; value: string; setting: string } | undefined {
  const init = index.initAt(id.name, id);
  return init ? fallbackOf(init, index) : undefined;
}
