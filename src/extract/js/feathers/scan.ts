// One file's Feathers facts, before link puts them together: service registrations
// (`app.use(path, service, options)`), hooks objects and where they are applied, service classes
// and their methods, and exported string constants (v5 `messagePath`, `messageMethods`).
import type { FactInput } from '../../../model/types.js';
import { calleeName, calleeProperty, memberPath, stringValue, unwrap, type AstNode, type Class, type JsIndex } from '../_lib/ast.js';
import { accessFacts, summarizeHandler } from '../_lib/routes-handler.js';
import { mwRef } from '../_lib/routes-refs.js';
import type { MwRef, RouteMeta } from '../_lib/routes.js';
import { handlerAuth } from '../nextjs/session-check.js';
import { functionOf } from '../_lib/ast.js';
import { hookTable, judgeHook, type HookTable, type HookVerdict } from './hooks.js';

export const STANDARD_METHODS = ['find', 'get', 'create', 'update', 'patch', 'remove'] as const;
const STANDARD = new Set<string>(STANDARD_METHODS);
/** Methods of a service class that are lifecycle or plumbing, never served. */
const NOT_SERVED = new Set(['constructor', 'setup', 'teardown', 'hooks', 'publish', 'mixin']);

/** A name in this file (`local`) or imported (`module` + `export`). */
export type NameRef = { local: string } | { module: string; export: string };

export interface MethodRec {
  name: string;
  line: number;
  inline?: RouteMeta['inline'];
  tags?: string[];
  guardCalls?: RouteMeta['guardCalls'];
}

export interface ClassRec {
  name: string;
  exports: string[];
  /** Extends a database adapter or another class: the standard methods it does not override are inherited. */
  inherits: boolean;
  /** The authentication service (`extends AuthenticationService`): POST is the login. */
  auth: boolean;
  methods: MethodRec[];
}

export type ServiceImpl =
  /** `methods`: an adapter that implements only some (feathers-blob: get, create, remove). */
  | { kind: 'adapter'; methods?: string[] }
  | { kind: 'auth' }
  | { kind: 'object'; methods: MethodRec[] }
  | { kind: 'class'; ref: NameRef }
  /** A factory imported from another module (`createService(options)` from `./x.class`). */
  | { kind: 'factory'; ref: NameRef }
  | { kind: 'unknown' };

export interface ServiceRec {
  path?: string;
  pathRef?: NameRef;
  line: number;
  impl: ServiceImpl;
  /** v5 `methods: [...]` option: the methods served to external callers (custom ones included). */
  methods?: string[];
  methodsRef?: NameRef;
  /** Express middleware registered in front of the service (`app.use('/x', upload, service)`). */
  express: MwRef[];
}

/** Hooks applied to a service (by path) or to the whole app: inline, or a hooks object elsewhere. */
export interface HookUse {
  path?: string;
  pathRef?: NameRef;
  table?: HookTable;
  ref?: NameRef;
  line: number;
}

export interface FileRecord {
  /** The module imports a Feathers package (link runs only for an application that has one). */
  feathers?: boolean;
  services: ServiceRec[];
  serviceHooks: HookUse[];
  appHooks: HookUse[];
  /** Exported (or module-level) hooks objects by name (`default` for `module.exports = {...}`). */
  hookSets: Record<string, HookTable>;
  classes: ClassRec[];
  /** Exported hook functions judged from their bodies (imported hooks are looked up here). */
  guards: Record<string, HookVerdict>;
  /** Modules of the application this file imports (to tell services nobody configures). */
  imports: string[];
  /** Exported string / string-array constants (service paths and method lists of v5 `*.shared.ts`). */
  consts: Record<string, string | string[]>;
}

/** Adapters that implement only some of the standard methods. */
const PARTIAL_ADAPTERS: Record<string, string[]> = { 'feathers-blob': ['get', 'create', 'remove'], 'feathers-mailer': ['create'] };

function adapter(module: string): ServiceImpl {
  const methods = PARTIAL_ADAPTERS[module];
  return methods ? { kind: 'adapter', methods } : { kind: 'adapter' };
}

/** Database and service adapters: every standard method is served. */
const ADAPTER_MODULE = /^(?:feathers-(?:mongoose|mongodb|knex|sequelize|memory|nedb|objection|rethinkdb|elasticsearch|solr|redis|localstorage|levelup|couchdb|cassandra|prisma|blob|mailer|stripe|batch|sync)|@feathersjs\/(?:mongodb|knex|memory|adapter-commons))$/;
const AUTH_MODULE = /^@feathersjs\/authentication(?:$|\/)|^@feathersjs\/authentication-/;

export function normalPath(path: string): string {
  const p = path.replace(/^\/+|\/+$/g, '');
  return p;
}

/** A path argument: a string, a template (`search-facets/${index}` → `search-facets/:index`), or an imported constant. */
function pathOf(node: AstNode | undefined, index: JsIndex): { path?: string; pathRef?: NameRef } | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  const s = stringValue(n, index);
  if (s !== undefined) return { path: s };
  if (n.type === 'TemplateLiteral') {
    const parts: string[] = [];
    n.quasis.forEach((q, i) => {
      parts.push(q.value.cooked ?? q.value.raw);
      const e = n.expressions[i] ? unwrap(n.expressions[i] as AstNode) : undefined;
      if (e) parts.push(`:${(memberPath(e) ?? ['param']).pop()}`);
    });
    return { path: parts.join('') };
  }
  if (n.type === 'Identifier') {
    const b = index.bindings.get(n.name);
    if (b) return { pathRef: { module: b.module, export: b.imported } };
  }
  return undefined;
}

function refOf(name: string, index: JsIndex): NameRef {
  const b = index.bindings.get(name);
  return b ? { module: b.module, export: b.imported } : { local: name };
}

function isFeathersModule(m: string): boolean {
  return m.includes('feathers');
}

function methodRec(name: string, fn: AstNode, index: JsIndex, out: FactInput[]): MethodRec {
  const rec: MethodRec = { name, line: index.line(fn) };
  const f = unwrap(fn);
  if (f.type !== 'FunctionExpression' && f.type !== 'ArrowFunctionExpression' && f.type !== 'FunctionDeclaration') return rec;
  const summary = summarizeHandler(f, index);
  const { inline } = handlerAuth(summary.inline, f, index);
  if (inline) rec.inline = inline;
  if (summary.tags.length) rec.tags = summary.tags;
  if (summary.guardCalls) rec.guardCalls = summary.guardCalls;
  out.push(...accessFacts(summary, index, { file: index.file, line: rec.line, handler: name }));
  return rec;
}

function classRec(cls: Class, index: JsIndex, out: FactInput[]): ClassRec | undefined {
  const name = cls.id?.name ?? 'default';
  const superName = cls.superClass ? (memberPath(cls.superClass as AstNode) ?? []).join('.') : '';
  const superModule = cls.superClass && cls.superClass.type === 'Identifier' ? index.bindings.get(cls.superClass.name)?.module : undefined;
  const auth = /AuthenticationService$/.test(superName) && (!superModule || AUTH_MODULE.test(superModule));
  const methods: MethodRec[] = [];
  for (const el of cls.body.body) {
    if (el.type !== 'MethodDefinition' || el.kind !== 'method' || el.static || el.computed) continue;
    const key = el.key.type === 'Identifier' ? el.key.name : el.key.type === 'Literal' ? String(el.key.value) : '';
    if (!key || NOT_SERVED.has(key) || key.startsWith('_') || el.key.type === 'PrivateIdentifier') continue;
    methods.push(methodRec(key, el.value as AstNode, index, out));
  }
  if (!auth && !methods.some((m) => STANDARD.has(m.name))) return undefined;
  const exports = [...index.exports].filter(([, v]) => {
    const u = unwrap(v);
    return u === (cls as AstNode) || (u.type === 'Identifier' && u.name === name);
  }).map(([k]) => k);
  return { name, exports, inherits: !!cls.superClass, auth, methods };
}

/** The service value of a registration, following a local variable to its initialiser. */
function serviceImpl(node: AstNode, index: JsIndex, out: FactInput[], depth = 0): ServiceImpl | undefined {
  let n = unwrap(node);
  if (n.type === 'AwaitExpression') n = unwrap(n.argument as AstNode);
  if (depth > 3) return undefined;
  if (n.type === 'NewExpression') {
    const callee = unwrap(n.callee as AstNode);
    if (callee.type !== 'Identifier') return { kind: 'unknown' };
    const b = index.bindings.get(callee.name);
    if (/AuthenticationService$/.test(callee.name) && (!b || AUTH_MODULE.test(b.module))) return { kind: 'auth' };
    if (b && ADAPTER_MODULE.test(b.module)) return adapter(b.module);
    return { kind: 'class', ref: refOf(callee.name, index) };
  }
  if (n.type === 'CallExpression') {
    const path = memberPath(n.callee as AstNode);
    // `connection.service('x')`, `app.service('x')`: a client proxy or an existing service.
    if (calleeProperty(n) === 'service') return undefined;
    if (!path) return undefined;
    const b = index.bindings.get(path[0]);
    if (b && ADAPTER_MODULE.test(b.module)) return adapter(b.module);
    // `express.static(...)`, `express.rest()`, hooks libraries: middleware, not services.
    if (b && (isFeathersModule(b.module) || /express|static|router|multer/i.test(b.module))) return undefined;
    // A factory of the application's own (`createService(options)` of `./x.class`); a package's
    // factory (`createProxyMiddleware(...)`) is middleware.
    if (path.length === 1 && b) return /^(?:\.|[@~#]\/)/.test(b.module) ? { kind: 'factory', ref: { module: b.module, export: b.imported } } : undefined;
    if (path.length === 1) {
      const fn = index.functionByName(path[0]);
      const ret = fn ? returned(fn as AstNode) : undefined;
      if (ret) return serviceImpl(ret, index, out, depth + 1);
    }
    if (/service/i.test(calleeName(n) ?? '')) return { kind: 'unknown' };
    return undefined;
  }
  if (n.type === 'ObjectExpression') {
    const methods: MethodRec[] = [];
    for (const p of n.properties) {
      if (p.type !== 'Property' || p.computed) continue;
      const key = p.key.type === 'Identifier' ? p.key.name : p.key.type === 'Literal' ? String(p.key.value) : '';
      const v = unwrap(p.value as AstNode);
      if (!key || NOT_SERVED.has(key)) continue;
      if (v.type === 'FunctionExpression' || v.type === 'ArrowFunctionExpression') methods.push(methodRec(key, v, index, out));
      else if (v.type === 'Identifier' && STANDARD.has(key)) {
        const fn = index.functionByName(v.name);
        if (fn) methods.push(methodRec(key, fn as AstNode, index, out));
      }
    }
    return methods.some((m) => STANDARD.has(m.name)) ? { kind: 'object', methods } : undefined;
  }
  if (n.type === 'Identifier') {
    const init = index.initAt(n.name, n);
    if (init) return serviceImpl(init, index, out, depth + 1);
    const cls = index.classByName(n.name);
    if (cls) return undefined;
    const b = index.bindings.get(n.name);
    // An imported service instance (`app.use('/x', mailer)`): what it serves is out of sight.
    if (b && !isFeathersModule(b.module) && !/express|static|router|middleware/i.test(n.name)) return { kind: 'unknown' };
  }
  return undefined;
}

function returned(fn: AstNode): AstNode | undefined {
  const f = unwrap(fn);
  if (f.type !== 'FunctionExpression' && f.type !== 'ArrowFunctionExpression' && f.type !== 'FunctionDeclaration') return undefined;
  if (!f.body) return undefined;
  if (f.body.type !== 'BlockStatement') return f.body as AstNode;
  for (const s of f.body.body) if (s.type === 'ReturnStatement' && s.argument) return s.argument as AstNode;
  return undefined;
}

function methodsOption(opts: AstNode | undefined, index: JsIndex): { methods?: string[]; methodsRef?: NameRef } {
  const o = unwrap(opts);
  if (!o || o.type !== 'ObjectExpression') return {};
  for (const p of o.properties) {
    if (p.type !== 'Property' || p.computed || p.key.type !== 'Identifier' || p.key.name !== 'methods') continue;
    const v = unwrap(p.value as AstNode);
    if (v.type === 'ArrayExpression') return { methods: v.elements.flatMap((e) => (e && e.type !== 'SpreadElement' ? [stringValue(e as AstNode, index) ?? ''] : [])).filter(Boolean) };
    if (v.type === 'Identifier') {
      const init = unwrap(index.initAt(v.name, v));
      if (init && init.type === 'ArrayExpression') return methodsOption({ ...o, properties: [{ ...p, value: init }] } as AstNode, index);
      const b = index.bindings.get(v.name);
      if (b) return { methodsRef: { module: b.module, export: b.imported } };
    }
  }
  return {};
}

/** `app.use(path, ...middleware, service, options?)` when one argument is a Feathers service. */
function registration(call: AstNode & { type: 'CallExpression' }, index: JsIndex, out: FactInput[]): ServiceRec | undefined {
  const recv = memberPath(calleeObjectOf(call));
  // A client application registers remote proxies under the same names.
  if (recv && /client/i.test(recv[recv.length - 1])) return undefined;
  const where = pathOf(call.arguments[0] as AstNode | undefined, index);
  if (!where || (where.path !== undefined && /[*(]/.test(where.path))) return undefined;
  const args = call.arguments.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.type === 'SpreadElement') return undefined;
    const impl = serviceImpl(a as AstNode, index, out);
    if (!impl) continue;
    const express = args.slice(0, i).map((m) => mwRef(m as AstNode, index));
    const opts = args[i + 1] && args[i + 1].type !== 'SpreadElement' ? (args[i + 1] as AstNode) : undefined;
    return { ...where, line: index.line(call), impl, express, ...methodsOption(opts, index) };
  }
  return undefined;
}

function calleeObjectOf(call: AstNode & { type: 'CallExpression' }): AstNode | undefined {
  const c = unwrap(call.callee as AstNode);
  return c.type === 'MemberExpression' ? (c.object as AstNode) : undefined;
}

/** `x.hooks(table)` applied to `app.service(path)` (directly or through a variable) or to the app. */
function hooksUse(call: AstNode & { type: 'CallExpression' }, index: JsIndex): { target: 'app' | 'service'; use: HookUse } | undefined {
  const arg = call.arguments[0];
  if (!arg || arg.type === 'SpreadElement') return undefined;
  let target = unwrap(calleeObjectOf(call));
  if (!target) return undefined;
  if (target.type === 'Identifier') {
    const init = unwrap(index.initAt(target.name, target));
    if (init && init.type === 'CallExpression' && calleeProperty(init) === 'service') target = init;
  }
  const use: HookUse = { line: index.line(call) };
  const value = unwrap(arg as AstNode);
  if (value.type === 'Identifier') {
    const init = index.initAt(value.name, value);
    const table = init ? hookTable(init, index) : undefined;
    if (table) use.table = table;
    else use.ref = refOf(value.name, index);
  } else {
    const table = hookTable(value, index);
    if (!table) return undefined;
    use.table = table;
  }
  if (target.type === 'CallExpression' && calleeProperty(target) === 'service') {
    const where = pathOf(target.arguments[0] as AstNode | undefined, index);
    if (!where) return undefined;
    return { target: 'service', use: { ...use, ...where } };
  }
  // `app.hooks({...})`, `this.hooks(...)` of a configure function.
  const name = memberPath(target)?.join('.');
  if (name === 'app' || name === 'this' || /app$/i.test(name ?? '')) return { target: 'app', use };
  return undefined;
}

function exportedConsts(index: JsIndex): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of index.exports) {
    const v = unwrap(value);
    const s = stringValue(v, index);
    if (s !== undefined) out[name] = s;
    else if (v.type === 'ArrayExpression' && v.elements.length > 0 && v.elements.length <= 20) {
      const items = v.elements.map((e) => (e && e.type !== 'SpreadElement' ? stringValue(e as AstNode, index) : undefined));
      if (items.every((x): x is string => x !== undefined)) out[name] = items;
    }
  }
  return out;
}

export function scanFile(index: JsIndex, out: FactInput[]): FileRecord {
  const imports = [...new Set([...index.bindings.values()].map((b) => b.module).filter((m) => m.startsWith('.') || /^[@~#]\//.test(m)))];
  const rec: FileRecord = { services: [], serviceHooks: [], appHooks: [], hookSets: {}, guards: {}, classes: [], imports, consts: exportedConsts(index) };
  for (const call of index.nodesOf('CallExpression')) {
    const prop = calleeProperty(call);
    if (prop === 'use' && call.arguments.length >= 2) {
      const s = registration(call, index, out);
      if (s) rec.services.push(s);
    } else if (prop === 'hooks' && call.arguments.length === 1) {
      const h = hooksUse(call, index);
      if (h?.target === 'app') rec.appHooks.push(h.use);
      else if (h) rec.serviceHooks.push(h.use);
    }
  }
  for (const [name, value] of index.exports) {
    const table = hookTable(value, index);
    if (table) rec.hookSets[name] = table;
    const fn = functionOf(value, index);
    const verdict = fn ? judgeHook(fn as AstNode, index) : undefined;
    if (verdict) rec.guards[name] = verdict;
  }
  for (const cls of [...index.nodesOf('ClassDeclaration'), ...index.nodesOf('ClassExpression')]) {
    const c = classRec(cls as Class, index, out);
    if (c) rec.classes.push(c);
  }
  return rec;
}

/** Is `name` one of the standard service methods? */
export function isStandard(name: string): boolean {
  return STANDARD.has(name);
}
