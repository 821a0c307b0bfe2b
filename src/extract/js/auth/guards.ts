// Guard definitions: functions / classes / decorators in this file that authenticate or authorise
// a request (judged by body, see routes-guards.ts). Link uses them to decide routes in other files
// that import these guards by name.
import type { AuthFact, FactInput } from '../../../model/types.js';
import {
  calleeProperty,
  functionOf,
  isFunctionLike,
  literalValue,
  nodesUnder,
  objectProp,
  paramNames,
  someNode,
  stringValue,
  unwrap,
  type AstNode,
  type Class,
  type FunctionLike,
  type JsIndex,
  wrappedHandler,
} from '../_lib/ast.js';
import { classifyGuard, guardHalts, returnedFunction, type GuardVerdict } from '../_lib/routes-guards.js';
import { perRecordCapabilityCheck } from '../_lib/routes-guard-capability.js';
import { checksOnlyWhenPresent, passesWithoutCredential } from '../_lib/routes-guard-optional.js';
import { identityIn, negative, rejects } from '../_lib/routes-guard-signals.js';
import { strategyMechanism } from '../_lib/routes-guard-passport.js';
import { handlerLike } from '../_lib/routes-handler-records.js';
import { bypassDetails, catchSwitch, guestFallback } from '../_lib/guard-bypass.js';
import { constructRef } from '../_lib/routes-refs.js';
import { boundGuard } from '../_lib/routes-guard-bound.js';
import { delegatedGuard } from '../_lib/routes-guard-delegated.js';
import { isMountableModule, reexportOf } from '../_lib/routes-exports.js';
import { attachesOptionalCaller, mailedTokenOnly, verifyNamed } from '../_lib/routes-guard-optional.js';
import { callerLookup, isJwtVerify } from '../_lib/routes-guard-signals.js';
import { credentialFallback } from './credential-fallback.js';

/** A middleware list named after what it guards (signals.ts lists these words in every case). */
const CHAIN_NAME = /auth|guard|protect/i;

function middlewareLike(fn: FunctionLike, index: JsIndex): boolean {
  if (handlerLike(fn)) return true;
  const inner = returnedFunction(fn, index);
  return !!inner && handlerLike(inner);
}

function guardFact(index: JsIndex, at: AstNode, name: string, exports: string[], v: GuardVerdict | { level: string; mechanism: AuthFact['mechanism']; why: string }, extra: Record<string, string | number | boolean> = {}): FactInput {
  return {
    kind: 'auth',
    mechanism: v.mechanism,
    role: 'guard-definition',
    name,
    details: { level: v.level, exports: exports.join(','), why: v.why, ...('owner' in v && v.owner ? { ownerParams: v.owner.params.join(',') } : {}), ...('options' in v && v.options !== undefined ? { options: v.options } : {}), ...('delegate' in v && v.delegate ? { delegate: `${v.delegate.module}#${v.delegate.export}` } : {}), ...('tags' in v && v.tags ? { tags: v.tags.join(',') } : {}), ...extra },
    evidence: index.evidence(at),
    key: `${index.file}#auth:guard:${name}`,
  };
}

/** The call a factory returns: `() => expressJwt(...)` / `function () { return passport.authenticate(...) }`. */
function returnedCall(fn: FunctionLike): AstNode | undefined {
  const body = unwrap(fn.body as AstNode | null);
  if (!body) return undefined;
  if (body.type === 'CallExpression') return body;
  if (body.type !== 'BlockStatement' || body.body.length !== 1) return undefined;
  const stmt = body.body[0];
  const arg = stmt.type === 'ReturnStatement' && stmt.argument ? unwrap(stmt.argument as AstNode) : undefined;
  return arg && arg.type === 'CallExpression' ? arg : undefined;
}

/**
 * The function of this file a call invokes: `requireBasicAuth(...)`, `this.requireBasicAuth(...)`,
 * or `Controller.requireBasicAuth(...)` on an object literal declared here.
 */
function localFactory(call: AstNode, index: JsIndex): FunctionLike | undefined {
  if (call.type !== 'CallExpression') return undefined;
  const callee = unwrap(call.callee as AstNode);
  if (callee.type === 'Identifier') return index.functionByName(callee.name);
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return undefined;
  const obj = unwrap(callee.object as AstNode);
  const holder = obj.type === 'ThisExpression' ? index.ancestors(call).find((a) => a.type === 'ObjectExpression') : obj.type === 'Identifier' ? unwrap(index.constInit(obj.name)) : undefined;
  const member = holder ? objectProp(holder, callee.property.name) : undefined;
  return member ? functionOf(member, index) : undefined;
}

/** Export names under which a function/class/value is exported. */
function exportNamesOf(target: AstNode, name: string | undefined, index: JsIndex): string[] {
  const out: string[] = [];
  for (const [exp, value] of index.exports) {
    const v = unwrap(value);
    if (v === target || (name && v.type === 'Identifier' && v.name === name) || (isFunctionLike(target) && (functionOf(v, index) ?? wrappedHandler(v, index)) === target)) out.push(exp);
  }
  return out;
}

function superClassGuard(cls: Class, index: JsIndex): (Omit<GuardVerdict, 'level'> & { level: GuardVerdict['level'] | 'optional' }) | undefined {
  const sup = unwrap(cls.superClass as AstNode | null);
  if (!sup || sup.type !== 'CallExpression') return undefined;
  const resolved = index.resolvedCallee(sup) ?? '';
  if (!/(^|\.)AuthGuard$/.test(resolved)) return undefined;
  const strategy = stringValue(sup.arguments[0] as AstNode, index) ?? 'jwt';
  // `handleRequest(err, user) { if (err || !user) return null; return user }`: Passport's failure
  // reaches this override, which lets the request on without a user instead of throwing.
  const handle = cls.body.body.find((m) => m.type === 'MethodDefinition' && m.key.type === 'Identifier' && m.key.name === 'handleRequest');
  const hbody = handle && handle.type === 'MethodDefinition' ? ((handle.value as FunctionLike).body as AstNode | null) : null;
  if (hbody && (passesWithoutUser((handle as unknown as { value: FunctionLike }).value, hbody, index) || (!someNode(hbody, (n) => n.type === 'ThrowStatement') && nodesUnder(hbody, 'ReturnStatement').some((r) => !r.argument || /^(null|undefined|false)$/.test(index.text(r.argument as AstNode).trim()))))) {
    return { level: 'optional', mechanism: strategyMechanism(strategy), why: `extends AuthGuard('${strategy}'), handleRequest returns no user instead of throwing: optional` };
  }
  return { level: 'user', mechanism: strategyMechanism(strategy), why: `extends AuthGuard('${strategy}')` };
}

/**
 * Passport's `AuthGuard` lets the request on whenever `handleRequest` returns (whatever it returns):
 * only a throw refuses. `handleRequest(err, user) { return user }` or `{ if (err) throw err; return
 * user }` never throws when no user was found, so the guard authenticates optionally. Judged by the
 * failure path: no `super.handleRequest`, and every throw sits under a test that does not read the user.
 */
function passesWithoutUser(fn: FunctionLike, body: AstNode, index: JsIndex): boolean {
  const p = unwrap(fn.params[1] as AstNode | undefined);
  const user = p?.type === 'Identifier' ? p.name : p?.type === 'AssignmentPattern' && p.left.type === 'Identifier' ? p.left.name : undefined;
  if (!user || nodesUnder(body, 'ReturnStatement').length === 0 || /\bsuper\.handleRequest\b/.test(index.text(body))) return false;
  return nodesUnder(body, 'ThrowStatement').every((t) => {
    const up = index.ancestors(t);
    const ifs = up.slice(0, up.indexOf(body)).filter((a) => a.type === 'IfStatement');
    return ifs.length > 0 && ifs.every((a) => !nodesUnder(a.test as AstNode, 'Identifier').some((i) => i.name === user));
  });
}

const LEVEL_RANK: Record<GuardVerdict['level'], number> = { unknown: 0, user: 1, role: 2, admin: 3 };

/**
 * The strictest guard among the middleware of an exported list: Express runs every element in
 * order, so the list refuses whoever any of them refuses (one requiring an admin makes it admin).
 * The file's own elements are judged here; imported ones (`[auth.requireUser, validate]`, an
 * import binding or a member chain on one) are listed as `module#export` for link to judge
 * against their modules' guard definitions (`details.chain`).
 */
function chainVerdict(list: AstNode & { type: 'ArrayExpression' }, index: JsIndex): { verdict?: GuardVerdict; imported: string[] } {
  let best: GuardVerdict | undefined;
  const imported: string[] = [];
  for (const el of list.elements) {
    if (!el || el.type === 'SpreadElement') continue;
    const fn = functionOf(el as AstNode, index);
    const re = fn ? undefined : reexportOf(el as AstNode, index);
    if (re) imported.push(`${re.module}#${re.export === '*' ? 'default' : re.export}`);
    let v = fn && middlewareLike(fn, index) ? classifyGuard(fn, index) : undefined;
    // `if (req.user.role === 'admin') return next(); ... if (access) return next();`: an administrator
    // passes, and so does whoever the second way admits (a right on the record): no admin required.
    if (v?.level === 'admin' && fn && handsOnTwice(fn, index)) v = { ...v, level: 'user', why: `${v.why}, or another way on` };
    if (v && (!best || LEVEL_RANK[v.level] > LEVEL_RANK[best.level])) best = v;
  }
  return { verdict: best && best.level !== 'unknown' ? { ...best, why: `chain: ${best.why}` } : undefined, imported };
}

/**
 * `export const requirePermission = (p) => permissionGuard(p)`: an exported
 * factory that only hands its arguments to a guard factory of the same file is that guard (the
 * inner one is often left unexported). Undefined when the callee is no guard.
 */
function forwardedGuard(fn: FunctionLike, index: JsIndex): { verdict: GuardVerdict; halts: boolean } | undefined {
  if (middlewareLike(fn, index)) return undefined;
  const call = returnedCall(fn);
  const callee = call?.type === 'CallExpression' ? unwrap(call.callee as AstNode) : undefined;
  const target = callee?.type === 'Identifier' ? index.functionByName(callee.name) : undefined;
  if (!target || target === fn || !middlewareLike(target, index)) return undefined;
  const verdict = classifyGuard(target, index);
  return verdict && verdict.level !== 'unknown' ? { verdict, halts: guardHalts(target, index) } : undefined;
}

/** Two places that hand the request on (`next()`, no error): two ways through the middleware. */
function handsOnTwice(fn: FunctionLike, index: JsIndex): boolean {
  const next = paramNames(fn)[2];
  return !!next && !!fn.body && nodesUnder(fn.body as AstNode, 'CallExpression').filter((c) => c.arguments.length === 0 && unwrap(c.callee as AstNode).type === 'Identifier' && index.text(c.callee as AstNode) === next).length >= 2;
}

export function guardDefinitions(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const seen = new Set<AstNode>();
  // A file defining middleware of its own: its exported lists of imported names are middleware
  // chains, not lists of paths or settings (and the file holds this sub-module's signals).
  let middlewareFile = false;
  const chains: { exp: string; list: AstNode; imported: string[]; named: boolean }[] = [];
  const seenGuard = (fn: FunctionLike) => out.some((f) => f.kind === 'auth' && f.evidence.line === index.line(fn) && f.evidence.file === index.file);
  const consider = (fn: FunctionLike, name: string | undefined) => {
    if (seen.has(fn) || !name) return;
    seen.add(fn);
    if (!middlewareLike(fn, index)) return;
    middlewareFile = true;
    const verdict = classifyGuard(fn, index);
    // Verifies a credential, attaches the caller when it holds, hands every request on: optional.
    // The credential may also be a session the middleware looks the caller up by (`getMemberFromSession(req, res)`).
    if (!verdict && attachesOptionalCaller(fn, (c) => !!isJwtVerify(c, index) || verifyNamed(c) || !!callerLookup(c, index))) {
      out.push(guardFact(index, fn, name, exportNamesOf(fn, name, index), { level: 'optional', mechanism: 'custom', why: 'attaches the caller when a credential verifies, lets the request on otherwise' }));
      return;
    }
    if (!verdict) return considerDelegated(fn, name);
    // A mailed link's token from the body, no caller attached: a capability, not a login.
    if (verdict.mechanism === 'jwt' && mailedTokenOnly(fn, (c) => !!isJwtVerify(c, index))) {
      out.push(guardFact(index, fn, name, exportNamesOf(fn, name, index), { level: 'capability', mechanism: 'jwt', why: `${verdict.why} of a token from the request body; attaches no caller` }, { tags: 'capability-token' }));
      return;
    }
    // A guest fallback lets everyone on (as a stand-in user): optional authentication, not a guard.
    const guest = verdict ? guestFallback(returnedFunction(fn, index) ?? fn, index) : undefined;
    const v = guest && verdict ? { level: 'optional', mechanism: verdict.mechanism, why: `${verdict.why}; a guest stands in when ${guest}` } : verdict;
    // `halts`: it throws when it refuses, so a handler that calls it as a statement stops too.
    if (v) out.push(guardFact(index, fn, name, exportNamesOf(fn, name, index), v, { ...(guardHalts(fn, index) ? { halts: true } : {}), ...bypassDetails(returnedFunction(fn, index) ?? fn, index) }));
  };
  // `validateSession(req, res)` called and stopped behind, then `next()`: the helper's verdict.
  const considerDelegated = (fn: FunctionLike, name: string) => {
    const d = delegatedGuard(fn, index);
    if (!d) return;
    const v = d.kind === 'local' ? d.verdict : { level: 'unknown', mechanism: 'custom' as const, why: `calls ${d.name}` };
    out.push(guardFact(index, fn, name, exportNamesOf(fn, name, index), v, d.kind === 'imported' ? { calls: d.calls } : {}));
  };
  for (const fn of index.nodesOf('FunctionDeclaration')) consider(fn, fn.id?.name);
  for (const d of index.nodesOf('VariableDeclarator')) {
    const init = unwrap(d.init as AstNode | null);
    if (isFunctionLike(init) && d.id.type === 'Identifier') consider(init, d.id.name);
  }
  for (const [exp, value] of index.exports) {
    // `exports.protect = asyncHandler(async (req, res, next) => {...})`: the wrapped function is the guard.
    const wrapped = functionOf(value, index) ? undefined : wrappedHandler(value, index);
    if (wrapped) consider(wrapped, exp); // its own name would be the wrapper's
    const fn = functionOf(value, index);
    if (fn) consider(fn, index.functionName(fn) ?? exp);
    const forwarded = fn && !seenGuard(fn) ? forwardedGuard(fn, index) : undefined;
    if (forwarded) out.push(guardFact(index, fn!, exp, [exp], forwarded.verdict, forwarded.halts ? { halts: true } : {}));
    // Exported library guards: `module.exports = { required: jwt({...}) }`, `export const checkJwt = auth({...})`.
    let v = unwrap(value);
    if (v.type === 'Identifier') v = unwrap(index.constInit(v.name)) ?? v;
    // `export default [requireLogin, function requireAdmin(req, res, next) {...}]`: a chain used as one middleware.
    if (v.type === 'ArrayExpression') {
      const { verdict, imported } = chainVerdict(v, index);
      const chain: Record<string, string> = imported.length > 0 ? { chain: imported.join(',') } : {};
      if (verdict) out.push(guardFact(index, v, exp, [exp], verdict, chain));
      // A barrel of the middleware folder (`export const authRequired = [authenticate, authorize]`
      // beside re-exports, no function of its own) names its list after what it guards.
      else if (imported.length > 0) chains.push({ exp, list: v, imported, named: CHAIN_NAME.test(exp) || v.elements.some((el) => !!el && el.type !== 'SpreadElement' && CHAIN_NAME.test(index.text(el as AstNode))) });
      continue;
    }
    // Factories of library guards: `export const isAuthorized = () => expressJwt({...})`.
    if (isFunctionLike(v) && fn) v = returnedCall(fn) ?? v;
    if (v.type === 'CallExpression') {
      const ref = constructRef(v, index, exp);
      if (ref && (ref.role === 'auth-user' || ref.role === 'auth-optional' || ref.role === 'auth-deny')) {
        const level = ref.role === 'auth-user' ? 'user' : ref.role === 'auth-deny' ? 'deny' : 'optional';
        out.push(guardFact(index, v, exp, [exp], { level, mechanism: (ref.mechanism ?? 'custom') as AuthFact['mechanism'], why: ref.why ?? ref.name }));
      }
      // `const jwtLoose = authenticate('jwt', msg, false)`: a local guard factory, judged with its arguments.
      const bound = ref ? undefined : boundGuard(v, index);
      if (bound?.kind === 'guard') out.push(guardFact(index, v, exp, [exp], bound.verdict));
      else if (bound?.kind === 'optional') out.push(guardFact(index, v, exp, [exp], { level: 'optional', mechanism: bound.mechanism, why: bound.why }));
      // `requireApiAuth() { return Auth.requireBasicAuth(settings.users) }`: a factory handing back what a
      // guard factory of this file builds guards as that factory does.
      const target = ref || bound || !fn ? undefined : localFactory(v, index);
      const tv = target && target !== fn && middlewareLike(target, index) ? classifyGuard(target, index) : undefined;
      if (tv && tv.level !== 'unknown') out.push(guardFact(index, fn!, exp, [exp], { ...tv, why: `returns ${index.text(v.callee as AstNode)}(…): ${tv.why}` }));
    }
  }
  for (const c of chains) if (middlewareFile || c.named) out.push(guardFact(index, c.list, c.exp, [c.exp], { level: 'unknown', mechanism: 'custom', why: 'chain of imported middleware' }, { chain: c.imported.join(',') }));
  for (const cls of [...index.nodesOf('ClassDeclaration'), ...index.nodesOf('ClassExpression')]) {
    const name = cls.id?.name;
    if (!name) continue;
    let verdict: ClassVerdict | undefined = superClassGuard(cls, index);
    let switched: string | undefined;
    let canActivate: FunctionLike | undefined;
    for (const m of cls.body.body) {
      if (m.type !== 'MethodDefinition' || m.key.type !== 'Identifier') continue;
      // Nest guards (canActivate), Nest middleware classes (use(req, res, next)) and inversify's
      // BaseMiddleware subclasses (handler(req, res, next)), which a DI identifier names (decorator-routes/di.ts).
      if (m.key.name !== 'canActivate' && !middlewareMethod(m)) continue;
      if (m.key.name === 'canActivate') canActivate = m.value as FunctionLike;
      const v = classifyGuard(m.value as FunctionLike, index);
      if (v && (!verdict || v.level === 'admin' || (v.level === 'role' && verdict.level === 'user'))) verdict = v;
      // A failed check answered with a setting: a deployment switch can open the guarded routes.
      const setting = m.key.name === 'canActivate' ? catchSwitch(m.value as FunctionLike, index) : undefined;
      if (setting) switched = setting;
    }
    if (verdict && switched) verdict = { ...verdict, why: `${verdict.why}; on failure returns ${switched}`, tags: [...(verdict.tags ?? []), 'auth-conditional'] };
    if (canActivate) verdict = canActivateVerdict(canActivate, verdict, index);
    // `if (await super.canActivate(ctx)) return true;` then a second credential checked: either way needs one.
    const fallback = canActivate && !verdict && superUse(canActivate, index) === 'or' ? credentialFallback(canActivate, index) : undefined;
    if (fallback) verdict = { level: 'user', mechanism: 'custom', why: fallback };
    // `class FileGuard extends ShareGuard`: the parent's check, inherited or called (link judges it).
    const parent = parentGuard(cls, canActivate, index, !!fallback);
    if (parent) out.push(guardFact(index, cls, name, exportNamesOf(cls, name, index), verdict ?? { level: 'none', mechanism: 'custom', why: 'no check of its own' }, { inherits: parent.ref, superUse: parent.use }));
    else if (verdict) out.push(guardFact(index, cls, name, exportNamesOf(cls, name, index), verdict));
    out.push(...staticGuards(cls, name, index));
  }
  // fastify.decorate('authenticate', async (request, reply) => { await request.jwtVerify() })
  for (const call of index.nodesOf('CallExpression')) {
    if (calleeProperty(call) !== 'decorate' || call.arguments.length < 2) continue;
    const name = stringValue(call.arguments[0] as AstNode, index);
    const fn = functionOf(call.arguments[1] as AstNode, index);
    if (!name || !fn) continue;
    const v = classifyGuard(fn, index);
    if (v) out.push(guardFact(index, call, name, [], v, { decorator: true }));
  }
  return out;
}

type ClassVerdict = Omit<GuardVerdict, 'level'> & { level: GuardVerdict['level'] | 'optional' | 'capability' };

/**
 * What a Nest `canActivate` decides beyond classifyGuard: refusing unless a token for the path's
 * record verifies (`verifyShareToken(shareId, req.cookies[`share_${shareId}_token`])`) admits whoever
 * holds that record's token, signed in or not, unless it also refuses a missing caller outright
 * (`capability`, tag `capability-token`); returning `true` when the request carries no credential
 * at all, before any caller is checked, is optional authentication.
 */
function canActivateVerdict(fn: FunctionLike, verdict: ClassVerdict | undefined, index: JsIndex): ClassVerdict | undefined {
  if (!verdict && passesWithoutCredential(fn, true)) return { level: 'optional', mechanism: 'custom', why: 'returns true when the request carries no credential' };
  // Checks the credential only when one is sent (`if (req.cookies.token) { ... } return true`).
  if (checksOnlyWhenPresent(fn)) return { level: 'optional', mechanism: verdict?.mechanism ?? 'custom', why: 'checks the credential only when the request carries one, returns true otherwise' };
  if (verdict && (verdict.level !== 'user' || verdict.owner)) return verdict;
  const cap = perRecordCapabilityCheck(fn, index);
  if (!cap || refusesAnonymous(fn, index)) return verdict;
  return { level: 'capability', mechanism: 'custom', why: `${cap}(): a token for the path's record, read from a cookie or header named by its id`, tags: ['capability-token'] };
}

/** `if (!request.user) return false`, `if (!user) throw ...`: a test of the caller alone that refuses. */
function refusesAnonymous(fn: FunctionLike, index: JsIndex): boolean {
  return nodesUnder(fn.body as AstNode, 'IfStatement').some((s) => {
    const t = unwrap(s.test as AstNode);
    if (t.type !== 'UnaryExpression' || t.operator !== '!') return false;
    const inner = unwrap(t.argument as AstNode);
    if (inner.type !== 'Identifier' && inner.type !== 'MemberExpression' && inner.type !== 'CallExpression') return false;
    return identityIn(inner, index) !== undefined && rejects(s.consequent as AstNode, index, true) !== undefined;
  }) || nodesUnder(fn.body as AstNode, 'ReturnStatement').some((r) => {
    const a = r.argument ? unwrap(r.argument as AstNode) : undefined;
    // `return !!request.user`, `return req.isAuthenticated()`.
    return !!a && (a.type === 'UnaryExpression' || a.type === 'CallExpression' || a.type === 'MemberExpression') && identityIn(a, index) !== undefined && !someNode(a, (n) => n.type === 'LogicalExpression');
  });
}

/** The statements of `fn` calling `super.canActivate(...)`, by what the call's result does. */
function superUse(fn: FunctionLike, index: JsIndex): 'all' | 'some' | 'or' | 'ignored' | undefined {
  const body = fn.body as AstNode | null;
  if (!body || !index.text(body).includes('super.canActivate')) return undefined;
  const calls = nodesUnder(body, 'CallExpression').filter((c) => index.text(c.callee as AstNode) === 'super.canActivate' && index.enclosingFunction(c) === fn);
  if (calls.length === 0) return undefined;
  const returned = calls.filter((c) => index.ancestors(c).find((a) => !WRAPPING.has(a.type))?.type === 'ReturnStatement');
  if (returned.length > 0) {
    // Other ways through (`return true` without the parent's check) leave it to some requests only.
    const passing = nodesUnder(body, 'ReturnStatement').filter((r) => index.enclosingFunction(r) === fn && !!r.argument && literalValue(r.argument as AstNode) !== false);
    return passing.every((r) => returned.some((c) => c.start >= r.start && c.end <= r.end)) ? 'all' : 'some';
  }
  // `if (await super.canActivate(ctx)) return true; ...another way in`: either check admits.
  const tested = calls.find((c) => index.ancestors(c).find((a) => !WRAPPING.has(a.type))?.type === 'IfStatement');
  if (tested) {
    const s = index.ancestors(tested).find((a) => a.type === 'IfStatement') as AstNode & { test: AstNode; consequent: AstNode };
    return negative(s.test, index) && rejects(s.consequent, index, true) !== undefined ? 'all' : 'or';
  }
  // `const ok = await super.canActivate(ctx); if (!ok) return false`: refused unless the parent admits.
  const held = calls.map((c) => index.ancestors(c).find((a) => !WRAPPING.has(a.type))).find((a) => a?.type === 'VariableDeclarator' && a.id.type === 'Identifier') as (AstNode & { id: AstNode & { name: string } }) | undefined;
  if (held && nodesUnder(body, 'IfStatement').some((s) => negative(s.test as AstNode, index) && nodesUnder(s.test as AstNode, 'Identifier').some((i) => i.name === held.id.name) && rejects(s.consequent as AstNode, index, true) !== undefined)) return 'all';
  return 'ignored';
}

const WRAPPING = new Set(['AwaitExpression', 'ParenthesizedExpression', 'TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'TSTypeAssertion', 'UnaryExpression']);

/**
 * `class FileGuard extends ShareGuard`: a guard class extending another class of the project that
 * runs the parent's `canActivate` where it does not override it (`inherit`), or where it returns
 * `super.canActivate(ctx)` on every way through (`all`) or on some (`some`). A result tested as one
 * way in among others (`or`) counts only beside a credential the class checks itself; ignored, it
 * adds nothing (the class's own check stands alone).
 */
function parentGuard(cls: Class, canActivate: FunctionLike | undefined, index: JsIndex, orCredential = false): { ref: string; use: string } | undefined {
  const sup = unwrap(cls.superClass as AstNode | null);
  if (!sup || sup.type !== 'Identifier') return undefined;
  // A middleware class with its own `handler`/`use` (inversify's BaseMiddleware subclasses) is
  // judged by that method: what it inherits is helpers, not a check.
  if (!canActivate && ownMiddlewareMethod(cls)) return undefined;
  const use = canActivate ? superUse(canActivate, index) : 'inherit';
  // `or` with a second credential of its own (credential-fallback.ts): the weaker of the two, as `some`.
  if (!use || (use === 'or' && !orCredential) || use === 'ignored') return undefined;
  const b = index.bindings.get(sup.name);
  // A parent from a package (`BaseMiddleware`, a library's guard) is no guard class of the project.
  if (b) return b.module.startsWith('@nestjs/') || b.imported === '*' || !isMountableModule(b.module) ? undefined : { ref: `${b.module}#${b.imported}`, use };
  return index.classByName(sup.name) ? { ref: `#${sup.name}`, use } : undefined;
}

function ownMiddlewareMethod(cls: Class): boolean {
  return cls.body.body.some(middlewareMethod);
}

/** Nest middleware's `use(req, res, next)`, inversify BaseMiddleware's `handler(req, res, next)`. */
function middlewareMethod(m: Class['body']['body'][number]): boolean {
  return m.type === 'MethodDefinition' && m.key.type === 'Identifier' && (m.key.name === 'use' || m.key.name === 'handler') && (m.value as FunctionLike).params.length >= 3;
}

/** The deployment's administrator credential (`env.ADMIN_API_KEY`, `config.adminToken`): only the operator holds it. */
const ADMIN_SECRET = /\b(?:env|config|settings|secrets)\.(?:\w+\.)*\w*admin\w*(?:key|token|secret|password)\w*\b/i;

/**
 * Static methods of a class that take the request and response and refuse there (and instance
 * methods that are Express middleware, `(req, res, next)`)
 * (`static handleAdminAuth(req, res) { ...; res.status(401).json(...); return false; ... return true }`),
 * called by handlers as `if (!AdminAuth.handleAdminAuth(req, res)) return;`. Exported as
 * `<class>.<method>` for link to judge those calls. One whose check, in it or in the methods of the
 * class it calls, compares with the deployment's administrator credential admits only the operator.
 */
function staticGuards(cls: Class, name: string, index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const exports = exportNamesOf(cls, name, index);
  if (exports.length === 0) return out;
  for (const m of cls.body.body) {
    if (m.type !== 'MethodDefinition' || m.key.type !== 'Identifier' || m.kind !== 'method') continue;
    const fn = m.value as FunctionLike;
    // Instance methods only as Express middleware (`isAuthenticated(req, res, next)`), used through
    // an instance another file keeps (`this.auth = new Auth()`; `this.auth.isAuthenticated(req, res, next)`).
    if (!m.static && (paramNames(fn).length !== 3 || !middlewareLike(fn, index))) continue;
    if (!handlerLike(fn) || paramNames(fn).length > 3) continue;
    const verdict = classifyGuard(fn, index);
    if (!verdict || verdict.level === 'unknown') continue;
    const admin = verdict.level === 'user' && classMethodsReached(cls, fn, 3).some((f) => ADMIN_SECRET.test(index.text(f.body as AstNode)));
    const v = admin ? { ...verdict, level: 'admin' as const, why: `${verdict.why}, against the deployment's administrator key` } : verdict;
    const method = m.key.name;
    // An instance's method is imported by its bare name from a default-exported class (`instanceExport`).
    const names = exports.flatMap((e) => (!m.static && e === 'default' ? [method, `${e}.${method}`] : [`${e}.${method}`]));
    out.push(guardFact(index, fn, `${name}.${method}`, names, v, guardHalts(fn, index) ? { halts: true } : {}));
  }
  return out;
}

/** `fn` and the methods of `cls` it calls (`Cls.other(...)`, `this.other(...)`), up to `depth` calls away. */
function classMethodsReached(cls: Class, fn: FunctionLike, depth: number): FunctionLike[] {
  const methods = new Map<string, FunctionLike>();
  for (const m of cls.body.body) {
    if ((m.type !== 'MethodDefinition' && m.type !== 'PropertyDefinition') || m.key.type !== 'Identifier') continue;
    if (m.type === 'MethodDefinition') methods.set(m.key.name, m.value as FunctionLike);
    else if (m.type === 'PropertyDefinition' && m.value && isFunctionLike(unwrap(m.value as AstNode))) methods.set(m.key.name, unwrap(m.value as AstNode) as FunctionLike);
  }
  const seen = new Set<FunctionLike>([fn]);
  let frontier = [fn];
  for (let d = 0; d < depth && frontier.length > 0; d++) {
    const next: FunctionLike[] = [];
    for (const f of frontier) {
      for (const c of nodesUnder(f.body as AstNode, 'CallExpression')) {
        const callee = unwrap(c.callee as AstNode);
        if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') continue;
        const obj = unwrap(callee.object as AstNode);
        if (!(obj.type === 'ThisExpression' || (obj.type === 'Identifier' && obj.name === cls.id?.name))) continue;
        const target = methods.get(callee.property.name);
        if (target && !seen.has(target)) {
          seen.add(target);
          next.push(target);
        }
      }
    }
    frontier = next;
  }
  return [...seen].filter((f) => !!f.body);
}

