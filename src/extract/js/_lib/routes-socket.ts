// Socket.IO / ws event handlers as entry points. One entry point per `socket.on('<event>', fn)`
// registered on the socket a server's `connection` callback receives, also when the callback hands
// the socket to handler modules (`module.exports.xHandler = (socket) => { socket.on(...) }`, called
// as `xHandler(socket)`): those are joined in link like route modules that receive the app.
// Auth per event: `io.use(mw)` / `nsp.use(mw)` that rejects, a guard at the top of the connection
// callback (`if (!isAdmin) return` on the session user's admin flag makes every event admin), or a guard called first in the event handler (`checkLogin(socket)` whose body throws
// when an identity field of the socket is unset; judged by body, see `socketGuard`). Socket guards
// are also emitted as `guard-definition` auth facts so handlers in other files resolve them.
import type { AuthFact, FactInput } from '../../../model/types.js';
import {
  calleeObject,
  calleeProperty,
  exportNamesByFunction,
  functionOf,
  injectedClass,
  isFunctionLike,
  memberPath,
  nodesUnder,
  objectProp,
  paramNames,
  resolveObject,
  someNode,
  stringValue,
  unwrap,
  unwrapAwait,
  walk,
  type AstNode,
  type CallLike,
  type FunctionLike,
  type JsIndex,
} from './ast.js';
import { classifyGuard } from './routes-guards.js';
import { mwRef } from './routes-refs.js';
import { hocuspocusGate } from './routes-hocuspocus.js';
import { fileNoExt, instanceExport, internalFact, rateLimitLikeName, routeFact, type MwRef, type RouteMeta } from './routes.js';
import { LIFECYCLE_EVENTS } from './taint-sources.js';

/** Events a socket emits itself (transport lifecycle, raw net streams), not messages a client sends. */
const NOT_MESSAGES: ReadonlySet<string> = new Set([...LIFECYCLE_EVENTS, 'connect_error', 'data', 'newListener', 'removeListener']);

/** First parameters of HTTP handlers: their guards are judged by the auth extractor. */
const HTTP_PARAMS = new Set(['req', 'request', 'ctx', 'context', '_req']);
const HTTP_RESPONSES = new Set(['res', 'response', 'reply', 'h']);

/**
 * Fields of a socket that hold the identity a login put there: `socket.userID`, `socket.user`,
 * `socket.data.user`, `socket.request.user`, `socket.request.session.userId`,
 * `socket.handshake.session.user`. What the client sent (`handshake.auth`, `handshake.query`,
 * headers) is not an identity until verified.
 */
const IDENTITY_FIELD = /^(user|userid|user_id|uid|principal|identity|auth|authuser|authenticated|isauthenticated|loggedin|isloggedin|logged_in|currentuser|current_user|session(user|id))$/i;
/**
 * Parameters a guard definition may take the socket in. Any function called with the socket is
 * judged where it is called; a definition for other files needs a socket-like parameter (or the
 * `(socket, next)` shape of a socket.io middleware), so `validate(body)` that throws without
 * `body.user` is not one.
 */
const SOCKET_PARAM = /^(socket|sock|client|conn|connection|ws|websocket|io)$|Socket$/i;
const CLIENT_SENT = new Set(['handshake', 'headers', 'query', 'body', 'cookies', 'params']);

/** Where a socket carries the client's credential: `socket.handshake.auth.token`, `socket.request.headers.cookie`. */
const CREDENTIAL_CARRIER = /^(handshake|request|auth|token|headers|cookie|cookies|session)$/;

/** Parameters that carry the acknowledgement callback, not client data. */
const CALLBACK_PARAM = /^(cb|callback|ack|done|fn|respond|reply|next|res|resolve)$/i;

type Verdict = { why: string };

function identityPath(node: AstNode, p: string): string | undefined {
  return identityOf(memberPath(unwrap(node)), p);
}

function identityOf(path: string[] | undefined, p: string): string | undefined {
  if (!path || path.length < 2 || path[0] !== p) return undefined;
  const rest = path.slice(1);
  // `socket.handshake.session.user` is the server's session; the rest of the handshake is the client's.
  const sessionAt = rest.indexOf('session');
  if (rest.some((seg, i) => CLIENT_SENT.has(seg) && !(seg === 'handshake' && rest[i + 1] === 'session'))) return undefined;
  if (sessionAt >= 0) return rest.length > sessionAt + 1 && !/pending|challenge|nonce|state|csrf|captcha|return/i.test(rest[sessionAt + 1]) ? path.join('.') : undefined;
  return rest.some((seg) => IDENTITY_FIELD.test(seg)) ? path.join('.') : undefined;
}

/**
 * The identity a test finds missing: `!socket.userID`, `socket.user == null`, `!user` where
 * `user` was looked up from what the socket carries (`await getUser(socket.handshake.auth.token)`).
 */
function missingIdentity(test: AstNode, p: string, index: JsIndex, at: AstNode): string | undefined {
  const t = unwrap(test);
  if (t.type === 'UnaryExpression' && t.operator === '!') {
    const arg = unwrapAwait(t.argument as AstNode) ?? (t.argument as AstNode);
    const direct = identityPath(arg, p);
    if (direct) return direct;
    const a = unwrap(arg);
    if (a.type === 'Identifier') {
      const init = unwrapAwait((index.initAt(a.name, at) ?? destructuredInit(a.name, at, index)) as AstNode | undefined);
      // Looked up by a credential the socket carries, not by any of its fields (`findRoom(socket.id)`).
      // The whole socket or upgrade request handed to a lookup whose result is named as an identity
      // (`const { user } = await loadSession(req)`) carries its cookies and headers too.
      const credential = (x: AstNode) => {
        const path = memberPath(unwrap(x));
        return path?.[0] === p && (path.length === 1 ? IDENTITY_FIELD.test(a.name) : path.slice(1).some((seg) => CREDENTIAL_CARRIER.test(seg)));
      };
      if (init && init.type === 'CallExpression' && (init.arguments as AstNode[]).some(credential)) return `${a.name} = ${index.text(init).slice(0, 60)}`;
    }
    return undefined;
  }
  if (t.type === 'BinaryExpression' && (t.operator === '==' || t.operator === '===')) {
    const [l, r] = [unwrap(t.left as AstNode), unwrap(t.right as AstNode)];
    const empty = (n: AstNode) => (n.type === 'Literal' && (n as { value?: unknown }).value === null) || (n.type === 'Identifier' && n.name === 'undefined');
    if (empty(r)) return identityPath(l, p);
    if (empty(l)) return identityPath(r, p);
    return undefined;
  }
  if (t.type === 'LogicalExpression' && t.operator === '||') return missingIdentity(t.left as AstNode, p, index, at) ?? missingIdentity(t.right as AstNode, p, index, at);
  return undefined;
}

/** `const { user, session } = await loadSession(req)` before `at`: the call a destructured local of its function comes from. */
function destructuredInit(name: string, at: AstNode, index: JsIndex): AstNode | undefined {
  const fn = index.enclosingFunction(at);
  if (!fn?.body) return undefined;
  for (const d of nodesUnder(fn.body as AstNode, 'VariableDeclarator')) {
    if (d.start > at.start || d.id.type !== 'ObjectPattern' || index.enclosingFunction(d) !== fn) continue;
    if (patternPath(d.id as AstNode, name)?.length === 1) return (d.init as AstNode | null) ?? undefined;
  }
  return undefined;
}

/** `!!socket.user`, `Boolean(socket.userId)`, `socket.user != null`: true when the identity is set. */
function presentIdentity(expr: AstNode, p: string): string | undefined {
  const e = unwrap(expr);
  if (e.type === 'UnaryExpression' && e.operator === '!') {
    const inner = unwrap(e.argument as AstNode);
    return inner.type === 'UnaryExpression' && inner.operator === '!' ? identityPath(inner.argument as AstNode, p) : undefined;
  }
  if (e.type === 'CallExpression' && memberPath(unwrap(e.callee as AstNode))?.join('.') === 'Boolean') return e.arguments[0] ? identityPath(e.arguments[0] as AstNode, p) : undefined;
  if (e.type === 'BinaryExpression' && (e.operator === '!=' || e.operator === '!==')) {
    const r = unwrap(e.right as AstNode);
    const empty = (r.type === 'Literal' && (r as { value?: unknown }).value === null) || (r.type === 'Identifier' && r.name === 'undefined');
    return empty ? identityPath(e.left as AstNode, p) : undefined;
  }
  return identityPath(e, p);
}

/** How a branch refuses: it throws, returns, disconnects the socket or passes an error to `next`. */
function refusal(branch: AstNode, p: string, next: string | undefined, allowReturn: boolean): string | undefined {
  let found: string | undefined;
  ownNodes(branch, (n) => {
    if (n.type === 'ThrowStatement') found = 'throws';
    else if (n.type === 'CallExpression') {
      const path = memberPath(unwrap(n.callee as AstNode));
      // `socket.disconnect()`, ws `ws.close()` / `terminate()`, a raw `socket.destroy()`.
      if (path && path.length >= 2 && /^(disconnect|close|terminate|destroy)$/.test(path[path.length - 1])) found = 'disconnects';
      else if (next && path?.length === 1 && path[0] === next && n.arguments.length > 0) found = 'rejects through next(err)';
    } else if (allowReturn && n.type === 'ReturnStatement') found = 'returns';
    return found !== undefined;
  });
  return found;
}

/** Nodes of a function's own code (nested functions left out), until `test` says stop. */
function ownNodes(root: AstNode, test: (node: AstNode) => boolean): void {
  let done = false;
  walk(root, (n) => {
    if (done || (n !== root && isFunctionLike(n))) return false;
    done = test(n);
    return !done;
  });
}

/** Top-level statements, with the block of a top-level `try` read in place. */
function leadingStatements(fn: FunctionLike): AstNode[] {
  const body = fn.body as AstNode | null;
  if (!body || body.type !== 'BlockStatement') return [];
  const out: AstNode[] = [];
  for (const s of body.body as AstNode[]) {
    if (s.type === 'TryStatement') out.push(...((s.block as AstNode & { body: AstNode[] }).body ?? []));
    else out.push(s);
  }
  return out;
}

/**
 * Judges a function whose parameter `p` is a socket: it refuses (throws, returns, disconnects,
 * `next(err)`) when an identity field of the socket is unset. `allowReturn`: a plain return counts
 * (the caller checks the result, or the function is the handler itself).
 */
export function socketGuard(fn: FunctionLike, pIndex: number, index: JsIndex, allowReturn: boolean): Verdict | undefined {
  const names = paramNames(fn);
  const p = names[pIndex];
  if (!p || p === '{}' || p === '?') return undefined;
  const next = names[pIndex + 1] === 'next' ? 'next' : undefined;
  // A boolean guard whose result the caller checks: `return !!socket.user`.
  if (allowReturn) {
    const body = unwrap(fn.body as AstNode | null);
    const stmts = body?.type === 'BlockStatement' ? (body.body as AstNode[]) : [];
    const last = stmts[stmts.length - 1];
    const ret = body && body.type !== 'BlockStatement' ? body : stmts.length === 1 && last.type === 'ReturnStatement' ? (last.argument as AstNode | null) : undefined;
    const present = ret ? presentIdentity(ret, p) : undefined;
    if (present) return { why: `is false when ${present} is unset` };
  }
  for (const s of leadingStatements(fn)) {
    if (s.type !== 'IfStatement') continue;
    const missing = missingIdentity(s.test as AstNode, p, index, s);
    // `if (socket.request.user) next(); else next(new Error('unauthorized'))`: socket.io's own
    // passport example, refusing in the branch where the identity is set no further.
    const present = !missing && s.alternate ? identityRequired(s.test as AstNode, p, index, s) : undefined;
    if (present) {
      const how = refusal(s.alternate as AstNode, p, next, allowReturn || !!next);
      if (how) return { why: `${how} unless ${present} is set` };
    }
    if (!missing) continue;
    const how = refusal(s.consequent as AstNode, p, next, allowReturn || !!next);
    if (how) return { why: `${how} when ${missing.replace(/\s+/g, ' ')} is unset` };
  }
  return undefined;
}

/**
 * An identity a test requires: `socket.request.user`, one conjunct of `&&`, or a field of a local
 * holding part of the socket (`session.authenticated` with `const session = socket.request.session`).
 */
function identityRequired(test: AstNode, p: string, index: JsIndex, at: AstNode): string | undefined {
  const t = unwrap(test);
  if (t.type === 'LogicalExpression' && t.operator === '&&') return identityRequired(t.left as AstNode, p, index, at) ?? identityRequired(t.right as AstNode, p, index, at);
  const direct = presentIdentity(t, p);
  if (direct) return direct;
  const path = memberPath(t);
  if (!path || path.length < 2) return undefined;
  const base = memberPath(unwrap(index.initAt(path[0], at) as AstNode | undefined));
  return base?.[0] === p ? identityOf([...base, ...path.slice(1)], p) : undefined;
}

/** `io.use(mw)` / `io.of('/x').use(mw)` / `nsp.use(mw)` of one namespace of a server in this file. */
function namespaceGuards(index: JsIndex, server: string, namespace: string, local: string | undefined): MwRef[] {
  const out: MwRef[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    if (calleeProperty(call) !== 'use') continue;
    const target = receiverOf(calleeObject(call), index);
    if (!target) continue;
    const sameLocal = local !== undefined && target.local === local;
    if (!sameLocal && !(target.server === server && target.namespace === namespace)) continue;
    for (const a of call.arguments) out.push(middlewareRef(a as AstNode, index));
  }
  return out;
}

function middlewareRef(arg: AstNode, index: JsIndex): MwRef {
  const n = unwrap(arg);
  const fn = isFunctionLike(n) ? n : n.type === 'Identifier' ? index.functionByName(n.name) : undefined;
  if (fn) {
    const mine = socketGuard(fn, 0, index, false);
    if (mine) return { name: n.type === 'Identifier' ? n.name : '<socket middleware>', role: 'auth-user', mechanism: 'custom', why: `socket middleware ${mine.why}` };
    const v = classifyGuard(fn, index);
    if (v) return { name: n.type === 'Identifier' ? n.name : '<socket middleware>', role: v.level === 'admin' ? 'auth-admin' : 'auth-user', mechanism: v.mechanism, why: v.why };
  }
  return mwRef(arg, index);
}

interface Target {
  server: string;
  namespace: string;
  /** The local variable a namespace is held in (`const admin = io.of('/admin')`). */
  local?: string;
}

/** `io`, `io.of('/admin')`, `admin` (a const holding `io.of('/admin')`), `this.io`. */
function receiverOf(node: AstNode | undefined, index: JsIndex): Target | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (n.type === 'CallExpression' && calleeProperty(n) === 'of') {
    const server = memberPath(calleeObject(n))?.join('.');
    return server ? { server, namespace: stringValue(n.arguments[0] as AstNode, index) ?? '?' } : undefined;
  }
  const path = memberPath(n);
  if (!path) return undefined;
  if (path.length === 1) {
    const init = unwrap(index.constInit(path[0]));
    if (init && init.type === 'CallExpression' && calleeProperty(init) === 'of') return { ...receiverOf(init, index)!, local: path[0] };
  }
  return { server: path.join('.'), namespace: '' };
}

interface Connection {
  fn: FunctionLike;
  socket: string;
  target: Target;
}

function connections(index: JsIndex): Connection[] {
  const out: Connection[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    const event = calleeProperty(call) === 'on' ? stringValue(call.arguments[0] as AstNode, index) : undefined;
    if (event !== 'connection' && event !== 'connect') continue;
    const fn = functionOf(call.arguments[1] as AstNode, index);
    const target = receiverOf(calleeObject(call), index);
    const socket = fn ? paramNames(fn)[0] : undefined;
    if (!fn || !target || !socket || socket === '{}' || socket === '?') continue;
    // socket.io's `connect` is its `connection`; a client's `connect` callback takes no socket, and
    // an HTTP server's (`(req, socket, head)`, a CONNECT request) is no message channel.
    // Only a socket.io server's: `client.on('connect', (connection) => ...)` of a WebSocket or MQTT
    // client library is a connection this process made.
    if (event === 'connect' && (fn.params.length > 2 || HTTP_PARAMS.has(socket) || !index.imports('socket.io'))) continue;
    out.push({ fn, socket, target });
  }
  return out;
}

interface EventSite {
  call: CallLike;
  name: string;
  handler?: FunctionLike;
}

/** `p.on('<event>', handler)` under a function body; lifecycle events are not messages. */
function eventsOn(fn: FunctionLike, p: string, index: JsIndex): EventSite[] {
  const out: EventSite[] = [];
  const body = fn.body as AstNode | null;
  if (!body) return out;
  walk(body, (n) => {
    if (n.type !== 'CallExpression') return;
    const prop = calleeProperty(n);
    if (prop !== 'on' && prop !== 'once') return;
    const obj = memberPath(calleeObject(n));
    if (!obj || obj.length !== 1 || obj[0] !== p) return;
    const name = stringValue(n.arguments[0] as AstNode, index);
    if (!name) return;
    const handler = functionOf(n.arguments[1] as AstNode, index);
    // A server-side socket never opens: `socket.on('open', (data) => ...)` is a client's message.
    if (NOT_MESSAGES.has(name) && !(name === 'open' && handler && positional(handler).length > 0)) return;
    out.push({ call: n, name, handler });
  });
  return out;
}

function isLocalModule(spec: string): boolean {
  return spec.startsWith('.') || spec.startsWith('@/') || spec.startsWith('~/') || spec.startsWith('src/');
}

/** Where a called name comes from: a local module's export, or a function of this file. */
function calleeTarget(call: CallLike, index: JsIndex): { module?: string; export?: string; local?: FunctionLike; name: string } | undefined {
  const path = memberPath(unwrap(call.callee as AstNode));
  if (!path || path.length > 3) return undefined;
  const name = path.join('.');
  const b = path.length <= 2 ? index.bindings.get(path[0]) : undefined;
  if (b && isLocalModule(b.module)) {
    const whole = b.imported === '*' || b.imported === 'default';
    const exp = whole ? (path[1] ?? 'default') : path.length === 1 ? b.imported : undefined;
    return exp ? { module: b.module, export: exp, name } : undefined;
  }
  // A method of an injected service: `this.gateway.handleConnection(client)` where the constructor
  // takes `private gateway: CollaborationGateway` from a module of the application.
  if (path.length === 3 && path[0] === 'this') {
    const cls = injectedClass(call, path[1], index);
    const ib = cls ? index.bindings.get(cls) : undefined;
    if (ib && isLocalModule(ib.module)) return { module: ib.module, export: instanceExport(ib.imported, path[2]), name };
  }
  if (path.length === 1) {
    const local = index.functionByName(path[0]);
    if (local) return { local, name };
  }
  return undefined;
}

/**
 * A guard the event handler runs before it uses what the client sent: a call given the socket
 * (`checkLogin(socket)`, `if (!(await isAuthed(socket))) return`), or an inline check
 * (`if (!socket.userID) return callback(...)`). Imported calls are left to link, which knows the
 * guard definitions of other files.
 */
function eventGuard(handler: FunctionLike, p: string, index: JsIndex): { refs: MwRef[]; inline?: RouteMeta['inline'] } {
  const refs: MwRef[] = [];
  const payload = paramNames(handler).filter((n) => n !== '{}' && n !== '?' && n !== '...' && !CALLBACK_PARAM.test(n));
  // A statement that calls nothing (`if (typeof a === 'function') { cb = a; }`) reaches no sink.
  const usesPayload = (s: AstNode) =>
    payload.length > 0 && someNode(s, (n) => n.type === 'Identifier' && payload.includes(n.name)) && someNode(s, (n) => n.type === 'CallExpression' || n.type === 'NewExpression' || n.type === 'TaggedTemplateExpression');
  for (const s of leadingStatements(handler).slice(0, 12)) {
    if (s.type === 'ReturnStatement') break;
    // `checkLogin(socket)` / `await requireUser(socket)`.
    const expr = s.type === 'ExpressionStatement' ? unwrapAwait(s.expression as AstNode) : undefined;
    if (expr && expr.type === 'CallExpression' && passesSocket(expr, p)) {
      const ref = guardCallRef(expr, p, index, false);
      if (ref) {
        refs.push(ref);
        if (ref.role === 'auth-user') break;
        continue;
      }
    }
    if (s.type === 'IfStatement') {
      // `if (!socket.userID) return callback({ ok: false })`.
      const missing = missingIdentity(s.test as AstNode, p, index, s);
      const how = missing ? refusal(s.consequent as AstNode, p, undefined, true) : undefined;
      if (missing && how) return { refs, inline: { level: 'user', why: `event handler ${how} when ${missing.replace(/\s+/g, ' ')} is unset` } };
      // `if (!(await isLoggedIn(socket))) return`: a boolean guard whose result is checked.
      const t = unwrap(s.test as AstNode);
      const inner = t.type === 'UnaryExpression' && t.operator === '!' ? unwrapAwait(t.argument as AstNode) : undefined;
      if (inner && inner.type === 'CallExpression' && passesSocket(inner, p) && refusal(s.consequent as AstNode, p, undefined, true)) {
        const ref = guardCallRef(inner, p, index, true);
        if (ref?.role === 'auth-user') {
          refs.push(ref);
          break;
        }
      }
    }
    if (usesPayload(s)) break;
  }
  return { refs };
}

function passesSocket(call: CallLike, p: string): boolean {
  return (call.arguments as AstNode[]).some((a) => {
    const n = unwrap(a);
    return n.type === 'Identifier' && n.name === p;
  });
}

/** A call that may guard: judged here when local, an import ref for link otherwise. */
function guardCallRef(call: CallLike, p: string, index: JsIndex, checked: boolean): MwRef | undefined {
  const target = calleeTarget(call, index);
  if (!target) return undefined;
  const at = (call.arguments as AstNode[]).findIndex((a) => unwrap(a).type === 'Identifier' && (unwrap(a) as { name?: string }).name === p);
  if (target.local) {
    const v = socketGuard(target.local, at, index, checked);
    return v ? { name: target.name, role: 'auth-user', mechanism: 'custom', why: `${target.name}(${p}) ${v.why}`, terminal: true } : undefined;
  }
  // A boolean guard of another file: its definition does not say whether callers check the result.
  if (checked) return undefined;
  return { name: target.name, module: target.module, from: index.file, export: target.export, terminal: true };
}

function wsPath(index: JsIndex, server: string): string {
  for (const d of index.nodesOf('VariableDeclarator')) {
    if (d.id.type !== 'Identifier' || d.id.name !== server) continue;
    const init = unwrap(d.init as AstNode | null);
    if (init && init.type === 'NewExpression') return stringValue(objectProp(resolveObject(init.arguments[0] as AstNode, index), 'path'), index) ?? '';
    // A helper that upgrades only one path and returns the server (`adapter.handleUpgrade(this.path,
    // httpServer)`): its first argument, a literal or a class field holding one (`private path = '/collab'`).
    if (init && init.type === 'CallExpression' && init.arguments.length >= 2) return upgradePath(init.arguments[0] as AstNode, index) ?? '';
  }
  return '';
}

function upgradePath(arg: AstNode, index: JsIndex): string | undefined {
  const a = unwrap(arg);
  const lit = stringValue(a, index);
  if (lit !== undefined) return lit.startsWith('/') ? lit : undefined;
  const path = memberPath(a);
  const cls = path?.length === 2 && path[0] === 'this' ? index.enclosingClass(a) : undefined;
  const field = cls?.body.body.find((m) => m.type === 'PropertyDefinition' && m.key.type === 'Identifier' && m.key.name === path![1]) as { value?: AstNode | null } | undefined;
  const v = field?.value ? stringValue(field.value, index) : undefined;
  return v?.startsWith('/') ? v : undefined;
}

export function socketFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const content = index.content;
  if (!content.includes('.on(') && !content.includes('throw') && !content.includes('next(')) return out;
  // A browser client of socket.io receives the server's events: not an entry point.
  const client = index.imports('socket.io-client');
  const socketIo = index.imports('socket.io');
  const ws = index.imports('ws');
  const file = fileNoExt(index.file);
  const handedTo = new Map<FunctionLike, number>();
  const connectionFns = new Set<FunctionLike>();

  const eventFacts = (fn: FunctionLike, p: string, recv: RouteMeta['recv'], local: (name: string) => string, framework: string, mw: MwRef[], inline: RouteMeta['inline'], tags: string[], gateOf?: (ev: EventSite) => MwRef | undefined): EventSite[] => {
    const events = eventsOn(fn, p, index);
    for (const ev of events) {
      const gate = gateOf?.(ev);
      const guard = ev.handler ? eventGuard(ev.handler, p, index) : { refs: [] };
      out.push(
        routeFact({
          framework,
          protocol: 'websocket',
          method: 'MESSAGE',
          path: local(ev.name),
          evidence: index.evidence(ev.call),
          handler: { file: index.file, line: index.line(ev.handler ?? ev.call) },
          meta: { recv, mw: [...mw, ...(gate ? [gate] : []), ...guard.refs, ...loginRefs(ev)], local: local(ev.name), ...((guard.inline ?? inline) ? { inline: guard.inline ?? inline } : {}) },
          extraTags: tags,
        }),
      );
    }
    return events;
  };

  if (content.includes('connect') && !client) {
    for (const { fn, socket, target } of connections(index)) {
      connectionFns.add(fn);
      const framework = ws && !socketIo ? 'ws' : 'socket.io';
      const imported = socketIo || ws;
      const namespace = target.namespace && target.namespace !== '/' ? target.namespace : '';
      const base = framework === 'ws' ? wsPath(index, target.server) || '/' : namespace || '/';
      const guards = framework === 'ws' ? [] : namespaceGuards(index, target.server, target.namespace, target.local);
      const connInline = connectionGuard(fn, socket, index);
      const recvId = `${file}#${socket}@${fn.start}`;
      // Listeners a login event's handler adds itself (`socket.on('login', (d) => { if (ok)
      // socket.on('x', ...) })`) are there only after the login, like what it hands the socket to.
      const loginsHere = eventsOn(fn, socket, index).filter((e) => e.handler && readsPassword(e.handler));
      const insideLogin = (at: AstNode) => loginsHere.find((e) => at.start >= e.handler!.start && at.end <= e.handler!.end);
      const events = eventFacts(fn, socket, { id: recvId }, (name) => `${base}#${name}`, framework, guards, connInline, [], (ev) => {
        const login = ev.handler && readsPassword(ev.handler) ? undefined : insideLogin(ev.call);
        return login ? loginGate(login, fn, socket, index) : undefined;
      });
      let handed = 0;
      // Handler modules and local functions given the socket: `dockerSocketHandler(socket)`,
      // `new Uploader(socket)`. Given it by a login event's handler (`socket.on('auth', (d) => {
      // if (check(d.user, d.password)) initializeClient(socket) })`), what they register is only
      // there for a client that logged in.
      const handOn = (off: HandOff, parent: string, mw: MwRef[]) => {
        const t = off.target;
        if (t.local) {
          if (!handedTo.has(t.local)) handedTo.set(t.local, off.at);
          out.push(mountFact(index, off.call, { id: parent }, { id: `${file}#${positional(t.local)[off.at]}@${t.local.start}` }, base, mw, connInline, handed++));
        } else out.push(mountFact(index, off.call, { id: parent }, { module: t.module!, from: index.file, export: `${t.export}(${off.at})` }, base, mw, connInline, handed++));
      };
      const logins = events.filter((e) => e.handler && readsPassword(e.handler));
      const offs = handOffs(fn.body as AstNode, new Set([socket]), index);
      for (const off of offs) {
        const login = logins.find((e) => off.call.start >= e.handler!.start && off.call.end <= e.handler!.end);
        handOn(off, recvId, login ? [...guards, loginGate(login, fn, socket, index)!] : guards);
      }
      // A login handler declared apart (`socket.on('auth:perform', performAuthentication)`) is
      // called with the socket as `this` (`const socket = this; ... initializeClient(socket)`).
      for (const login of logins) {
        const h = login.handler!;
        if (h.start >= fn.start && h.end <= fn.end) continue;
        const gate = loginGate(login, fn, socket, index);
        const names = thisAliases(h);
        if (!gate || names.size === 0) continue;
        for (const off of handOffs(h.body as AstNode, names, index)) handOn(off, recvId, [...guards, gate]);
      }
      // The connection itself, where its callback receives no message (a socket.io/ws server only:
      // without the import, only a socket that receives messages makes this a server).
      if (events.length === 0 && imported) {
        // What the socket is handed to may authenticate it: a Hocuspocus server of this file
        // (`hocuspocus.handleConnection(socket, req)`), or a module's function or injected service
        // (`this.gateway.handleConnection(client, req)`), judged in link by its guard definition.
        const hp = hocuspocusGate(fn, index);
        const handed: MwRef[] = offs.flatMap(({ target: t }) => (t.module ? [{ name: t.name, module: t.module, from: index.file, export: t.export, terminal: true }] : []));
        const inline = connInline ?? hp?.inline;
        out.push(
          routeFact({
            framework,
            protocol: 'websocket',
            method: 'MESSAGE',
            path: `${base}#connection`,
            evidence: index.evidence(fn),
            handler: { file: index.file, line: index.line(fn) },
            meta: { mw: [...guards, ...(hp?.refs ?? []), ...handed], local: `${base}#connection`, ...(inline ? { inline } : {}) },
          }),
        );
      }
    }
  }

  // Functions given a socket by a connection callback (here or, through link, in another file),
  // and those they hand it on to (`initializeClient(socket)` → `new Uploader(socket)`).
  // Their events stay only where link finds that connection (`~recv-kind:param:`).
  if (!client && (content.includes('.on(') || handedTo.size > 0)) {
    const exportsOf = exportNamesByFunction(index);
    for (const [ctor, names] of exportedConstructors(index)) exportsOf.set(ctor, [...(exportsOf.get(ctor) ?? []), ...names]);
    const queue = [...exportsOf.keys(), ...handedTo.keys()];
    const done = new Set<FunctionLike>();
    while (queue.length > 0) {
      const fn = queue.shift()!;
      if (done.has(fn) || connectionFns.has(fn)) continue;
      done.add(fn);
      positional(fn).forEach((p, i) => {
        // An application is no socket: `createMainWindow(app) { app.on('second-instance', ...) }` (Electron, Express `mount`).
        if (p === '{}' || p === '?' || p === '...' || HTTP_PARAMS.has(p) || /^app(lication)?$/.test(p)) return;
        // Cheap text tests first: most exported functions register no listener on a parameter.
        const listens = content.includes(`${p}.on(`);
        const handsOn = handedTo.get(fn) === i || HANDED_SOCKET.test(p);
        if (!listens && !handsOn) return;
        const id = `${file}#${p}@${fn.start}`;
        const n = listens ? eventFacts(fn, p, { id }, (name) => `#${name}`, 'socket.io', [], undefined, [`~recv-kind:param:${p}`]).length : 0;
        let h = 0;
        for (const off of handsOn && fn.body ? handOffs(fn.body as AstNode, new Set([p]), index) : []) {
          const t = off.target;
          if (t.local && (t.local === fn || connectionFns.has(t.local))) continue;
          const child: RouteMeta['recv'] = t.local ? { id: `${file}#${positional(t.local)[off.at]}@${t.local.start}` } : { module: t.module!, from: index.file, export: `${t.export}(${off.at})` };
          if (t.local && !handedTo.has(t.local)) {
            handedTo.set(t.local, off.at);
            queue.push(t.local);
          }
          out.push(internalFact('js-router-mount', index.evidence(off.call), { kind: 'call', framework: 'socket.io', parent: { id }, child, prefix: '', mw: [] }, `${index.file}#js-router-mount:socket-on:${off.call.start}:${h++}`));
        }
        if (n + h === 0) return;
        for (const e of exportsOf.get(fn) ?? []) {
          out.push(internalFact('js-router-mount', index.evidence(fn), { kind: 'export', framework: 'socket.io', id, export: `${e}(${i})` }, `${index.file}#js-router-mount:socket:${e}:${i}`));
        }
      });
    }
  }

  out.push(...socketGuardDefinitions(index));
  return out;
}

/** Parameters that hand a socket on beyond the functions a connection is known to reach. */
const HANDED_SOCKET = /^(socket|sock|ws|websocket)$|Socket$/;

/** Parameter names by argument position: a TypeScript `this` parameter takes no argument. */
function positional(fn: FunctionLike): string[] {
  const names = paramNames(fn);
  return names[0] === 'this' ? names.slice(1) : names;
}

/** A call or `new` given the socket: `dockerHandler(socket)`, `new Uploader(socket)`. */
interface HandOff {
  call: CallLike;
  /** The argument position of the socket. */
  at: number;
  target: { module?: string; export?: string; local?: FunctionLike; name: string };
}

function handOffs(root: AstNode, names: ReadonlySet<string>, index: JsIndex): HandOff[] {
  const out: HandOff[] = [];
  walk(root, (n) => {
    if (n.type !== 'CallExpression' && n.type !== 'NewExpression') return;
    const at = (n.arguments as AstNode[]).findIndex((a) => {
      const x = unwrap(a);
      return (x.type === 'Identifier' && names.has(x.name)) || (x.type === 'ThisExpression' && names.has('this'));
    });
    const target = at >= 0 ? calleeTarget(n, index) : undefined;
    if (target) out.push({ call: n, at, target });
  });
  return out;
}

/** What `this` is called in a listener declared apart (`const socket = this`): the socket. */
function thisAliases(fn: FunctionLike): Set<string> {
  const names = new Set<string>();
  if (fn.type === 'ArrowFunctionExpression' || !fn.body) return names;
  names.add('this');
  ownNodes(fn.body as AstNode, (n) => {
    if (n.type === 'VariableDeclarator' && n.id.type === 'Identifier' && unwrap(n.init as AstNode | null)?.type === 'ThisExpression') names.add(n.id.name);
    return false;
  });
  return names;
}

/** Payload fields that carry a password: a handler reading one checks the client's credentials. */
const PASSWORD_FIELD = /^(password|passwd|passphrase|pass|pwd)$/i;

/**
 * A login event: its handler reads a password from what the client sent (`data.password`,
 * `({ username, password }) =>`, `const { password } = data`, `'password' in data`).
 */
function readsPassword(handler: FunctionLike): boolean {
  const keyed = (p: AstNode | null | undefined) => {
    const n = unwrap(p);
    return n?.type === 'ObjectPattern' && objectPatternKeys(n).some((k) => PASSWORD_FIELD.test(k));
  };
  if ((handler.params as AstNode[]).some((p) => keyed(p))) return true;
  const payload = new Set(positional(handler).filter((n) => n !== '{}' && n !== '?' && n !== '...' && !CALLBACK_PARAM.test(n)));
  if (payload.size === 0 || !handler.body) return false;
  return someNode(handler.body as AstNode, (n) => {
    if (n.type === 'MemberExpression' && !n.computed) {
      const o = unwrap(n.object as AstNode);
      return o.type === 'Identifier' && payload.has(o.name) && n.property.type === 'Identifier' && PASSWORD_FIELD.test(n.property.name);
    }
    if (n.type === 'VariableDeclarator') {
      const init = unwrap(n.init as AstNode | null);
      return init?.type === 'Identifier' && payload.has(init.name) && keyed(n.id as AstNode);
    }
    if (n.type === 'BinaryExpression' && n.operator === 'in') {
      const r = unwrap(n.right as AstNode);
      const l = unwrap(n.left as AstNode);
      return r.type === 'Identifier' && payload.has(r.name) && l.type === 'Literal' && PASSWORD_FIELD.test(String((l as { value?: unknown }).value));
    }
    return false;
  });
}

function objectPatternKeys(p: AstNode): string[] {
  if (p.type !== 'ObjectPattern') return [];
  return p.properties.flatMap((prop) => (prop.type === 'Property' && !prop.computed && prop.key.type === 'Identifier' ? [prop.key.name] : []));
}

/**
 * The login event's own marks: its credential check (a `login` route, for the rate-limit rule)
 * and a limiter its handler consults (`await loginRateLimiter.pass(callback)`).
 */
function loginRefs(ev: EventSite): MwRef[] {
  if (!ev.handler || !readsPassword(ev.handler)) return [];
  const refs: MwRef[] = [{ name: `<'${ev.name}' credential check>`, role: 'login', mechanism: 'custom', terminal: true }];
  let limiter: string | undefined;
  ownNodes(ev.handler.body as AstNode, (n) => {
    if (n.type !== 'CallExpression') return false;
    const path = memberPath(unwrap(n.callee as AstNode));
    if (path && path.some((seg) => rateLimitLikeName(seg))) limiter = path.join('.');
    return limiter !== undefined;
  });
  if (limiter) refs.push({ name: limiter, role: 'rate-limit', terminal: true });
  return refs;
}

/**
 * The gate a login event puts before what its handler registers: a user check, unless the
 * connection callback runs the same handler itself without credentials
 * (`if (Config.public) performAuthentication.call(socket, {})`): then only where that condition is
 * false (`conditional`), or never when it runs unconditionally.
 */
function loginGate(login: EventSite, conn: FunctionLike, socket: string, index: JsIndex): MwRef | undefined {
  const h = login.handler!;
  const gate: MwRef = { name: `<'${login.name}' login>`, role: 'auth-user', mechanism: 'custom', why: `registered only after the '${login.name}' event handler checks the client's password` };
  let bypass: CallLike | undefined;
  walk(conn.body as AstNode, (n) => {
    if (bypass || n.type !== 'CallExpression' || n === login.call) return bypass === undefined;
    const callee = unwrap(n.callee as AstNode);
    // `handler.call(socket, {})`, `handler.apply(socket, [])`, `handler(...)`.
    const fnRef = callee.type === 'MemberExpression' && ['call', 'apply'].includes(calleeProperty(n) ?? '') ? unwrap(callee.object as AstNode) : callee;
    if (fnRef.type === 'Identifier' && fnRef.name !== socket && index.functionByName(fnRef.name) === h) bypass = n;
    return bypass === undefined;
  });
  if (!bypass) return gate;
  let cond: AstNode | undefined;
  for (const a of index.ancestors(bypass)) {
    if (a === (conn as AstNode)) break;
    if (a.type === 'IfStatement' || a.type === 'ConditionalExpression') {
      cond = a.test as AstNode;
      break;
    }
  }
  if (!cond) return undefined;
  const condition = index.text(cond).replace(/\s+/g, ' ').slice(0, 80);
  return { ...gate, why: `${gate.why}, except where \`${condition}\` holds: the connection callback then runs it without credentials`, conditional: { condition, file: index.file, line: index.line(bypass), unsetEnv: [] } };
}

/** Constructors of exported classes, under the class's export names: `new Uploader(socket)` is `default(0)`. */
function exportedConstructors(index: JsIndex): Map<FunctionLike, string[]> {
  const out = new Map<FunctionLike, string[]>();
  if (!index.content.includes('constructor')) return out;
  for (const [name, value] of index.exports) {
    let v: AstNode | undefined = unwrap(value);
    if (v?.type === 'Identifier') {
      const id = v.name;
      v = index.nodesOf('ClassDeclaration').find((c) => c.id?.name === id) as AstNode | undefined;
    }
    if (!v || (v.type !== 'ClassDeclaration' && v.type !== 'ClassExpression')) continue;
    for (const m of v.body.body as AstNode[]) {
      if (m.type !== 'MethodDefinition' || m.kind !== 'constructor') continue;
      const ctor = m.value as FunctionLike;
      out.set(ctor, [...(out.get(ctor) ?? []), name]);
    }
  }
  return out;
}

function mountFact(index: JsIndex, at: AstNode, parent: RouteMeta['recv'], child: RouteMeta['recv'], prefix: string, mw: MwRef[], inline: RouteMeta['inline'], n: number): FactInput {
  // A guard at the top of the connection callback holds for the handler modules too.
  const chain = inline ? [...mw, { name: '<connection guard>', role: inline.level === 'admin' ? ('auth-admin' as const) : ('auth-user' as const), mechanism: 'custom', why: inline.why }] : mw;
  return internalFact('js-router-mount', index.evidence(at), { kind: 'call', framework: 'socket.io', parent, child, prefix, mw: chain }, `${index.file}#js-router-mount:socket-call:${at.start}:${n}`);
}

/**
 * A guard at the top of the connection callback, before any event is registered: an identity
 * check that refuses, or a call of a local function that logs the socket in (`const user = await
 * authenticate(socket)`: it throws when the credential is missing and stores the identity on the
 * socket), so nothing after it runs for a client that did not authenticate.
 */
function connectionGuard(fn: FunctionLike, socket: string, index: JsIndex): RouteMeta['inline'] {
  // ws hands the upgrade request beside the socket: `(ws, req) => { if (!req.session.user) ws.close() }`.
  // Up to the first message the callback listens for: what comes after it guards nothing before.
  const first = eventsOn(fn, socket, index)[0]?.call.start ?? Infinity;
  const admin = adminGate(fn, socket, first, index);
  if (admin) return { level: 'admin', why: `connection handler ${admin}` };
  const v = socketGuard(fn, 0, index, true) ?? (HTTP_PARAMS.has(paramNames(fn)[1] ?? '') ? socketGuard(fn, 1, index, true) : undefined);
  if (v) return { level: 'user', why: `connection handler ${v.why}` };
  for (const s of leadingStatements(fn).slice(0, 12)) {
    if (s.start > first) break;
    const value = s.type === 'ExpressionStatement' ? s.expression : s.type === 'VariableDeclaration' ? (s.declarations[0]?.init as AstNode | null | undefined) : undefined;
    const call = unwrapAwait(value as AstNode | undefined);
    if (!call || call.type !== 'CallExpression' || !passesSocket(call, socket)) continue;
    const target = calleeTarget(call, index);
    const at = (call.arguments as AstNode[]).findIndex((a) => unwrap(a).type === 'Identifier' && (unwrap(a) as { name?: string }).name === socket);
    if (target?.local && logsIn(target.local, at)) return { level: 'user', why: `connection handler calls ${target.name}(${socket}), which throws without a credential and stores the identity on the socket` };
  }
  return undefined;
}

/** A role flag of the server-side identity: `is_admin`, `isAdmin`, `superuser`. */
const ADMIN_FLAG = /^(is_?admin|admin|is_?super_?user|superuser|is_?staff)$/i;
const ROLE_FIELD = /^(role|roles|userRole|user_role)$/;

/** Keys from the top of a destructuring pattern down to where it binds `name` (`{ session: { user: { is_admin: isAdmin } } }`). */
function patternPath(pattern: AstNode, name: string): string[] | undefined {
  const p = pattern.type === 'AssignmentPattern' ? unwrap(pattern.left as AstNode) : pattern;
  if (p.type === 'Identifier') return p.name === name ? [] : undefined;
  if (p.type !== 'ObjectPattern') return undefined;
  for (const prop of p.properties) {
    if (prop.type !== 'Property' || prop.computed || prop.key.type !== 'Identifier') continue;
    const rest = patternPath(prop.value as AstNode, name);
    if (rest) return [prop.key.name, ...rest];
  }
  return undefined;
}

/**
 * The socket path a local of the connection callback holds: `isAdmin` of
 * `const { session: { user: { is_admin: isAdmin } = {} } = {} } = socket.conn.request`, or
 * `user` of `const user = socket.request.session.user`.
 */
function socketValuePath(node: AstNode, socket: string, statements: AstNode[]): string[] | undefined {
  const path = memberPath(unwrap(node));
  if (!path) return undefined;
  if (path[0] === socket) return path;
  for (const s of statements) {
    if (s.type !== 'VariableDeclaration') continue;
    for (const d of s.declarations) {
      const keys = patternPath(d.id as AstNode, path[0]);
      const init = memberPath(unwrap(d.init as AstNode | null));
      if (keys && init?.[0] === socket) return [...init, ...keys, ...path.slice(1)];
    }
  }
  return undefined;
}

/**
 * An administrator check at the top of a connection callback, before any event is registered:
 * `if (!isAdmin) return;` (or disconnects / throws) where `isAdmin` is the admin flag of the
 * server-side session user the socket carries, or `if (user.role !== 'admin') return`. Every event
 * registered after it is then for administrators only. What the client sent (`handshake.query`,
 * `handshake.auth`) is no identity.
 */
function adminGate(fn: FunctionLike, socket: string, first: number, index: JsIndex): string | undefined {
  const statements = leadingStatements(fn).filter((s) => s.start < first);
  for (const s of statements) {
    if (s.type !== 'IfStatement' || !refusal(s.consequent as AstNode, socket, undefined, true)) continue;
    const t = unwrap(s.test as AstNode);
    let flag: AstNode | undefined;
    if (t.type === 'UnaryExpression' && t.operator === '!') flag = t.argument as AstNode;
    else if (t.type === 'BinaryExpression' && (t.operator === '!==' || t.operator === '!=')) {
      const [l, r] = [unwrap(t.left as AstNode), unwrap(t.right as AstNode)];
      const lit = stringValue(r, index) ?? stringValue(l, index);
      const other = stringValue(r, index) !== undefined ? l : r;
      const path = socketValuePath(other, socket, statements);
      if (lit && /^(admin|administrator|superuser|super_admin|superadmin)$/i.test(lit) && path && ROLE_FIELD.test(path[path.length - 1]) && serverSide(path)) return `returns unless ${path.join('.')} is '${lit}'`;
      continue;
    } else continue;
    const path = socketValuePath(flag, socket, statements);
    if (path && ADMIN_FLAG.test(path[path.length - 1]) && serverSide(path)) return `returns unless ${path.join('.')} is set`;
  }
  return undefined;
}

/** `socket.request.session.user.is_admin`: not a value the client sent (`handshake.query`), unless it is the handshake's server session. */
function serverSide(path: string[]): boolean {
  return !path.slice(1).some((seg, i, rest) => CLIENT_SENT.has(seg) && !(seg === 'handshake' && rest[i + 1] === 'session'));
}

/** Throws, and stores an identity on its socket parameter (`socket.client.auth = { userId }`). */
function logsIn(fn: FunctionLike, pIndex: number): boolean {
  const p = paramNames(fn)[pIndex];
  const body = fn.body as AstNode | null;
  if (!p || !body) return false;
  let throws = false;
  let stores = false;
  ownNodes(body, (n) => {
    if (n.type === 'ThrowStatement') throws = true;
    if (n.type === 'AssignmentExpression' && identityPath(n.left as AstNode, p)) stores = true;
    return throws && stores;
  });
  return throws && stores;
}

/**
 * Socket guards of this file (`exports.checkLogin = (socket) => { if (!socket.userID) throw ... }`,
 * `(socket, next) => { if (!socket.request.user) return next(new Error()) }`) as guard
 * definitions. HTTP-shaped functions are the auth extractor's.
 */
function socketGuardDefinitions(index: JsIndex): FactInput[] {
  const content = index.content;
  if (!content.includes('throw') && !content.includes('next(') && !content.includes('disconnect')) return [];
  const out: FactInput[] = [];
  const exportsOf = exportNamesByFunction(index);
  const seen = new Set<FunctionLike>();
  const consider = (fn: FunctionLike, name: string | undefined) => {
    if (seen.has(fn) || !name) return;
    seen.add(fn);
    const names = paramNames(fn);
    if (HTTP_PARAMS.has(names[0] ?? '') || HTTP_RESPONSES.has(names[1] ?? '')) return;
    if (!SOCKET_PARAM.test(names[0] ?? '') && names[1] !== 'next') return;
    const v = socketGuard(fn, 0, index, false);
    if (!v) return;
    const fact: Omit<AuthFact, 'extractor'> = {
      kind: 'auth',
      mechanism: 'custom',
      role: 'guard-definition',
      name,
      details: { level: 'user', exports: (exportsOf.get(fn) ?? []).join(','), why: `${name}(${names[0]}) ${v.why}`, socket: true },
      evidence: index.evidence(fn),
      key: `${index.file}#auth:guard:${name}`,
    };
    out.push(fact);
  };
  for (const fn of index.nodesOf('FunctionDeclaration')) consider(fn, fn.id?.name);
  for (const d of index.nodesOf('VariableDeclarator')) {
    const init = unwrap(d.init as AstNode | null);
    if (isFunctionLike(init) && d.id.type === 'Identifier') consider(init, d.id.name);
  }
  for (const [fn, names] of exportsOf) consider(fn, index.functionName(fn) ?? names[0]);
  return out;
}
