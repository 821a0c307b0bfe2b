// Pages Router helpers that answer the refusal themselves and hand the caller nothing:
//   export default async function verifyUser({ req, res }) {
//     const token = await verifyToken({ req });
//     if (typeof token === 'string') { res.status(401).json({ response: token }); return null; }
//     ...
//     return user;
//   }
// The handler calls `const user = await verifyUser({ req, res }); if (!user) return;`: the 401 is
// already written, so the handler's bare `return` is the refusal. Judged by body: the helper is
// given the response (a `res` parameter or a destructured `{ res }`), and one of its own top-level
// `if`s about a value a call about the request returned (a token or session check, or a lookup by
// it) writes 401/403 to that response and returns nothing (null, undefined, false, bare return);
// the helper ends by returning a value (the caller). Whether the caller returns early is judged at
// the call site (js/nextjs helper-calls.ts).
import { memberPath, nodesUnder, unwrap, unwrapAwait, type AstNode, type CallLike, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { handlerLike } from '../_lib/routes-handler-records.js';
import { authLikeName } from '../_lib/routes.js';

const RESPONSE = /^(res|response|reply)$/;
const REQUEST = /^(req|request)$/;
const STATUS = /^(status|writeHead|sendStatus)$/;
const IDENTITY = /auth|session|token|user|identity|principal|account|jwt|claims|credential/i;

/** The local names of the request and the response, from `(req, res)` or `({ req, res })`. */
function reqRes(fn: FunctionLike): { req?: string; res?: string } {
  const out: { req?: string; res?: string } = {};
  for (const raw of fn.params.slice(0, 2)) {
    let p = raw as AstNode;
    if (p.type === 'AssignmentPattern') p = p.left as AstNode;
    if (p.type === 'Identifier') {
      if (REQUEST.test(p.name)) out.req ??= p.name;
      else if (RESPONSE.test(p.name)) out.res ??= p.name;
    } else if (p.type === 'ObjectPattern') {
      for (const prop of p.properties) {
        if (prop.type !== 'Property' || prop.key.type !== 'Identifier') continue;
        let v = prop.value as AstNode;
        if (v.type === 'AssignmentPattern') v = v.left as AstNode;
        if (v.type !== 'Identifier') continue;
        if (REQUEST.test(prop.key.name)) out.req ??= v.name;
        else if (RESPONSE.test(prop.key.name)) out.res ??= v.name;
      }
    }
  }
  return out;
}

/**
 * `res.status(401)...`, `res.writeHead(403)`, `this.res.status(403)`: the 401/403 status a branch
 * writes to the response held at `target` (`['res']`, `['this', 'res']`).
 */
export function refusalTo(branch: AstNode, target: readonly string[]): string | undefined {
  for (const call of nodesUnder(branch, 'CallExpression')) {
    const callee = unwrap(call.callee as AstNode);
    if (callee.type !== 'MemberExpression' || callee.computed) continue;
    const prop = callee.property as AstNode;
    if (prop.type !== 'Identifier' || !STATUS.test(prop.name)) continue;
    const root = memberPath(unwrap(callee.object as AstNode));
    const first = unwrap(call.arguments[0] as AstNode | undefined);
    const held = !!root && root.length === target.length && root.every((part, i) => part === target[i]);
    if (held && first?.type === 'Literal' && (first.value === 401 || first.value === 403)) return `${target.join('.')}.${prop.name}(${first.value})`;
  }
  return undefined;
}

/** The branch ends by handing the caller nothing: `return null`, `return`, `return false`, `return undefined`. */
export function returnsNothing(branch: AstNode): boolean {
  const last = branch.type === 'BlockStatement' ? (branch.body[branch.body.length - 1] as AstNode | undefined) : branch;
  if (!last || last.type !== 'ReturnStatement') return false;
  const arg = last.argument ? unwrap(last.argument as AstNode) : undefined;
  if (!arg) return true;
  if (arg.type === 'Identifier') return arg.name === 'undefined';
  return arg.type === 'Literal' && (arg.value === null || arg.value === false);
}

/** A call about the request's sender: given the request (`verifyToken({ req })`, `getSession(req)`) or named for it. */
function aboutRequest(call: CallLike, req: string | undefined): boolean {
  const name = memberPath(unwrap(call.callee as AstNode))?.join('.') ?? '';
  const given = call.arguments.some((a) => {
    const u = unwrap(a as AstNode);
    if (u.type === 'Identifier') return u.name === req;
    if (u.type === 'ObjectExpression') return u.properties.some((p) => p.type === 'Property' && unwrap(p.value as AstNode).type === 'Identifier' && (unwrap(p.value as AstNode) as { name: string }).name === req);
    const path = memberPath(u);
    return !!path && path[0] === req;
  });
  return (given && IDENTITY.test(name)) || authLikeName(name);
}

/** Locals holding the caller's credential or identity: from a call about the request, or a lookup keyed by such a local. */
function identityLocals(fn: FunctionLike, req: string | undefined): Set<string> {
  const names = new Set<string>();
  const decls = nodesUnder(fn.body as AstNode, 'VariableDeclarator');
  for (let pass = 0; pass < 2; pass++) {
    for (const d of decls) {
      if (d.id.type !== 'Identifier' || !d.init) continue;
      const init = unwrapAwait(d.init as AstNode);
      if (!init) continue;
      if (init.type === 'CallExpression' && aboutRequest(init, req)) names.add(d.id.name);
      // `const user = await prisma.user.findUnique({ where: { id: token.id } })`, `const userId = token?.id`.
      else if (nodesUnder(init, 'Identifier').some((i) => names.has(i.name))) names.add(d.id.name);
    }
  }
  return names;
}

/** Why `fn` is a helper that refuses through the response and returns nothing, or undefined. */
export function responseHelper(fn: FunctionLike, index: JsIndex): string | undefined {
  const body = unwrap(fn.body as AstNode | null);
  if (!body || body.type !== 'BlockStatement') return undefined;
  const { req, res } = reqRes(fn);
  if (!res) return undefined;
  // `(req, res)` and middleware are js/auth's to judge (classifyGuard); this is the `({ req, res })` form.
  if (fn.params.length > 2 || handlerLike(fn)) return undefined;
  const last = body.body[body.body.length - 1] as AstNode | undefined;
  if (!last || last.type !== 'ReturnStatement' || !last.argument || returnsNothing(last)) return undefined;
  const ids = identityLocals(fn, req);
  if (ids.size === 0) return undefined;
  for (const s of body.body as AstNode[]) {
    if (s.type !== 'IfStatement' || !returnsNothing(s.consequent as AstNode)) continue;
    if (!nodesUnder(s.test as AstNode, 'Identifier').some((i) => ids.has(i.name))) continue;
    const refusal = refusalTo(s.consequent as AstNode, [res]);
    if (refusal) return `${index.text(s.test as AstNode).replace(/\s+/g, ' ').slice(0, 60)} → ${refusal}, returns nothing`;
  }
  return undefined;
}
