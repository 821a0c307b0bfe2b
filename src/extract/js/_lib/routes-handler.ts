// What a route handler's body shows: an inline auth check, file uploads, session writes, and
// records loaded/changed by an id taken from the request without comparing them to the
// authenticated user (the syntactic footprint of BOLA/IDOR). The record readings are in
// routes-handler-records.ts, the side effects (state changes, body tags) in routes-handler-writes.ts;
// this file assembles the summary and resolves which function is the handler.
import type { ConfigFact, FactInput } from '../../../model/types.js';
import { calleeName, calleeObject, calleeProperty, constructorMembers, functionOf, isFunctionLike, memberPath, nodesUnder, paramNames, someNode, unwrap, unwrapAwait, type AstNode, type FunctionLike, type JsIndex, wrappedHandler } from './ast.js';
import { guardCalls, type GuardCall } from './routes-guard-calls.js';
import { canRefuse, classifyGuard, returnedFunction } from './routes-guards.js';
import { callerLookup, identityIn, negative, rejects } from './routes-guard-signals.js';
import { roleIn } from './routes-guard-roles.js';
import { bootstrapGate, bootstrapHandler } from './bootstrap-gate.js';
import { sharedSecretCheck } from './routes-guard-credentials.js';
import { gateChecked, siblingGated } from './record-gates.js';
import { constructRef, optionWrappedHandler } from './routes-refs.js';
import { instanceExport, type HandlerRef, type RouteMeta } from './routes.js';
import { leadingAdminGate, prefixDispatch } from './routes-scan-tables.js';
import { type RecordAccess, REQUEST_PARAMS, handlerLike, GATE_HELPERS } from './routes-handler-records.js';
import { bodyTags, answers, changesState, exchangesBodyCredential, providerIdentityCheck, storesInSession } from './routes-handler-writes.js';
import { handlerAuthz } from './routes-handler-authz.js';
import { handlerListings, type RecordListing } from './routes-handler-listing.js';
import { callerGated } from './routes-handler-caller.js';
import { webhookInput } from './webhook-input.js';
import { staticResponder } from './static-responder.js';
import { federatedLogin } from './oauth-code-exchange.js';

export interface HandlerSite {
  site: 'sets-session' | 'cookie-credential' | 'guard-continues';
  node: AstNode;
  values?: Record<string, string | number>;
}

export interface HandlerSummary {
  inline?: RouteMeta['inline'];
  tags: string[];
  access: RecordAccess[];
  sites: HandlerSite[];
  /** Imported helpers the handler calls like guards, judged in link (see routes-guard-calls.ts). */
  guardCalls?: GuardCall[];
  /** Reads of every account the handler answers with (routes-handler-listing.ts). */
  listing?: RecordListing[];
}

/** `req.files`, `req.file`, `ctx.request.files`: multer, express-fileupload and koa-body results. */
const COOKIE_CREDENTIAL = /^(token|jwt|auth|authorization|access_?token|id_?token|session|sid|session_?id|connect\.sid)$/i;
/**
 * Places rules cite: the first write of a user into the session (`req.session.userId = ...`) and
 * the first read of a credential from a cookie (`req.cookies.token`), which makes the browser send
 * the credential on cross-site requests too.
 */
function handlerSites(fn: FunctionLike): HandlerSite[] {
  if (!fn.body) return [];
  const out: HandlerSite[] = [];
  for (const assign of nodesUnder(fn.body as AstNode, 'AssignmentExpression')) {
    const path = memberPath(assign.left as AstNode);
    if (storesInSession(path)) {
      out.push({ site: 'sets-session', node: assign });
      break;
    }
  }
  const cookie = cookieCredential(fn);
  if (cookie) out.push({ site: 'cookie-credential', node: cookie });
  return out;
}

function cookieCredential(fn: FunctionLike): AstNode | undefined {
  return nodesUnder(fn.body as AstNode, 'MemberExpression').find((m) => {
    const path = memberPath(m);
    return !!path && path.length === 3 && REQUEST_PARAMS.has(path[0]) && (path[1] === 'cookies' || path[1] === 'signedCookies') && COOKIE_CREDENTIAL.test(path[2]);
  });
}

export function summarizeHandler(fn: FunctionLike, index: JsIndex): HandlerSummary {
  const tags = bodyTags(fn, index);
  // A sign-in by a provider's token: the identity the handler finds is the one it signs in.
  // Only where the check found is that provider call: a route that asks `req.user` first (linking
  // a provider account to the signed-in user) still requires its login.
  const found = classifyGuard(fn, index, true);
  const signIn = !!found && tags.includes('login') && !!fn.body && providerIdentityCheck(found.why) && exchangesBodyCredential(fn.body as AstNode, index);
  const verdict = signIn ? undefined : found;
  // Handlers whose body shows no write anywhere (a computation, a lookup, a redirect) are marked,
  // so rules about state-changing routes need more than the HTTP verb.
  if (!changesState(fn, index)) tags.push('no-state-change');
  // One prepared page for every caller (a single-page app's shell): a page, not an API.
  if (staticResponder(fn)) tags.push('page-only');
  // What a webhook handler could have verified of its sender (webhook-input.ts).
  const input = webhookInput(fn, index);
  if (input && !tags.includes(input)) tags.push(input);
  // The handler authenticates the caller from a credential the browser sends by itself.
  if (verdict && cookieCredential(fn)) tags.push('cookie-auth');
  // Only a holder of the deployment's own secret gets in (a scheduler, an internal job): no user
  // stands behind the call, so there is no other user's record to reach.
  if (verdict && (verdict.tags?.includes('deployment-secret') || sharedSecretCheck(fn, index))) tags.push('deployment-secret');
  const summary: HandlerSummary = { tags, access: siblingGated(fn, index, GATE_HELPERS), sites: handlerSites(fn) };
  // A factory (`() => retrieveUserList`) answers through the handler it returns.
  const answering = handlerLike(fn) ? fn : returnedFunction(fn, index);
  const listing = answering ? handlerListings(answering, index) : [];
  if (listing.length > 0) summary.listing = listing;
  // The access check its controller's actions share, made on the request's id: object-level authz.
  if (gateChecked(fn, index, GATE_HELPERS)) tags.push('access-checked');
  // An owner-or-admin check comes back as `user` (with `owner`) from the classifier itself.
  const continues = verdict ? inlineGuardContinues(fn, index) : undefined;
  if (continues) {
    // `if (!req.session.user) { res.redirect('/login'); }` and the handler runs on: no guard.
    summary.tags.push('guard-does-not-halt');
    summary.sites.push({ site: 'guard-continues', node: continues.check, values: { guard: 'the inline check', guardFile: index.file, guardLine: index.line(continues.check), after: continues.after } });
  } else if (verdict) {
    summary.inline = { level: verdict.level, why: `handler checks: ${verdict.why}` };
    // `topic.author_id.equals(user._id) || user.is_admin`: a signed-in owner passes, object-level authz.
    if (verdict.owner) summary.tags.push('owner-check');
  }
  else guardCallSummary(fn, index, summary);
  // No guard: the handler may still look the caller up from its session and act only for it.
  const gated = summary.inline || continues ? undefined : callerGated(fn, index);
  if (gated) summary.inline = { level: 'user', why: `handler ${gated}` };
  // No guard decided it: the handler may still authorise the caller against the data it loads.
  if (!summary.inline && handlerAuthz(fn, index)) summary.tags.push('handler-authz');
  else if (!summary.inline && adminRefused(fn, index)) summary.tags.push('admin-checked');
  // Serves only until the application is set up (a first-user or restore form).
  if (bootstrapHandler(fn, index)) summary.tags.push('bootstrap-once');
  // The callback of a sign-in with a provider (an OAuth code exchanged, no caller required): a
  // federated login step, public by design; a login where it then starts the session.
  if (!summary.inline && fn.body && federatedLogin(fn.body as AstNode, index, (c) => callerLookup(c, index) !== undefined)) {
    summary.tags.push('federated');
    if (!summary.tags.includes('login')) summary.tags.push('login');
  }
  summary.tags.sort();
  return summary;
}

/**
 * `if (granted === 0 && !isAdmin(session.user_id)) { res.status(400)...; return; }`: the handler
 * turns away callers who are not administrators (unless the other part of the test admits them,
 * a right on the record), whatever status it answers with. The route decides on the caller's role
 * itself, so it is no administrative route left to any signed-in user.
 */
function adminRefused(fn: FunctionLike, index: JsIndex): boolean {
  const body = fn.body as AstNode | null;
  if (!body || body.type !== 'BlockStatement' || !/\bif\s*\(/.test(index.text(body))) return false;
  return nodesUnder(body, 'IfStatement').some((s) => conjuncts(s.test as AstNode).some((c) => negative(c, index) && roleIn(c, index) === 'admin') && leaves(s.consequent as AstNode));
}

function conjuncts(test: AstNode): AstNode[] {
  const t = unwrap(test);
  return t.type === 'LogicalExpression' && t.operator === '&&' ? [...conjuncts(t.left as AstNode), ...conjuncts(t.right as AstNode)] : [t];
}

/** A branch that leaves the handler: `return`, `throw`, `ctx.throw(403)`, or a `next(...)` hand-off. */
function leaves(branch: AstNode): boolean {
  return someNode(branch, (n) => n.type === 'ReturnStatement' || n.type === 'ThrowStatement' || (n.type === 'CallExpression' && (calleeName(n) === 'next' || calleeProperty(n) === 'throw')));
}

/**
 * The handler's first identity check answers the stranger (401, 403, a redirect) but neither
 * returns nor throws, has no `else`, and statements follow it: they run for everyone.
 */
function inlineGuardContinues(fn: FunctionLike, index: JsIndex): { check: AstNode; after: 'data' | 'answers' } | undefined {
  const body = fn.body as AstNode | null;
  if (!body || body.type !== 'BlockStatement') return undefined;
  const statements = body.body as AstNode[];
  const [req, res] = paramNames(fn);
  for (let i = 0; i < statements.length; i++) {
    const stmt = statements[i];
    if (stmt.type !== 'IfStatement' || !negative(stmt.test as AstNode, index) || !identityIn(stmt.test as AstNode, index)) continue;
    if (stmt.alternate || leaves(stmt.consequent as AstNode) || !rejects(stmt.consequent as AstNode, index, true)) return undefined;
    const rest = statements.slice(i + 1);
    if (rest.length === 0) return undefined;
    const work = rest.flatMap((r) => nodesUnder(r, 'CallExpression')).some((c) => {
      const root = memberPath(c.callee as AstNode)?.[0] ?? '';
      return root !== res && root !== req && root !== 'console' && root !== 'next';
    });
    return { check: stmt, after: work ? 'data' : 'answers' };
  }
  return undefined;
}

/**
 * Guards the handler calls itself: one that stops the handler authenticates it; one that only
 * answers and lets the handler go on is a `guard-continues` site (the route stays unauthenticated).
 */
function guardCallSummary(fn: FunctionLike, index: JsIndex, summary: HandlerSummary): void {
  const { local, imported } = guardCalls(fn, index);
  for (const g of local) {
    if (g.halts || g.helperHalts) {
      summary.inline = { level: g.verdict.level, why: `handler calls ${g.name}: ${g.verdict.why}` };
      return;
    }
    if (!summary.tags.includes('guard-does-not-halt')) summary.tags.push('guard-does-not-halt');
    summary.sites.push({ site: 'guard-continues', node: g.call, values: { guard: g.name, guardFile: index.file, guardLine: g.helperLine, after: g.after } });
  }
  if (imported.length > 0) summary.guardCalls = imported;
}

export interface ResolvedHandler {
  fn?: FunctionLike;
  ref?: HandlerRef;
  name?: string;
  /** Node whose line is the handler location in this file. */
  at?: AstNode;
}

const WRAPPER_NAMES = /async|catch|wrap|handler|try|safe|errors?|promise|route|controller|withErrors?/i;

/**
 * Finds the function a handler expression stands for: inline, same-file, a thin wrapper around a
 * controller call, `asyncHandler(fn)`, `ctrl.method.bind(ctrl)`, or an import (left as a ref).
 */
export function resolveHandler(expr: AstNode, index: JsIndex, depth = 0): ResolvedHandler {
  const n = unwrap(expr);
  if (depth > 3) return {};
  if (isFunctionLike(n)) {
    const inner = thinWrapperCallee(n);
    const name = index.functionName(n);
    if (inner) {
      const target = resolveHandler(inner, index, depth + 1);
      if (target.fn || target.ref) return { ...target, fn: target.fn ?? n };
    }
    return { fn: n, name, at: n };
  }
  if (n.type === 'CallExpression') {
    const prop = calleeProperty(n);
    if (prop === 'bind') {
      const obj = calleeObject(n);
      return obj ? resolveHandler(obj, index, depth + 1) : {};
    }
    const name = calleeName(n) ?? '';
    if (n.arguments.length >= 1 && !constructRef(n, index, name) && WRAPPER_NAMES.test(name)) {
      return resolveHandler(n.arguments[0] as AstNode, index, depth + 1);
    }
    // `withLicenceGuard(projects.create, { requiredTier })`: the wrapped controller answers.
    const wrapped = optionWrappedHandler(n, index);
    if (wrapped) return resolveHandler(wrapped, index, depth + 1);
    // Handler factories: `app.post('/x', order())`, `router.get('/y', ctrl.list())`.
    const path = memberPath(n.callee as AstNode);
    if (!path || constructRef(n, index, name)) return {};
    if (path.length === 1) {
      const local = index.functionByName(path[0]);
      if (local) return { fn: local, name: path[0], at: local };
    }
    const b = index.bindings.get(path[0]);
    if (b && (b.module.startsWith('.') || b.module.startsWith('@/') || b.module.startsWith('~/'))) {
      let exp = b.imported;
      if (exp === '*' || exp === 'default') exp = path.length > 1 ? path[path.length - 1] : 'default';
      else if (path.length > 1) exp = path[path.length - 1];
      return { ref: { module: b.module, from: index.file, export: exp, name: path.join('.') }, name: path.join('.') };
    }
    return {};
  }
  const path = memberPath(n);
  if (!path) return {};
  if (path.length === 1) {
    // A same-file `const getMe = asyncHandler(async (req, res) => ...)` stands for the wrapped function.
    const fn = index.functionByName(path[0]) ?? (n.type === 'Identifier' ? wrappedHandler(n, index) : undefined);
    if (fn) return { fn, name: path[0], at: fn };
  }
  const b = index.bindings.get(path[0]);
  if (b) {
    let exp = b.imported;
    if (exp === '*' || exp === 'default') exp = path.length > 1 ? path[path.length - 1] : 'default';
    else if (path.length > 1) exp = path[path.length - 1];
    return { ref: { module: b.module, from: index.file, export: exp, name: path.join('.') }, name: path.join('.') };
  }
  // const ctrl = new UserController() (local or imported class), or an object literal of handlers.
  if (path.length === 2) {
    // A static method of a class of this file: `app.get('/uploads/:name', Uploader.routeGetFile)`.
    const own = index.classByName(path[0]);
    const stat = own?.body.body.find((m) => m.type === 'MethodDefinition' && m.static && m.key.type === 'Identifier' && m.key.name === path[1]);
    if (stat && stat.type === 'MethodDefinition') return { fn: stat.value as FunctionLike, name: path.join('.'), at: stat as AstNode };
    const init = unwrap(index.constInit(path[0]));
    if (init && init.type === 'NewExpression') {
      const cls = unwrap(init.callee);
      if (cls.type === 'Identifier') {
        const local = index.classByName(cls.name);
        const method = local?.body.body.find((m) => m.type === 'MethodDefinition' && m.key.type === 'Identifier' && m.key.name === path[1]);
        if (method && method.type === 'MethodDefinition') return { fn: method.value as FunctionLike, name: `${cls.name}.${path[1]}`, at: method as AstNode };
        // A constructor function of this file: `function H(db) { this.show = (req, res) => ... }`.
        const ctor = index.functionByName(cls.name);
        const member = ctor ? constructorMembers(ctor, index).get(path[1]) : undefined;
        if (member) return { fn: member, name: `${cls.name}.${path[1]}`, at: member };
        const cb = index.bindings.get(cls.name);
        if (cb) return { ref: { module: cb.module, from: index.file, export: instanceExport(cb.imported, path[1]), name: path.join('.') }, name: path.join('.') };
      }
    }
    // `const ctrl = wrapController(ctrlRaw)` with `import * as ctrlRaw from './ctrl'`: a wrapper that
    // hands back every handler of a module (error handling, typing) keeps each one's own body.
    const wrapped = init && init.type === 'CallExpression' && init.arguments.length >= 1 && WRAPPER_NAMES.test(calleeName(init) ?? '') ? unwrap(init.arguments[0] as AstNode) : undefined;
    const whole = wrapped?.type === 'Identifier' ? index.bindings.get(wrapped.name) : undefined;
    if (whole && (whole.imported === '*' || whole.imported === 'default')) return { ref: { module: whole.module, from: index.file, export: path[1], name: path.join('.') }, name: path.join('.') };
    if (init && init.type === 'ObjectExpression') {
      const prop = init.properties.find((p) => p.type === 'Property' && p.key.type === 'Identifier' && p.key.name === path[1]);
      const fn = prop && prop.type === 'Property' ? functionOf(prop.value as AstNode, index) : undefined;
      if (fn) return { fn, name: path.join('.'), at: fn };
    }
  }
  return { name: path.join('.') };
}

/** `(req, res) => ctrl.show(req, res)` / `{ return svc.x(req, res, next) }` → `ctrl.show`. */
function thinWrapperCallee(fn: FunctionLike): AstNode | undefined {
  let body = unwrap(fn.body as AstNode | null);
  if (!body) return undefined;
  if (body.type === 'BlockStatement') {
    if (body.body.length !== 1) return undefined;
    const stmt = body.body[0];
    if (stmt.type === 'ReturnStatement' && stmt.argument) body = unwrap(stmt.argument as AstNode);
    else if (stmt.type === 'ExpressionStatement') body = unwrap(stmt.expression as AstNode);
    else return undefined;
  }
  const call = unwrapAwait(body);
  if (!call || call.type !== 'CallExpression') return undefined;
  const params = paramNames(fn);
  const passes = call.arguments.some((a) => {
    const u = unwrap(a as AstNode);
    return u.type === 'Identifier' && params.includes(u.name) && REQUEST_PARAMS.has(u.name);
  });
  return passes ? (call.callee as AstNode) : undefined;
}

/** `record-access` and `handler-site` config facts for a summary (route fields are completed by link). */
export function accessFacts(summary: HandlerSummary, index: JsIndex, route: { file?: string; line?: number; handler?: string }): FactInput[] {
  const sites = summary.sites.map((site): FactInput => {
    const values: ConfigFact['values'] = { ...site.values, site: site.site };
    if (route.file) values.routeFile = route.file;
    if (route.line) values.routeLine = route.line;
    if (route.handler) values.handler = route.handler;
    return { kind: 'config', setting: 'handler-site', values, evidence: index.evidence(site.node), key: `${index.file}#handler-site:${index.enclosingFunctionName(site.node)}:${site.site}` };
  });
  const listings = (summary.listing ?? []).map((l): FactInput => {
    const values: ConfigFact['values'] = { api: l.api };
    if (l.model) values.model = l.model;
    if (l.method) Object.assign(values, { method: l.method, owner: l.owner ?? '', ...(l.module ? { module: l.module, moduleFrom: index.file } : {}) });
    if (route.file) values.routeFile = route.file;
    if (route.line) values.routeLine = route.line;
    if (route.handler) values.handler = route.handler;
    return { kind: 'config', setting: 'record-listing', values, evidence: index.evidence(l.call), key: `${index.file}#record-listing:${index.enclosingFunctionName(l.call)}:${l.api}` };
  });
  return [...sites, ...listings, ...summary.access.map((a) => {
    const values: ConfigFact['values'] = { model: a.model, operation: a.operation, api: a.api, idSource: a.idSource, ownerCheck: false };
    if (a.via) Object.assign(values, { scopeFrom: index.file, scopeModule: a.via.module, scopeExport: a.via.export, scopeArgs: a.via.args.join(',') });
    if (a.sibling) values.siblingCheck = a.sibling;
    if (a.clientUserId) values.clientUserId = a.clientUserId;
    if (route.file) values.routeFile = route.file;
    if (route.line) values.routeLine = route.line;
    if (route.handler) values.handler = route.handler;
    const fact: Omit<ConfigFact, 'extractor'> = {
      kind: 'config',
      setting: 'record-access',
      values,
      summary: `${a.api} by ${a.idSource} without an ownership check`,
      evidence: index.evidence(a.call),
      key: `${index.file}#record-access:${index.enclosingFunctionName(a.call)}:${a.api}`,
    };
    return fact;
  })];
}

/**
 * `js-handler` records (for link) and `record-access` facts for every exported function of a file
 * that looks like a request handler, so routes in other files that import it get its summary.
 */
export function exportedHandlerFacts(index: JsIndex): FactInput[] {
  const byFn = new Map<FunctionLike, string[]>();
  // Functions reached through a wrapper call: their own name would be the wrapper's.
  const wrapped = new Set<FunctionLike>();
  for (const [name, value] of index.exports) {
    let v = unwrap(value);
    // `class X {}` ... `module.exports = X`: the class's methods.
    if (v.type === 'Identifier' && !index.functionByName(v.name)) v = (index.classByName(v.name) as AstNode | undefined) ?? v;
    if (v.type === 'ClassDeclaration' || v.type === 'ClassExpression') {
      for (const m of v.body.body) {
        if (m.type !== 'MethodDefinition' || m.key.type !== 'Identifier' || m.key.name === 'constructor') continue;
        const list = byFn.get(m.value as FunctionLike) ?? [];
        list.push(m.key.name, `${name}.${m.key.name}`);
        byFn.set(m.value as FunctionLike, list);
      }
      continue;
    }
    // `exports.getMe = asyncHandler(async (req, res, next) => ...)`: the wrapped function handles it.
    const direct = functionOf(v, index);
    const fn = direct ?? wrappedHandler(v, index);
    if (!fn) continue;
    if (!direct) wrapped.add(fn);
    const list = byFn.get(fn) ?? [];
    list.push(name);
    byFn.set(fn, list);
  }
  const out: FactInput[] = [];
  const fne = index.file.replace(/\.(?:[cm]?[jt]sx?)$/, '');
  for (const [fn, exports] of byFn) {
    const inner = handlerLike(fn) ? fn : returnedFunction(fn, index);
    if (!inner || !handlerLike(inner)) continue;
    const summary = summarizeHandler(fn, index);
    const record = { exports, name: (wrapped.has(fn) ? undefined : index.functionName(fn)) ?? exports[0], line: index.line(fn), inline: summary.inline ?? leadingAdminGate(fn, index), tags: summary.tags, rejects: canRefuse(inner, index), answers: answers(fn, index), guardCalls: summary.guardCalls, dispatch: prefixDispatch(fn, index), ...(bootstrapGate(inner, index) ? { bootstrapGate: true } : {}) };
    out.push({
      kind: 'config',
      setting: 'js-handler',
      values: { data: JSON.stringify(record) },
      evidence: index.evidence(fn),
      key: `${index.file}#js-handler:${exports[0]}`,
    });
    out.push(...accessFacts(summary, index, { handler: `${fne}#${exports[0]}` }));
  }
  return out;
}
