// Optional authentication: a middleware or helper whose first test lets a request that carries no
// credential through (`if (!token) return next()`, `if (!hasToken) return { ok: true }`). Whatever
// it checks after that concerns callers who did present a credential; a stranger passes.
import { memberPath, unwrap, type AstNode, type FunctionLike } from './ast.js';

export function paramName(p: unknown): string | undefined {
  let n = p as AstNode;
  if (n.type === 'AssignmentPattern') n = n.left as AstNode;
  if (n.type === 'RestElement') n = n.argument as AstNode;
  return n.type === 'Identifier' ? n.name : undefined;
}

/** Statements whose last one hands the request on (`next()`, `return next()`) with no argument. */
export function passesOn(stmts: AstNode[], fn: FunctionLike): boolean {
  const last = stmts[stmts.length - 1];
  const next = fn.params[2] ? paramName(fn.params[2]) : undefined;
  const e = last?.type === 'ExpressionStatement' ? unwrap(last.expression as AstNode) : last?.type === 'ReturnStatement' && last.argument ? unwrap(last.argument as AstNode) : undefined;
  return !!next && e?.type === 'CallExpression' && e.arguments.length === 0 && unwrap(e.callee as AstNode).type === 'Identifier' && (unwrap(e.callee as AstNode) as { name: string }).name === next;
}

/** Names of the verdict a helper answers (`{ uid, ok: true }`, `{ allowed: true }`). */
const VERDICT_KEY = /^(ok|allowed|permitted|valid|success|authori[sz]ed|authenticated|pass(ed|es)?|granted)$/i;

/** `return true` or `return { ..., ok: true }`: the helper's passing verdict, the caller goes on. */
function answersPass(stmts: AstNode[]): boolean {
  const last = stmts[stmts.length - 1];
  if (last?.type !== 'ReturnStatement' || !last.argument) return false;
  const arg = unwrap(last.argument as AstNode);
  const isTrue = (n: AstNode) => n.type === 'Literal' && (n as { value: unknown }).value === true;
  if (isTrue(arg)) return true;
  if (arg.type !== 'ObjectExpression') return false;
  return (arg.properties as AstNode[]).some((p) => {
    if (p.type !== 'Property') return false;
    const key = unwrap(p.key as AstNode);
    const name = key.type === 'Identifier' ? key.name : key.type === 'Literal' ? String((key as { value: unknown }).value) : '';
    return VERDICT_KEY.test(name) && isTrue(unwrap(p.value as AstNode));
  });
}

/** Calls that only probe or convert a request value: `Object.hasOwn(req.query, 'token')`, `Number(req.uid)`. */
const PROBE = /^(Object\.hasOwn|Reflect\.has|Object\.prototype\.hasOwnProperty\.call|\w+(\.\w+)*\.hasOwnProperty|Number|parseInt|String|Boolean)$/;

/**
 * Does `init` read the request (or a value already read from it) without calling anything but a
 * presence probe or a conversion? A lookup (`await findUser(req)`) is not a plain read.
 */
function readsRequest(init: AstNode, fromRequest: ReadonlySet<string>): boolean {
  const rooted = (n: AstNode | null | undefined): boolean => {
    const u = unwrap(n);
    if (!u) return false;
    if (u.type === 'LogicalExpression') return rooted(u.left as AstNode) || rooted(u.right as AstNode);
    if (u.type === 'BinaryExpression' && u.operator === 'in') return rooted(u.right as AstNode);
    if (u.type === 'CallExpression') {
      const callee = memberPath(u.callee as AstNode)?.join('.') ?? '';
      // `req.get('authorization')`, `req.cookies.get('sid')`: a read of the request itself.
      if (fromRequest.has(callee.split('.')[0])) return true;
      if (!PROBE.test(callee)) return false;
      const target = callee.endsWith('.hasOwnProperty') && !callee.startsWith('Object.prototype') ? [u.callee as AstNode] : (u.arguments as AstNode[]);
      return target.some((a) => rooted(a));
    }
    const root = memberPath(u)?.[0];
    return !!root && fromRequest.has(root);
  };
  return rooted(init);
}

/**
 * The first top-level `if` hands the request on, or answers a passing verdict, when a credential
 * read from the request is absent (`const { token } = req.query; if (!token) return next()`,
 * `const hasToken = Object.hasOwn(req.query, 'token'); if (!hasToken) return { ok: true }`):
 * whatever is checked after it, a request without the credential passes. Optional authentication,
 * no gate.
 */
export function passesWithoutCredential(fn: FunctionLike): boolean {
  const body = fn.body as AstNode | null;
  const reqName = fn.params[0] ? paramName(fn.params[0]) : undefined;
  if (!reqName || !body || body.type !== 'BlockStatement') return false;
  const fromRequest = new Set<string>([reqName]);
  const named = (n: AstNode | null | undefined) => {
    const u = unwrap(n);
    return !!u && (u.type === 'Identifier' || u.type === 'MemberExpression') && readsRequest(u, fromRequest) && !(u.type === 'Identifier' && u.name === reqName);
  };
  const nullish = (n: AstNode) => (n.type === 'Literal' && (n as { value: unknown }).value === null) || (n.type === 'Identifier' && n.name === 'undefined');
  // `!token`, `token == null`, and `!hasUid && !hasToken` (no credential of any kind).
  const absent = (t: AstNode): boolean => {
    if (t.type === 'LogicalExpression' && (t.operator === '&&' || t.operator === '||')) return absent(unwrap(t.left as AstNode)) && absent(unwrap(t.right as AstNode));
    if (t.type === 'UnaryExpression' && t.operator === '!') return named(t.argument as AstNode);
    return t.type === 'BinaryExpression' && (t.operator === '==' || t.operator === '===') && ((named(t.left as AstNode) && nullish(unwrap(t.right))) || (named(t.right) && nullish(unwrap(t.left as AstNode))));
  };
  for (const stmt of body.body as AstNode[]) {
    if (stmt.type === 'VariableDeclaration') {
      for (const d of stmt.declarations) {
        const init = unwrap(d.init as AstNode | null);
        // `const user = req.user; const key = user?.token?.key`: read off the request through a name.
        if (!init || !readsRequest(init, fromRequest)) continue;
        if (d.id.type === 'Identifier') fromRequest.add(d.id.name);
        else if (d.id.type === 'ObjectPattern') for (const p of d.id.properties) if (p.type === 'Property' && unwrap(p.value as AstNode).type === 'Identifier') fromRequest.add((unwrap(p.value as AstNode) as { name: string }).name);
      }
      continue;
    }
    if (stmt.type !== 'IfStatement') continue;
    const cons = stmt.consequent as AstNode;
    const stmts = cons.type === 'BlockStatement' ? (cons.body as AstNode[]) : [cons];
    return absent(unwrap(stmt.test as AstNode)) && (passesOn(stmts, fn) || answersPass(stmts));
  }
  return false;
}
