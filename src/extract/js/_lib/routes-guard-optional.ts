// Optional authentication: a middleware or helper whose first test lets a request that carries no
// credential through (`if (!token) return next()`, `if (!hasToken) return { ok: true }`). Whatever
// it checks after that concerns callers who did present a credential; a stranger passes.
import { calleeProperty, memberPath, nodesUnder, someNode, unwrap, type AstNode, type FunctionLike } from './ast.js';

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
function readsRequest(init: AstNode, fromRequest: ReadonlySet<string>, computedKeys = false): boolean {
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
    // `request.cookies[`share_${id}_token`]`: a key built at run time, read off the request all the same.
    if (computedKeys && u.type === 'MemberExpression' && u.computed && !memberPath(u)) return rooted(u.object as AstNode);
    const root = memberPath(u)?.[0];
    return !!root && fromRequest.has(root);
  };
  return rooted(init);
}

/** `context.switchToHttp().getRequest()`, `ctx.getRequest()`. */
function nestGetRequest(init: AstNode): boolean {
  const u = unwrap(init);
  return u.type === 'CallExpression' && u.arguments.length === 0 && calleeProperty(u) === 'getRequest';
}

/**
 * An async Fastify hook without `done` (`addHook('onRequest', async (req) => { if (!req.auth)
 * return; ... })`) hands the request on by returning. Not so a Nest `canActivate` returning
 * nothing, nor Koa middleware, which calls its second parameter (`await next()`) to go on: there a
 * bare `return` ends the request.
 */
function hookReturns(stmts: AstNode[], fn: FunctionLike, nestRequest: boolean): boolean {
  if (nestRequest || fn.async !== true || fn.params.length > 2 || stmts.length !== 1) return false;
  const only = stmts[0];
  if (only.type !== 'ReturnStatement' || only.argument) return false;
  const second = fn.params[1] ? paramName(fn.params[1]) : undefined;
  return !second || !someNode(fn.body as AstNode, (n) => n.type === 'CallExpression' && unwrap(n.callee as AstNode).type === 'Identifier' && (unwrap(n.callee as AstNode) as { name: string }).name === second);
}

/**
 * The first top-level `if` hands the request on, or answers a passing verdict, when a credential
 * read from the request is absent (`const { token } = req.query; if (!token) return next()`,
 * `const hasToken = Object.hasOwn(req.query, 'token'); if (!hasToken) return { ok: true }`):
 * whatever is checked after it, a request without the credential passes. Optional authentication,
 * no gate.
 */
export function passesWithoutCredential(fn: FunctionLike, nestRequest = false): boolean {
  return optionalScan(fn, nestRequest, false);
}

/**
 * A Nest guard that checks the credential only when the request carries one and otherwise lets the
 * request through: `if (request.cookies.token) { ...super.canActivate(context)... } return true`.
 * Whatever it does with a bad credential, a request without one passes: optional authentication.
 */
export function checksOnlyWhenPresent(fn: FunctionLike): boolean {
  return optionalScan(fn, true, true);
}

function optionalScan(fn: FunctionLike, nestRequest: boolean, present: boolean): boolean {
  const body = fn.body as AstNode | null;
  const reqName = fn.params[0] ? paramName(fn.params[0]) : undefined;
  if (!reqName || !body || body.type !== 'BlockStatement') return false;
  const fromRequest = new Set<string>([reqName]);
  const named = (n: AstNode | null | undefined) => {
    const u = unwrap(n);
    return !!u && (u.type === 'Identifier' || u.type === 'MemberExpression') && readsRequest(u, fromRequest, nestRequest) && !(u.type === 'Identifier' && u.name === reqName);
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
        // `const request = context.switchToHttp().getRequest()` in a Nest guard: the request itself.
        if (!init || !(readsRequest(init, fromRequest, nestRequest) || (nestRequest && nestGetRequest(init)))) continue;
        if (d.id.type === 'Identifier') fromRequest.add(d.id.name);
        else if (d.id.type === 'ObjectPattern') for (const p of d.id.properties) if (p.type === 'Property' && unwrap(p.value as AstNode).type === 'Identifier') fromRequest.add((unwrap(p.value as AstNode) as { name: string }).name);
      }
      continue;
    }
    if (stmt.type !== 'IfStatement') continue;
    const cons = stmt.consequent as AstNode;
    const stmts = cons.type === 'BlockStatement' ? (cons.body as AstNode[]) : [cons];
    // `if (request.cookies.token) { ...check it... } return true`: only a request that carries the
    // credential is checked; one without it falls through to `return true`.
    if (present) return !stmt.alternate && named(stmt.test as AstNode) && onlyPasses(body.body.slice(body.body.indexOf(stmt) + 1) as AstNode[]);
    return absent(unwrap(stmt.test as AstNode)) && (passesOn(stmts, fn) || answersPass(stmts) || hookReturns(stmts, fn, nestRequest));
  }
  return false;
}

/** The rest of a guard's body is a bare `return true`. */
function onlyPasses(rest: AstNode[]): boolean {
  if (rest.length !== 1 || rest[0].type !== 'ReturnStatement' || !rest[0].argument) return false;
  const v = unwrap(rest[0].argument as AstNode);
  return v.type === 'Literal' && (v as { value: unknown }).value === true;
}

/** Where a middleware leaves the caller it found: `req.user`, `req.currentUser`, `req.auth`. */
const CALLER_FIELD = /^(user|currentUser|authUser|account|principal|identity|auth|member|viewer)$/;
/** A credential check by name: `verifyJwtAuthToken(token, key)`, `decodeSessionToken(t)`. */
const VERIFY_NAME = /^(verify|decode|validate|check)\w*(token|jwt|auth|session|credential)\w*$/i;

/**
 * Optional authentication by its whole body (`authOptional`): a middleware that verifies a
 * credential (a JWT, a token helper), attaches the caller to the request when that succeeds
 * (`req.user = ...`, `Object.assign(req, { user })`), and otherwise hands the request on all the same: two plain `next()` calls,
 * never an answer, an error handed to `next` or a throw. Strangers pass; the caller is known
 * when present.
 */
export function attachesOptionalCaller(fn: FunctionLike, isVerify: (call: AstNode) => boolean): boolean {
  const body = fn.body as AstNode | null;
  const reqName = fn.params[0] ? paramName(fn.params[0]) : undefined;
  const resName = fn.params[1] ? paramName(fn.params[1]) : undefined;
  const next = fn.params[2] ? paramName(fn.params[2]) : undefined;
  if (!body || body.type !== 'BlockStatement' || !reqName || !next) return false;
  if (nodesUnder(body, 'ThrowStatement').length > 0) return false;
  const calls = nodesUnder(body, 'CallExpression');
  let passes = 0;
  for (const c of calls) {
    const callee = unwrap(c.callee as AstNode);
    if (callee.type === 'Identifier' && callee.name === next) {
      if (c.arguments.length > 0) return false;
      passes++;
    }
    // Any answer (`res.status(401)`, `res.json(...)`) may refuse: not this shape.
    if (resName && memberPath(callee)?.[0] === resName) return false;
  }
  if (passes < 2 || !calls.some((c) => isVerify(c))) return false;
  // `Object.assign(req, { member })`: the same as `req.member = member`.
  const assigned = calls.some((c) => {
    const [target, fields] = c.arguments.map((a) => unwrap(a as AstNode));
    return memberPath(c.callee as AstNode)?.join('.') === 'Object.assign' && target?.type === 'Identifier' && target.name === reqName && fields?.type === 'ObjectExpression' && fields.properties.some((p) => p.type === 'Property' && p.key.type === 'Identifier' && CALLER_FIELD.test(p.key.name));
  });
  return assigned || nodesUnder(body, 'AssignmentExpression').some((a) => {
    const path = memberPath(a.left as AstNode);
    return !!path && path.length === 2 && path[0] === reqName && CALLER_FIELD.test(path[1]);
  });
}

/** A credential verification by its callee's name (`verifyJwtAuthToken(...)`, `tokens.decodeSession(...)`). */
export function verifyNamed(call: AstNode): boolean {
  if (call.type !== 'CallExpression') return false;
  const path = memberPath(unwrap(call.callee as AstNode));
  return !!path && VERIFY_NAME.test(path[path.length - 1]);
}

/** Fields a caller's identity is left in (`req.user`, `req.decoded`, `req.userId`): an authenticated caller. */
const IDENTITY_FIELD = /^(user|currentUser|authUser|account|principal|identity|auth|member|viewer|decoded|claims|payload|jwt|userId|user_id|uid|session)$/;
/** A one-time secret a mail carries: `token`, `code`, `resetToken`, `verificationCode`. */
const MAILED_FIELD = /^(token|code|(reset|recovery|verification|verify|confirm|confirmation|activation|invite|invitation|magic|email|password)[-_]?(token|code|key))$/i;

/**
 * A middleware that verifies a token taken only from the request body (`const token =
 * req.body.token; jwt.verify(token, key)`), never reads a header, cookie or session, and attaches no
 * caller (it leaves `req.email`, the token record): the mailed link of an e-mail verification or a
 * password reset. Whoever holds the link passes; it authenticates nobody (a capability token).
 */
export function mailedTokenOnly(fn: FunctionLike, isVerify: (call: AstNode) => boolean): boolean {
  const body = fn.body as AstNode | null;
  const reqName = fn.params[0] ? paramName(fn.params[0]) : undefined;
  if (!body || !reqName) return false;
  const bodyField = (n: AstNode | null | undefined): boolean => {
    const path = memberPath(unwrap(n));
    return !!path && path.length === 3 && path[0] === reqName && path[1] === 'body' && MAILED_FIELD.test(path[2]);
  };
  const fromBody = new Set<string>();
  for (const d of nodesUnder(body, 'VariableDeclarator')) {
    if (d.id.type === 'Identifier' && bodyField(d.init as AstNode)) fromBody.add(d.id.name);
    const init = memberPath(unwrap(d.init as AstNode | null));
    if (d.id.type === 'ObjectPattern' && init?.length === 2 && init[0] === reqName && init[1] === 'body') {
      for (const p of d.id.properties) if (p.type === 'Property' && p.key.type === 'Identifier' && MAILED_FIELD.test(p.key.name) && unwrap(p.value as AstNode).type === 'Identifier') fromBody.add((unwrap(p.value as AstNode) as { name: string }).name);
    }
  }
  const verifies = nodesUnder(body, 'CallExpression').filter((c) => isVerify(c));
  if (verifies.length === 0) return false;
  const bodyToken = (a: AstNode | undefined) => !!a && (bodyField(a) || (unwrap(a).type === 'Identifier' && fromBody.has((unwrap(a) as { name: string }).name)));
  if (!verifies.every((c) => bodyToken(c.arguments[0] as AstNode | undefined))) return false;
  // The usual carriers of a caller's credential are not read.
  const carriers = nodesUnder(body, 'MemberExpression').some((m) => {
    const path = memberPath(m);
    return !!path && path[0] === reqName && /^(headers|header|get|cookies|signedCookies|session|query)$/.test(path[1] ?? '');
  });
  if (carriers) return false;
  return !nodesUnder(body, 'AssignmentExpression').some((a) => {
    const path = memberPath(a.left as AstNode);
    return !!path && path.length === 2 && path[0] === reqName && IDENTITY_FIELD.test(path[1]);
  });
}
