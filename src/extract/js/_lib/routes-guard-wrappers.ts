// Middleware passed through an error-forwarding wrapper: `asyncHandler(auth.jwt)`,
// `catchAsync(requireAdmin)`, `wrap(guard)`. A wrapper whose returned function only calls its
// argument with the request it was given (`(...args) => Promise.resolve(fn(...args)).catch(next)`)
// changes nothing about who gets through, so the argument is the middleware to judge. Decided by
// the wrapper's body: same-file wrappers here, imported ones in link (a `js-wrapper` record names
// the exports that pass through), a few library wrappers by package.
import type { FactInput } from '../../../model/types.js';
import { calleeName, functionOf, isFunctionLike, nodesUnder, someNode, unwrap, type AstNode, type CallLike, type Class, type FunctionLike, type JsIndex } from './ast.js';
import { returnedFunction } from './routes-guards.js';
import { classSkipWrappers, skipWrapper } from './routes-skip-wrappers.js';

/** Packages whose default export is such a wrapper. */
export const LIBRARY_WRAPPER = /^(express-async-handler|express-async-wrap|express-asyncify|@awaitjs\/express\.wrap|async-middleware\.wrap|express-async-errors\.wrap)$/;

function paramName(p: unknown): { name: string; rest: boolean } | undefined {
  let n = unwrap(p as AstNode);
  if (n.type === 'AssignmentPattern') n = unwrap(n.left as AstNode);
  if (n.type === 'RestElement') {
    const a = unwrap(n.argument as AstNode);
    return a.type === 'Identifier' ? { name: a.name, rest: true } : undefined;
  }
  return n.type === 'Identifier' ? { name: n.name, rest: false } : undefined;
}

/**
 * `function asyncHandler(fn) { return (...args) => Promise.resolve(fn(...args)).catch(args[2]) }`,
 * `fn => (req, res, next) => fn(req, res, next).catch(next)`: the returned function calls the
 * wrapper's first parameter with exactly its own parameters, unconditionally (no test of its own
 * decides whether the wrapped middleware runs, and it is given the real `next`).
 */
export function passThroughWrapper(fn: FunctionLike, index: JsIndex): boolean {
  if (fn.params.length !== 1) return false;
  const wrapped = paramName(fn.params[0]);
  const inner = returnedFunction(fn, index);
  if (!wrapped || wrapped.rest || !inner || inner === fn || !inner.body) return false;
  const own = inner.params.map(paramName);
  if (own.length === 0 || own.some((p) => !p)) return false;
  const calls = nodesUnder(inner.body as AstNode, 'CallExpression').filter((c) => {
    const callee = unwrap(c.callee as AstNode);
    return callee.type === 'Identifier' && callee.name === wrapped.name;
  });
  if (calls.length !== 1) return false;
  const call = calls[0];
  const args = call.arguments.map((a) => unwrap(a as AstNode));
  const same = own.length === 1 && own[0]!.rest
    ? args.length === 1 && args[0].type === 'SpreadElement' && unwrap(args[0].argument as AstNode).type === 'Identifier' && (unwrap(args[0].argument as AstNode) as { name: string }).name === own[0]!.name
    : args.length === own.length && args.every((a, i) => a.type === 'Identifier' && a.name === own[i]!.name && !own[i]!.rest);
  if (!same) return false;
  // Unconditional: no `if`, `?:` or `&&`/`||` between the returned function and the call.
  for (const a of index.ancestors(call)) {
    if (a === inner) break;
    if (a.type === 'IfStatement' || a.type === 'ConditionalExpression' || a.type === 'LogicalExpression' || a.type === 'SwitchStatement') return false;
    if (isFunctionLike(a)) return false;
  }
  return true;
}

/**
 * The middleware a wrapper call stands for, when the wrapper is known to pass through here: a
 * same-file function judged by its body, or a library wrapper. `imported` when the callee is an
 * import whose body link must judge.
 */
export function wrappedMiddleware(call: CallLike, index: JsIndex): { arg: AstNode; imported: boolean } | undefined {
  if (call.arguments.length !== 1) return undefined;
  const arg = unwrap(call.arguments[0] as AstNode);
  if (arg.type !== 'Identifier' && arg.type !== 'MemberExpression') return undefined;
  const callee = unwrap(call.callee as AstNode);
  if (callee.type === 'Identifier') {
    const local = index.functionByName(callee.name);
    if (local) return passThroughWrapper(local, index) ? { arg, imported: false } : undefined;
  }
  if (LIBRARY_WRAPPER.test(index.resolvedCallee(call) ?? '')) return { arg, imported: false };
  const root = callee.type === 'Identifier' ? callee.name : (calleeName(call) ?? '').split('.')[0];
  const b = root ? index.bindings.get(root) : undefined;
  return b && (b.module.startsWith('.') || b.module.startsWith('@/') || b.module.startsWith('~/')) ? { arg, imported: true } : undefined;
}

/** `(req, res, next) => next()` / `function (req, res, next) { return next(); }`: lets every request on, does nothing else. */
function noOpMiddleware(node: AstNode | null | undefined): boolean {
  const fn = unwrap(node);
  if (!fn || !isFunctionLike(fn) || fn.params.length < 3) return false;
  const next = paramName(fn.params[2])?.name;
  let body = unwrap(fn.body as AstNode | null);
  if (body && body.type === 'BlockStatement') {
    if (body.body.length !== 1) return false;
    const st = body.body[0] as AstNode;
    body = st.type === 'ReturnStatement' ? unwrap(st.argument as AstNode | null) : st.type === 'ExpressionStatement' ? unwrap(st.expression as AstNode) : null;
  }
  return !!body && body.type === 'CallExpression' && body.arguments.length === 0 && unwrap(body.callee as AstNode).type === 'Identifier' && (unwrap(body.callee as AstNode) as { name: string }).name === next;
}

/**
 * `function rateLimit(params) { if (!env.ENABLE_RATE_LIMIT) return (req, res, next) => next(); ... }`:
 * a middleware factory that hands out a no-op unless a setting (not one of its parameters) is on.
 * The setting's test.
 */
export function noOpUnless(fn: FunctionLike): AstNode | undefined {
  const body = unwrap(fn.body as AstNode | null);
  if (!body || body.type !== 'BlockStatement') return undefined;
  // The parameters' names only once a statement hands out a no-op (most factories have none).
  let params: Set<string> | undefined;
  for (const st of body.body as AstNode[]) {
    if (st.type !== 'IfStatement' || st.alternate) continue;
    const cons = st.consequent as AstNode;
    const ret = cons.type === 'BlockStatement' ? (cons.body as AstNode[]).find((x) => x.type === 'ReturnStatement') : cons.type === 'ReturnStatement' ? cons : undefined;
    if (!ret || !noOpMiddleware((ret as { argument?: AstNode }).argument)) continue;
    const names = (params ??= new Set(fn.params.flatMap((p) => nodesUnder(p as AstNode, 'Identifier').map((i) => i.name).concat(unwrap(p as AstNode).type === 'Identifier' ? [(unwrap(p as AstNode) as { name: string }).name] : []))));
    if (someNode(st.test as AstNode, (n) => n.type === 'Identifier' && names.has(n.name))) continue;
    return st.test as AstNode;
  }
  return undefined;
}

/** `js-wrapper` records: exports of this file that are pass-through wrappers, skip wrappers (routes-skip-wrappers.ts), and middleware factories that may hand out a no-op (for link). */
export function wrapperFacts(index: JsIndex): FactInput[] {
  // `=>` first: found near the top of most files, where `return` is searched further.
  if (!index.content.includes('=>') && !index.content.includes('return')) return [];
  const names: string[] = [];
  const noop: { name: string; when: string }[] = [];
  const skip: { name: string; unless: string[] }[] = [];
  let at: AstNode | undefined;
  // Skip wrappers hand the request on themselves (`return next()`), as methods or functions.
  const skips = index.content.includes('next()');
  for (const [name, value] of index.exports) {
    if (skips) {
      const v = unwrap(value);
      const cls = v.type === 'ClassDeclaration' || v.type === 'ClassExpression' ? (v as Class) : v.type === 'Identifier' ? index.classByName(v.name) : undefined;
      const found = cls ? classSkipWrappers(cls, name, index) : [];
      if (found.length > 0) {
        skip.push(...found);
        at ??= cls as unknown as AstNode;
        continue;
      }
    }
    const fn = functionOf(value, index);
    if (!fn || !fn.body || !someNode(fn.body as AstNode, (n) => isFunctionLike(n))) continue;
    if (fn.params.length === 1 && passThroughWrapper(fn, index)) {
      names.push(name);
      at ??= fn;
      continue;
    }
    const unless = skips && fn.params.length === 1 ? skipWrapper(fn, index) : undefined;
    if (unless) {
      skip.push({ name, unless });
      at ??= fn;
      continue;
    }
    const off = noOpUnless(fn);
    if (off) {
      noop.push({ name, when: index.text(off).replace(/\s+/g, ' ').slice(0, 60) });
      at ??= fn;
    }
  }
  if (!at) return [];
  return [{ kind: 'config', setting: 'js-wrapper', values: { data: JSON.stringify({ names, ...(noop.length > 0 ? { noop } : {}), ...(skip.length > 0 ? { skip } : {}) }) }, evidence: index.evidence(at), key: `${index.file}#js-wrapper` }];
}
