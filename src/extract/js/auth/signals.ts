// The text without which `js/auth` cannot emit a fact, so files holding none of it are skipped
// unparsed. Sound, not a guess: each group below follows one sub-module's ways to a fact and, on
// every way, a name the code must see. A resolved callee (`jsonwebtoken.sign`) is made of pieces
// the file spells: the module specifier of an import or require (a string), the imported or
// destructured name, the identifiers and string keys of the member chain; so a piece of any of them
// is in the text. Names compared case-blind are listed in every letter case (`anyCase`).
//
// The one assumption is the ordinary one of all signals: names are written out in one piece,
// without escapes (`require('json' + 'webtoken')`, `r\u0065q` are not seen). signals.test.ts runs
// each sub-module without signals over every code sample of this repository, and the way-in
// samples through the extractor with them.

import { anyCase, calleeEnd, stringEnd } from '../_lib/signal-words.js';

/** ECMAScript WhiteSpace and LineTerminator code points: what `\s` matches. */
export const SPACE: readonly string[] = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c)).filter((ch) => /\s/.test(ch));

/** What follows a parameter's name: `req,` `req)` `req:` `req?:` `req=` `req =>` `req /* c *\/`. */
const PARAM_END = [',', ')', ':', '=', '?', '/', ...SPACE];

/** What comes before a parameter that is not the first: `, res` `,res` `@Res() res` `/* c *\/res` `private res`. */
const LATER_PARAM_START = [',', ')', '/', ...SPACE];

/** `name` as a parameter: what must follow it. */
export function paramName(name: string): string[] {
  return PARAM_END.map((end) => name + end);
}

/**
 * `name` as a parameter after the first (`(req, res)`): short names that end many words (`res`,
 * `h`) need what comes before them as well as after. The pairs are most of the list (868 a name),
 * which the engine's automaton scans at the same cost; `res` with its ends alone would let a fifth
 * more of payload's files through (`features `, `requires,`).
 */
export function laterParamName(name: string): string[] {
  return LATER_PARAM_START.flatMap((start) => PARAM_END.map((end) => start + name + end));
}

/** ASCII characters that can follow an identifier (no letter, digit, `_`, `$` or `\` escape). */
const NOT_IDENTIFIER = [...'!"#%&\'()*+,-./:;<=>?@[]^`{|}~'];

/** `name` as a whole identifier, whatever follows it (`req.user =`, `req = `, `(req as X)`, `req ||=`). */
export function wholeName(name: string): string[] {
  return [...NOT_IDENTIFIER, ...SPACE].map((end) => name + end);
}

/**
 * jwt.ts. jsonwebtoken's sign/verify/decode by module name; `JwtService` (compared case-blind) and
 * every other library or API it knows carries `jwt` in some letter case: jwt-simple, jose's
 * `jwtVerify` and `UnsecuredJWT`, express-jwt, koa-jwt, passport-jwt (also through
 * `PassportStrategy(Strategy)`), `JwtModule.register`, @fastify/jwt and fastify-jwt; jws's verify by
 * its module name.
 */
export const JWT_SIGNALS: readonly string[] = [...anyCase('jwt'), 'jsonwebtoken', 'jws'];

/**
 * strategies.ts. `new X(...)` of a `passport-*` module and `passport.session()`; the session
 * modules (express-session, cookie-session, koa-session, fastify-session, client-sessions,
 * iron-session, next-iron-session: `-session`; @fastify/session and @fastify/secure-session:
 * `/session`, or `-session`); next-auth; express-basic-auth, basic-auth, basic-auth-connect; Hapi's
 * `server.auth.strategy(...)`, whose callee ends in `strategy` called (`strategy(`, `strategy!(`,
 * `strategy<T>(`, `strategy?.(`, `(…strategy)(`, a space or comment) or as a computed key
 * (`auth['strategy']`); `strategy:` and `strategies` are not it.
 */
export const STRATEGY_SIGNALS: readonly string[] = ['passport', '-session', '/session', 'next-auth', 'basic-auth', ...calleeEnd('strategy'), ...stringEnd('strategy')];

/**
 * guards.ts. A guard function must look like a handler (`handlerLike`, also on the function a
 * factory returns): its first parameter is `req`, `request`, `ctx` or `context`, or its second
 * `res`, `response`, `reply` or `h`. A guard class is a named class (`class X`, then a space or a
 * comment) whose method `canActivate`, `use` or `handler` decides, or that extends `AuthGuard(...)`.
 * Decorators: `fastify.decorate(...)`. Exported library guards (`constructRef` in
 * `_lib/routes-refs.ts`, the user / optional / deny kinds): passport.authenticate, express-jwt,
 * koa-jwt, express-oauth2-jwt-bearer (all `jwt`), express-openid-connect, @clerk/*,
 * connect-ensure-login, express-basic-auth and basic-auth-connect, and `keycloak.protect()` (the
 * callee tested for keycloak case-blind: `cloak` in every case). An exported list of imported
 * middleware in a file defining none of its own counts when it or an element is named with
 * `auth`, `guard` or `protect` (compared case-blind: `CHAIN_NAME` in guards.ts).
 */
export const GUARD_SIGNALS: readonly string[] = [
  ...['req', 'request', 'ctx', 'context'].flatMap(paramName),
  ...['response', 'reply'].flatMap(paramName),
  ...['res', 'h'].flatMap(laterParamName),
  ...SPACE.map((space) => `class${space}`),
  'class/',
  'decorate',
  'passport',
  'jwt',
  'openid',
  '@clerk/',
  'connect-ensure-login',
  'basic-auth',
  ...anyCase('cloak'),
  ...['auth', 'guard', 'protect'].flatMap(anyCase),
];

/**
 * decode-helpers.ts. An exported helper that decodes with jws, jsonwebtoken, jwt-decode or jose's
 * `decodeJwt` (`jws`, `jsonwebtoken`, `jwt`/`Jwt`). A call of an imported helper counts only in a
 * request path (`inRequestPath` in jwt.ts): the enclosing function's first parameter is `req`,
 * `request`, `ctx`, `context` or `socket`, or the call's value is assigned to `req`, `request` or
 * `ctx` or a member of one (`req.user = decode(...)`, `(req as X).user =`, `req ||= ...`).
 */
export const DECODE_HELPER_SIGNALS: readonly string[] = [
  'jws',
  'jsonwebtoken',
  'jwt',
  'Jwt',
  ...['context', 'socket'].flatMap(paramName),
  ...['req', 'request', 'ctx'].flatMap(wholeName),
];

/** All groups: the extractor's `signals`. */
export const SIGNALS: readonly string[] = [...new Set([...JWT_SIGNALS, ...STRATEGY_SIGNALS, ...GUARD_SIGNALS, ...DECODE_HELPER_SIGNALS])];
