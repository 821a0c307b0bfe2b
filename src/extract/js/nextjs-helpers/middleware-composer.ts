// Handler wrappers built by a shared middleware composer (the "higher-order middleware factory"):
//   export function withAuth(scopeOrHandler, handler?) {
//     return withMiddleware(handler, authMiddleware, undefined, scopeOrHandler);
//   }
//   function withMiddleware(handler, middleware, options) {
//     return async (req, context) => {
//       const result = await middleware(req, options);
//       if (result instanceof Response) return result;   // the middleware's refusal, answered
//       return handler(result, context);
//     };
//   }
//   async function authMiddleware(req) {
//     const session = await auth(req.headers);
//     if (!session?.user) return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });
//     return req;
//   }
// Judged by body, all in the wrapper's file: every call by which the wrapper hands its callback to
// a composer of the file also hands it a middleware of the file; the composer's returned function
// calls that middleware parameter, leaves with its result when the result says so, and only then
// calls the callback parameter; the middleware refuses (401/403) without a session, itself or
// through another middleware of the file whose refusal it hands back (`if (r instanceof Response)
// return r`). An administrator test refused with 403 in the middleware makes it `admin`.
import { calleeName, isFunctionLike, memberPath, nodesUnder, unwrap, unwrapAwait, type AstNode, type CallLike, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { absentPaths } from '../_lib/absence.js';
import { returnedFunction } from '../_lib/routes-guards.js';
import { authLikeName, words } from '../_lib/routes.js';

export interface ComposedVerdict {
  level: 'user' | 'admin';
  why: string;
}

const SESSION_CALL = /^(getServerSession|getServerAuthSession|getSession|getToken|auth|currentUser|getCurrentUser|getUser|getAuth|getSessionUser|validateRequest|verifySession)$/;
const REFUSES = /\bstatus\s*:\s*40[13]\b|\.status\(\s*40[13]\s*\)|nauthori[sz]ed\(|orbidden\(/;
const ADMIN_REFUSES = /\bstatus\s*:\s*403\b|\.status\(\s*403\s*\)|orbidden\(/;
const IDENTITY = /auth|session|token|user|identity|principal|account|jwt|claims|credential/i;
const ADMIN_WORD = /^(admin|superuser|superadmin|staff)$/;

function identName(n: AstNode | undefined): string | undefined {
  let p = n;
  if (p && p.type === 'AssignmentPattern') p = p.left as AstNode;
  if (p && p.type === 'TSParameterProperty') p = p.parameter as AstNode;
  return p && p.type === 'Identifier' ? p.name : undefined;
}

/** A same-file function a value names. */
function localFunction(node: AstNode | undefined, index: JsIndex): FunctionLike | undefined {
  const u = node ? unwrap(node) : undefined;
  if (!u) return undefined;
  if (isFunctionLike(u)) return u;
  return u.type === 'Identifier' ? index.functionByName(u.name) : undefined;
}

function statements(fn: FunctionLike): AstNode[] {
  const body = unwrap(fn.body as AstNode | null);
  if (!body || body.type !== 'BlockStatement') return [];
  return (body.body as AstNode[]).flatMap((s) => (s.type === 'TryStatement' ? ((s.block as AstNode & { body: AstNode[] }).body) : [s]));
}

/** The call a local of `fn` holds: `const s = await auth(...)` or `s = await auth(...)`. */
function callBoundTo(name: string, fn: FunctionLike): CallLike | undefined {
  for (const d of nodesUnder(fn.body as AstNode, 'VariableDeclarator')) {
    const init = unwrapAwait(d.init as AstNode | null);
    if (d.id.type === 'Identifier' && d.id.name === name && init?.type === 'CallExpression') return init;
  }
  for (const a of nodesUnder(fn.body as AstNode, 'AssignmentExpression')) {
    const right = unwrapAwait(a.right as AstNode);
    if ((a.left as AstNode).type === 'Identifier' && (a.left as { name: string }).name === name && right?.type === 'CallExpression') return right;
  }
  return undefined;
}

function lastStatement(branch: AstNode): AstNode | undefined {
  return branch.type === 'BlockStatement' ? (branch.body[branch.body.length - 1] as AstNode | undefined) : branch;
}

/** `if (result instanceof Response) return result`, `if (!result.ok) return result.response`: leaves with what `local` holds. */
function leavesWith(s: AstNode, local: string): boolean {
  if (s.type !== 'IfStatement') return false;
  const last = lastStatement(s.consequent as AstNode);
  if (!last || last.type !== 'ReturnStatement' || !last.argument) return false;
  const tested = nodesUnder(s.test as AstNode, 'Identifier').some((i) => i.name === local);
  const returned = memberPath(unwrap(last.argument as AstNode))?.[0] === local;
  return tested && returned;
}

/** Does the middleware refuse without a session (401/403), itself or through another middleware of the file (depth-bounded)? */
export function refusingMiddleware(fn: FunctionLike, index: JsIndex, depth = 2): ComposedVerdict | undefined {
  const request = identName(fn.params[0] as AstNode | undefined);
  if (!request || !fn.body) return undefined;
  let verdict: ComposedVerdict | undefined;
  for (const s of statements(fn)) {
    if (s.type !== 'IfStatement') continue;
    const text = index.text(s.consequent as AstNode);
    const last = lastStatement(s.consequent as AstNode);
    if (!last || (last.type !== 'ReturnStatement' && last.type !== 'ThrowStatement')) continue;
    // `if (!session?.user) return NextResponse.json(..., { status: 401 })`.
    if (!verdict && REFUSES.test(text)) {
      for (const path of absentPaths(s.test as AstNode)) {
        const call = callBoundTo(path[0], fn);
        const name = call ? (calleeName(call) ?? '') : '';
        const lastName = name.split('.').pop() ?? '';
        // A session getter, an auth-like name, or a call named for the caller that is handed the request (`getSessionFromHeaders(req.headers)`).
        const givenRequest = !!call && call.arguments.some((a) => memberPath(unwrap(a as AstNode))?.[0] === request);
        if (call && (SESSION_CALL.test(lastName) || authLikeName(lastName) || (givenRequest && IDENTITY.test(lastName)))) {
          verdict = { level: 'user', why: `${name}() read, refuses without a session` };
          break;
        }
      }
    }
    // `const authReq = await authMiddleware(req); if (authReq instanceof Response) return authReq;`
    if (!verdict && depth > 0) {
      for (const id of nodesUnder(s.test as AstNode, 'Identifier')) {
        const call = leavesWith(s, id.name) ? callBoundTo(id.name, fn) : undefined;
        const inner = call && call.arguments.some((a) => memberPath(unwrap(a as AstNode))?.[0] === request) ? localFunction(call.callee as AstNode, index) : undefined;
        const judged = inner && inner !== fn ? refusingMiddleware(inner, index, depth - 1) : undefined;
        if (judged) {
          verdict = { level: judged.level, why: `${calleeName(call!) ?? 'middleware'}: ${judged.why}` };
          break;
        }
      }
    }
    // After the caller is known: `if (!isAdmin(user)) return 403` makes the middleware admin-only.
    if (verdict && ADMIN_REFUSES.test(text) && (s.test as AstNode).type === 'UnaryExpression') {
      const tested = nodesUnder(s.test as AstNode, 'Identifier').some((i) => words(i.name).some((w) => ADMIN_WORD.test(w)));
      if (tested) verdict = { level: 'admin', why: `${verdict.why}; refuses non-administrators (${index.text(s.test as AstNode).slice(0, 60)})` };
    }
  }
  return verdict;
}

/** Parameters of the wrapper that may hold the route's callback (`handler`, `scopeOrHandler`, `handlerOrOptions`). */
function callbackParams(fn: FunctionLike): Set<string> {
  const out = new Set<string>();
  for (const p of fn.params as AstNode[]) {
    const name = identName(p);
    if (name && words(name).some((w) => w === 'handler' || w === 'handle' || w === 'callback')) out.add(name);
  }
  return out;
}

/**
 * The composer's returned function calls the middleware parameter, leaves with its result when the
 * result says so, and only after that calls the callback parameter.
 */
function composerRuns(composer: FunctionLike, callbackAt: number, middlewareAt: number, index: JsIndex): boolean {
  const callback = identName(composer.params[callbackAt] as AstNode | undefined);
  const middleware = identName(composer.params[middlewareAt] as AstNode | undefined);
  const runner = returnedFunction(composer, index);
  if (!callback || !middleware || !runner?.body) return false;
  const calls = nodesUnder(runner.body as AstNode, 'CallExpression');
  const callbackCall = calls.find((c) => { const u = unwrap(c.callee as AstNode); return u.type === 'Identifier' && u.name === callback; });
  if (!callbackCall) return false;
  for (const d of nodesUnder(runner.body as AstNode, 'VariableDeclarator')) {
    const init = unwrapAwait(d.init as AstNode | null);
    const callee = init?.type === 'CallExpression' ? unwrap(init.callee as AstNode) : undefined;
    if (d.id.type !== 'Identifier' || callee?.type !== 'Identifier' || callee.name !== middleware || d.start > callbackCall.start) continue;
    const local = d.id.name;
    const answered = nodesUnder(runner.body as AstNode, 'IfStatement').some((s) => s.start > d.start && s.end < callbackCall.start && leavesWith(s, local));
    if (answered) return true;
  }
  return false;
}

/** Is `fn` a wrapper that hands its callback to a composer of its file with a middleware that refuses without a session? */
export function composedWrapper(fn: FunctionLike, index: JsIndex): ComposedVerdict | undefined {
  if (!fn.body) return undefined;
  const callbacks = callbackParams(fn);
  if (callbacks.size === 0) return undefined;
  let verdict: ComposedVerdict | undefined;
  let handoffs = 0;
  for (const call of nodesUnder(fn.body as AstNode, 'CallExpression')) {
    const args = call.arguments as AstNode[];
    const callbackAt = args.findIndex((a) => memberPath(unwrap(a))?.length === 1 && callbacks.has(memberPath(unwrap(a))![0]));
    if (callbackAt < 0) continue;
    const composer = localFunction(call.callee as AstNode, index);
    if (!composer || composer === fn) return undefined;
    handoffs++;
    // Every hand-off must carry a refusing middleware: one without it leaves that path open.
    let judged: ComposedVerdict | undefined;
    args.forEach((a, at) => {
      if (judged || at === callbackAt) return;
      const mw = localFunction(a, index);
      const v = mw && mw !== fn ? refusingMiddleware(mw, index) : undefined;
      if (v && composerRuns(composer, callbackAt, at, index)) judged = v;
    });
    if (!judged) return undefined;
    if (!verdict || (verdict.level === 'admin' && judged.level === 'user')) verdict = judged;
  }
  return handoffs > 0 && verdict ? { level: verdict.level, why: `hands the handler to a middleware composer: ${verdict.why}` } : undefined;
}
