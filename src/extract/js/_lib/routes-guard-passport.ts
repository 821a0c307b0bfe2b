// `passport.authenticate(...)` as login or guard: login strategies (local, OAuth, OpenID) log a
// user in and guard nothing, credential strategies (jwt, bearer, basic, api key) guard. Judged by
// the strategy name and, for unknown names, by how the file configures and routes it.
import type { AuthMechanism } from '../../../model/types.js';
import { calleeName, calleeProperty, objectProp, resolveObject, stringValue, unwrap, type AstNode, type CallLike, type JsIndex } from './ast.js';

/** Passport strategies that log a user in (credentials or OAuth start/callback) rather than guard. */
export const LOGIN_STRATEGY = /^(local|login|signin|signup|register|google|facebook|github|twitter|linkedin|microsoft|apple|gitlab|slack|discord|auth0|oauth2?|openidconnect|oidc|saml|azuread\w*|azure\w*|okta|cas|ldapauth|ldap|windowslive|steam|spotify|instagram|keycloak|magic-?link|passwordless|webauthn)([-_][\w-]+)?$/i;

export function strategyMechanism(strategy: string): AuthMechanism {
  const s = strategy.toLowerCase();
  if (s.includes('jwt') || s === 'bearer') return 'jwt';
  if (s.includes('basic') || s === 'digest') return 'basic';
  if (s.includes('api') || s.includes('key') || s.includes('header')) return 'api-key';
  if (s === 'session' || s === 'cookie') return 'session';
  return 'custom';
}

const PASSPORT_CALL = /(^|\.)passport\.(authenticate|authorize)$/;

/**
 * `passport.authenticate('session')` / `(['session'])`: restores the user a session holds and lets
 * every other request on, as `passport.session()` does. Identity loading, not a guard.
 */
export function identityLoading(call: AstNode, index: JsIndex): boolean {
  if (!passportCallName(call, index) || call.type !== 'CallExpression') return false;
  const strategies = strategiesOf(call, index);
  return strategies.length > 0 && strategies.every((s) => s === 'session');
}
/** Options only an interactive (browser redirect) login flow passes. */
const LOGIN_FLOW_OPTION = ['scope', 'successRedirect', 'successReturnToOrRedirect', 'failureRedirect', 'failureFlash', 'successFlash', 'state', 'prompt', 'accessType'];
/** Options a strategy needs to send the browser to a provider and take it back. */
export const PROVIDER_OPTION = ['callbackURL', 'callbackUrl', 'returnURL', 'redirectUri', 'redirect_uri', 'consumerKey', 'clientID', 'clientId'];
const CALLBACK_PATH = /\/(callback|return|redirect|cb)\/?$/i;

function strategiesOf(call: CallLike, index: JsIndex): string[] {
  const first = unwrap(call.arguments[0] as AstNode | undefined);
  if (!first) return [];
  const list = first.type === 'ArrayExpression' ? (first.elements as AstNode[]) : [first];
  return list.map((e) => stringValue(e, index) ?? '').filter((s) => s !== '');
}

function passportCallName(call: AstNode, index: JsIndex): string {
  if (call.type !== 'CallExpression') return '';
  const name = index.resolvedCallee(call) ?? calleeName(call) ?? '';
  return PASSPORT_CALL.test(name) ? name : PASSPORT_CALL.test(calleeName(call) ?? '') ? (calleeName(call) ?? '') : '';
}

/** `app.get('/auth/x/callback', passport.authenticate('x'), ...)`: the route a call sits in. */
function enclosingRoutePath(call: AstNode, index: JsIndex): string | undefined {
  const parent = index.parent(call);
  if (!parent || parent.type !== 'CallExpression' || !parent.arguments.includes(call as never)) return undefined;
  return stringValue(parent.arguments[0] as AstNode, index);
}

/**
 * Is this `passport.authenticate/authorize(...)` a login (or account link) rather than a guard?
 * `authorize` links an account and guards nothing; known login strategies log in; and an OAuth or
 * OpenID strategy of any name shows itself by structure: the file configures it with a provider
 * callback (`new XStrategy({ clientID, callbackURL })`), a route ending in /callback uses it, or the
 * call passes options only a browser login flow uses (`scope`, `failureRedirect`...). A strategy whose
 * name says it reads a credential from the request (jwt, bearer, basic, api key) stays a guard.
 */
export function passportLogin(call: AstNode, index: JsIndex): boolean {
  const name = passportCallName(call, index);
  if (!name || call.type !== 'CallExpression') return false;
  if (name.endsWith('authorize')) return true;
  const strategies = strategiesOf(call, index);
  if (strategies.length === 0) return false;
  if (strategies.every((s) => LOGIN_STRATEGY.test(s))) return true;
  if (strategies.some((s) => strategyMechanism(s) !== 'custom' || s === 'anonymous')) return false;
  const opts = resolveObject(call.arguments[1] as AstNode | undefined, index);
  if (LOGIN_FLOW_OPTION.some((o) => objectProp(opts, o) !== undefined)) return true;
  const wanted = new Set(strategies.map((s) => s.toLowerCase()));
  for (const other of index.nodesOf('CallExpression')) {
    if (!passportCallName(other, index) || !strategiesOf(other, index).some((s) => wanted.has(s.toLowerCase()))) continue;
    const path = enclosingRoutePath(other, index);
    if (path && CALLBACK_PATH.test(path)) return true;
  }
  return providerStrategyIn(index, wanted);
}

/** `passport.use('x', new XStrategy({ clientID, callbackURL }))` (or the default name of `new XStrategy`). */
function providerStrategyIn(index: JsIndex, wanted: ReadonlySet<string>): boolean {
  for (const use of index.nodesOf('CallExpression')) {
    if (calleeProperty(use) !== 'use') continue;
    const args = use.arguments.map((a) => unwrap(a as AstNode));
    const created = args.find((a) => a.type === 'NewExpression');
    if (!created || created.type !== 'NewExpression') continue;
    const ctor = index.text(created.callee as AstNode);
    if (!/Strategy$/.test(ctor)) continue;
    const given = stringValue(args[0], index)?.toLowerCase();
    const named = given ?? ctor.replace(/Strategy$/, '').toLowerCase();
    if (!wanted.has(named)) continue;
    const opts = resolveObject(created.arguments[0] as AstNode | undefined, index);
    if (PROVIDER_OPTION.some((o) => objectProp(opts, o) !== undefined)) return true;
  }
  return false;
}