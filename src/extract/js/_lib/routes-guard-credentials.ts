// Auth a handler does itself from the request, with no middleware: a caller looked up by a body
// credential field, or a shared deployment secret compared with a request value. Separate because
// each must first rule out a login handler (one that issues a credential).
import { calleeName, calleeProperty, memberPath, nodesUnder, someNode, unwrapAwait, type AstNode, type FunctionLike, type JsIndex } from './ast.js';
import { REQ_NAMES, rejects, IDENTITY_CALLEE, LOGIN_CALLEE, negative, statusRejects } from './routes-guard-signals.js';

/** Request-body fields that carry a credential (`req.body.auth`, `req.body.apiKey`). */
const BODY_CREDENTIAL = /^(auth|authentication|credentials?|token|access_?token|api_?key|apikey|secret|password|passwd|pass)$/i;
/** Handlers that log a caller in: their credential lookup is the login, not a guard. */
const LOGIN_HANDLER = /^(log-?in|sign-?in|authenticate|register|sign-?up|reset\w*|forgot\w*)$/i;

/**
 * Auth done by the handler itself from credentials in the request body: among its first
 * statements, a caller looked up by a credential field (`const user = findUser(req.body.auth)`)
 * and `if (!user) return res.status(403)...`. Not a login (a handler that then issues a token or
 * session, or writes a password), and only at the top of the body, before any other work.
 */
export function bodyCredentialCheck(fn: FunctionLike, index: JsIndex): string | undefined {
  const body = fn.body as AstNode | null;
  if (!body || body.type !== 'BlockStatement') return undefined;
  const name = (index.functionName(fn) ?? '').split('.').pop() ?? '';
  if (LOGIN_HANDLER.test(name) || issuesCredential(body)) return undefined;
  const statements = body.body as AstNode[];
  for (const stmt of statements.slice(0, 4)) {
    if (stmt.type !== 'IfStatement' || !negative(stmt.test as AstNode, index) || !statusRejects(stmt.consequent as AstNode, index)) continue;
    for (const id of nodesUnder(stmt.test as AstNode, 'Identifier')) {
      const init = unwrapAwait(index.initAt(id.name, id));
      if (!init || init.type !== 'CallExpression') continue;
      const callee = calleeName(init) ?? calleeProperty(init) ?? '';
      if (!IDENTITY_CALLEE.test(callee) || LOGIN_CALLEE.test(calleeProperty(init) ?? callee)) continue;
      const field = init.arguments
        .flatMap((a) => nodesUnder(a as AstNode, 'MemberExpression'))
        .map((m) => memberPath(m))
        .find((p) => !!p && p.length === 3 && REQ_NAMES.has(p[0]) && p[1] === 'body' && BODY_CREDENTIAL.test(p[2]));
      if (field) return `${callee}(${field.join('.')}), 403 when not found`;
    }
  }
  return undefined;
}

/** A deployment secret read from the environment or configuration (`env.CRON_SECRET`, `config.apiKey`). */
// Also through a configuration getter (`Config.get().security.requestSignature`).
export const DEPLOYMENT_SECRET = /\b(?:env|config|settings|secrets)(?:\.(?:get|all|current)\(\))?\.(?:\w+\.)*\w*(?:secret|token|api_?key|_key|password|signature)\w*\b/i;

/**
 * A caller authenticated by a shared secret the handler compares itself, among its first
 * statements: `if (!safeEqual(env.CRON_SECRET, req.query.token)) throw ...` or
 * `if (req.headers['x-key'] !== process.env.KEY) return res.sendStatus(401)`, where the compared
 * value comes from the request and the failing branch refuses. Schedulers and webhooks call such
 * routes; a login handler comparing a password is not one.
 */
export function sharedSecretCheck(fn: FunctionLike, index: JsIndex): string | undefined {
  const body = fn.body as AstNode | null;
  if (!body || body.type !== 'BlockStatement') return undefined;
  const name = (index.functionName(fn) ?? '').split('.').pop() ?? '';
  if (LOGIN_HANDLER.test(name) || issuesCredential(body)) return undefined;
  const statements = body.body as AstNode[];
  for (const [i, stmt] of statements.slice(0, SECRET_CHECK_WINDOW).entries()) {
    // Past the first four, only while the handler has done nothing but read and validate the request.
    if (i >= 4 && statements.slice(0, i).some((s) => doesWork(s, index))) break;
    if (stmt.type !== 'IfStatement' || !negative(stmt.test as AstNode, index)) continue;
    const why = rejects(stmt.consequent as AstNode, index);
    if (!why || !(why === 'throw' || /40[13]|nauthori|orbidden/.test(why))) continue;
    const test = stmt.test as AstNode;
    const secret = index.text(test).match(DEPLOYMENT_SECRET)?.[0] ?? secretThroughLocal(test, index);
    if (secret && requestValueIn(test, index)) return `compares a request value with ${secret}, ${why} otherwise`;
  }
  return undefined;
}

/** How far down a handler its own secret check may stand (after content-type and body checks). */
const SECRET_CHECK_WINDOW = 12;

/** `const expected = process.env.INGEST_TOKEN; if (key !== expected)`: the secret held in a local first. */
function secretThroughLocal(test: AstNode, index: JsIndex): string | undefined {
  for (const id of nodesUnder(test, 'Identifier')) {
    const init = index.initAt(id.name, id);
    const found = init ? index.text(init).match(DEPLOYMENT_SECRET)?.[0] : undefined;
    if (found) return found;
  }
  return undefined;
}

/** A statement that awaits anything but the request's own body (`await req.json()`): work done before the check. */
function doesWork(stmt: AstNode, index: JsIndex): boolean {
  return nodesUnder(stmt, 'AwaitExpression').some((a) => {
    const call = unwrapAwait(a);
    const callee = call && call.type === 'CallExpression' ? memberPath(call.callee as AstNode) : undefined;
    return !callee || !REQ_NAMES.has(callee[0]) || !/^(json|text|formData|arrayBuffer|blob)$/.test(callee[callee.length - 1]);
  }) || index.text(stmt).length > 2000;
}

/**
 * The expression reads the request, directly or through up to two `const`s (`const token =
 * req.query.token`; `const header = req.headers.authorization; const token = header?.split(' ')[1]`).
 */
export function requestValueIn(expr: AstNode, index: JsIndex, depth = 0): boolean {
  const fromRequest = (n: AstNode): boolean => nodesUnder(n, 'MemberExpression').some((m) => REQ_NAMES.has(memberPath(m)?.[0] ?? ''));
  if (fromRequest(expr)) return true;
  if (depth >= 2) return false;
  return nodesUnder(expr, 'Identifier').some((id) => {
    const init = index.initAt(id.name, id);
    return !!init && init !== expr && requestValueIn(init, index, depth + 1);
  });
}

/** The body issues a credential or sets one: signs a token, writes the session, logs in, sets a password. */
function issuesCredential(body: AstNode): boolean {
  return someNode(body, (n) => {
    if (n.type === 'AssignmentExpression') {
      const path = memberPath(n.left as AstNode);
      // A bare `hash` local reassigned (`hash = \`a_${hash}\``, a file's digest) sets no password: only a record's `user.hash`.
      return !!path && ((path[1] === 'session' && REQ_NAMES.has(path[0])) || /^(password|passwordHash|password_hash)$/i.test(path[path.length - 1]) || (path.length > 1 && /^hash$/i.test(path[path.length - 1])));
    }
    if (n.type !== 'CallExpression') return false;
    const prop = calleeProperty(n) ?? '';
    return /^(sign|signAsync|login|logIn|cookie|regenerate|generateToken|issueToken|createToken|setPassword)$/.test(prop);
  });
}
