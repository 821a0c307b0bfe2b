import type { ConfigFact, FactInput } from '../../../model/types.js';
import { calleeProperty, literalValue, memberPath, stringValue, unwrap, type AstNode, type CallLike, type JsIndex, type Primitive } from '../_lib/ast.js';

/** `x.default` → `x` (same as `replace(/\.default$/, '')`, without a regex per call). */
export function withoutDefault(name: string): string {
  return name.endsWith('.default') ? name.slice(0, -8) : name;
}

export function configFact(index: JsIndex, at: AstNode, setting: string, values: ConfigFact['values'], summary: string, locator: string): FactInput {
  return {
    kind: 'config',
    setting,
    values,
    summary,
    evidence: index.evidence(at),
    key: `${index.file}#config:${setting}:${index.enclosingFunctionName(at)}:${locator}`,
  };
}

export { devOnly } from '../_lib/dev-only.js';

/** Boolean-ish option: true/false, `'conditional'` when computed (e.g. from NODE_ENV), null when absent. */
export function flag(node: AstNode | undefined, index: JsIndex): boolean | 'conditional' | null {
  if (!node) return null;
  const v = literalValue(node, index);
  if (typeof v === 'boolean') return v;
  if (v === 'auto') return 'conditional';
  return 'conditional';
}

/** A numeric option including products of literals (`5 * 1024 * 1024`) and size strings. */
export function numeric(node: AstNode | undefined, index: JsIndex): number | string | null {
  const n = unwrap(node);
  if (!n) return null;
  const v = literalValue(n, index);
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v;
  if (n.type === 'BinaryExpression' && ['*', '+'].includes(n.operator)) {
    const a = numeric(n.left as AstNode, index);
    const b = numeric(n.right, index);
    if (typeof a === 'number' && typeof b === 'number') return n.operator === '*' ? a * b : a + b;
  }
  if (n.type === 'Identifier') {
    const init = index.constInit(n.name);
    if (init) return numeric(init, index);
  }
  return 'dynamic';
}

export function primitive(v: Primitive | undefined): Primitive {
  return v === undefined ? null : v;
}

/** Header name of `res.setHeader(name, v)`, `res.header()`, `res.set()`, `ctx.set()`, `reply.header()`. */
export function headerCall(call: CallLike, index: JsIndex): { name: string; value: AstNode | undefined } | undefined {
  const prop = calleeProperty(call);
  if (!prop || !['setHeader', 'header', 'set', 'append', 'appendHeader'].includes(prop)) return undefined;
  const name = stringValue(call.arguments[0] as AstNode, index);
  if (!name || !/^[A-Za-z-]+$/.test(name)) return undefined;
  const root = memberPath(call.callee as AstNode)?.[0] ?? '';
  if (!/^(res|response|ctx|context|reply|this)$/.test(root) && !/res|reply|ctx/i.test(root)) return undefined;
  return { name: name.toLowerCase(), value: call.arguments[1] as AstNode | undefined };
}

