// Nest WebSocket gateways: `@WebSocketGateway({ namespace | path })` classes. Their
// `@SubscribeMessage('event')` methods are entry points named like socket.io events
// (`<namespace or path>#<event>`, routes-socket.ts); a gateway that only implements
// `handleConnection` (a raw `ws` channel whose messages a library reads) is one `#connection` entry
// point. Nest runs no guards for `handleConnection`, so the connection is authenticated only by what
// that method does: it looks the caller up from the socket or the upgrade request and closes the
// socket (or throws) when nothing is found. Such a check also guards every event of the gateway,
// since no message arrives on a socket that was closed.
import {
  isFunctionLike,
  memberPath,
  nodesUnder,
  objectProp,
  paramNames,
  stringValue,
  unwrap,
  unwrapAwait,
  type AstNode,
  type Class,
  type FunctionLike,
  type JsIndex,
} from '../_lib/ast.js';
import { joinPath, type RouteMeta } from '../_lib/routes.js';

/** `@WebSocketGateway(80, { namespace: 'chat' })`, `@WebSocketGateway({ path: '/realtime' })`: the channel's name. */
export function gatewayBase(args: AstNode[], index: JsIndex): string {
  const opts = args.map((a) => unwrap(a)).find((a) => a.type === 'ObjectExpression');
  const name = stringValue(objectProp(opts, 'namespace'), index) ?? stringValue(objectProp(opts, 'path'), index);
  return name ? joinPath('', name) : '/';
}

/** What a caller lookup is named like: the identity a login put on the session or token. */
const IDENTITY = /user|session|account|principal|identity|member|auth|token|payload|claims/i;
/** A check that throws on a bad credential. */
const VERIFY = /^(verify|verifyAsync|verifyToken|verifyJwt|verifyIdToken|verifySession|authenticate|validateToken|validateSession)$/i;
/** Ending a client's connection. */
const REFUSE = /^(close|disconnect|terminate|destroy|end)$/;

/** Does this node read the socket or the upgrade request (`request`, `client.handshake.headers.cookie`)? */
function readsFrom(node: AstNode, params: Set<string>): boolean {
  const n = unwrap(node);
  const root = (x: AstNode) => memberPath(x)?.[0];
  if (params.has(root(n) ?? '')) return true;
  return nodesUnder(n, 'Identifier').some((i) => params.has((i as { name: string }).name));
}

/** Closes the socket or throws: `client.close(...)`, `socket.disconnect()`, `throw new WsException()`. */
function refuses(node: AstNode, socket: string): boolean {
  if (node.type === 'ThrowStatement' || nodesUnder(node, 'ThrowStatement').length > 0) return true;
  return nodesUnder(node, 'CallExpression').some((c) => {
    const path = memberPath(unwrap(c.callee as AstNode));
    if (!path || path.length !== 2 || !REFUSE.test(path[1])) return false;
    // `this.disconnect(client)`: the class's own helper handed the socket.
    return path[0] === socket || (path[0] === 'this' && c.arguments.some((a) => memberPath(unwrap(a as AstNode))?.[0] === socket));
  });
}

/** `!x`, `x === undefined`, `x == null`, `!x.id`: the test finds `name` missing. */
function missing(test: AstNode, name: string): boolean {
  const t = unwrap(test);
  if (t.type === 'UnaryExpression' && t.operator === '!') return memberPath(unwrap(t.argument as AstNode))?.[0] === name;
  if (t.type === 'BinaryExpression' && (t.operator === '===' || t.operator === '==')) {
    const sides = [unwrap(t.left as AstNode), unwrap(t.right as AstNode)];
    const empty = sides.some((s) => (s.type === 'Identifier' && s.name === 'undefined') || (s.type === 'Literal' && (s as { value: unknown }).value === null));
    return empty && sides.some((s) => memberPath(s)?.[0] === name);
  }
  if (t.type === 'LogicalExpression' && t.operator === '||') return missing(t.left as AstNode, name) || missing(t.right as AstNode, name);
  return false;
}

/** Leading statements, also those of a `try` block that opens the method (up to the first dozen). */
function leading(fn: FunctionLike): AstNode[] {
  const body = fn.body as AstNode | null;
  if (!body || body.type !== 'BlockStatement') return [];
  const out: AstNode[] = [];
  for (const s of body.body as AstNode[]) {
    if (s.type === 'TryStatement') out.push(...((s.block as AstNode & { body: AstNode[] }).body));
    else out.push(s);
    if (out.length >= 12) break;
  }
  return out.slice(0, 12);
}

/**
 * `handleConnection(client, request)` that looks the caller up from the socket or the request and
 * refuses when nothing is found:
 *
 *   const userId = await this.findUserIdByRequestSession(request);
 *   if (userId === undefined) { client.close(4001); return; }
 */
export function connectionCheck(cls: Class, index: JsIndex): RouteMeta['inline'] {
  const fn = methodOf(cls, 'handleConnection');
  if (!fn) return undefined;
  const own = checkConnection(cls, fn, index);
  if (own) return own;
  // `handleConnection(c) { ... this.processConnectionRequest(c) ... }` (also from a callback, through
  // `const _this = this`): the class's method handed the socket decides, one level down.
  const socket = paramNames(fn)[0];
  for (const call of nodesUnder(fn.body as AstNode, 'CallExpression')) {
    const path = memberPath(unwrap(call.callee as AstNode));
    if (!socket || path?.length !== 2 || !call.arguments.some((a) => memberPath(unwrap(a as AstNode))?.[0] === socket)) continue;
    const inner = methodOf(cls, path[1]);
    const verdict = inner && inner !== fn ? checkConnection(cls, inner, index) : undefined;
    if (verdict) return verdict;
  }
  return undefined;
}

function methodOf(cls: Class, name: string): FunctionLike | undefined {
  const m = cls.body.body.find((x) => x.type === 'MethodDefinition' && x.key.type === 'Identifier' && x.key.name === name);
  const fn = m ? ((m as { value: AstNode }).value as AstNode) : undefined;
  return fn && isFunctionLike(fn) ? fn : undefined;
}

/** A method of the class that verifies a credential (`this.jwtService.verify(token)`): its result is the caller. */
function verifyingMethod(cls: Class, call: AstNode): boolean {
  const path = memberPath(unwrap((call as { callee: AstNode }).callee));
  const m = path?.length === 2 && path[0] === 'this' ? methodOf(cls, path[1]) : undefined;
  return !!m && nodesUnder(m.body as AstNode, 'CallExpression').some((c) => VERIFY.test(memberPath(unwrap(c.callee as AstNode))?.pop() ?? ''));
}

function checkConnection(cls: Class, fn: FunctionLike, index: JsIndex): RouteMeta['inline'] {
  const names = paramNames(fn).filter((p) => /^[\w$]+$/.test(p));
  const socket = names[0];
  if (!socket) return undefined;
  // The socket, the request and what is read from them (`const token = client.handshake.auth.token`).
  const params = new Set(names);
  const lookups = new Map<string, string>();
  for (const s of leading(fn)) {
    if (s.type === 'VariableDeclaration') {
      for (const d of s.declarations) {
        const id = d.id as AstNode;
        const init = unwrapAwait(d.init as AstNode | null);
        if (id.type !== 'Identifier' || !init) continue;
        if (readsFrom(init, params)) params.add(id.name);
        // A value the server derives from what the client carries: a lookup call given the socket
        // or request, or an identity field a middleware set on the socket (`client.data.user`).
        const call = init.type === 'CallExpression' ? init : undefined;
        const callee = call ? (memberPath(unwrap(call.callee as AstNode))?.pop() ?? '') : '';
        if (call && call.arguments.some((a) => readsFrom(a as AstNode, params)) && (IDENTITY.test(id.name) || IDENTITY.test(callee) || verifyingMethod(cls, call))) lookups.set(id.name, index.text(init));
        else if (!call && memberPath(init)?.[0] === socket && IDENTITY.test(memberPath(init)!.slice(1).join('.')) && !/handshake|query|headers/.test(index.text(init))) lookups.set(id.name, index.text(init));
      }
      continue;
    }
    if (s.type !== 'IfStatement') continue;
    for (const [name, from] of lookups) {
      if (missing(s.test as AstNode, name) && refuses(s.consequent as AstNode, socket)) {
        return { level: 'user', why: `handleConnection closes the connection when ${from} finds no caller` };
      }
    }
  }
  // try { const payload = await this.jwt.verifyAsync(token) } catch { client.disconnect() }
  const body = fn.body as AstNode | null;
  for (const t of body?.type === 'BlockStatement' ? (body.body as AstNode[]) : []) {
    if (t.type !== 'TryStatement' || !t.handler || !refuses(t.handler.body as AstNode, socket)) continue;
    const verify = nodesUnder(t.block as AstNode, 'CallExpression').find((c) => VERIFY.test(memberPath(unwrap(c.callee as AstNode))?.pop() ?? '') && c.arguments.some((a) => readsFrom(a as AstNode, params)));
    if (verify) return { level: 'user', why: `handleConnection closes the connection when ${index.text(verify as AstNode).slice(0, 80)} fails` };
  }
  return undefined;
}
