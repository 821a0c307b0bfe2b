// An OAuth authorization-code exchange: the callback of a sign-in with a provider hands the `code`
// it was sent (and the PKCE verifier it kept in a cookie) to the provider's token endpoint —
// arctic / oslo `provider.validateAuthorizationCode(code, verifier)`, lucia's `validateCallback(code)`,
// google-auth-library `oauth2Client.getToken(code)`, simple-oauth2 `client.getToken({ code })`,
// openid-client `client.callback(uri, client.callbackParams(req))` / `authorizationCodeGrant(...)`,
// supabase `auth.exchangeCodeForSession(code)`, `exchangeCodeForToken(...)` helpers. The call finds
// out who is signing in; it does not check that the caller was signed in already. A route doing it
// is a step of a login (public by design), not one guarded by the call, however much its name
// (`...Authorization...`, `getToken`) or its cookie argument looks like a credential check.
import { calleeName, calleeProperty, memberPath, nodesUnder, someNode, stringValue, unwrapAwait, type AstNode, type JsIndex } from './ast.js';

/** Method names that only ever exchange a code. */
const CODE_EXCHANGE = /^(validateAuthorizationCode|validateCallback|exchangeAuthorizationCode|exchangeCode\w*|authorizationCodeGrant|getTokenFromCode\w*|getTokensFromCode|fetchTokenFromCode|exchangeOAuthCode|getOAuthAccessToken)$/;
/** Names that exchange a code when given one (`getToken(code)`), and mean something else otherwise (next-auth's `getToken({ req })`). */
const EXCHANGE_WITH_CODE = /^(getToken|getTokens|getAccessToken|fetchToken|requestToken|requestAccessToken|callback|oauthCallback|handleCallback|exchange|grant)$/;
/** What an authorization code is called. */
const CODE_NAME = /^(code|authCode|auth_code|authorizationCode|authorization_code|oauthCode|oauth_code)$/;

function methodName(call: AstNode): string {
  if (call.type !== 'CallExpression') return '';
  return (calleeProperty(call) ?? calleeName(call) ?? '').split('.').pop() ?? '';
}

/** `code`, `req.query.code`, `url.searchParams.get('code')`, `{ code, redirect_uri }`, `client.callbackParams(req)`. */
function carriesCode(node: AstNode, index: JsIndex, depth = 0): boolean {
  const n = unwrapAwait(node);
  if (!n) return false;
  if (n.type === 'Identifier') {
    if (CODE_NAME.test(n.name)) return true;
    if (depth > 1) return false;
    const init = index.initAt(n.name, n);
    return !!init && carriesCode(init, index, depth + 1);
  }
  if (n.type === 'MemberExpression') {
    const path = memberPath(n);
    return !!path && CODE_NAME.test(path[path.length - 1]);
  }
  if (n.type === 'CallExpression') {
    const m = methodName(n);
    if (m === 'callbackParams') return true;
    // `searchParams.get('code')`, `c.req.query('code')`, `getQuery(event).code` is a member above.
    return (m === 'get' || m === 'query' || m === 'param') && stringValue(n.arguments[0] as AstNode | undefined, index) === 'code';
  }
  if (n.type === 'ObjectExpression') {
    return n.properties.some((p) => p.type === 'Property' && ((p.key as AstNode).type === 'Identifier' ? /^(code|authorization_code)$/.test((p.key as unknown as { name: string }).name) : stringValue(p.key as AstNode) === 'code'));
  }
  return false;
}

/** Is this call an OAuth authorization-code exchange? */
export function codeExchange(call: AstNode, index: JsIndex): boolean {
  if (call.type !== 'CallExpression') return false;
  const name = methodName(call);
  if (CODE_EXCHANGE.test(name)) return true;
  return EXCHANGE_WITH_CODE.test(name) && call.arguments.some((a) => carriesCode(a as AstNode, index));
}

/** Does the function body exchange an authorization code anywhere? */
export function exchangesCode(body: AstNode, index: JsIndex): boolean {
  if (!/code|callback/i.test(index.text(body))) return false;
  return nodesUnder(body, 'CallExpression').some((c) => codeExchange(c, index));
}

/** Calls that start the signed-in session of whoever the exchange found (lucia, auth helpers, cookies). */
const STARTS_SESSION = /^(createSession|createSessionCookie|setSession\w*|createUserSession|startSession|newSession|setSessionTokenCookie|setAuthCookies?|setLoginCookies?|signIn|logIn|login|issueSession|generateSessionToken|cookie|setCookie|set)$/;

/** Calls that mint the application's own credential for whoever signed in. */
const ISSUES_TOKEN = /^(generate|sign|issue|create|mint)\w*(Jwt|JWT|AccessToken|SessionToken|AuthToken|LoginToken)\w*$/;

/**
 * Does the function (or a same-file helper it calls, one level down) start a session: a session
 * created or written, a cookie set (`cookies.set(...)`, `res.cookie(...)`, `setCookie(event, ...)`),
 * a token of the application's own issued?
 * `set` only on a cookie store.
 */
export function startsSession(body: AstNode, index: JsIndex, depth = 0): boolean {
  for (const c of nodesUnder(body, 'CallExpression')) {
    const name = methodName(c);
    const path = memberPath((c as unknown as { callee: AstNode }).callee);
    if (STARTS_SESSION.test(name) && (name !== 'set' || /cookie/i.test(path?.[path.length - 2] ?? ''))) return true;
    // Or hands back a token of the application's own (`generateJwtTokenForAuthIdentity(...)`, `jwt.sign(...)`).
    if (ISSUES_TOKEN.test(name) || (name === 'sign' && /jwt|token/i.test(path?.[path.length - 2] ?? ''))) return true;
    if (depth > 0 || !path || path.length !== 1) continue;
    const helper = index.functionByName(path[0]);
    if (helper?.body && helper.body !== body && startsSession(helper.body as AstNode, index, depth + 1)) return true;
  }
  return nodesUnder(body, 'AssignmentExpression').some((a) => {
    const path = memberPath(a.left as AstNode);
    return !!path && path.length >= 3 && path[1] === 'session';
  });
}

/** What a name is bound to in its function: `const t = ...`, or the object `const { tokens } = ...` takes it from. */
function boundInit(name: string, at: AstNode, index: JsIndex): AstNode | undefined {
  const init = index.initAt(name, at);
  if (init) return init;
  for (let fn = index.enclosingFunction(at); fn; fn = index.enclosingFunction(fn)) {
    if (!fn.body) continue;
    const d = nodesUnder(fn.body as AstNode, 'VariableDeclarator').find((v) => v.id.type !== 'Identifier' && v.init && nodesUnder(v.id as AstNode, 'Identifier').some((i) => i.name === name));
    if (d) return d.init as AstNode;
  }
  return undefined;
}

/**
 * A value the code exchange handed back (`verifyIdToken({ idToken: tokens.id_token })` after
 * `const { tokens } = await client.getToken(code)`): verifying it is part of the sign-in, not a
 * check of a credential the caller sent.
 */
export function fromCodeExchange(node: AstNode, index: JsIndex, depth = 0): boolean {
  return someNode(node, (n) => {
    if (n.type === 'CallExpression' && codeExchange(n, index)) return true;
    if (n.type !== 'Identifier' || depth > 2) return false;
    const parent = index.parent(n);
    if (parent?.type === 'MemberExpression' && parent.property === n && !parent.computed) return false;
    const init = boundInit(n.name, n, index);
    return !!init && fromCodeExchange(init, index, depth + 1);
  });
}

/**
 * A federated sign-in's callback: it exchanges a code, asks for no session of its own (a
 * `getSession()` there links a provider account to the signed-in user, or installs an
 * integration), and starts the session of whoever the provider named.
 */
export function federatedLogin(body: AstNode, index: JsIndex, readsCaller: (call: AstNode) => boolean): boolean {
  // Not the session it starts (`setSession(account, cookies)`), nor a check of what the provider sent back.
  const asksCaller = (c: AstNode): boolean => !STARTS_SESSION.test(methodName(c)) && readsCaller(c) && !(c as unknown as { arguments: AstNode[] }).arguments.some((a) => fromCodeExchange(a, index));
  return exchangesCode(body, index) && !nodesUnder(body, 'CallExpression').some(asksCaller) && startsSession(body, index);
}
