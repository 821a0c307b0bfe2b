// Guards handed to a wrapper that skips them for some requests: `router.use('/api',
// this.auth.ifAuthNeeded(this.requireUser.bind(this)), api)` where
//   ifAuthNeeded(mw) { return (req, res, next) => { if (this.authNotNeeded(req)) return next(); mw(req, res, next) } }
// The wrapper runs the guard on every request except those its test lets through, so the route
// takes the wrapped guard with those requests exempted (MwRef.unless). Judged by the wrapper's
// body: same-file functions and methods here, another file's class or module in link (the
// wrapper's module lists it in its `js-wrapper` record, `skip`). A wrapper's test is read when it
// names the request path (guard-bypass.ts) and, optionally, the method (`req.method === 'GET' &&
// ...`: the exemption holds for that method only, encoded `@GET re:...`, `@*` for any method).
import { calleeObject, calleeProperty, isFunctionLike, memberPath, nodesUnder, stringValue, unwrap, type AstNode, type CallLike, type Class, type FunctionLike, type JsIndex } from './ast.js';
import { encodeItem, itemMatch, pathTest, type ListItem } from './guard-bypass.js';
import { returnedFunction } from './routes-guards.js';
import { instanceExport } from './routes.js';

interface Skip {
  methods?: string[];
  unless: string[];
}

function identName(p: unknown): string | undefined {
  const n = unwrap(p as AstNode | undefined);
  return n?.type === 'Identifier' ? n.name : undefined;
}

function classMethod(cls: Class | undefined, name: string): FunctionLike | undefined {
  for (const m of cls?.body.body ?? []) {
    if (m.type === 'MethodDefinition' && m.key.type === 'Identifier' && m.key.name === name) return m.value as FunctionLike;
    if (m.type === 'PropertyDefinition' && m.key.type === 'Identifier' && m.key.name === name && isFunctionLike(unwrap(m.value as AstNode | null))) return unwrap(m.value as AstNode) as FunctionLike;
  }
  return undefined;
}

/** What a `this.field` of the class was given: a class property's value or the first `this.field = ...`. */
function fieldValue(cls: Class | undefined, field: string): AstNode | undefined {
  if (!cls) return undefined;
  for (const m of cls.body.body as AstNode[]) {
    if (m.type === 'PropertyDefinition' && !m.computed && m.key.type === 'Identifier' && m.key.name === field && m.value) return unwrap(m.value as AstNode);
  }
  for (const a of nodesUnder(cls as AstNode, 'AssignmentExpression')) {
    const left = memberPath(a.left as AstNode);
    if (left?.length === 2 && left[0] === 'this' && left[1] === field) return unwrap(a.right as AstNode);
  }
  return undefined;
}

/** `req.method === 'GET'`, `['GET', 'HEAD'].includes(req.method)`: the methods it holds for. */
function methodTest(n: AstNode, req: string, index: JsIndex): string[] | undefined {
  const isMethod = (x: AstNode | undefined) => {
    const p = memberPath(unwrap(x));
    return p?.length === 2 && p[0] === req && p[1] === 'method';
  };
  if (n.type === 'BinaryExpression' && (n.operator === '===' || n.operator === '==')) {
    const v = isMethod(n.left as AstNode) ? stringValue(n.right as AstNode, index) : isMethod(n.right as AstNode) ? stringValue(n.left as AstNode, index) : undefined;
    return v ? [v.toUpperCase()] : undefined;
  }
  if (n.type === 'CallExpression' && calleeProperty(n) === 'includes' && isMethod(n.arguments[0] as AstNode)) {
    const list = unwrap(calleeObject(n));
    if (list?.type !== 'ArrayExpression') return undefined;
    const out = list.elements.map((e) => (e ? stringValue(e as AstNode, index) : undefined));
    return out.every((s): s is string => !!s) ? out.map((s) => s.toUpperCase()) : undefined;
  }
  return undefined;
}

/** `new RegExp(\`^(${base}/api)?/items/[^/]+/cover$\`)`: a value interpolated at run time may be anything. */
function regexItem(e: AstNode, index: JsIndex): ListItem | undefined {
  const n = unwrap(e);
  if (n.type === 'Literal' && 'regex' in n && n.regex) return { re: (n.regex as { pattern: string }).pattern };
  if (n.type !== 'NewExpression' || identName(n.callee) !== 'RegExp') return undefined;
  const src = unwrap(n.arguments[0] as AstNode | undefined);
  if (!src) return undefined;
  const s = stringValue(src, index);
  if (s !== undefined) return { re: s };
  if (src.type !== 'TemplateLiteral') return undefined;
  return { re: src.quasis.map((q) => (q.value as { cooked?: string; raw: string }).cooked ?? q.value.raw).join('[\\s\\S]*?') };
}

/** The requests a test lets through, read over the request `req` (class methods followed through `this`). */
function skipTest(expr: AstNode | null | undefined, req: string, cls: Class | undefined, index: JsIndex, depth = 0): Skip | undefined {
  const n = unwrap(expr);
  if (!n || depth > 4) return undefined;
  if (n.type === 'LogicalExpression' && n.operator === '&&') {
    for (const [a, b] of [[n.left, n.right], [n.right, n.left]] as AstNode[][]) {
      const methods = methodTest(unwrap(a), req, index);
      const rest = methods ? skipTest(b, req, cls, index, depth + 1) : undefined;
      if (methods && rest && !rest.methods) return { methods, unless: rest.unless };
    }
    return undefined;
  }
  if (n.type === 'CallExpression') {
    const callee = memberPath(n.callee as AstNode);
    // `this.authNotNeeded(req)`: a predicate method of the class, returning one expression.
    if (callee?.length === 2 && callee[0] === 'this' && cls) {
      const m = classMethod(cls, callee[1]);
      const at = n.arguments.findIndex((a) => identName(a) === req);
      const param = m && at >= 0 ? identName(m.params[at]) : undefined;
      const body = unwrap(m?.body as AstNode | null | undefined);
      const ret = body?.type === 'BlockStatement' && body.body.length === 1 && body.body[0].type === 'ReturnStatement' ? (body.body[0].argument as AstNode | null) : body && body.type !== 'BlockStatement' ? body : undefined;
      return param && ret ? skipTest(ret, param, cls, index, depth + 1) : undefined;
    }
    // `this.ignorePatterns.some((re) => re.test(req.path))`: a list the class keeps in a field.
    const list = memberPath(calleeObject(n));
    const cb = unwrap(n.arguments[0] as AstNode | undefined);
    if (list?.length === 2 && list[0] === 'this' && (calleeProperty(n) === 'some' || calleeProperty(n) === 'find') && isFunctionLike(cb)) {
      const match = itemMatch(cb, req, index);
      const arr = fieldValue(cls, list[1]);
      if (!match || arr?.type !== 'ArrayExpression') return undefined;
      const items = arr.elements.map((e) => (e && e.type !== 'SpreadElement' ? (regexItem(e as AstNode, index) ?? (stringValue(e as AstNode, index) !== undefined ? { s: stringValue(e as AstNode, index)! } : undefined)) : undefined));
      if (items.some((i) => !i)) return undefined;
      const unless = (items as ListItem[]).map((i) => encodeItem(i, 'regex' in i ? 'regex' : match));
      return unless.every((u): u is string => !!u) ? { unless } : undefined;
    }
  }
  const test = pathTest(n, req, index);
  return test && test.lists.length === 0 && test.unless.length > 0 ? { unless: test.unless } : undefined;
}

/** `return next()`, `{ return next() }`, `{ next(); return }`: hands the request on and stops. */
function handsOn(s: AstNode | null | undefined, next: string): boolean {
  const n = unwrap(s);
  if (!n) return false;
  const stmts = n.type === 'BlockStatement' ? (n.body as AstNode[]) : [n];
  const first = stmts[0];
  const expr = first?.type === 'ReturnStatement' ? unwrap(first.argument as AstNode | null) : first?.type === 'ExpressionStatement' ? unwrap(first.expression as AstNode) : undefined;
  const calls = expr?.type === 'CallExpression' && expr.arguments.length === 0 && identName(expr.callee) === next;
  return !!calls && (first.type === 'ReturnStatement' ? stmts.length === 1 : stmts.length === 2 && stmts[1].type === 'ReturnStatement' && !stmts[1].argument);
}

/** `mw(req, res, next)` with the inner function's own parameters. */
function callsWrapped(n: AstNode | null | undefined, mw: string, own: string[]): boolean {
  const c = unwrap(n);
  return !!c && c.type === 'CallExpression' && identName(c.callee) === mw && c.arguments.length === own.length && c.arguments.every((a, i) => identName(a) === own[i]);
}

/**
 * The `unless` entries of a skip wrapper: one parameter (the middleware), returning a function
 * whose body is `if (<test>) return next(); mw(req, res, next)` or `return <test> ? next() :
 * mw(req, res, next)`. Undefined for anything else (a wrapper that may never run the guard).
 */
export function skipWrapper(fn: FunctionLike, index: JsIndex): string[] | undefined {
  const mw = fn.params.length === 1 ? identName(fn.params[0]) : undefined;
  const inner = mw ? returnedFunction(fn, index) : undefined;
  if (!mw || !inner || inner === fn || !inner.body) return undefined;
  const own = inner.params.map(identName);
  const [req, , next] = own;
  if (own.length !== 3 || !req || !next || own.some((p) => !p)) return undefined;
  const cls = index.enclosingClass(fn as unknown as AstNode);
  let body = unwrap(inner.body as AstNode);
  let test: AstNode | undefined;
  if (body.type === 'BlockStatement' && body.body.length === 1 && body.body[0].type === 'ReturnStatement') body = unwrap(body.body[0].argument as AstNode | null) ?? body;
  if (body.type === 'ConditionalExpression') {
    const on = unwrap(body.consequent as AstNode);
    if (on.type !== 'CallExpression' || on.arguments.length !== 0 || identName(on.callee) !== next || !callsWrapped(body.alternate as AstNode, mw, own as string[])) return undefined;
    test = body.test as AstNode;
  } else if (body.type === 'BlockStatement' && body.body.length === 2) {
    const [first, last] = body.body as AstNode[];
    const lastCall = last.type === 'ExpressionStatement' ? (last.expression as AstNode) : last.type === 'ReturnStatement' ? (last.argument as AstNode | null) : undefined;
    if (first.type !== 'IfStatement' || first.alternate || !handsOn(first.consequent as AstNode, next) || !callsWrapped(lastCall, mw, own as string[])) return undefined;
    test = first.test as AstNode;
  } else return undefined;
  const skip = skipTest(test, req, cls, index);
  if (!skip) return undefined;
  return skip.unless.map((u) => `@${skip.methods ? skip.methods.join(',') : '*'} ${u}`);
}

/** A wrapper called on an instance (`this.auth.m(mw)`, `auth.m(mw)` with `new Auth()`): its class and method. */
export type SkipCall = { arg: AstNode; unless: string[] } | { arg: AstNode; module: string; export: string };

/**
 * `this.auth.ifAuthNeeded(mw)` / `gate.unlessPublic(mw)` where the instance was built from a class
 * of this file (judged here) or an imported one (left to link, by the method's export name).
 */
export function skipWrapperCall(call: CallLike, index: JsIndex): SkipCall | undefined {
  if (call.arguments.length !== 1) return undefined;
  const callee = unwrap(call.callee as AstNode);
  // `exceptOpen(guard)`: a wrapper function of this file (imported ones are `wrapped` refs link reads).
  if (callee.type === 'Identifier') {
    const local = index.functionByName(callee.name);
    const unless = local && local.params.length === 1 ? skipWrapper(local, index) : undefined;
    return unless ? { arg: unwrap(call.arguments[0] as AstNode), unless } : undefined;
  }
  const path = memberPath(callee);
  if (!path || path.length < 2 || path.length > 3) return undefined;
  const method = path[path.length - 1];
  const holder = path.slice(0, -1);
  let made: AstNode | undefined;
  if (holder.length === 2 && holder[0] === 'this') made = fieldValue(index.enclosingClass(call as unknown as AstNode), holder[1]);
  else if (holder.length === 1) made = unwrap(index.initAt(holder[0], call as unknown as AstNode));
  if (made?.type !== 'NewExpression') return undefined;
  const ctor = identName(made.callee);
  if (!ctor) return undefined;
  const arg = unwrap(call.arguments[0] as AstNode);
  const local = index.classByName(ctor);
  if (local) {
    const m = classMethod(local, method);
    const unless = m ? skipWrapper(m, index) : undefined;
    return unless ? { arg, unless } : undefined;
  }
  const b = index.bindings.get(ctor);
  if (!b || !(b.module.startsWith('.') || b.module.startsWith('@/') || b.module.startsWith('~/'))) return undefined;
  return { arg, module: b.module, export: instanceExport(b.imported, method) };
}

/** Export names of the skip-wrapper methods of an exported class (`m` and `default.m` for a default export, `C.m` for a named one). */
export function classSkipWrappers(cls: Class, exportName: string, index: JsIndex): { name: string; unless: string[] }[] {
  const out: { name: string; unless: string[] }[] = [];
  for (const m of cls.body.body) {
    if (m.type !== 'MethodDefinition' || m.static || m.key.type !== 'Identifier' || m.kind !== 'method' || (m.value as FunctionLike).params.length !== 1) continue;
    const unless = skipWrapper(m.value as FunctionLike, index);
    if (!unless) continue;
    const names = exportName === 'default' ? [m.key.name, `default.${m.key.name}`] : [`${exportName}.${m.key.name}`];
    for (const name of names) out.push({ name, unless });
  }
  return out;
}
