// Per-file reading of Moleculer code: service schemas (their actions, REST shapes, declared
// permissions and handlers), moleculer-web gateway routes (aliases, autoAliases, whitelist,
// mappingPolicy, authentication / authorization) and the hooks that read action properties to
// refuse calls (gateway `authorize` / `authenticate`, broker middleware `localAction`). The
// records go to link.ts, which joins gateways and services across files.
import type { FactInput } from '../../../model/types.js';
import { functionOf, hasSpread, nodesUnder, isFunctionLike, literalValue, objectProp, propertyKey, stringValue, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { accessFacts, summarizeHandler } from '../_lib/routes-handler.js';
import { adminLikeText, type RouteMeta } from '../_lib/routes.js';
import { handlerAuth } from '../nextjs/session-check.js';
import { metaUserCheck } from './handler-auth.js';

export const MOLECULER_SETTING = 'js-moleculer';
export const GATEWAY_MODULES = ['moleculer-web'];

/** `rest` of an action: a method (or `*`) and a path below the service's base, or an own base. */
export interface RestShape {
  method: string;
  path: string;
  basePath?: string;
}

export interface ActionRec {
  name: string;
  line: number;
  rest?: RestShape[];
  visibility?: string;
  /** Declared access properties (`auth: 'required'`, `permissions: [...]`): key → source text. */
  decl: Record<string, string>;
  handler?: { line: number; name: string };
  meta?: Pick<RouteMeta, 'inline' | 'guardCalls' | 'handlerTags'>;
  /** `list: false`: the action a mixin would add is switched off. */
  disabled?: boolean;
}

export interface ServiceRec {
  name?: string;
  version?: string;
  noVersionPrefix?: boolean;
  /** `settings.rest`: a base path, or `true`/absent for the full service name. */
  rest?: string;
  line: number;
  /** Line of `mixins:` (where a database mixin adds its CRUD actions). */
  mixinLine?: number;
  /** Mixins by name, with a database mixin's options (`actionVisibility`, `createActions: false`). */
  mixins: { name: string; module?: string; visibility?: string; none?: boolean }[];
  actions: ActionRec[];
}

export interface AliasRec {
  method: string;
  path: string;
  /** Target action name, `REST` target service, or undefined for a function alias. */
  action?: string;
  rest?: boolean;
  line: number;
  fn?: { line: number; name: string; meta: Pick<RouteMeta, 'inline' | 'guardCalls' | 'handlerTags'> };
}

export interface GatewayRouteRec {
  path: string;
  line: number;
  aliases: AliasRec[];
  autoAliases: boolean;
  whitelist?: string[];
  mappingPolicy?: string;
  authentication: boolean;
  authorization: boolean;
  /** `rateLimit` set on the route or the gateway's settings. */
  rateLimit?: boolean;
}

/** How a gateway hook or broker middleware refuses: always, or when the action declares a property. */
export interface HookRec {
  kind: 'authenticate' | 'authorize' | 'localAction';
  line: number;
  refuses: boolean;
  /** Action properties it reads (`req.$action.auth`, `action.permissions`). */
  keys: string[];
  /** Refuses unless the user has an administrator role (text of the check). */
  admin: boolean;
  /** What the hook enforces for each shape of a declared entry (`permissions: [...]`), when it reads them one by one. */
  policy?: EntryPolicy;
}

/** A hook's treatment of each declared entry: named cases, function entries, and the rest. */
export interface EntryPolicy {
  /** `if (p == C.ROLE_AUTHENTICATED) …`: the entry text and what that branch checks. */
  cases: { match: string; level: 'user' | 'admin' | 'unknown' }[];
  /** `if (isFunction(p)) …`: custom check functions are called (what they check is unknown). */
  fn: boolean;
  /** Other entries: compared with the caller's roles ('checked'), collected and never read ('ignored'), only a caller required ('caller'), or not seen. */
  rest: 'checked' | 'ignored' | 'caller' | 'unknown';
  /** One passing entry lets the call through (`.some`), or all must pass (`.every`). */
  every: boolean;
}

export interface GatewayRec {
  path: string;
  routes: GatewayRouteRec[];
  hooks: HookRec[];
  line: number;
}

export interface MoleculerRecord {
  services?: ServiceRec[];
  gateways?: GatewayRec[];
  hooks?: HookRec[];
  /** The file uses `@moleculer/database` (its CRUD actions differ from moleculer-db's). */
  database?: boolean;
}

const ACCESS_KEYS = /^(auth|authentication|authorization|authorize|permissions?|roles?|scopes?|policy|policies|acl|access|restricted|requiresAuth|isPublic|public)$/;

function str(node: AstNode | undefined, index: JsIndex): string | undefined {
  const s = stringValue(node, index);
  return s;
}

/** `'GET /:id'`, `'/list'`, `{ method, path, basePath }`, `true`, or an array of these. */
function restShapes(node: AstNode | undefined, actionName: string, index: JsIndex): RestShape[] | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (n.type === 'ArrayExpression') return n.elements.flatMap((e) => (e && e.type !== 'SpreadElement' ? (restShapes(e as AstNode, actionName, index) ?? []) : []));
  if (n.type === 'ObjectExpression') {
    const method = str(objectProp(n, 'method'), index) ?? '*';
    const path = str(objectProp(n, 'path'), index) ?? `/${actionName}`;
    const basePath = str(objectProp(n, 'basePath'), index);
    return [{ method: method.toUpperCase(), path, ...(basePath !== undefined ? { basePath } : {}) }];
  }
  if (literalValue(n) === true) return [{ method: '*', path: `/${actionName}` }];
  const s = str(n, index);
  if (s === undefined) return undefined;
  const m = /^([A-Za-z*]+)\s+(\S*)$/.exec(s.trim());
  return [m ? { method: m[1].toUpperCase(), path: m[2] } : { method: '*', path: s.trim() }];
}

function handlerMeta(fn: FunctionLike, index: JsIndex, out: FactInput[], routeLine: number): ActionRec['meta'] {
  const summary = summarizeHandler(fn, index);
  // The shared classifier reads `if (!user) throw` after any user lookup as a session check; an
  // action learns its caller only from `ctx.meta`, so only checks of what the gateway put there count.
  const shared = handlerAuth(summary.inline, fn, index).inline;
  const inline = metaUserCheck(fn, index) ?? (shared && /meta\./.test(shared.why) ? shared : undefined);
  out.push(...accessFacts(summary, index, { file: index.file, line: routeLine }));
  const meta: ActionRec['meta'] = {};
  if (inline) meta.inline = inline;
  if (summary.guardCalls) meta.guardCalls = summary.guardCalls;
  if (summary.tags.length) meta.handlerTags = summary.tags;
  return meta;
}

function actionRec(prop: AstNode & { type: 'Property' }, name: string, svc: string, index: JsIndex, out: FactInput[]): ActionRec {
  const v = unwrap(prop.value as AstNode);
  if (literalValue(v) === false) return { name, line: index.line(prop), decl: {}, disabled: true };
  const opts = v.type === 'ObjectExpression' ? v : undefined;
  return actionFrom(prop, name, opts, functionOf(opts ? objectProp(opts, 'handler') : v, index), svc, index, out);
}

/** An action from its options (`rest`, `visibility`, access properties) and its handler function. */
function actionFrom(at: AstNode, name: string, opts: AstNode | undefined, fn: FunctionLike | undefined, svc: string, index: JsIndex, out: FactInput[]): ActionRec {
  const line = index.line(at);
  const rec: ActionRec = { name, line, decl: {} };
  if (opts && opts.type === 'ObjectExpression') {
    rec.rest = restShapes(objectProp(opts, 'rest'), name, index);
    const vis = str(objectProp(opts, 'visibility'), index);
    if (vis) rec.visibility = vis;
    for (const p of opts.properties) {
      if (p.type !== 'Property') continue;
      const k = propertyKey(p);
      if (k && ACCESS_KEYS.test(k)) rec.decl[k] = index.text(p.value as AstNode).slice(0, 200);
    }
  }
  if (fn && isFunctionLike(fn)) {
    rec.handler = { line: index.line(fn), name: `${svc}.${name}` };
    rec.meta = handlerMeta(fn, index, out, line);
  }
  return rec;
}

/** `@Name(...)` among a node's decorators: its first argument (an empty object when called without one). */
function decoratorArg(node: { decorators?: { expression: unknown }[] | null }, name: string): AstNode | null | undefined {
  for (const d of node.decorators ?? []) {
    const e = unwrap(d.expression as AstNode);
    if (e.type === 'CallExpression' && unwrap(e.callee as AstNode).type === 'Identifier' && (unwrap(e.callee as AstNode) as { name: string }).name === name) return (e.arguments[0] as AstNode | undefined) ?? null;
    if (e.type === 'Identifier' && e.name === name) return null;
  }
  return undefined;
}

/** moleculer-decorators: `@Service({ name, version, settings, mixins }) class X extends Service { @Action({ rest }) list(ctx) {} }`. */
function decoratedServices(index: JsIndex, out: FactInput[]): ServiceRec[] {
  const services: ServiceRec[] = [];
  for (const cls of [...index.nodesOf('ClassDeclaration'), ...index.nodesOf('ClassExpression')]) {
    const arg = decoratorArg(cls, 'Service');
    if (arg === undefined) continue;
    const opts = unwrap(arg ?? undefined);
    const name = str(objectProp(opts, 'name'), index) ?? cls.id?.name;
    if (!name) continue;
    const version = versionOf(objectProp(opts, 'version'), index);
    const settings = unwrap(objectProp(opts, 'settings'));
    const svc: ServiceRec = { name, line: index.line(cls as AstNode), mixins: mixinsOf(objectProp(opts, 'mixins'), index), actions: [] };
    if (version) svc.version = version;
    const rest = settings ? str(objectProp(settings, 'rest'), index) : undefined;
    if (rest !== undefined) svc.rest = rest;
    for (const m of cls.body.body) {
      if (m.type !== 'MethodDefinition' && m.type !== 'PropertyDefinition') continue;
      const a = decoratorArg(m, 'Action');
      if (a === undefined) continue;
      const aOpts = unwrap(a ?? undefined);
      const key = propertyKey(m as AstNode);
      const actionName = str(objectProp(aOpts, 'name'), index) ?? key;
      if (!actionName) continue;
      const fn = m.value && isFunctionLike(m.value as AstNode) ? (m.value as FunctionLike) : undefined;
      svc.actions.push(actionFrom(m as AstNode, actionName, aOpts, fn, `${version ? `${version}.` : ''}${name}`, index, out));
    }
    services.push(svc);
  }
  return services;
}

/** `DbService({ actionVisibility: 'public', createActions: false })`: what a database mixin's options do to its actions. */
function mixinOptions(args: string | undefined): { visibility?: string; none?: boolean } {
  if (!args) return {};
  const vis = /actionVisibility\s*:\s*(?:['"`](\w+)['"`]|[\w.]*?(PUBLISHED|PUBLIC|PROTECTED|PRIVATE)\b)/i.exec(args);
  return { ...(vis ? { visibility: (vis[1] ?? vis[2]).toLowerCase() } : {}), ...(/createActions\s*:\s*false/.test(args) ? { none: true } : {}) };
}

function mixinsOf(node: AstNode | undefined, index: JsIndex): ServiceRec['mixins'] {
  const n = unwrap(node);
  if (!n || n.type !== 'ArrayExpression') return [];
  const out: ServiceRec['mixins'] = [];
  for (const e of n.elements) {
    if (!e || e.type === 'SpreadElement') continue;
    let u = unwrap(e as AstNode);
    let args: string | undefined;
    if (u.type === 'CallExpression') {
      args = u.arguments.map((a) => index.text(a as AstNode)).join(', ').slice(0, 200);
      u = unwrap(u.callee as AstNode);
    }
    const name = index.text(u);
    const root = name.split('.')[0];
    const b = index.bindings.get(root);
    out.push({ name, ...(b ? { module: b.module } : {}), ...mixinOptions(args) });
  }
  return out;
}

/** Action properties a hook reads off the action (`req.$action.auth`, `action.permissions`, `ctx.action.roles`). */
function readKeys(fnText: string): string[] {
  const keys = new Set<string>();
  for (const m of fnText.matchAll(/\b(?:action|\$action|actionDef|def|\$endpoint\.action)\.(\w+)/g)) if (ACCESS_KEYS.test(m[1])) keys.add(m[1]);
  return [...keys];
}

/** Source text without comments: a commented-out `reject(new UnAuthorizedError())` refuses nobody. */
export function codeText(node: AstNode, index: JsIndex): string {
  return index.text(node).replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

function hookRec(kind: HookRec['kind'], fn: FunctionLike, index: JsIndex): HookRec {
  const t = codeText(fn, index);
  // Refuses: throws or rejects with an error (UnAuthorizedError, ForbiddenError, a 401/403 client error).
  const refuses = /\bthrow\b|\breject\s*\(|Promise\.reject/.test(t) && /UnAuthori[sz]ed|Forbidden|NO_RIGHTS|NO_TOKEN|INVALID_TOKEN|\b40[13]\b|NoAccess|NO_ACCESS|Unauthenticated|NotAllowed/i.test(t);
  const admin = /\b(roles?|isAdmin|admin)\b/i.test(t) && /admin|superuser|root/i.test(t) && kind !== 'localAction';
  const keys = readKeys(t);
  // The project template's authenticate(): refuses a bad token but answers null without one, so
  // anonymous requests pass (only a hook reading the action's `auth` then refuses them).
  const letsAnonymousThrough = /\breturn\s*(?:null|undefined)?\s*(?:;|$)|\breturn\s+(?:this\.)?Promise\.resolve\(\s*(?:null|undefined)?\s*\)/m.test(t);
  const policy = keys.length > 0 ? entryPolicy(fn, t, index) : undefined;
  return { kind, line: index.line(fn), refuses: refuses && (keys.length > 0 || !letsAnonymousThrough), keys, admin, ...(policy ? { policy } : {}) };
}

/** What a branch's check requires of the caller: an administrator, a user (own id, ownership, membership), or unknown. */
function branchLevel(text: string): 'user' | 'admin' | 'unknown' {
  if (/roles?\b|isAdmin/.test(text) && adminLikeText(text)) return 'admin';
  if (/meta\.(?:user|userId|userID|account|session)\b|owner|member/i.test(text)) return 'user';
  return 'unknown';
}

/**
 * How a hook treats each declared entry when it loops over them (`permissions.forEach(p => …)`):
 * `if (p == X)` cases with their own checks, `isFunction(p)` custom checks, and where the other
 * entries go. A collection the rest is pushed into and never read afterwards enforces nothing.
 */
function entryPolicy(fn: FunctionLike, t: string, index: JsIndex): EntryPolicy | undefined {
  const loop = /\.forEach\(\s*(?:async\s*)?(?:\(\s*(\w+)[^)]*\)|(\w+))\s*=>|\.forEach\(\s*function\s*\w*\s*\(\s*(\w+)|for\s*\(\s*(?:const|let|var)\s+(\w+)\s+of\b/.exec(t);
  const v = loop ? (loop[1] ?? loop[2] ?? loop[3] ?? loop[4]) : undefined;
  if (!v) {
    // No per-entry loop: a hook that never compares entries with the caller's roles only checks for a caller.
    if (/roles?\b|\.includes\(|\.some\(|\.every\(|indexOf\(|\.has\(|intersection|can\(|hasPermission|checkPermission/i.test(t.replace(/\b(?:action|\$action|actionDef|def)\.\w+/g, ''))) return undefined;
    return /meta\.(?:user|userId|userID|account|session|token)\b/.test(t) ? { cases: [], fn: false, rest: 'caller', every: false } : undefined;
  }
  const cases: EntryPolicy['cases'] = [];
  let fnBranch = false;
  const fnPushes = new Set<string>();
  const vRe = v.replace(/\$/g, '\\$');
  for (const s of nodesUnder(fn as AstNode, 'IfStatement')) {
    const test = index.text(s.test as AstNode).trim();
    const body = codeText(s.consequent as AstNode, index);
    const eq = new RegExp(`^${vRe}\\s*={2,3}\\s*(.+)$|^(.+?)\\s*={2,3}\\s*${vRe}$`).exec(test);
    if (eq) {
      cases.push({ match: (eq[1] ?? eq[2]).trim(), level: branchLevel(body) });
      continue;
    }
    if (new RegExp(`isFunction\\(\\s*${vRe}\\s*\\)|typeof\\s+${vRe}\\s*={2,3}\\s*['"]function['"]`).test(test)) {
      fnBranch = true;
      for (const m of body.matchAll(new RegExp(`(\\w+)\\.push\\(\\s*${vRe}\\s*\\)`, 'g'))) fnPushes.add(m[1]);
    }
  }
  // The collection the other entries are pushed into, and whether anything reads it afterwards.
  let rest: EntryPolicy['rest'] = 'unknown';
  const targets = [...new Set([...t.matchAll(new RegExp(`(\\w+)\\.push\\(\\s*${vRe}\\s*\\)`, 'g'))].map((m) => m[1]))].filter((x) => !fnPushes.has(x));
  if (targets.length > 0) {
    const read = targets.some((x) => {
      const all = [...t.matchAll(new RegExp(`\\b${x}\\b`, 'g'))].length;
      const writes = [...t.matchAll(new RegExp(`\\b${x}\\s*=(?!=)|\\b${x}\\.push\\(`, 'g'))].length;
      return all > writes;
    });
    rest = read ? 'checked' : 'ignored';
  } else if (cases.length === 0 && !fnBranch) {
    rest = 'checked';
  }
  if (cases.length === 0 && !fnBranch && rest !== 'ignored') return undefined;
  return { cases, fn: fnBranch, rest, every: /\.every\(/.test(t) && !/\.some\(/.test(t) };
}

function routesOf(node: AstNode | undefined, index: JsIndex, out: FactInput[]): GatewayRouteRec[] {
  const n = unwrap(node);
  if (!n || n.type !== 'ArrayExpression') return [];
  const routes: GatewayRouteRec[] = [];
  for (const e of n.elements) {
    const r = e && e.type !== 'SpreadElement' ? unwrap(e as AstNode) : undefined;
    if (!r || r.type !== 'ObjectExpression') continue;
    const aliases: AliasRec[] = [];
    const al = unwrap(objectProp(r, 'aliases'));
    if (al && al.type === 'ObjectExpression') {
      for (const p of al.properties) {
        if (p.type !== 'Property') continue;
        const key = propertyKey(p);
        if (key === undefined) continue;
        const m = /^\s*([A-Za-z*]+)\s+(\S*)\s*$/.exec(key);
        const method = m ? m[1].toUpperCase() : '*';
        const path = m ? m[2] : key.trim();
        const line = index.line(p);
        const v = unwrap(p.value as AstNode);
        // `'GET x': [mw, 'svc.action']`, `{ action: 'svc.action' }`, `{ handler(req, res) {} }`, or a function.
        const target = v.type === 'ArrayExpression' ? unwrap(v.elements[v.elements.length - 1] as AstNode) : v;
        const action = str(target.type === 'ObjectExpression' ? objectProp(target, 'action') : target, index);
        const fn = functionOf(target.type === 'ObjectExpression' ? objectProp(target, 'handler') : target, index);
        if (action !== undefined) aliases.push({ method: method === 'REST' ? 'REST' : method, path, action: action.replace(/^\w+:/, ''), ...(method === 'REST' ? { rest: true } : {}), line });
        else if (fn) aliases.push({ method, path, line, fn: { line: index.line(fn), name: `${method} ${path}`, meta: handlerMeta(fn, index, out, line) ?? {} } });
      }
    }
    const wl = unwrap(objectProp(r, 'whitelist'));
    const whitelist = wl && wl.type === 'ArrayExpression' ? wl.elements.flatMap((x) => (x && x.type !== 'SpreadElement' ? [unwrap(x as AstNode).type === 'Literal' && 'regex' in unwrap(x as AstNode) && (unwrap(x as AstNode) as { regex?: { pattern: string } }).regex ? `re:${(unwrap(x as AstNode) as { regex: { pattern: string } }).regex.pattern}` : (str(x as AstNode, index) ?? '**')] : [])) : undefined;
    routes.push({
      path: str(objectProp(r, 'path'), index) ?? '/',
      line: index.line(r),
      aliases,
      autoAliases: literalValue(objectProp(r, 'autoAliases')) === true,
      ...(whitelist ? { whitelist } : {}),
      ...(str(objectProp(r, 'mappingPolicy'), index) ? { mappingPolicy: str(objectProp(r, 'mappingPolicy'), index) } : {}),
      authentication: literalValue(objectProp(r, 'authentication')) === true,
      authorization: literalValue(objectProp(r, 'authorization')) === true,
      ...(objectProp(r, 'rateLimit') ? { rateLimit: true } : {}),
    });
  }
  return routes;
}

/** Object literals that are service schemas: they hold `actions` or `mixins` (and often `name`). */
function schemaObjects(index: JsIndex): AstNode[] {
  const seen = new Set<AstNode>();
  for (const p of index.nodesOf('Property')) {
    const k = propertyKey(p);
    if (k !== 'actions' && k !== 'mixins') continue;
    const parent = index.parent(p);
    if (parent && parent.type === 'ObjectExpression') seen.add(parent);
  }
  return [...seen];
}

function versionOf(node: AstNode | undefined, index: JsIndex): string | undefined {
  const v = literalValue(unwrap(node), index);
  if (typeof v === 'number') return `v${v}`;
  if (typeof v === 'string') return v;
  return undefined;
}

export function scanMoleculer(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const rec: MoleculerRecord = {};
  const isGatewayFile = index.imports(...GATEWAY_MODULES);
  for (const o of schemaObjects(index)) {
    const mixins = mixinsOf(objectProp(o, 'mixins'), index);
    const settings = unwrap(objectProp(o, 'settings'));
    const routes = settings ? objectProp(settings, 'routes') : undefined;
    const methods = unwrap(objectProp(o, 'methods'));
    const gateway = isGatewayFile && mixins.some((m) => m.module !== undefined && GATEWAY_MODULES.includes(m.module));
    if (gateway) {
      const hooks: HookRec[] = [];
      for (const kind of ['authenticate', 'authorize'] as const) {
        const fn = functionOf(objectProp(methods, kind), index);
        if (fn) hooks.push(hookRec(kind, fn, index));
      }
      // moleculer-web's default settings: one route at `/` calling any action by name.
      const gwRoutes = routes || (settings && hasSpread(settings)) ? routesOf(routes, index, out) : [{ path: '/', line: index.line(o), aliases: [], autoAliases: false, authentication: false, authorization: false }];
      if (objectProp(settings, 'rateLimit')) for (const r of gwRoutes) r.rateLimit = true;
      (rec.gateways ??= []).push({ path: str(objectProp(settings, 'path'), index) ?? '', routes: gwRoutes, hooks, line: index.line(o) });
      continue;
    }
    const actions = unwrap(objectProp(o, 'actions'));
    const name = str(objectProp(o, 'name'), index);
    // A schema has a name (or is a mixin adding actions); a Vuex/Pinia store has no REST shapes and no gateway joins it.
    if (name === undefined && (!actions || actions.type !== 'ObjectExpression')) continue;
    const version = versionOf(objectProp(o, 'version'), index);
    const restSetting = settings ? unwrap(objectProp(settings, 'rest')) : undefined;
    const svcName = `${version ? `${version}.` : ''}${name ?? ''}`;
    const svc: ServiceRec = { line: index.line(o), mixins, actions: [] };
    const mixinsAt = objectProp(o, 'mixins');
    if (mixinsAt) svc.mixinLine = index.line(mixinsAt);
    if (name !== undefined) svc.name = name;
    if (version) svc.version = version;
    if (settings && literalValue(objectProp(settings, '$noVersionPrefix')) === true) svc.noVersionPrefix = true;
    const restBase = restSetting ? str(restSetting, index) : undefined;
    if (restBase !== undefined) svc.rest = restBase;
    if (actions && actions.type === 'ObjectExpression') {
      for (const p of actions.properties) {
        if (p.type !== 'Property') continue;
        const k = propertyKey(p);
        if (k !== undefined) svc.actions.push(actionRec(p, k, svcName, index, out));
      }
    }
    (rec.services ??= []).push(svc);
  }
  if (index.imports('moleculer-decorators')) (rec.services ??= []).push(...decoratedServices(index, out));
  // Broker middleware: `localAction(handler, action) { if (action.permissions) ... throw }`.
  if (/localAction/.test(index.content)) {
    for (const p of index.nodesOf('Property')) {
      if (propertyKey(p) !== 'localAction') continue;
      const fn = functionOf(p.value as AstNode, index);
      if (fn) (rec.hooks ??= []).push(hookRec('localAction', fn, index));
    }
  }
  if (index.imports('@moleculer/database')) rec.database = true;
  if (!rec.services && !rec.gateways && !rec.hooks && !rec.database) return out;
  out.push({ kind: 'config', setting: MOLECULER_SETTING, values: { data: JSON.stringify(rec) }, evidence: index.evidence(index.program as AstNode), key: `${index.file}#${MOLECULER_SETTING}` });
  return out;
}
