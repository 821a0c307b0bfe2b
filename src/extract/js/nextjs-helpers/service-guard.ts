// Request-scoped service classes whose guard methods answer the refusal themselves:
//   export class AuthService {
//     constructor(req, private res) {}
//     async requireUser() {
//       const session = await this.getSession();
//       if (!session) { this.res.status(403).json({ message: 'Sign in required' }); return null; }
//       return session;
//     }
//     async requireOwner(item) {
//       const session = await this.requireUser();
//       if (!session) return null;
//       if (item.ownerId !== session.uid) { this.res.status(403).json(...); return null; }
//       return true;
//     }
//   }
// A Pages Router handler builds `new AuthService(req, res)` and calls `if (!(await
// auth.requireOwner(item))) return`: the 403 is already written, so the bare `return` refuses.
// Judged by body like the `({ req, res })` helpers (response-helper.ts), with the response in a
// field the constructor keeps (`private res`, `this.res = res`). The call sites are read by js/nextjs
// (helper-calls.ts), which keys them `Class.method`.
import { memberPath, nodesUnder, propertyKey, unwrap, unwrapAwait, type AstNode, type CallLike, type Class, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { authLikeName } from '../_lib/routes.js';
import { refusalTo, returnsNothing } from './response-helper.js';

const RESPONSE = /^(res|response|reply)$/;
const REQUEST = /^(req|request)$/;
const IDENTITY = /auth|session|token|user|identity|principal|account|jwt|claims|credential|guard/i;

/** Text a file defining such a class holds: a class, `this.` fields, a 401/403 status. */
export function mayDefineServiceGuard(content: string): boolean {
  return content.includes('class ') && content.includes('this.') && /\b40[13]\b/.test(content);
}

function paramName(p: AstNode): string | undefined {
  let n = p;
  // `private res` (a TypeScript parameter property) and `res = undefined`.
  if (n.type === 'TSParameterProperty') n = (n as AstNode & { parameter: AstNode }).parameter;
  if (n.type === 'AssignmentPattern') n = n.left as AstNode;
  return n.type === 'Identifier' ? n.name : undefined;
}

/** The fields the constructor keeps the request and the response in (`private res`, `this.res = res`). */
function requestFields(cls: Class): { req?: string; res?: string } {
  const ctor = cls.body.body.find((m) => m.type === 'MethodDefinition' && m.kind === 'constructor');
  const fn = ctor?.type === 'MethodDefinition' ? (ctor.value as unknown as FunctionLike) : undefined;
  if (!fn) return {};
  const out: { req?: string; res?: string } = {};
  for (const raw of fn.params as AstNode[]) {
    const name = paramName(raw);
    if (!name) continue;
    const kind = RESPONSE.test(name) ? 'res' : REQUEST.test(name) ? 'req' : undefined;
    if (!kind) continue;
    if (raw.type === 'TSParameterProperty') out[kind] ??= name;
    // `this.res = res`: the field it is stored in.
    for (const a of nodesUnder(fn.body as AstNode, 'AssignmentExpression')) {
      const left = memberPath(unwrap(a.left as AstNode));
      const right = unwrap(a.right as AstNode);
      if (left?.length === 2 && left[0] === 'this' && right.type === 'Identifier' && right.name === name) out[kind] ??= left[1];
    }
    // A request handed to the base class (`super(req)`): the base keeps it; its getters are `this.` calls.
    if (kind === 'req') out.req ??= name;
  }
  return out;
}

/** The method ends by handing back a value (the caller, `true`), also from the `else` of its last `if`. */
function endsWithValue(body: AstNode & { body: AstNode[] }): boolean {
  const last = body.body[body.body.length - 1];
  if (!last) return false;
  if (last.type === 'ReturnStatement') return !!last.argument && !returnsNothing(last);
  if (last.type !== 'IfStatement' || !last.alternate) return false;
  return [last.consequent, last.alternate].some((b) => {
    const s = b as AstNode;
    const end = s.type === 'BlockStatement' ? (s.body[s.body.length - 1] as AstNode | undefined) : s;
    return end?.type === 'ReturnStatement' && !!end.argument && !returnsNothing(end);
  });
}

/** `await this.getSession()`, `await this.authGuard()`, `await getSession(this.req)`: a call about the caller. */
function callerCall(call: CallLike, req: string | undefined, guards: ReadonlySet<string>): 'guard' | 'identity' | undefined {
  const path = memberPath(unwrap(call.callee as AstNode));
  if (!path) return undefined;
  if (path.length === 2 && path[0] === 'this') {
    if (guards.has(path[1])) return 'guard';
    return IDENTITY.test(path[1]) ? 'identity' : undefined;
  }
  const name = path.join('.');
  const given = call.arguments.some((a) => {
    const p = memberPath(unwrap(a as AstNode));
    return !!p && p.length === 2 && p[0] === 'this' && p[1] === req;
  });
  return (given && IDENTITY.test(name)) || authLikeName(name) ? 'identity' : undefined;
}

/** Why `fn` refuses through the kept response (or behind a guard method of its class) and returns nothing, or undefined. */
function guardMethod(fn: FunctionLike, fields: { req?: string; res: string }, guards: ReadonlySet<string>, index: JsIndex): string | undefined {
  const body = unwrap(fn.body as AstNode | null);
  if (!body || body.type !== 'BlockStatement' || !endsWithValue(body)) return undefined;
  const ids = new Map<string, 'guard' | 'identity'>();
  for (const s of body.body as AstNode[]) {
    if (s.type === 'VariableDeclaration') {
      for (const d of s.declarations) {
        const init = unwrapAwait(d.init as AstNode | null);
        if (d.id.type !== 'Identifier' || !init) continue;
        const kind = init.type === 'CallExpression' ? callerCall(init, fields.req, guards) : undefined;
        if (kind) ids.set(d.id.name, kind);
        // `const user = await db.user.findUnique({ where: { id: session.uid } })`: keyed by the caller.
        else if (nodesUnder(init, 'Identifier').some((i) => ids.get(i.name) === 'identity')) ids.set(d.id.name, 'identity');
      }
      continue;
    }
    // A value handed back before any refusal: the method does not stand in front of everything.
    if (s.type === 'ReturnStatement') return undefined;
    if (s.type !== 'IfStatement' || !returnsNothing(s.consequent as AstNode)) continue;
    const tested = nodesUnder(s.test as AstNode, 'Identifier').map((i) => ids.get(i.name)).filter((k) => k !== undefined);
    if (tested.length === 0) continue;
    const test = index.text(s.test as AstNode).replace(/\s+/g, ' ').slice(0, 60);
    // `if (!session) return null` after `this.authGuard()`: that guard already wrote the refusal.
    if (tested.includes('guard')) return `${test} → refused by the guard it calls, returns nothing`;
    const refusal = refusalTo(s.consequent as AstNode, ['this', fields.res]);
    if (refusal) return `${test} → ${refusal}, returns nothing`;
  }
  return undefined;
}

/**
 * `if (item.ownerId !== session.uid) { this.res.status(403)...; return null }`: the method compares
 * an object it is given with the caller, so it decides access to that object.
 */
function checksObject(fn: FunctionLike, fields: { res: string }): boolean {
  const params = new Set((fn.params as AstNode[]).map((p) => paramName(p)).filter((n): n is string => !!n));
  if (params.size === 0) return false;
  for (const s of nodesUnder(fn.body as AstNode, 'IfStatement')) {
    if (!returnsNothing(s.consequent as AstNode) || !refusalTo(s.consequent as AstNode, ['this', fields.res])) continue;
    for (const b of nodesUnder(s.test as AstNode, 'BinaryExpression')) {
      if (b.operator !== '!==' && b.operator !== '!=') continue;
      const sides = [memberPath(unwrap(b.left as AstNode)), memberPath(unwrap(b.right as AstNode))];
      if (sides.some((p) => !!p && p.length >= 2 && params.has(p[0])) && sides.some((p) => !!p && p.length >= 2 && !params.has(p[0]) && p[0] !== 'this')) return true;
    }
  }
  return false;
}

/** The guard methods of an exported class built from the request and the response. */
export function serviceGuards(cls: Class, index: JsIndex): { method: string; fn: FunctionLike; why: string; object: boolean }[] {
  const fields = requestFields(cls);
  if (!fields.res) return [];
  const methods: [string, FunctionLike][] = [];
  for (const m of cls.body.body) {
    if (m.type !== 'MethodDefinition' || m.kind !== 'method' || m.static) continue;
    const key = propertyKey(m as unknown as AstNode);
    if (key) methods.push([key, m.value as unknown as FunctionLike]);
  }
  // Twice: a guard that calls another guard of the class defined below it.
  const out = new Map<string, string>();
  for (let pass = 0; pass < 2; pass++) {
    for (const [key, fn] of methods) {
      if (out.has(key)) continue;
      const why = guardMethod(fn, { req: fields.req, res: fields.res }, new Set(out.keys()), index);
      if (why) out.set(key, why);
    }
  }
  const res = fields.res;
  return methods.filter(([key]) => out.has(key)).map(([method, fn]) => ({ method, fn, why: out.get(method)!, object: checksObject(fn, { res }) }));
}
