// Guard shapes judged by body beside the identity / role checks of routes-guards.ts:
//   - single-user-mode only: `if (await Settings.isMultiUserMode()) return res.sendStatus(401)`: in the
//     only mode it lets through, the one user is the instance owner, so the guard means admin;
//   - a credential header verified by the middleware: the header is read, a request without it is
//     refused (400/401/403), and what a call verifies or looks up with it is refused when false
//     (`MobileDevice.get({ token })`, `comKey.verify(signature, body)`, HTTP signatures);
//   - an Origin allow-list: a 401 for a foreign `Origin` is a CORS-like check, not authentication;
//   - a check that throws, caught and answered 401: `try { req.client = await validateX(req.headers) }
//     catch (e) { return reply.status(401).send(...) }` (Fastify hooks, Express middleware).
import {
  calleeName,
  calleeProperty,
  memberPath,
  nodesUnder,
  someNode,
  stringValue,
  unwrap,
  unwrapAwait,
  type AstNode,
  type FunctionLike,
  type JsIndex,
} from './ast.js';
import { codeExchange } from './oauth-code-exchange.js';

/** A multi-user mode flag or lookup (`multiUserMode`, `isMultiUserMode()`, `res.locals.multiUserMode`). */
const MULTI_USER = /multi_?user/i;

/**
 * `if (multiUserMode) return 401/403` as a plain (not negated) test of a multi-user mode flag, read
 * directly or through one local (`const multiUserMode = await SystemSettings.isMultiUserMode()`).
 */
export function multiUserRefused(test: AstNode, index: JsIndex): string | undefined {
  const t = unwrapAwait(test) ?? unwrap(test);
  const text = (n: AstNode) => (n.type === 'CallExpression' ? index.text(n.callee as AstNode) : index.text(n));
  if (t.type === 'Identifier') {
    const init = unwrapAwait(index.initAt(t.name, t));
    if (MULTI_USER.test(t.name) || (init && (init.type === 'CallExpression' || init.type === 'MemberExpression') && MULTI_USER.test(text(init)))) return t.name;
    return undefined;
  }
  if ((t.type === 'MemberExpression' || t.type === 'CallExpression') && MULTI_USER.test(text(t))) return index.text(t).slice(0, 60);
  return undefined;
}

/** Header names that carry a credential or a signature. */
const CREDENTIAL_HEADER = /token|authori[sz]ation|signature|integrity|api[-_]?key|secret|(^|-)key$/i;
const REQUEST = new Set(['req', 'request', 'ctx', 'context']);

/** `req.header('x')`, `req.get('x')`, `req.headers['x']`, `req.headers.x`: the header name read (`names`: what the request may be called). */
export function headerRead(node: AstNode | undefined, index: JsIndex, names: ReadonlySet<string> = REQUEST): string | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (n.type === 'CallExpression') {
    const prop = calleeProperty(n);
    const obj = memberPath(unwrap(n.callee as AstNode))?.slice(0, -1);
    if ((prop === 'header' || prop === 'get') && obj?.length === 1 && names.has(obj[0])) return stringValue(n.arguments[0] as AstNode, index);
    return undefined;
  }
  if (n.type === 'MemberExpression') {
    const path = memberPath(n);
    if (path && path.length === 3 && names.has(path[0]) && path[1] === 'headers') return path[2];
    const obj = unwrap((n as unknown as { object: AstNode }).object);
    const objPath = memberPath(obj);
    if (objPath?.length === 2 && names.has(objPath[0]) && objPath[1] === 'headers' && (n as unknown as { computed: boolean }).computed) return stringValue((n as unknown as { property: AstNode }).property, index);
  }
  return undefined;
}

/** Answers 400/401/403 (or throws). */
function refuses4xx(branch: AstNode): boolean {
  return someNode(branch, (n) => {
    if (n.type === 'ThrowStatement') return true;
    if (n.type !== 'CallExpression') return false;
    const prop = calleeProperty(n);
    if (!prop || !['status', 'sendStatus', 'code', 'writeHead'].includes(prop)) return false;
    const v = unwrap(n.arguments[0] as AstNode | undefined);
    return !!v && v.type === 'Literal' && [400, 401, 403].includes(Number((v as { value?: unknown }).value));
  });
}

function negated(test: AstNode): AstNode | undefined {
  const t = unwrap(test);
  if (t.type === 'UnaryExpression' && t.operator === '!') return unwrapAwait(t.argument as AstNode) ?? unwrap(t.argument as AstNode);
  if (t.type === 'BinaryExpression' && (t.operator === '===' || t.operator === '==')) {
    const r = unwrap(t.right as AstNode);
    if ((r.type === 'Literal' && ((r as { value?: unknown }).value === null || (r as { value?: unknown }).value === false)) || (r.type === 'Identifier' && r.name === 'undefined')) return unwrap(t.left as AstNode);
  }
  return undefined;
}

/** Top-level statements, with the block of a top-level `try` read in place. */
function leading(fn: FunctionLike): AstNode[] {
  const body = fn.body as AstNode | null;
  if (!body || body.type !== 'BlockStatement') return [];
  return (body.body as AstNode[]).flatMap((s) => (s.type === 'TryStatement' ? ((s.block as AstNode & { body: AstNode[] }).body ?? []) : [s]));
}

/**
 * A middleware that reads a credential header, refuses a request without it, and refuses when the
 * call that verifies it or looks up its holder says no: `const token = req.header('x-device-token');
 * if (!token) return res.status(400)...; const device = await Device.get({ token }); if (!device)
 * return res.status(400)...`. A presence check alone (no verification) is no authentication.
 */
export function credentialHeaderCheck(fn: FunctionLike, index: JsIndex): { why: string; signature: boolean } | undefined {
  const creds = new Map<string, string>();
  const verified = new Map<string, string>();
  const usesCred = (n: AstNode) => nodesUnder(n, 'Identifier').some((i) => creds.has(i.name));
  let required: string | undefined;
  for (const s of leading(fn).slice(0, 12)) {
    if (s.type === 'VariableDeclaration') {
      for (const d of s.declarations) {
        if (d.id.type !== 'Identifier' || !d.init) continue;
        const init = unwrapAwait(d.init as AstNode) ?? unwrap(d.init as AstNode);
        const header = headerRead(init, index);
        if (header !== undefined) {
          if (CREDENTIAL_HEADER.test(header)) creds.set(d.id.name, header);
          continue;
        }
        if (!usesCred(init)) continue;
        // `const token = auth ? auth.split(' ')[1] : null`: still the credential.
        if (init.type === 'ConditionalExpression' || (init.type === 'MemberExpression' && !nodesUnder(init, 'CallExpression').some((c) => !/^(split|trim|slice|replace|toString)$/.test(calleeProperty(c) ?? '')))) {
          creds.set(d.id.name, creds.get(nodesUnder(init, 'Identifier').find((i) => creds.has(i.name))!.name)!);
        } else if (init.type === 'CallExpression') verified.set(d.id.name, index.text(init.callee as AstNode));
      }
      continue;
    }
    if (s.type !== 'IfStatement' || !refuses4xx(s.consequent as AstNode)) continue;
    const subject = negated(s.test as AstNode);
    if (!subject) continue;
    if (subject.type === 'Identifier' && creds.has(subject.name)) required ??= creds.get(subject.name);
    else if (required && subject.type === 'Identifier' && verified.has(subject.name)) return { why: `verifies the ${required} header with ${verified.get(subject.name)}(), 4xx otherwise`, signature: /signature|integrity/i.test(required) };
    else if (required && subject.type === 'CallExpression' && usesCred(subject)) return { why: `verifies the ${required} header with ${index.text(subject.callee as AstNode)}(), 4xx otherwise`, signature: /signature|integrity/i.test(required) };
  }
  return undefined;
}

/** A test (or the local it reads) about the request's Origin / Referer / host allow-list. */
export function originTest(test: AstNode, index: JsIndex): boolean {
  const ORIGIN = /origin|referr?er|allowed_?hosts?|allowlist|whitelist|cors/i;
  if (ORIGIN.test(index.text(test))) return true;
  return nodesUnder(test, 'Identifier').some((i) => {
    const init = index.initAt(i.name, i);
    return !!init && ORIGIN.test(index.text(init));
  });
}

/** Stores that hold issued tokens or keys (`infraToken`, `apiKeys`, `AccessKey`). */
const TOKEN_TABLE = /token|key|secret|credential/i;
const FINDER = /^(find(Unique|First|One|OneBy|ById)?(OrThrow|OrFail)?|findByPk|get|fetch)$/;
const BOUND_IDENTITY = /^(user|currentUser|account|principal|identity|auth|member)$/;

/**
 * A guard that looks the request's bearer token up in a token store (`prisma.infraToken.findUnique({
 * where: { token } })`) and binds no user to the request: a service or machine token, not a user
 * session. Returns the store's name. Who may mint such tokens decides what the guard is worth,
 * which the guard itself does not show.
 */
export function serviceTokenTable(fn: FunctionLike): string | undefined {
  const body = fn.body as AstNode | null;
  if (!body || bindsIdentity(fn)) return undefined;
  for (const call of nodesUnder(body, 'CallExpression')) {
    const store = finderStore(unwrap(call.callee as AstNode));
    if (store && TOKEN_TABLE.test(store) && !/user|session/i.test(store)) return store;
  }
  return undefined;
}

/** The function assigns the caller to something (`req.user = ...`, `ctx.state.principal = ...`). */
function bindsIdentity(fn: FunctionLike): boolean {
  return !!fn.body && someNode(fn.body as AstNode, (n) => {
    if (n.type !== 'AssignmentExpression') return false;
    const path = memberPath(n.left as AstNode);
    return !!path && path.length >= 2 && BOUND_IDENTITY.test(path[path.length - 1]);
  });
}

/**
 * The store a finder call reads: `prisma.apiKey.findUnique` (the member before the finder), or an
 * Objection model's query builder, `ApiToken.query().findOne({ token })` (the model the query starts on).
 */
function finderStore(callee: AstNode): string | undefined {
  if (callee.type !== 'MemberExpression' || callee.computed) return undefined;
  const path = memberPath(callee);
  if (path) return path.length >= 3 && FINDER.test(path[path.length - 1]) ? path[path.length - 2] : undefined;
  const finder = (callee.property as AstNode).type === 'Identifier' ? (callee.property as unknown as { name: string }).name : '';
  const query = unwrap(callee.object as AstNode);
  if (!FINDER.test(finder) || query.type !== 'CallExpression' || query.arguments.length > 0) return undefined;
  const start = memberPath(unwrap(query.callee as AstNode));
  return start && start.length === 2 && start[1] === 'query' ? start[0] : undefined;
}

/**
 * `if (await isApiTokenValid(req)) next(); else res.status(401)`: a middleware that binds nobody
 * and lets through whoever a predicate of its file admits, where that predicate only finds the
 * request's token in a token store (serviceTokenTable). Returns the store's name.
 */
export function serviceTokenPredicate(fn: FunctionLike, index: JsIndex, why: string): string | undefined {
  const name = /^([A-Za-z_$][\w$]*)\(\)$/.exec(why)?.[1];
  const target = name ? index.functionByName(name) : undefined;
  if (!target || target === fn || bindsIdentity(fn)) return undefined;
  return serviceTokenTable(target);
}

/** Names of what a verification helper returns when it is not a person: a machine credential. */
const MACHINE_HOLDER = /^(client|app|application|apiKey|api_key|key|service|integration|project|machine|bot|installation|workspace)$/i;
const CHECK_CALLEE = /^(verify|validate|authenticate|authori[sz]e|check|assert|require|ensure|decode)/i;

/**
 * Among a middleware's first statements, a `try` whose block hands the request (or its headers,
 * cookies, raw request) to a verification helper and whose `catch` answers 401 on every path
 * without passing the request on: the helper throws for a bad or missing credential, the catch
 * refuses. `machine` when what it returns is stored on the request as a client or key, not a user.
 */
export function caughtCheckRefused(fn: FunctionLike, index: JsIndex, requestArg: (n: AstNode) => boolean): { why: string; machine: boolean } | undefined {
  const body = fn.body as AstNode | null;
  if (!body || body.type !== 'BlockStatement') return undefined;
  for (const stmt of (body.body as AstNode[]).slice(0, 4)) {
    if (stmt.type !== 'TryStatement' || !stmt.handler) continue;
    const handler = stmt.handler.body as AstNode;
    if (!answers401(handler, index) || passesOnIn(handler, fn)) continue;
    const call = nodesUnder(stmt.block as AstNode, 'CallExpression').find((c) => CHECK_CALLEE.test((calleeName(c) ?? calleeProperty(c) ?? '').split('.').pop() ?? '') && c.arguments.some((a) => requestArg(a as AstNode)) && !codeExchange(c, index));
    if (!call) continue;
    const stored = nodesUnder(stmt.block as AstNode, 'AssignmentExpression').map((a) => memberPath(a.left as AstNode)).find((p) => p && p.length === 2 && p[0] === firstParam(fn));
    return { why: `${calleeName(call) ?? calleeProperty(call)}() throws, caught and answered 401`, machine: !!stored && MACHINE_HOLDER.test(stored[1]) };
  }
  return undefined;
}

function firstParam(fn: FunctionLike): string | undefined {
  const p = fn.params[0] as AstNode | undefined;
  return p && p.type === 'Identifier' ? p.name : undefined;
}

/** A 401 answered in the catch, whose last statement leaves (`return reply.status(500)...` after a typed 401 is fine). */
function answers401(handler: AstNode, index: JsIndex): boolean {
  const last = handler.type === 'BlockStatement' ? (handler.body as AstNode[])[(handler.body as AstNode[]).length - 1] : undefined;
  if (!last || (last.type !== 'ReturnStatement' && last.type !== 'ThrowStatement' && last.type !== 'ExpressionStatement')) return false;
  return nodesUnder(handler, 'CallExpression').some((c) => /^(status|code|sendStatus|writeHead)$/.test(calleeProperty(c) ?? '') && stringValue(c.arguments[0] as AstNode, index) === undefined && index.text(c.arguments[0] as AstNode) === '401');
}

/** `next()` with no error in the catch: the request goes on anyway (optional authentication). */
function passesOnIn(handler: AstNode, fn: FunctionLike): boolean {
  const next = fn.params[2] as AstNode | undefined;
  const name = next && next.type === 'Identifier' ? next.name : 'next';
  return someNode(handler, (n) => n.type === 'CallExpression' && n.arguments.length === 0 && unwrap(n.callee as AstNode).type === 'Identifier' && (unwrap(n.callee as AstNode) as { name: string }).name === name);
}
