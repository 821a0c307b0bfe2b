// Cookies and server-side sessions: express-session / cookie-session / koa-session /
// @fastify/session options (secret origin, cookie flags), and cookies written by handlers
// (res.cookie, ctx.cookies.set, reply.setCookie) with their effective flags.
import type { FactInput } from '../../../model/types.js';
import {
  calleeName,
  calleeProperty,
  literalValue,
  memberPath,
  objectProp,
  propertyKey,
  resolveObject,
  stringValue,
  unwrap,
  valueOrigin,
  type AstNode,
  type JsIndex,
} from '../_lib/ast.js';
import { configFact, flag } from './common.js';
import { optionsObject } from './options-object.js';
import { configRef } from './shipped-config.js';

const SENSITIVE_COOKIE = /token|session|sess|sid|auth|jwt|remember|refresh|access|login|credential|user_?id|csrf|xsrf|id_token|identity/i;
/** Names of cookies that remember where to go or how to show things (`loginRedirect`, `returnTo`), not who the caller is. */
const NAVIGATION_COOKIE = /redirect|return_?to|next_?url|callback_?url|locale|lang|theme/i;
/** Keys of a cookie options object (res.cookie, ctx.cookies.set, reply.setCookie). */
const COOKIE_OPTION_KEYS = new Set(['expires', 'maxAge', 'httpOnly', 'secure', 'sameSite', 'domain', 'path', 'signed', 'overwrite', 'priority', 'partitioned', 'encode']);

/** Library → where the cookie flags live and their defaults. */
// Without a prototype: callee names such as `toString` must not find Object's methods.
const SESSION_LIBS: Record<string, { cookieKey?: string; httpOnly: boolean; secret: string[] }> = Object.assign(Object.create(null) as Record<string, { cookieKey?: string; httpOnly: boolean; secret: string[] }>, {
  'express-session': { cookieKey: 'cookie', httpOnly: true, secret: ['secret'] },
  'cookie-session': { httpOnly: true, secret: ['secret', 'keys'] },
  'koa-session': { httpOnly: true, secret: [] },
  '@fastify/session': { cookieKey: 'cookie', httpOnly: true, secret: ['secret'] },
  '@fastify/secure-session': { cookieKey: 'cookie', httpOnly: true, secret: ['secret', 'key'] },
  'client-sessions': { cookieKey: 'cookie', httpOnly: true, secret: ['secret'] },
});

function sessionFact(index: JsIndex, at: AstNode, library: string, optsNode: AstNode | undefined): FactInput {
  const lib = SESSION_LIBS[library];
  const opts = resolveObject(optsNode, index);
  const cookie = lib.cookieKey ? resolveObject(objectProp(opts, lib.cookieKey), index) : opts;
  const secretNode = lib.secret.map((k) => objectProp(opts, k)).find((n) => n !== undefined);
  let secretOrigin = secretNode ? valueOrigin(secretNode, index) : 'none';
  const keys = unwrap(secretNode);
  if (keys && keys.type === 'ArrayExpression') secretOrigin = keys.elements.every((e) => valueOrigin(e as AstNode, index) === 'literal') ? 'literal' : valueOrigin(keys.elements[0] as AstNode, index);
  const httpOnly = flag(objectProp(cookie, 'httpOnly'), index);
  const secure = laterFlag(optsNode, lib.cookieKey, 'secure', index) ?? flag(objectProp(cookie, 'secure'), index);
  const sameSite = objectProp(cookie, 'sameSite');
  const values = {
    library,
    optionsDynamic: !!optsNode && !opts,
    secretOrigin,
    httpOnly: httpOnly ?? lib.httpOnly,
    secure: secure ?? false,
    secureExplicit: secure !== null,
    sameSite: sameSite ? (stringValue(sameSite, index) ?? String(literalValue(sameSite, index) ?? 'dynamic')).toLowerCase() : null,
    resave: literalValue(objectProp(opts, 'resave'), index) === true,
    saveUninitialized: literalValue(objectProp(opts, 'saveUninitialized'), index) === true,
    store: !!objectProp(opts, 'store'),
  };
  return configFact(index, at, 'session', values, `${library} session: secret ${secretOrigin}, secure ${String(values.secure)}, httpOnly ${String(values.httpOnly)}`, library);
}

/**
 * `opts.cookie.secure = true` written after the options object was built, through the variable
 * handed to the session middleware (`if (url.protocol === 'https:') sess.cookie.secure = true`):
 * the value written, `conditional` under a branch or when several writes differ. Null: no write.
 */
function laterFlag(optsNode: AstNode | undefined, cookieKey: string | undefined, key: 'secure', index: JsIndex): boolean | 'conditional' | null {
  const opts = unwrap(optsNode);
  if (opts?.type !== 'Identifier' || !index.content.includes(`.${key} =`)) return null;
  const want = [opts.name, ...(cookieKey ? [cookieKey] : []), key].join('.');
  let out: boolean | 'conditional' | null = null;
  for (const a of index.nodesOf('AssignmentExpression')) {
    if (a.operator !== '=' || memberPath(a.left as AstNode)?.join('.') !== want) continue;
    const value = flag(a.right as AstNode, index);
    const branch = index.ancestors(a).some((n) => n.type === 'IfStatement' || n.type === 'ConditionalExpression' || n.type === 'LogicalExpression');
    const v = branch || value === null ? 'conditional' : value;
    out = out === null || out === v ? v : 'conditional';
  }
  return out;
}

/** The write clears the cookie: a literal placeholder value, `maxAge: 0`, or an expiry a few seconds away or in the past. */
function clearsCookie(value: AstNode | undefined, opts: AstNode | undefined, index: JsIndex): boolean {
  const literal = value ? stringValue(value, index) : undefined;
  if (literal !== undefined && /^(|none|null|deleted|expired|logout|loggedout|0)$/i.test(literal.trim())) return true;
  const maxAge = literalValue(objectProp(opts, 'maxAge'), index);
  if (maxAge === 0) return true;
  const expires = objectProp(opts, 'expires');
  if (!expires) return false;
  const text = index.text(expires).replace(/\s+/g, '');
  // new Date(0), new Date(Date.now() - 1), new Date(Date.now() + 10 * 1000): gone within a minute.
  if (/^newDate\(0\)$/.test(text) || /Date\.now\(\)-/.test(text)) return true;
  const soon = /^newDate\(Date\.now\(\)\+(\d+)(?:\*(\d+))?\)$/.exec(text);
  return !!soon && Number(soon[1]) * Number(soon[2] ?? 1) <= 60_000;
}

/**
 * Which branch of a settings test runs when the setting is left unset: `!process.env.NOT_SECURED`
 * and `!config.insecure` are true then (the consequent), a bare `process.env.SECURE_COOKIES` or
 * `config.https` false (the alternate). Comparisons and other tests say neither.
 */
function unsetBranch(test: AstNode): boolean | undefined {
  const t = unwrap(test);
  const negated = t.type === 'UnaryExpression' && t.operator === '!';
  const read = unwrap(negated ? (t.argument as AstNode) : t);
  const path = memberPath(read);
  if (!path || path.length < 2 || read.type !== 'MemberExpression') return undefined;
  return negated;
}

/**
 * A flag set inside an options spread (`...(!process.env.NOT_SECURED ? { secure: true, httpOnly:
 * true } : {})`): true when the branch that sets it runs with the setting unset (secure by
 * default, an insecure mode to switch on), false when only setting it turns the flag on, and
 * `conditional` when the test says neither (`NODE_ENV === 'production' ? {...} : {}`).
 */
function spreadFlag(opts: AstNode | undefined, key: 'httpOnly' | 'secure', index: JsIndex): boolean | 'conditional' | null {
  if (opts?.type !== 'ObjectExpression') return null;
  let out: boolean | 'conditional' | null = null;
  for (const p of opts.properties as AstNode[]) {
    if (p.type !== 'SpreadElement') continue;
    const inner = unwrap(p.argument as AstNode);
    const branches: [AstNode, boolean][] =
      inner.type === 'ConditionalExpression'
        ? [[inner.consequent as AstNode, true], [inner.alternate as AstNode, false]]
        : inner.type === 'LogicalExpression' && inner.operator === '&&'
          ? [[inner.right as AstNode, true]]
          : [];
    const test = inner.type === 'ConditionalExpression' ? inner.test : inner.type === 'LogicalExpression' ? inner.left : undefined;
    const onUnset = test ? unsetBranch(test as AstNode) : undefined;
    for (const [b, whenTrue] of branches) {
      const o = unwrap(b);
      const value = o.type === 'ObjectExpression' ? flag(objectProp(o, key), index) : null;
      if (value !== true) continue;
      out = onUnset === undefined ? 'conditional' : onUnset === whenTrue;
    }
  }
  return out;
}

/** Effective flags of a cookie write; Koa's ctx.cookies defaults httpOnly to true. */
function cookieFact(index: JsIndex, call: AstNode & { arguments: unknown[] }, api: string, httpOnlyDefault: boolean, secureDefault: boolean | 'conditional' = false): FactInput {
  const args = call.arguments as AstNode[];
  const name = stringValue(args[0], index);
  const valueText = args[1] ? index.text(args[1]) : '';
  const opts = resolveObject(args[2], index);
  const dynamic = !!args[2] && !opts;
  // Flags written directly win; else those a spread sets under a settings test.
  const httpOnly = flag(objectProp(opts, 'httpOnly'), index) ?? spreadFlag(opts, 'httpOnly', index);
  const secure = flag(objectProp(opts, 'secure'), index) ?? spreadFlag(opts, 'secure', index);
  const sameSite = objectProp(opts, 'sameSite');
  const tokenValue = /token|jwt|sid\b|session_?id|sessionId/i.test(valueText);
  let sensitive = (name !== undefined && SENSITIVE_COOKIE.test(name) && !NAVIGATION_COOKIE.test(name)) || (name === undefined && SENSITIVE_COOKIE.test(index.text(args[0] ?? call))) || /token|jwt|session/i.test(valueText);
  // Deliberately script-readable (httpOnly: false) and not carrying a token: a UI hint, not a credential.
  if (httpOnly === false && !tokenValue) sensitive = false;
  // A CSRF token for the page's script to echo in a header (double-submit: `res.cookie('XSRF-TOKEN',
  // req.csrfToken())`, the name Angular and axios read): HttpOnly would defeat its purpose.
  const csrfToken = name !== undefined && /csrf|xsrf/i.test(name) && (/token/i.test(name) || /csrf|xsrf/i.test(valueText));
  // A logout overwriting the cookie with a fixed placeholder (`'none'`, `''`, `'deleted'`) or letting
  // it expire at once carries no credential.
  if (clearsCookie(args[1], opts, index)) sensitive = false;
  // Options built by a helper (`res.cookie('jwt', token, helpers.cookieOptions())`): the rule
  // reads that helper's returned object (`cookie-options-helper`).
  const optionsCall = unwrap(args[2]);
  const values = {
    api,
    name: name ?? null,
    sensitive,
    // Signed with the cookie parser's secret (`signed: true`), and what the value holds: a bare
    // user id (`user._id + '$$$$'`) names the caller, so whoever can sign can be anyone.
    signed: literalValue(objectProp(optionsObject(args[2], index), 'signed'), index) === true,
    carries: userIdValue(args[1], index) ? 'user-id' : null,
    csrfToken,
    optionsDynamic: dynamic,
    optionsHelper: dynamic && optionsCall?.type === 'CallExpression' && optionsCall.arguments.length === 0 ? (calleeProperty(optionsCall) ?? calleeName(optionsCall) ?? null) : null,
    httpOnly: httpOnly ?? httpOnlyDefault,
    secure: secure ?? secureDefault,
    sameSite: sameSite ? (stringValue(sameSite, index) ?? String(literalValue(sameSite, index) ?? 'dynamic')).toLowerCase() : null,
  };
  return configFact(index, call, 'cookie', values, `cookie ${name ?? '?'} via ${api}: httpOnly ${String(values.httpOnly)}, secure ${String(values.secure)}`, `${api}:${name ?? '?'}`);
}

/**
 * Functions that return a cookie options object (every key a cookie option): their flags, for
 * cookies written with `helper()` as options. A spread that sets a flag under a condition
 * (`...(https ? { secure: true } : {})`) makes it conditional.
 */
/** A helper's options name one of these keys (the flags it sets, or a lifetime). */
const OPTION_TEXT = /httpOnly|sameSite|maxAge|expires/;

function cookieOptionHelpers(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  // The text test (a full scan) only once an object literal is returned: most files return none.
  let named: boolean | undefined;
  for (const ret of index.nodesOf('ReturnStatement')) {
    const obj = unwrap(ret.argument as AstNode | null);
    if (obj?.type !== 'ObjectExpression' || obj.properties.length === 0) continue;
    if (!(named ??= OPTION_TEXT.test(index.content))) return out;
    const flags: Record<string, boolean | 'conditional' | null> = { httpOnly: null, secure: null };
    let sameSite: string | null = null;
    let cookieLike = true;
    for (const p of obj.properties as AstNode[]) {
      if (p.type === 'SpreadElement') {
        const inner = unwrap(p.argument as AstNode);
        const branches = inner.type === 'ConditionalExpression' ? [inner.consequent, inner.alternate] : inner.type === 'LogicalExpression' ? [inner.right] : [];
        for (const b of branches) {
          const o = unwrap(b as AstNode);
          if (o.type !== 'ObjectExpression') continue;
          for (const q of o.properties as AstNode[]) {
            const k = propertyKey(q);
            if (k === 'httpOnly' || k === 'secure') flags[k] = 'conditional';
          }
        }
        continue;
      }
      const key = propertyKey(p);
      if (!key || !COOKIE_OPTION_KEYS.has(key)) {
        cookieLike = false;
        break;
      }
      if (key === 'httpOnly' || key === 'secure') flags[key] = flag((p as AstNode & { value: AstNode }).value, index);
      if (key === 'sameSite') sameSite = stringValue((p as AstNode & { value: AstNode }).value, index) ?? 'dynamic';
    }
    const fn = index.enclosingFunction(ret);
    const name = fn ? index.functionName(fn)?.split('.').pop() : undefined;
    if (!cookieLike || !name || !obj.properties.some((p) => ['expires', 'maxAge', 'httpOnly', 'secure', 'sameSite'].includes(propertyKey(p as AstNode) ?? ''))) continue;
    out.push(configFact(index, ret, 'cookie-options-helper', { name, httpOnly: flags.httpOnly ?? false, secure: flags.secure ?? false, sameSite: sameSite?.toLowerCase() ?? null }, `cookie options built by ${name}()`, name));
  }
  return out;
}

/** Names of a user's identifier, at the end of a member chain (`user._id`, `req.user.id`) or alone (`userId`). */
const USER_ID = /(^|\.)(user|account|member)s?\.(_id|id|uid)$|^(user_?id|uid|account_?id)$/i;
/** What makes a value more than an id: a token, a signature, a random or encrypted part. */
const NOT_BARE_ID = /token|jwt|sign|hmac|cipher|encrypt|random|uuid|nanoid|session|hash|secret/i;

/** A cookie value that is a user's id, alone or joined with literals (`user._id + '$$$$'`), through one const. */
function userIdValue(node: AstNode | undefined, index: JsIndex): boolean {
  let n = unwrap(node);
  if (n?.type === 'Identifier') n = unwrap(index.initAt(n.name, n) ?? n);
  if (!n) return false;
  const text = index.text(n);
  if (NOT_BARE_ID.test(text)) return false;
  const parts: AstNode[] = [];
  const collect = (e: AstNode) => {
    const u = unwrap(e);
    if (u.type === 'BinaryExpression' && u.operator === '+') {
      collect(u.left as AstNode);
      collect(u.right);
    } else if (u.type === 'TemplateLiteral') for (const x of u.expressions as AstNode[]) collect(x);
    else parts.push(u);
  };
  collect(n);
  const ids = parts.filter((p) => USER_ID.test(memberPath(p)?.join('.') ?? ''));
  return ids.length > 0 && parts.every((p) => ids.includes(p) || typeof literalValue(p) === 'string' || calleeProperty(p as AstNode & { type: 'CallExpression' }) === 'toString');
}

/** `cookie-parser(secret)`: the secret every `signed: true` cookie is signed with, and where it comes from. */
function cookieParserSecret(index: JsIndex, call: AstNode & { arguments: unknown[] }): FactInput | undefined {
  const secret = call.arguments[0] as AstNode | undefined;
  if (!secret) return undefined;
  const first = unwrap(secret).type === 'ArrayExpression' ? ((unwrap(secret) as AstNode & { elements: AstNode[] }).elements[0] ?? secret) : secret;
  const ref = configRef(first, index);
  const values = { library: 'cookie-parser', secretOrigin: valueOrigin(first, index), secretModule: ref?.module ?? null, secretPath: ref?.path ?? null };
  return configFact(index, call, 'signing-secret', values, `cookie-parser secret: ${values.secretOrigin}${ref ? ` (${ref.module}.${ref.path})` : ''}`, 'cookie-parser');
}

export function cookieFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = cookieOptionHelpers(index);
  for (const call of index.nodesOf('CallExpression')) {
    const r = index.resolvedCallee(call) ?? '';
    const lib = r.endsWith('.default') ? r.slice(0, -8) : r;
    if (SESSION_LIBS[lib]) {
      out.push(sessionFact(index, call, lib, call.arguments[0] as AstNode));
      continue;
    }
    if (lib === 'cookie-parser') {
      const f = cookieParserSecret(index, call);
      if (f) out.push(f);
      continue;
    }
    if (calleeProperty(call) === 'register' && call.arguments.length >= 2) {
      const plugin = (index.resolvedName(call.arguments[0] as AstNode) ?? '').replace(/\.default$/, '');
      if (SESSION_LIBS[plugin]) out.push(sessionFact(index, call, plugin, call.arguments[1] as AstNode));
      continue;
    }
    if (call.arguments.length < 2) continue;
    const name = calleeName(call) ?? '';
    if (/^(res|response|this\.res)\.cookie$/.test(name) || (/\.cookie$/.test(name) && /res/i.test(name))) out.push(cookieFact(index, call, 'res.cookie', false));
    // Koa's cookies default to httpOnly, and to secure when the request came over HTTPS.
    else if (/(^|\.)cookies\.set$/.test(name)) out.push(cookieFact(index, call, 'ctx.cookies.set', true, 'conditional'));
    else if (/^(reply|res)\.setCookie$/.test(name)) out.push(cookieFact(index, call, 'reply.setCookie', false));
  }
  return out;
}
