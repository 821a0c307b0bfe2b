// Turns the expressions in a middleware chain into MwRefs: known library constructs (passport,
// express-jwt, rate limiters, multer, csurf...), same-file functions judged by their body, and
// imports left for link to resolve against guard definitions in other files.
import {
  calleeName,
  calleeObject,
  calleeProperty,
  constructorMembers,
  forwardingCall,
  isFunctionLike,
  literalValue,
  memberPath,
  nodesUnder,
  objectProp,
  resolveObject,
  stringValue,
  unwrap,
  type AstNode,
  type CallLike,
  type Class,
  type FunctionLike,
  type JsIndex,
} from './ast.js';
import { canRefuse, classifyGuard, hookAnswers401, returnedFunction, type GuardVerdict } from './routes-guards.js';
import { LOGIN_STRATEGY, identityLoading, passportLogin, strategyMechanism } from './routes-guard-passport.js';
import { optionsRole } from './option-guards.js';
import { allGuardPattern, guestFallback, pathBypass, publicFlagBypass, publicListArg, switchBypass } from './guard-bypass.js';
import { customUnless } from './unless-predicate.js';
import { authLikeName, instanceExport, type MwRef, type MwRole } from './routes.js';
import { boundGuard, type BoundGuard } from './routes-guard-bound.js';
import { wrappedMiddleware } from './routes-guard-wrappers.js';
import { skipWrapperCall } from './routes-skip-wrappers.js';

const JWT_MIDDLEWARE = /^(express-jwt|express-jwt\.(expressjwt|expressJwt|default)|restify-jwt(-community)?(\.default)?|koa-jwt|koa-jwt\.default|express-oauth2-jwt-bearer\.auth|express-oauth2-jwt-bearer)$/;
const RATE_LIMIT = /^(express-rate-limit|express-rate-limit\.(rateLimit|default|slowDown)|express-slow-down|express-slow-down\.(slowDown|default)|koa-ratelimit|koa2-ratelimit\.RateLimit\.middleware|express-limiter|rate-limiter-flexible\.\w+|@fastify\/rate-limit|express-brute|@nestjs\/throttler\.Throttle|restify(\.default)?\.plugins\.throttle)$/;
const CSRF = /^(csurf|@dr\.pogodin\/csurf|tiny-csrf|lusca\.csrf|koa-csrf|csrf-csrf\.doubleCsrf|csrf-sync\.csrfSync|@fastify\/csrf-protection)$/;
const MULTER_METHODS = new Set(['single', 'array', 'fields', 'any', 'none']);

function short(text: string, max = 60): string {
  const t = text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** Readable middleware name: `isAdmin`, `auth.required`, `passport.authenticate('jwt', …)`, `cors(…)`. */
export function displayName(node: AstNode, index: JsIndex): string {
  const n = unwrap(node);
  if (n.type === 'CallExpression') {
    const callee = memberPath(n.callee as AstNode)?.join('.') ?? (calleeProperty(n) ? `….${calleeProperty(n)}` : 'fn');
    const args = n.arguments.map((a, i) => {
      const s = stringValue(a as AstNode, index);
      return s !== undefined && i < 2 && s.length <= 30 ? `'${s}'` : '…';
    });
    const inner = args.length === 0 ? '' : args.every((a) => a === '…') ? '…' : args.join(', ');
    return `${callee}(${inner})`;
  }
  return memberPath(n)?.join('.') ?? short(index.text(n));
}

function verdictRole(v: GuardVerdict): MwRole {
  return v.level === 'admin' ? 'auth-admin' : v.level === 'role' ? 'auth-role' : v.level === 'unknown' ? 'auth-unknown' : 'auth-user';
}

/** Text of factory arguments that judges role guards (`'admin'`, `Role.Admin`, `['admin','ops']`). */
export function argsText(call: CallLike, index: JsIndex): string {
  return call.arguments.map((a) => stringValue(a as AstNode, index) ?? index.text(a as AstNode)).join(',');
}

/** Is this expression (an identifier or `x.single(...)` object) a multer instance? */
function isMulter(node: AstNode | undefined, index: JsIndex): boolean {
  const n = unwrap(node);
  if (!n) return false;
  if (n.type === 'CallExpression') return (index.resolvedCallee(n) ?? '') === 'multer';
  if (n.type === 'Identifier') {
    const init = index.constInit(n.name);
    if (init) return isMulter(init, index);
    const b = index.bindings.get(n.name);
    return !!b && b.module !== 'multer' && /upload|multer/i.test(n.name);
  }
  return false;
}

/** A recognised library construct used as middleware, from the call that builds it. */
export function constructRef(call: CallLike, index: JsIndex, name: string): MwRef | undefined {
  const resolved = index.resolvedCallee(call) ?? calleeName(call) ?? '';
  const prop = calleeProperty(call);
  const first = call.arguments[0] as AstNode | undefined;
  if (/(^|\.)passport\.(initialize|session)$/.test(resolved) || /(^|\.)passport\.(initialize|session)$/.test(calleeName(call) ?? '')) return { name, role: 'other' };
  if (/passport\.(authenticate|authorize)$/.test(resolved) || /(^|\.)passport\.(authenticate|authorize)$/.test(calleeName(call) ?? '')) {
    const strategies = first && unwrap(first).type === 'ArrayExpression' ? (unwrap(first) as { elements: AstNode[] }).elements.map((e) => stringValue(e, index) ?? '') : [stringValue(first, index) ?? ''];
    // A strategy chosen by a variable (`service => passport.authenticate(service)`) cannot be judged.
    if (strategies.every((s) => s === '')) return { name, role: 'other' };
    // The session strategy only loads whoever is signed in (like `passport.session()`).
    if (identityLoading(call, index)) return { name, role: 'other', mechanism: 'session' };
    if (strategies.includes('anonymous')) return { name, role: 'auth-optional', mechanism: strategyMechanism(strategies[0]) };
    // A login, an OAuth start or callback, or `passport.authorize` (linking an account): no guard.
    // `{ session: false }`: the login issues a token and never touches the session.
    if (passportLogin(call, index)) return literalValue(objectProp(resolveObject(call.arguments[1] as AstNode | undefined, index), 'session'), index) === false ? { name, role: 'login' } : { name, role: 'login', mechanism: 'session' };
    return { name, role: 'auth-user', mechanism: strategyMechanism(strategies.find((s) => !LOGIN_STRATEGY.test(s)) ?? ''), why: name };
  }
  if (JWT_MIDDLEWARE.test(resolved)) {
    const opts = resolveObject(first, index);
    const optional = literalValue(objectProp(opts, 'credentialsRequired'), index) === false || literalValue(objectProp(opts, 'passthrough'), index) === true || literalValue(objectProp(opts, 'authRequired'), index) === false;
    // A secret made up at start-up (`'' + Math.random()`) is one no token was ever signed with.
    if (unknowableSecret(objectProp(opts, 'secret'), index)) return { name, role: 'auth-deny', mechanism: 'jwt', why: `${name} with a random secret` };
    return { name, role: optional ? 'auth-optional' : 'auth-user', mechanism: 'jwt', why: name };
  }
  if (/^express-openid-connect\.auth$/.test(resolved)) {
    const opts = resolveObject(first, index);
    return literalValue(objectProp(opts, 'authRequired'), index) === false ? { name, role: 'auth-optional' } : { name, role: 'auth-user', mechanism: 'session', why: name };
  }
  if (/^@clerk\/(express|clerk-sdk-node)\.(requireAuth|ClerkExpressRequireAuth)$/.test(resolved)) return { name, role: 'auth-user', mechanism: 'session', why: name };
  if (/^connect-ensure-login\.(ensureLoggedIn|ensureAuthenticated)$/.test(resolved) || /^express-openid-connect\.requiresAuth$/.test(resolved)) {
    return { name, role: 'auth-user', mechanism: 'session', why: name };
  }
  if (resolved === 'express-basic-auth' || resolved === 'basic-auth-connect') return { name, role: 'auth-user', mechanism: 'basic', why: name };
  if (/^express-oauth2-jwt-bearer\.(requiredScopes|claimCheck|claimIncludes|claimEquals)$/.test(resolved)) {
    return { name, role: 'auth-role', mechanism: 'jwt', args: argsText(call, index), why: name };
  }
  if (prop === 'protect' && /keycloak/i.test(calleeName(call) ?? '')) {
    const args = argsText(call, index);
    return { name, role: args ? 'auth-role' : 'auth-user', mechanism: 'oauth', args, why: name };
  }
  if (RATE_LIMIT.test(resolved) || (prop === 'prevent' && /brute/i.test(calleeName(call) ?? ''))) return { name, role: 'rate-limit' };
  if (CSRF.test(resolved)) return { name, role: 'csrf' };
  if (resolved === 'express-fileupload' || resolved === 'koa-body' && /multipart/.test(index.text(call)) || resolved === 'express-formidable') return { name, role: 'upload' };
  if (prop && MULTER_METHODS.has(prop) && isMulter(calleeObject(call), index)) return { name, role: 'upload' };
  return undefined;
}

/** Keys of a validator's options: request parts and the response it asserts. */
const VALIDATION_KEYS = new Set(['body', 'query', 'params', 'headers', 'files', 'file', 'cookies', 'response', 'status', 'searchParams', 'querystring']);
const SCHEMA_LIB = /^(zod|joi|@hapi\/joi|yup|superstruct|valibot|@sinclair\/typebox|ajv)(\.|$)/;

/**
 * `validate({ body: schema, query: schema })`: the only argument is an object literal naming request
 * parts (at least one of body/query/params/headers/files), or whose every value is a zod/joi/yup schema.
 */
function validatorOptions(call: CallLike, index: JsIndex): boolean {
  if (call.arguments.length !== 1) return false;
  const obj = unwrap(call.arguments[0] as AstNode);
  if (obj.type !== 'ObjectExpression' || obj.properties.length === 0) return false;
  const keys: string[] = [];
  const values: AstNode[] = [];
  for (const p of obj.properties) {
    if (p.type !== 'Property' || p.computed) return false;
    const k = p.key.type === 'Identifier' ? p.key.name : typeof literalValue(p.key as AstNode) === 'string' ? String(literalValue(p.key as AstNode)) : undefined;
    if (k === undefined) return false;
    keys.push(k);
    values.push(unwrap(p.value as AstNode));
  }
  // Success statuses asserted (`status: [200, 404]`, `status: 204`), never a refusal it would answer.
  const okStatus = (v: AstNode): boolean => {
    const nums = v.type === 'ArrayExpression' ? v.elements.map((e) => (e ? literalValue(unwrap(e as AstNode)) : undefined)) : [literalValue(v)];
    return nums.length > 0 && nums.every((n) => typeof n === 'number') && nums.some((n) => (n as number) < 400);
  };
  if (keys.every((k) => VALIDATION_KEYS.has(k)) && keys.some((k, i) => k !== 'status' || okStatus(values[i]))) return true;
  const schema = (v: AstNode): boolean => {
    let n = v;
    while (n.type === 'CallExpression' && unwrap(n.callee as AstNode).type === 'MemberExpression') n = unwrap((unwrap(n.callee as AstNode) as AstNode & { object: AstNode }).object);
    return (n.type === 'CallExpression' || n.type === 'Identifier') && SCHEMA_LIB.test(index.resolvedName(n.type === 'CallExpression' ? (n.callee as AstNode) : n) ?? '');
  };
  return values.every(schema);
}

/** The call a factory returns: `() => lib({...})` / `function () { return lib({...}) }`. */
function factoryCall(fn: FunctionLike): CallLike | undefined {
  let body: AstNode | undefined = unwrap(fn.body as AstNode | null) ?? undefined;
  if (body && body.type === 'BlockStatement' && body.body.length === 1 && body.body[0].type === 'ReturnStatement') body = unwrap(body.body[0].argument as AstNode | null) ?? undefined;
  return body && body.type === 'CallExpression' ? body : undefined;
}

/** A secret generated at run time from randomness: no client can hold a token signed with it. */
function unknowableSecret(node: AstNode | undefined, index: JsIndex): boolean {
  const n = unwrap(node);
  if (!n) return false;
  const text = index.text(n);
  return /Math\.random\(\)|randomBytes\(|randomUUID\(|uuid(v4)?\(\)/.test(text) && !/process\.env|config/i.test(text);
}

function refFromGuard(name: string, v: GuardVerdict | undefined, args?: string, fn?: FunctionLike, index?: JsIndex): MwRef {
  if (!v) {
    // Seen but not recognised: an auth-like name that can reject the request stays `unknown`.
    const inner = fn && index ? (returnedFunction(fn, index) ?? fn) : undefined;
    const canReject = !!inner && !!index && canRefuse(inner, index);
    return { name, role: authLikeName(name) && canReject ? 'auth-unknown' : 'other' };
  }
  // An option-driven factory used in its own file: the options given here decide.
  const byOptions = v.options !== undefined && !v.delegate ? optionsRole(v.options, args) : undefined;
  const ref: MwRef = { name, role: byOptions?.role ?? verdictRole(v), mechanism: v.mechanism, why: `${name}: ${v.why}${byOptions?.note ? ` (${byOptions.note})` : ''}` };
  if (args !== undefined) ref.args = args;
  if (v.owner) ref.ownerParams = v.owner.params;
  if (v.tags) ref.tags = [...(ref.tags ?? []), ...v.tags];
  if (fn && index) {
    bypasses(ref, returnedFunction(fn, index) ?? fn, index);
    // A guest stands in for a missing identity: optional authentication, never a refusal.
    const guest = guestFallback(returnedFunction(fn, index) ?? fn, index);
    if (guest) return { ...ref, role: 'auth-optional', why: `${ref.why}; a guest stands in when ${guest}` };
  }
  return ref;
}

/** The ref of a local guard factory called with literal arguments (routes-guard-bound.ts). */
function boundRef(name: string, bound: BoundGuard, call: CallLike, index: JsIndex): MwRef {
  if (bound.kind === 'login') return { name, role: 'login' };
  if (bound.kind === 'identity') return { name, role: 'other', mechanism: 'session' };
  if (bound.kind === 'optional') return { name, role: 'auth-optional', mechanism: bound.mechanism, why: `${name}: ${bound.why}` };
  const callee = unwrap(call.callee as AstNode);
  const factory = callee.type === 'Identifier' ? index.functionByName(callee.name) : undefined;
  return refFromGuard(name, bound.verdict, argsText(call, index), factory, index);
}

/** Paths and deployment switches that let requests past this guard unchecked (guard-bypass.ts). */
export function bypasses(ref: MwRef, fn: FunctionLike, index: JsIndex): void {
  const paths = pathBypass(fn, index);
  if (paths) {
    ref.unless = [...(ref.unless ?? []), ...paths.unless];
    ref.allowFrom = paths.lists;
  }
  const flagged = publicFlagBypass(fn, index);
  if (flagged) ref.unless = [...(ref.unless ?? []), ...flagged];
  const off = switchBypass(fn, index);
  if (off) ref.conditional = { condition: off.condition, file: index.file, line: off.line, unsetEnv: off.unsetEnv };
}

/** Import binding → unresolved ref (`export` is the name used: default/* → member or `default`). */
function importRef(name: string, index: JsIndex, path: string[], args?: string): MwRef | undefined {
  const b = index.bindings.get(path[0]);
  if (!b) return undefined;
  let exp = b.imported;
  // `middleware.admin.checkPrivileges`: the whole chain of names (link follows re-exports along it).
  if (exp === '*' || exp === 'default') exp = path.length > 1 ? path.slice(1).join('.') : 'default';
  // `const { middleware } = require('./members')` (or a short name for `members.middleware`), then
  // `middleware.loadSession`: the member of that export.
  else if (path.length > 1) exp = [exp, ...path.slice(1)].join('.');
  const ref: MwRef = { name, module: b.module, from: index.file, export: exp };
  if (args !== undefined) ref.args = args;
  return ref;
}

/**
 * MwRef for a Fastify hook (`addHook('preHandler', fn)`, a route's `onRequest` option): judged
 * like middleware, and a same-file hook that answers 401 and otherwise returns is a guard.
 */
export function hookRef(expr: AstNode, index: JsIndex): MwRef {
  const ref = mwRef(expr, index);
  // `scoped.authenticate`: a decorator of the plugin's instance, whatever its parameter is called
  // (`register(async (scoped) => scoped.addHook('onRequest', scoped.authenticate))`).
  const node0 = unwrap(expr);
  if (!ref.byName && !ref.module && ref.role === undefined && node0.type === 'MemberExpression' && unwrap(node0.object as AstNode).type === 'Identifier') {
    const path = memberPath(node0);
    if (path?.length === 2) return { ...ref, byName: path[1] };
  }
  if (ref.role !== 'other' || ref.module) return ref;
  const node = unwrap(expr);
  const fn = isFunctionLike(node) ? node : node.type === 'Identifier' ? index.functionByName(node.name) : undefined;
  const v = fn ? hookAnswers401(fn, index) : undefined;
  return v && fn ? refFromGuard(ref.name === '<inline>' ? '<inline guard>' : ref.name, v, undefined, fn, index) : ref;
}

/** Members on the framework instance resolve by name (`fastify.authenticate`, `server.verifyJWT`). */
const INSTANCE_NAMES = /^(fastify|app|server|instance|this)$/;

/**
 * MwRef for one middleware expression. Same-file functions and constants are judged here; imports
 * stay unresolved (link finishes them); anything else is named and judged by link's name rules.
 */
export function mwRef(expr: AstNode, index: JsIndex, depth = 0): MwRef {
  const ref = chainRef(expr, index, depth);
  const node = unwrap(expr);
  // `auth(PUBLIC_ENDPOINTS)`: the listed requests pass this guard unauthenticated.
  const open = node.type === 'CallExpression' && node.arguments.length > 0 ? publicListArg(node, index) : undefined;
  return open ? { ...ref, unless: [...(ref.unless ?? []), ...open] } : ref;
}

function chainRef(expr: AstNode, index: JsIndex, depth: number): MwRef {
  const node = unwrap(expr);
  const text = displayName(node, index);
  if (depth > 4) return { name: text };
  if (isFunctionLike(node)) {
    const v = classifyGuard(node, index);
    return refFromGuard(v ? '<inline guard>' : '<inline>', v, undefined, node, index);
  }
  if (node.type === 'CallExpression') {
    const prop = calleeProperty(node);
    // jwt({...}).unless({ path: [...] })
    if (prop === 'unless') {
      const inner = calleeObject(node);
      const ref = inner ? mwRef(inner, index, depth + 1) : { name: text };
      ref.name = text;
      ref.unless = unlessPaths(node.arguments[0] as AstNode | undefined, index);
      return ref;
    }
    const known = constructRef(node, index, text);
    if (known) return known;
    // `koaGuard({ body: object({...}), response, status: 200 })`: a request/response schema
    // validator, whatever its name (`guard`, `check`) suggests. A body judged a guard still wins.
    if (validatorOptions(node, index)) {
      const callee = memberPath(node.callee as AstNode);
      const local = callee && callee.length === 1 ? index.functionByName(callee[0]) : undefined;
      if (!local || !classifyGuard(local, index)) return { name: text, role: 'other', why: 'request validation', args: argsText(node, index) };
    }
    // `this.requireUser.bind(this)`: the class's own method. (Methods of other modules' instances,
    // `Controller.middleware.bind(this)`, stay unjudged: their privilege checks are often per
    // method, `if (req.method == 'DELETE' && !req.user.canDelete)`, which a guard verdict cannot hold.)
    if (prop === 'bind' && node.arguments.length <= 1) {
      const target = calleeObject(node);
      const own = target ? memberPath(target) : undefined;
      if (own?.length === 2 && own[0] === 'this') return { ...mwRef(target!, index, depth + 1), name: text };
    }
    const path = memberPath(node.callee as AstNode);
    // `this.auth.ifAuthNeeded(guard)`: a wrapper that runs the guard except on requests it lets through.
    const skip = path && path.length <= 3 && node.arguments.length === 1 ? skipWrapperCall(node, index) : undefined;
    if (skip) {
      const inner = mwRef(skip.arg, index, depth + 1);
      if ('unless' in skip) return { ...inner, name: text, unless: [...(inner.unless ?? []), ...skip.unless] };
      return { name: text, module: skip.module, from: index.file, export: skip.export, args: argsText(node, index), wrapped: inner };
    }
    // `asyncHandler(auth.jwt)`: a wrapper that only forwards errors; its argument is the middleware.
    const wrapped = wrappedMiddleware(node, index);
    if (wrapped) {
      const inner = mwRef(wrapped.arg, index, depth + 1);
      const imported = wrapped.imported && path ? importRef(text, index, path, argsText(node, index)) : undefined;
      if (imported) return { ...imported, wrapped: inner };
      if (!wrapped.imported) return { ...inner, name: text };
    }
    // `authenticate('jwt', msg, false)`: a local guard factory judged with these arguments.
    const bound = boundGuard(node, index);
    if (bound) return boundRef(text, bound, node, index);
    if (path && path.length === 1) {
      const local = index.functionByName(path[0]);
      // `const isAuthorized = () => expressjwt({...})`: a factory of a library guard.
      const built = local ? factoryCall(local) : undefined;
      const lib = built ? constructRef(built, index, text) : undefined;
      if (lib) return lib;
      if (local) return refFromGuard(text, classifyGuard(local, index), argsText(node, index), local, index);
    }
    if (path) {
      const imported = importRef(text, index, path, argsText(node, index));
      if (imported) return imported;
    }
    return { name: text, args: argsText(node, index) };
  }
  const path = memberPath(node);
  if (!path) return { name: text };
  const name = path.join('.');
  if (path.length === 1) {
    const local = index.functionByName(name);
    if (local) return refFromGuard(name, classifyGuard(local, index), undefined, local, index);
    const imported = importRef(name, index, path);
    if (imported) return imported;
    const init = index.constInit(name);
    // `const isLoggedIn = sessionHandler.isLoggedInMiddleware`: an alias of a call or a member.
    if (init && (unwrap(init).type === 'CallExpression' || unwrap(init).type === 'MemberExpression')) {
      const ref = mwRef(init, index, depth + 1);
      return { ...ref, name };
    }
  } else {
    const init = index.constInit(path[0]);
    const obj = init ? resolveObject(init, index) : undefined;
    const member = path.length === 2 ? objectProp(obj, path[1]) : undefined;
    if (member) return { ...mwRef(member, index, depth + 1), name };
    const method = path.length === 2 ? instanceMethod(init, path[1], index) : undefined;
    if (method?.fn) return refFromGuard(name, classifyGuard(method.fn, index), undefined, method.fn, index);
    if (method?.module) return { name, module: method.module, from: index.file, export: method.export };
    // `this.requireUser` inside a class: its own method, judged by body or by what it hands the request to.
    const own = path.length === 2 && path[0] === 'this' ? ownMethodRef(node, path[1], index) : undefined;
    if (own) return { ...own, name };
    if (INSTANCE_NAMES.test(path[0]) && path.length === 2) return { name, byName: path[1] };
  }
  return importRef(name, index, path) ?? { name };
}

/**
 * `this.authMiddleware` used as middleware in a class method: the class's own method, judged by its
 * body; one whose whole body hands its `(req, res, next)` to a method of an instance the class keeps
 * (`this.auth.isAuthenticated(req, res, next)`, `this.auth = new Auth()`) is that method.
 */
function ownMethodRef(node: AstNode, member: string, index: JsIndex): MwRef | undefined {
  const cls = index.enclosingClass(node);
  const m = cls?.body.body.find((x) => x.type === 'MethodDefinition' && !x.static && x.key.type === 'Identifier' && x.key.name === member);
  if (!m || m.type !== 'MethodDefinition') return undefined;
  const fn = m.value as FunctionLike;
  if (fn.params.length < 2) return undefined;
  const v = classifyGuard(fn, index);
  if (v) return refFromGuard(member, v, undefined, fn, index);
  const call = forwardingCall(fn);
  const target = call ? memberPath(call.callee as AstNode) : undefined;
  if (!call || target?.length !== 3 || target[0] !== 'this') return undefined;
  const made = fieldNew(cls!, target[1]);
  const method = made ? instanceMethod(made, target[2], index) : undefined;
  if (method?.fn) return refFromGuard(member, classifyGuard(method.fn, index), undefined, method.fn, index);
  return method?.module ? { name: member, module: method.module, from: index.file, export: method.export } : undefined;
}

/** `this.auth = new Auth()` (or a class property): the construction a field of the class holds. */
function fieldNew(cls: Class, field: string): AstNode | undefined {
  for (const a of nodesUnder(cls as AstNode, 'AssignmentExpression')) {
    const left = memberPath(a.left as AstNode);
    if (left?.length === 2 && left[0] === 'this' && left[1] === field && unwrap(a.right as AstNode).type === 'NewExpression') return unwrap(a.right as AstNode);
  }
  for (const m of cls.body.body as AstNode[]) {
    if (m.type === 'PropertyDefinition' && !m.computed && m.key.type === 'Identifier' && m.key.name === field && unwrap(m.value as AstNode | null)?.type === 'NewExpression') return unwrap(m.value as AstNode);
  }
  return undefined;
}

/**
 * A method of an instance built with `new C(...)`: a method of a local class or constructor
 * function, or (for an imported constructor) the export that names it.
 */
function instanceMethod(init: AstNode | undefined, member: string, index: JsIndex): { fn?: FunctionLike; module?: string; export?: string } | undefined {
  const n = unwrap(init);
  if (!n || n.type !== 'NewExpression') return undefined;
  const callee = unwrap(n.callee);
  if (callee.type !== 'Identifier') return undefined;
  const cls = index.classByName(callee.name);
  const m = cls?.body.body.find((x) => x.type === 'MethodDefinition' && x.key.type === 'Identifier' && x.key.name === member);
  if (m && m.type === 'MethodDefinition') return { fn: m.value as FunctionLike };
  const ctor = index.functionByName(callee.name);
  const fn = ctor ? constructorMembers(ctor, index).get(member) : undefined;
  if (fn) return { fn };
  const b = index.bindings.get(callee.name);
  return b ? { module: b.module, export: instanceExport(b.imported, member) } : undefined;
}

/**
 * Paths of `.unless({ path: ['/login', /^\/public/, { url: '/x', methods: [...] }] })`, and of a
 * skip function (`.unless((ctx) => ...)`, `{ custom: fn }`) read as a path predicate.
 */
function unlessPaths(opts: AstNode | undefined, index: JsIndex): string[] {
  const o = resolveObject(opts, index);
  const custom = customUnless(o ? objectProp(o, 'custom') : opts, index);
  const p = unwrap(objectProp(o, 'path'));
  if (!p) return custom ? [custom] : [];
  const items = p.type === 'ArrayExpression' ? (p.elements.filter(Boolean) as AstNode[]) : [p];
  const out: string[] = custom ? [custom] : [];
  for (const raw of items) {
    const item = unwrap(raw);
    const s = stringValue(item, index);
    if (s !== undefined) out.push(s);
    else if (item.type === 'Literal' && 'regex' in item && item.regex) out.push(`re:${(item.regex as { pattern: string }).pattern}`);
    else if (item.type === 'ObjectExpression') {
      const url = stringValue(objectProp(item, 'url'), index);
      if (url !== undefined) out.push(url);
    }
  }
  return out;
}

/**
 * `router.all('(/+api/admin|/+api/admin/*?)', authenticate, ensureLoggedIn, checkPrivileges)`: no
 * endpoint but guards for the routes registered after it whose path matches the pattern (each ref
 * exempts every other path). Undefined when the call is an ordinary `all` route.
 */
export function patternGuardRefs(call: CallLike, index: JsIndex): MwRef[] | undefined {
  const pattern = allGuardPattern(call, index, (a) => {
    const ref = mwRef(a, index);
    return (ref.role !== undefined && ref.role.startsWith('auth-')) || (ref.role === undefined && authLikeName(ref.name));
  });
  if (!pattern) return undefined;
  return flattenArgs((call.arguments as AstNode[]).slice(1), index).map((a) => {
    const ref = mwRef(a, index);
    return { ...ref, only: pattern, line: index.line(call) };
  });
}

/**
 * Middleware args of a call, flattening arrays (`router.get('/x', [a, b], h)`), and with `index`
 * the local const arrays they name or spread (`const mws = [a, b]; router.post('/x', [...mws, c], h)`).
 */
export function flattenArgs(args: readonly AstNode[], index?: JsIndex, depth = 0): AstNode[] {
  const out: AstNode[] = [];
  for (const a of args) {
    const n = unwrap(a);
    const arr = index && depth < 3 ? constArray(n.type === 'SpreadElement' ? (n.argument as AstNode) : n, index) : undefined;
    if (arr) out.push(...flattenArgs(arr, index, depth + 1));
    else if (n.type === 'ArrayExpression') {
      for (const e of n.elements) if (e) out.push(...(e.type === 'SpreadElement' ? flattenArgs([e as AstNode], index, depth + 1) : [e as AstNode]));
    } else if (n.type !== 'SpreadElement') out.push(n);
  }
  return out;
}

/** The elements of a const array a name stands for (`const middlewares = [a, b]`), in scope at the use. */
function constArray(node: AstNode, index: JsIndex): AstNode[] | undefined {
  const n = unwrap(node);
  if (n.type !== 'Identifier') return undefined;
  const init = unwrap(index.initAt(n.name, n));
  return init && init.type === 'ArrayExpression' ? (init.elements.filter(Boolean) as AstNode[]) : undefined;
}

/**
 * `.get(validateToken, controller.listNotes, guard.check(['user:read']))`: a guard configured with
 * data (permissions, roles) after a plain handler reference never runs, since a guard lets the
 * request on with `next()` and only the handler before it can answer. Returns the position of that
 * handler, or undefined when the last argument is the handler (a guard alone in the handler
 * position, `security.denyAll()`, stays judged there).
 */
export function handlerBeforeTrailingGuards(args: readonly AstNode[], index: JsIndex): number | undefined {
  let i = args.length - 1;
  while (i > 0 && trailingGuard(args[i], index)) i--;
  if (i === args.length - 1) return undefined;
  const h = unwrap(args[i]);
  if (h.type !== 'Identifier' && h.type !== 'MemberExpression' && !isFunctionLike(h)) return undefined;
  const ref = mwRef(h, index);
  if ((ref.role !== undefined && ref.role !== 'other') || (ref.role === undefined && authLikeName(ref.name))) return undefined;
  return i;
}

function trailingGuard(arg: AstNode, index: JsIndex): boolean {
  const n = unwrap(arg);
  if (n.type !== 'CallExpression' || n.arguments.length === 0 || !n.arguments.every((a) => literalData(a as AstNode, index))) return false;
  // `withLicenceGuard(projects.update, { requiredTier })` wraps the handler itself.
  if (optionWrappedHandler(n, index)) return false;
  const ref = mwRef(n, index);
  return ref.role === 'auth-role' || ref.role === 'auth-admin' || ref.role === 'auth-user' || (ref.role === undefined && authLikeName(ref.name));
}

/** `withX(...)`: the higher-order convention for a function that wraps another and returns it. */
const HOC_NAME = /^with[A-Z0-9_]/;

/**
 * The controller a higher-order wrapper in the handler position is handed together with options
 * (`withLicenceGuard(projects.create, { requiredTier: ['team'] })`, `withCache(ctrl.list, { ttl: 60 })`):
 * a `withX` call whose first argument is a function (inline, or a reference named in lower camel
 * case, unlike a constant such as `Role.Admin`) and whose other arguments are configuration.
 */
export function optionWrappedHandler(call: AstNode, index: JsIndex): AstNode | undefined {
  const n = unwrap(call);
  if (n.type !== 'CallExpression' || n.arguments.length < 2) return undefined;
  const callee = memberPath(n.callee as AstNode);
  if (!callee || !HOC_NAME.test(callee[callee.length - 1])) return undefined;
  const first = unwrap(n.arguments[0] as AstNode);
  if (!isFunctionLike(first)) {
    const path = memberPath(first);
    if (!path || !/^[a-z]/.test(path[path.length - 1])) return undefined;
  }
  return n.arguments.slice(1).every((a) => literalData(a as AstNode, index)) ? first : undefined;
}

/** Literals, constants (`Role.Admin`) and arrays or objects of them: configuration, not a function. */
function literalData(node: AstNode, index: JsIndex, depth = 0): boolean {
  const n = unwrap(node);
  if (depth > 3) return false;
  if (n.type === 'Literal' || (n.type === 'TemplateLiteral' && n.expressions.length === 0)) return true;
  if (n.type === 'ArrayExpression') return n.elements.every((e) => !!e && e.type !== 'SpreadElement' && literalData(e as AstNode, index, depth + 1));
  if (n.type === 'ObjectExpression') return n.properties.every((p) => p.type === 'Property' && literalData(p.value as AstNode, index, depth + 1));
  if (n.type === 'MemberExpression') return !!memberPath(n) && !index.functionByName(memberPath(n)![0]);
  if (n.type === 'Identifier') return stringValue(n, index) !== undefined;
  return false;
}
