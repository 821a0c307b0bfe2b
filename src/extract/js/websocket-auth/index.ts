// WebSocket servers that authenticate the handshake by the browser's cookies (a session or a token
// cookie) and never look at its Origin. Browsers send cookies with a cross-site WebSocket handshake
// and neither `ws` nor socket.io checks the origin by default, so any page the victim visits can
// open the socket as the victim (cross-site WebSocket hijacking).
import type { FactInput } from '../../../model/types.js';
import { calleeProperty, isFunctionLike, jsIndex, nodesUnder, objectKeys, propertyKey, requireModule, stringValue, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { isJsFile, isTestFile } from '../_lib/parse.js';
import type { Extractor } from '../../types.js';

/** The handshake's identity comes from cookies: a session parsed from them, or a token cookie. */
const COOKIE_AUTH = /\bcookies?\b|headers\.cookie|\.session\b|\bsession(Parser|Middleware|Handler|Store)\b|\bgetSession\(|\bsharedsession\b/;
/** Any look at the origin (`info.origin`, `req.headers.origin`, an allow-list named for it). */
const ORIGIN = /origin/i;
/** socket.io options that restrict who may connect. */
const SIO_GUARDS = new Set(['cors', 'origins', 'allowRequest']);

function fnOf(node: AstNode | null | undefined, index: JsIndex): FunctionLike | undefined {
  const n = unwrap(node);
  if (isFunctionLike(n)) return n;
  if (n?.type === 'Identifier') return index.functionByName(n.name);
  return undefined;
}

/** socket.io servers built in this file: `new Server(http, opts)`, `require('socket.io')(http, opts)`, `socketio(http)`. */
function socketIoServers(index: JsIndex): { node: AstNode; guarded: boolean }[] {
  const out: { node: AstNode; guarded: boolean }[] = [];
  const calls = [...index.nodesOf('CallExpression'), ...index.nodesOf('NewExpression')];
  for (const c of calls) {
    const callee = unwrap(c.callee as AstNode);
    const direct = callee.type === 'CallExpression' && requireModule(callee) === 'socket.io';
    const resolved = index.resolvedName(callee);
    const bound = !!resolved && (resolved === 'socket.io' || resolved === 'socket.io.Server' || resolved === 'socket.io.default' || resolved === 'socket.io.listen');
    if (!direct && !bound) continue;
    const keys = c.arguments.flatMap((a) => objectKeys(unwrap(a as AstNode)));
    out.push({ node: c as AstNode, guarded: keys.some((k) => SIO_GUARDS.has(k)) });
  }
  return out;
}

/** Handshake authenticators: ws `verifyClient`, an `upgrade` handler that calls `handleUpgrade`, socket.io `io.use` middleware. */
function authenticators(index: JsIndex, socketIo: boolean): { fn: FunctionLike; library: string; at: AstNode }[] {
  const out: { fn: FunctionLike; library: string; at: AstNode }[] = [];
  if (index.imports('ws')) {
    for (const p of index.nodesOf('Property')) {
      if (propertyKey(p as AstNode) !== 'verifyClient') continue;
      const fn = fnOf(p.value as AstNode, index);
      if (fn) out.push({ fn, library: 'ws', at: p as AstNode });
    }
  }
  for (const c of index.nodesOf('CallExpression')) {
    const prop = calleeProperty(c);
    if (prop === 'on' && index.imports('ws') && stringValue(c.arguments[0] as AstNode, index) === 'upgrade') {
      const fn = fnOf(c.arguments[1] as AstNode, index);
      if (fn && index.text(fn).includes('handleUpgrade') && /\.destroy\(|\b40[13]\b/.test(index.text(fn))) out.push({ fn, library: 'ws', at: c as AstNode });
    } else if (prop === 'use' && socketIo && c.arguments.length === 1) {
      // io.use((socket, next) => …): a socket.io middleware (Express middleware has (req, res, next)).
      const fn = fnOf(c.arguments[0] as AstNode, index);
      const first = fn?.params[0] as AstNode | undefined;
      if (fn && fn.params.length === 2 && first?.type === 'Identifier' && /^(socket|client|sock|s)$/.test(first.name)) out.push({ fn, library: 'socket.io', at: c as AstNode });
    }
  }
  return out;
}

/**
 * Does the hook turn handshakes away (what makes it authentication, not session upkeep)? socket.io:
 * `next(err)` / `next(new Error(…))`, `socket.disconnect()`; ws: `verifyClient` always decides, an
 * upgrade handler must close the socket (`socket.destroy()`, a written 401).
 */
function refuses(fn: FunctionLike, library: string): boolean {
  const body = (fn.body ?? fn) as AstNode;
  if (library === 'ws') return true;
  const next = fn.params[1] as AstNode | undefined;
  const name = next?.type === 'Identifier' ? next.name : undefined;
  for (const c of nodesUnder(body, 'CallExpression')) {
    const callee = unwrap(c.callee as AstNode);
    if (name && callee.type === 'Identifier' && callee.name === name && c.arguments.length > 0) return true;
    if (calleeProperty(c) === 'disconnect') return true;
  }
  return false;
}

export function websocketFacts(index: JsIndex): FactInput[] {
  // An origin looked at anywhere in the file (a helper, an allow-list) is taken as checked.
  if (ORIGIN.test(index.content)) return [];
  const servers = index.imports('socket.io') ? socketIoServers(index) : [];
  // socket.io middleware counts only beside a server built here without an origin option.
  const socketIo = servers.length > 0 && servers.every((s) => !s.guarded);
  const out: FactInput[] = [];
  for (const a of authenticators(index, socketIo)) {
    const text = index.text(a.fn);
    const m = COOKIE_AUTH.exec(text);
    if (!m || !refuses(a.fn, a.library)) continue;
    out.push({
      kind: 'config',
      setting: 'websocket-cookie-auth',
      values: { library: a.library, by: /session/i.test(m[0]) ? 'session' : 'cookie', hook: a.library === 'socket.io' ? 'io.use' : propertyKey(a.at) === 'verifyClient' ? 'verifyClient' : 'upgrade' },
      summary: `${a.library} handshake authenticated by ${m[0]} without an Origin check`,
      evidence: index.evidence(a.at),
      key: `${index.file}#config:websocket-cookie-auth:${index.enclosingFunctionName(a.at)}:${a.library}`,
    });
  }
  return out;
}

export const extractor: Extractor = {
  id: 'js/websocket-auth',
  title: 'WebSocket handshakes authenticated by cookies without an Origin check (ws, socket.io)',
  matches: (path) => isJsFile(path) && !isTestFile(path),
  signals: ['verifyClient', 'handleUpgrade', 'socket.io'],
  extract(file, ctx) {
    if (!COOKIE_AUTH.test(file.content)) return null;
    const index = jsIndex(file, ctx);
    const facts = websocketFacts(index);
    return facts.length > 0 ? facts : null;
  },
};
