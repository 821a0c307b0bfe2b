// Project-local route-registration helpers ("registrars"): functions whose body registers a route
// on a router they are given, with the path (and often the verb, middleware and handler) taken
// from their own arguments:
//
//   helpers.setupApiRoute = function (...args) {
//     const [router, verb, name] = args;
//     let middlewares = args.length > 4 ? args[args.length - 2] : [];
//     middlewares = [middleware.authenticateRequest, ...middlewares];
//     router[verb](name, middlewares, helpers.tryRoute(args[args.length - 1]));
//   };
//   setupApiRoute(router, 'put', '/users/:uid', [middleware.ensureLoggedIn], controllers.update);
//
// A helper is judged by what its body does, never by its name. Each one is summarised once
// (`js-registrar`: which argument is the router, the verb, the path, the middleware and the
// handler; the middleware it adds itself; extra paths it derives such as `` `/api${name}` ``),
// and every call of it that hands it a router and a path leaves a `js-registrar-call` record with
// what the call site knows (its router, the middleware registered before, each argument's string
// value, middleware and handler summary). Link expands the calls into ordinary route facts, across
// files, before mounts are resolved, so mount prefixes and inherited guards apply as usual.
import type { Evidence, Fact, FactInput } from '../../../model/types.js';
import {
  isFunctionLike,
  memberPath,
  nodesUnder,
  paramNames,
  requireModule,
  stringValue,
  unwrap,
  unwrapAwait,
  type AstNode,
  type CallLike,
  type FunctionLike,
  type JsIndex,
} from './ast.js';
import { accessFacts, resolveHandler, summarizeHandler } from './routes-handler.js';
import { answers } from './routes-handler-writes.js';
import { constNames, controllerClasses } from './routes-controllers.js';
import { mwRef } from './routes-refs.js';
import { fileNoExt, HTTP_METHODS, internalData, joinPath, normalizeMethod, routeFact, type HandlerRef, type MwRef, type ReceiverRef, type RouteMeta } from './routes.js';

const METHODS = new Set<string>(HTTP_METHODS);

/**
 * Where a registrar takes a value from, counted over the call's arguments: `p` the i-th,
 * `e` the k-th from the end (1 = last), `rest` every argument from r on; `min`: only when the
 * call has at least that many arguments (`args.length > 4 ? args[args.length - 2] : []`);
 * `key`: that property of an options object passed there (`this.route({ path, handler })`).
 */
export type Slot = { p: number; min?: number; key?: string } | { e: number; min?: number } | { rest: number } | { mw: MwRef };

export interface RegistrarRoute {
  /** A literal verb (`router.get`) or the argument that names it (`router[verb]`). */
  method: { lit: string } | { p: number; key?: string };
  /** The argument holding the path, with text around it (`` `/api${name}` ``). */
  path: { at: Slot; pre: string; post: string; then?: { at: Slot; post: string }[] };
  /** Middleware in order: fixed ones of the helper and arguments of the call. */
  mw: Slot[];
  handler: Slot;
  /**
   * The handler is a method of a class the call hands over, picked by name from another argument
   * (`inst = new Ctrl(ctx); inst[action](ctx)`): `handler` is the class, `method` the name. `gate`:
   * the helper dispatches only while a flag of the instance is set after it called one of its
   * methods (`await inst.init(ctx); if (inst.$auth === true) inst[action](ctx) else deny`).
   */
  dispatch?: { method: Slot; gate?: { init: string; flag: string; line: number; file: string } };
  /**
   * A permission check the helper builds from a call-site value (`checkPermission(options.permission)`,
   * routes-controllers.ts): `guard` its name, `dflt` the value when the call gives none, `sentinels`
   * the values its body lets through unchecked (`NONE`).
   */
  perm?: { at: Slot; guard: string; file: string; dflt?: string[]; sentinels: string[] };
  /**
   * Registered on a router of the helper's own module, not one it is given (`const router =
   * Router(); function route(method, path, mw, h) { router[method](path, ...mw, h) }`): call sites
   * of the same file take that router.
   */
  on?: boolean;
  /** The helper's own inline handler (`handler` is then a placeholder taking no argument). */
  own?: HandlerInfo;
}

export interface RegistrarRecord {
  names: string[];
  line: number;
  routes: RegistrarRoute[];
  /** `Class.*` of a registry subclass: its methods are those of the class it extends. */
  extends?: RegistrarCallRecord['callee'];
}

export interface RegistrarArg {
  /** String value (templates with unknown parts render them as `{name}`). */
  s?: string;
  mw?: MwRef[];
  handler?: HandlerInfo;
  /** An options object literal: its properties (`{ method: 'get', path: '/x', handler }`). */
  props?: Record<string, RegistrarArg>;
  /** Names of a constant-like value (`ADMIN`, `[ADMIN, UPDATE_X]`, `'read'`); [] for `''` / `[]`. */
  names?: string[];
}

export interface HandlerInfo {
  loc?: { file: string; line: number; name?: string };
  ref?: HandlerRef;
  inline?: RouteMeta['inline'];
  guardCalls?: RouteMeta['guardCalls'];
  tags?: string[];
  answers?: boolean;
}

export interface RegistrarCallRecord {
  /** The helper: a summary of this file (`id`) or an export of another module. */
  callee: { id: string } | { module: string; from: string; export: string };
  framework: string;
  recv: ReceiverRef;
  recvTags: string[];
  /** Router prefix and the middleware registered on it before the call (router-local `under`). */
  prefix: string;
  chain: MwRef[];
  args: RegistrarArg[];
  tags: string[];
}

export const REGISTRAR = 'js-registrar';
export const REGISTRAR_CALL = 'js-registrar-call';

function internal(setting: string, evidence: Evidence, data: unknown, key: string): FactInput {
  return { kind: 'config', setting, values: { data: JSON.stringify(data) }, evidence, key };
}

// ------------------------------------------------------------------------------------------
// Summaries

/** Names a function is exported or declared under (`helpers.x = function` with `helpers = module.exports`). */
function namesOf(fn: FunctionLike, index: JsIndex): string[] {
  const out = new Set<string>();
  for (const [name, value] of index.exports) if (unwrap(value) === fn || (unwrap(value).type === 'Identifier' && index.functionByName((unwrap(value) as { name: string }).name) === fn)) out.add(name);
  const parent = index.parent(fn);
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') out.add(parent.id.name);
  if (fn.type === 'FunctionDeclaration' && fn.id) out.add(fn.id.name);
  if (parent?.type === 'AssignmentExpression') {
    const left = memberPath(parent.left as AstNode);
    if (left && left.length >= 2) {
      const obj = left.slice(0, -1).join('.');
      const init = left.length === 2 ? memberPath(unwrap(index.constInit(left[0]))) : undefined;
      if (obj === 'module.exports' || obj === 'exports' || init?.join('.') === 'module.exports') out.add(left[left.length - 1]);
    }
  }
  return [...out];
}

/** The rest parameter of a function and its position (`function (...args)`). */
function restParam(fn: FunctionLike): { name: string; at: number } | undefined {
  const i = fn.params.findIndex((p) => (p as AstNode).type === 'RestElement');
  const p = i >= 0 ? ((fn.params[i] as AstNode & { argument: AstNode }).argument as AstNode) : undefined;
  return p && p.type === 'Identifier' ? { name: p.name, at: i } : undefined;
}

/** The value a local name holds at a position of `fn`: its last assignment before, else its declaration. */
function valueAt(name: string, fn: FunctionLike, pos: number): { node: AstNode; pos: number; pattern?: AstNode } | undefined {
  let best: { node: AstNode; pos: number; pattern?: AstNode } | undefined;
  for (const a of nodesUnder(fn.body as AstNode, 'AssignmentExpression')) {
    const left = a.left as AstNode;
    if (left.type === 'Identifier' && left.name === name && a.end <= pos && (!best || a.start > best.pos)) best = { node: a.right as AstNode, pos: a.start };
  }
  if (best) return best;
  for (const d of nodesUnder(fn.body as AstNode, 'VariableDeclarator')) {
    if (!d.init || d.start > pos) continue;
    const id = d.id as AstNode;
    if (id.type === 'Identifier' && id.name === name) return { node: d.init as AstNode, pos: d.start };
    if (id.type === 'ArrayPattern' && id.elements.some((e) => e && (e as AstNode).type === 'Identifier' && (e as { name: string }).name === name)) return { node: d.init as AstNode, pos: d.start, pattern: id };
  }
  return undefined;
}

class Summariser {
  private readonly rest: { name: string; at: number } | undefined;
  private readonly params: string[];

  constructor(
    private readonly index: JsIndex,
    private readonly fn: FunctionLike,
  ) {
    this.rest = restParam(fn);
    this.params = paramNames(fn);
    // `({ router, path, super_path = '' }) => ...`: each name is that property of the i-th argument.
    fn.params.forEach((raw, i) => {
      const p = unwrap(raw as AstNode);
      if (p.type !== 'ObjectPattern') return;
      for (const prop of p.properties) {
        if (prop.type !== 'Property' || prop.computed || prop.key.type !== 'Identifier') continue;
        let v = prop.value as AstNode;
        if (v.type === 'AssignmentPattern') v = v.left as AstNode;
        if (v.type === 'Identifier') this.keyed.set(v.name, { p: i, key: prop.key.name });
      }
    });
  }

  private readonly keyed = new Map<string, { p: number; key: string }>();

  /** `args.length` of the rest parameter. */
  private isArgsLength(n: AstNode): boolean {
    const p = memberPath(unwrap(n));
    return !!this.rest && p?.length === 2 && p[0] === this.rest.name && p[1] === 'length';
  }

  /** Slots an expression stands for; `fixed`: may it be middleware of the helper's own. */
  slots(expr: AstNode | null | undefined, pos: number, depth = 0): Slot[] | undefined {
    const n = unwrap(expr);
    if (!n || depth > 6) return undefined;
    if (n.type === 'Identifier') {
      const i = this.params.indexOf(n.name);
      if (i >= 0 && (!this.rest || i < this.rest.at)) return [{ p: i }];
      if (this.rest && n.name === this.rest.name) return [{ rest: this.rest.at }];
      const keyed = this.keyed.get(n.name);
      if (keyed) return [{ ...keyed }];
      const v = valueAt(n.name, this.fn, pos);
      if (v?.pattern && v.pattern.type === 'ArrayPattern') {
        const k = v.pattern.elements.findIndex((e) => e && (e as AstNode).type === 'Identifier' && (e as { name: string }).name === n.name);
        const from = this.slots(v.node, v.pos, depth + 1);
        if (from && from.length === 1 && 'rest' in from[0]) return [{ p: from[0].rest + k }];
        return undefined;
      }
      if (v) return this.slots(v.node, v.pos, depth + 1);
      return [{ mw: mwRef(n, this.index) }];
    }
    if (n.type === 'MemberExpression' && n.computed && this.rest) {
      const obj = unwrap(n.object);
      if (obj.type !== 'Identifier' || obj.name !== this.rest.name) return undefined;
      const prop = unwrap(n.property as AstNode);
      if (prop.type === 'Literal' && typeof prop.value === 'number') return [{ p: this.rest.at + prop.value }];
      // args[args.length - k]
      if (prop.type === 'BinaryExpression' && prop.operator === '-' && this.isArgsLength(prop.left as AstNode)) {
        const k = unwrap(prop.right as AstNode);
        if (k.type === 'Literal' && typeof k.value === 'number') return [{ e: k.value }];
      }
      return undefined;
    }
    if (n.type === 'ConditionalExpression') {
      // `args.length > 3 ? args[args.length - 2] : []`: an optional argument.
      const test = unwrap(n.test as AstNode);
      const alt = unwrap(n.alternate as AstNode);
      if (test.type !== 'BinaryExpression' || !this.isArgsLength(test.left as AstNode) || alt.type !== 'ArrayExpression' || alt.elements.length > 0) return [];
      const right = unwrap(test.right as AstNode);
      if (right.type !== 'Literal' || typeof right.value !== 'number') return [];
      const min = this.rest!.at + right.value + (test.operator === '>' ? 1 : test.operator === '>=' ? 0 : NaN);
      if (Number.isNaN(min)) return [];
      const inner = this.slots(n.consequent as AstNode, pos, depth + 1);
      return inner?.map((s) => ('p' in s || 'e' in s ? { ...s, min } : s));
    }
    if (n.type === 'ArrayExpression') {
      const out: Slot[] = [];
      for (const e of n.elements) {
        if (!e) continue;
        const el = e as AstNode;
        // `...(cond ? [upload.any()] : [])`: depends on the call; left out.
        const s = el.type === 'SpreadElement' ? this.slots(el.argument as AstNode, pos, depth + 1) : this.slots(el, pos, depth + 1);
        if (s) out.push(...s);
      }
      return out;
    }
    if (n.type === 'SpreadElement') return this.slots(n.argument as AstNode, pos, depth + 1);
    return [{ mw: mwRef(n, this.index) }];
  }

  /** The handler: an argument, or a wrapper call around one (`tryRoute(controller)`). */
  handler(expr: AstNode, pos: number, taken: Slot[] = []): Slot | undefined {
    const n = unwrap(expr);
    // `(req, res, next) => { ... routeHandler(req, res, next) ... }`: the handler it runs.
    if (isFunctionLike(n)) return this.runs(n, pos, taken);
    const direct = this.slots(n, pos);
    if (direct?.length === 1 && !('mw' in direct[0]) && !('rest' in direct[0])) return direct[0];
    if (n.type === 'CallExpression') {
      for (const a of n.arguments) {
        const s = this.slots(a as AstNode, pos);
        if (s?.length === 1 && !('mw' in s[0]) && !('rest' in s[0])) return s[0];
      }
    }
    return undefined;
  }

  /** A route registered on a parameter, with its path from the arguments: one route of the summary. */
  route(call: CallLike): RegistrarRoute | undefined {
    if (call.type !== 'CallExpression') return undefined;
    const callee = unwrap(call.callee as AstNode);
    if (callee.type !== 'MemberExpression') return undefined;
    const router = this.slots(callee.object as AstNode, call.start);
    // A name the function neither receives nor declares: a router of the enclosing scope (closure).
    const recv = unwrap(callee.object as AstNode);
    const closure = recv.type === 'Identifier' && router?.length === 1 && 'mw' in router[0] && !this.params.includes(recv.name);
    if (!closure && (!router || router.length !== 1 || !('p' in router[0]) || router[0].min !== undefined)) return undefined;
    let method: RegistrarRoute['method'] | undefined;
    if (!callee.computed && callee.property.type === 'Identifier' && METHODS.has(callee.property.name)) method = { lit: callee.property.name };
    else if (callee.computed) {
      const m = this.slots(callee.property as AstNode, call.start);
      if (m?.length === 1 && 'p' in m[0] && m[0].min === undefined) method = { p: m[0].p };
    }
    const args = call.arguments as AstNode[];
    if (!method || args.length < 2) return undefined;
    const path = this.path(args[0], call.start);
    if (!path) return undefined;
    const last = args[args.length - 1];
    // `router.get(path, ...handlers)`: the call's own arguments from r on, handler last.
    if (unwrap(last).type === 'SpreadElement') {
      const s = this.slots(last, call.start);
      if (args.length !== 2 || s?.length !== 1 || !('rest' in s[0])) return undefined;
      return { method, path, mw: [s[0]], handler: { e: 1 } };
    }
    const dispatched = closure ? undefined : this.dispatch(last, call.start);
    const taken: Slot[] = [path.at, ...(path.then ?? []).map((t) => t.at), ...('p' in method ? [{ p: method.p }] : [])];
    let handler = dispatched?.handler ?? this.handler(last, call.start, taken);
    // `router.post(path, isAdmin, error_catcher(async (req, res) => { ... }))`: the helper's own handler.
    const own = handler ? undefined : this.ownHandler(last);
    if (own) handler = { mw: { name: own.loc?.name ?? '<inline>' } };
    if (!handler) return undefined;
    const mw: Slot[] = [];
    for (const a of args.slice(1, -1)) mw.push(...(this.slots(a, call.start) ?? []));
    const out: RegistrarRoute = dispatched ? { method, path, mw, handler, dispatch: dispatched.dispatch } : { method, path, mw, handler };
    if (own) out.own = own;
    if (closure) {
      out.on = true;
      this.on = recv;
    }
    return out;
  }

  /**
   * A call of another registrar of this file with this function's parameters (`apiRoute(m, p, h)
   * { route(m, p, [auth.checkApiAuth, csrf], h, apiResultHandler) }`): the callee's routes with
   * each slot replaced by what the call passes there, fixed middleware included.
   */
  forward(call: CallLike, inner: RegistrarRoute[]): RegistrarRoute[] {
    const args = call.arguments as AstNode[];
    if (args.some((a) => unwrap(a).type === 'SpreadElement')) return [];
    const n = args.length;
    const one = (s: Slot): Slot | undefined => {
      if ('p' in s && s.key !== undefined) return undefined;
      const at = indices(s, n);
      const r = at.length === 1 ? this.slots(args[at[0]], call.start) : undefined;
      return r?.length === 1 && ('p' in r[0] || 'e' in r[0]) && r[0].min === undefined ? r[0] : undefined;
    };
    const out: RegistrarRoute[] = [];
    for (const r of inner) {
      if (r.perm || r.dispatch) continue;
      let method: RegistrarRoute['method'] | undefined = 'lit' in r.method ? r.method : undefined;
      if ('p' in r.method && r.method.key === undefined) {
        const a = args[r.method.p];
        const lit = a ? stringValue(a, this.index)?.toLowerCase() : undefined;
        const m = lit === undefined ? one({ p: r.method.p }) : undefined;
        method = lit && METHODS.has(lit) ? { lit } : m && 'p' in m ? { p: m.p } : undefined;
      }
      const at = one(r.path.at);
      const then = (r.path.then ?? []).map((t) => ({ at: one(t.at), post: t.post }));
      const h = indices(r.handler, n);
      const taken = [at, ...then.map((t) => t.at), ...(method && 'p' in method ? [{ p: method.p }] : [])].filter((x): x is Slot => !!x);
      const handler = h.length === 1 && !('p' in r.handler && r.handler.key !== undefined) ? this.handler(args[h[0]], call.start, taken) : undefined;
      if (!method || !at || (!handler && !r.own) || then.some((t) => !t.at)) continue;
      const mw: Slot[] = [];
      for (const m of r.mw) {
        if ('mw' in m) mw.push(m);
        else if (!('p' in m && m.key !== undefined)) for (const i of indices(m, n)) mw.push(...(this.slots(args[i], call.start) ?? []));
      }
      const path: RegistrarRoute['path'] = { at, pre: r.path.pre, post: r.path.post };
      if (then.length) path.then = then as { at: Slot; post: string }[];
      const route: RegistrarRoute = { method, path, mw, handler: r.own ? r.handler : handler! };
      if (r.own) route.own = r.own;
      if (r.on) route.on = true;
      out.push(route);
    }
    return out;
  }

  /** The closure router the last closure route was registered on (its identifier, for the call sites' scope). */
  on?: AstNode;

  /** An inline request handler (also inside a wrapper call: `error_catcher(async (req, res) => ...)`), summarised here. */
  private ownHandler(expr: AstNode): HandlerInfo | undefined {
    let n = unwrap(expr);
    if (n.type === 'CallExpression') n = (n.arguments as AstNode[]).map((a) => unwrap(a)).find((a) => isFunctionLike(a)) ?? n;
    if (!isFunctionLike(n) || !n.body || !/^(req|request)$/.test(paramNames(n)[0] ?? '')) return undefined;
    const summary = summarizeHandler(n, this.index);
    const h: HandlerInfo = { loc: { file: this.index.file, line: this.index.line(n) } };
    if (answers(n, this.index)) h.answers = true;
    if (summary.inline) h.inline = summary.inline;
    if (summary.guardCalls) h.guardCalls = summary.guardCalls;
    if (summary.tags.length) h.tags = summary.tags;
    return h;
  }

  /** Is parameter i optional (`resultHandler = null`)? */
  private optional(s: Slot): boolean {
    return 'p' in s && (this.fn.params[s.p] as AstNode | undefined)?.type === 'AssignmentPattern';
  }

  /**
   * The parameter an inline wrapper runs on the request: called with it (`routeHandler(req, res,
   * next)`), else handed on with it (`processRequest(req, res, routeHandler, next, method, path)`),
   * other than the verb and path (`taken`) and optional parameters (a result formatter).
   */
  private runs(fn: FunctionLike, pos: number, taken: Slot[]): Slot | undefined {
    const req = paramNames(fn)[0];
    if (!req || req === '{}' || req === '?' || !fn.body) return undefined;
    const same = (a: Slot, b: Slot) => JSON.stringify(a) === JSON.stringify(b);
    const param = (e: AstNode): Slot | undefined => {
      const n = unwrap(e);
      if (n.type !== 'Identifier' || n.name === req) return undefined;
      const s = this.slots(n, pos);
      const one = s?.length === 1 && ('p' in s[0] || 'e' in s[0]) && s[0].min === undefined ? s[0] : undefined;
      return one && !taken.some((t) => same(t, one)) && !this.optional(one) ? one : undefined;
    };
    const called: Slot[] = [];
    const passed: Slot[] = [];
    for (const c of nodesUnder(fn.body as AstNode, 'CallExpression')) {
      const args = c.arguments as AstNode[];
      if (!args.some((a) => unwrap(a).type === 'Identifier' && (unwrap(a) as { name: string }).name === req)) continue;
      const direct = param(c.callee as AstNode);
      if (direct) called.push(direct);
      for (const a of args) {
        const s = param(a);
        if (s) passed.push(s);
      }
    }
    const unique = (xs: Slot[]) => (xs.length > 0 && xs.every((x) => same(x, xs[0])) ? xs[0] : undefined);
    return called.length > 0 ? unique(called) : unique(passed);
  }

  /**
   * An inline handler that makes an instance of a class it is given and calls the method another
   * argument names: `(ctx) => { const inst = new Ctrl(ctx); await inst[action].call(inst, ctx); }`.
   */
  private dispatch(expr: AstNode, pos: number): { handler: Slot; dispatch: NonNullable<RegistrarRoute['dispatch']> } | undefined {
    const fn = unwrap(expr);
    if (!isFunctionLike(fn) || !fn.body || !this.index.text(fn).includes('new ')) return undefined;
    const param = (e: AstNode): Slot | undefined => {
      const s = this.slots(e, pos);
      return s?.length === 1 && 'p' in s[0] && s[0].min === undefined ? s[0] : undefined;
    };
    for (const d of nodesUnder(fn.body as AstNode, 'VariableDeclarator')) {
      const init = unwrapAwait(d.init as AstNode | null);
      if (d.id.type !== 'Identifier' || init?.type !== 'NewExpression') continue;
      const cls = param(init.callee as AstNode);
      if (!cls) continue;
      const inst = d.id.name;
      for (const c of nodesUnder(fn.body as AstNode, 'CallExpression')) {
        let callee = unwrap(c.callee as AstNode);
        // `inst[action].call(inst, ctx)`
        if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' && (callee.property.name === 'call' || callee.property.name === 'apply')) callee = unwrap(callee.object as AstNode);
        if (callee.type !== 'MemberExpression' || !callee.computed) continue;
        const obj = unwrap(callee.object as AstNode);
        const method = obj.type === 'Identifier' && obj.name === inst ? param(callee.property as AstNode) : undefined;
        if (method) return { handler: cls, dispatch: { method, gate: this.gate(fn, inst, c) } };
      }
    }
    return undefined;
  }

  /**
   * The dispatch runs only while a flag of the instance is set (`if (inst.$auth === true) dispatch
   * else deny`) after a method of the instance ran (`await inst.init(ctx)`): that method decides who
   * gets through. The flag's name says it is about authentication (a weak signal beside the shape).
   */
  private gate(fn: FunctionLike, inst: string, dispatch: AstNode): NonNullable<RegistrarRoute['dispatch']>['gate'] {
    const ofInst = (m: AstNode): string | undefined => {
      const u = unwrap(m);
      if (u.type !== 'MemberExpression' || u.computed || u.property.type !== 'Identifier') return undefined;
      const o = unwrap(u.object as AstNode);
      return o.type === 'Identifier' && o.name === inst ? u.property.name : undefined;
    };
    for (const a of this.index.ancestors(dispatch)) {
      if (a === fn) break;
      if (a.type !== 'IfStatement' || !a.alternate) continue;
      const cons = a.consequent as AstNode;
      if (dispatch.start < cons.start || dispatch.end > cons.end) return undefined;
      const flag = [unwrap(a.test as AstNode), ...nodesUnder(a.test as AstNode, 'MemberExpression')].map(ofInst).find((x) => x !== undefined);
      if (!flag || !/auth|login|logged|signed|session|user/i.test(flag)) return undefined;
      const init = nodesUnder(fn.body as AstNode, 'CallExpression').find((c) => c.end <= a.start && ofInst(c.callee as AstNode) !== undefined);
      const name = init ? ofInst(init.callee as AstNode) : undefined;
      return name ? { init: name, flag, line: this.index.line(a), file: this.index.file } : undefined;
    }
    return undefined;
  }

  private path(expr: AstNode, pos: number): RegistrarRoute['path'] | undefined {
    const n = unwrap(expr);
    if (n.type === 'BinaryExpression' && n.operator === '+') return this.joined(n, pos);
    if (n.type === 'TemplateLiteral' && n.expressions.length === 1) {
      const s = this.slots(n.expressions[0] as AstNode, pos);
      const q = (i: number) => n.quasis[i].value.cooked ?? n.quasis[i].value.raw;
      if (s?.length === 1 && ('p' in s[0] || 'e' in s[0]) && s[0].min === undefined) return { at: s[0], pre: q(0), post: q(1) };
      return undefined;
    }
    const s = this.slots(n, pos);
    if (s?.length === 1 && ('p' in s[0] || 'e' in s[0]) && s[0].min === undefined) return { at: s[0], pre: '', post: '' };
    return undefined;
  }

  /** `baseurl + path`, `'/api' + name + '/x'`: arguments and literals joined, at least one argument. */
  private joined(n: AstNode, pos: number): RegistrarRoute['path'] | undefined {
    const parts: (string | Slot)[] = [];
    const flat = (e: AstNode): boolean => {
      const u = unwrap(e);
      if (u.type === 'BinaryExpression' && u.operator === '+') return flat(u.left as AstNode) && flat(u.right as AstNode);
      const lit = stringValue(u, this.index);
      if (lit !== undefined) return parts.push(lit) > 0;
      const s = this.slots(u, pos);
      return s?.length === 1 && ('p' in s[0] || 'e' in s[0]) && s[0].min === undefined && parts.push(s[0]) > 0;
    };
    if (!flat(n) || parts.length > 6) return undefined;
    let pre = '';
    let out: RegistrarRoute['path'] | undefined;
    for (const p of parts) {
      if (typeof p === 'string') {
        if (!out) pre += p;
        else if (out.then?.length) out.then[out.then.length - 1].post += p;
        else out.post += p;
      } else if (!out) out = { at: p, pre, post: '' };
      else (out.then ??= []).push({ at: p, post: '' });
    }
    return out;
  }
}

/**
 * Text test of a computed call (`router[verb](`) or a verb call on something. Asked once a call
 * has that shape (a scan of the whole file costs more than a look at its calls).
 */
const VERB_CALL = /\]\s*\(|\.(get|post|put|patch|delete|del|all)\s*\(/;

/**
 * Registrar summaries of a file, and the route calls they consist of (the scanner does not emit
 * those calls as routes: the expansion of every call site stands for them).
 */
export function registrarSummaries(index: JsIndex): { facts: FactInput[]; calls: Set<AstNode>; local: Map<string, RegistrarRecord>; on: Map<string, AstNode> } {
  const calls = new Set<AstNode>();
  const local = new Map<string, RegistrarRecord>();
  const facts: FactInput[] = registryClasses(index, local);
  facts.push(...controllerClasses(index, local, calls, (names, rec, at) => internal(REGISTRAR, index.evidence(at), rec, `${index.file}#${REGISTRAR}:${names[0]}`)));
  let verbText: boolean | undefined;
  const byFn = new Map<FunctionLike, { routes: RegistrarRoute[]; calls: AstNode[] }>();
  const summarisers = new Map<FunctionLike, Summariser>();
  for (const call of index.nodesOf('CallExpression')) {
    const callee = unwrap(call.callee as AstNode);
    // Only a verb call (`router.get(path, h)`) or a computed one (`router[verb](...)`) with a path
    // and a handler can register a route: everything else is skipped before any walk (perf).
    if (callee.type !== 'MemberExpression' || call.arguments.length < 2) continue;
    if (!callee.computed && !(callee.property.type === 'Identifier' && METHODS.has(callee.property.name))) continue;
    // Without the text nothing is summarised: the same answer as asking before the loop.
    if (!(verbText ??= VERB_CALL.test(index.content))) return { facts, calls, local, on: new Map() };
    const fn = index.enclosingFunction(call);
    if (!fn || fn.params.length === 0) continue;
    let summariser = summarisers.get(fn);
    if (!summariser) summarisers.set(fn, (summariser = new Summariser(index, fn)));
    const route = summariser.route(call);
    if (!route) continue;
    let entry = byFn.get(fn);
    if (!entry) byFn.set(fn, (entry = { routes: [], calls: [] }));
    entry.routes.push(route);
    entry.calls.push(call);
  }
  const onNodes = new Map<FunctionLike, AstNode>();
  for (const [fn, s] of summarisers) if (s.on && byFn.has(fn)) onNodes.set(fn, s.on);
  // Wrappers of those helpers in this file (`apiRoute(m, p, h) { route(m, p, [auth], h) }`), up to
  // three levels: the inner call is no route either.
  for (let depth = 0, grew = byFn.size > 0; grew && depth < 3; depth++) {
    grew = false;
    for (const call of index.nodesOf('CallExpression')) {
      const callee = unwrap(call.callee as AstNode);
      const target = callee.type === 'Identifier' ? index.functionByName(callee.name) : undefined;
      const inner = target ? byFn.get(target) : undefined;
      const fn = inner ? index.enclosingFunction(call) : undefined;
      if (!inner || !fn || fn === target || byFn.has(fn) || fn.params.length === 0) continue;
      let summariser = summarisers.get(fn);
      if (!summariser) summarisers.set(fn, (summariser = new Summariser(index, fn)));
      const routes = summariser.forward(call, inner.routes);
      if (routes.length === 0) continue;
      byFn.set(fn, { routes, calls: [call] });
      const on = onNodes.get(target!);
      if (on) onNodes.set(fn, on);
      grew = true;
    }
  }
  const fne = fileNoExt(index.file);
  const on = new Map<string, AstNode>();
  for (const [fn, { routes, calls: cs }] of byFn) {
    const names = namesOf(fn, index);
    if (names.length === 0) continue;
    for (const c of cs) calls.add(c);
    const record: RegistrarRecord = { names, line: index.line(fn), routes };
    for (const n of names) local.set(`${fne}#${n}`, record);
    const router = onNodes.get(fn);
    if (router) for (const n of names) on.set(`${fne}#${n}`, router);
    facts.push(internal(REGISTRAR, index.evidence(fn), record, `${index.file}#${REGISTRAR}:${names[0]}`));
  }
  return { facts, calls, local, on };
}

/** Names a class is exported under (`export default class X`, `export default X`, `export class X`). */
function classExports(index: JsIndex, cls: AstNode | undefined): string[] {
  const name = cls && 'id' in cls && cls.id && (cls.id as AstNode).type === 'Identifier' ? (cls.id as { name: string }).name : undefined;
  return [...index.exports].filter(([, v]) => {
    const u = unwrap(v);
    return u === cls || (name !== undefined && u.type === 'Identifier' && u.name === name);
  }).map(([k]) => k);
}

/**
 * Route registries: a class of a file that uses Express, with a method taking `(method, path,
 * ...handlers)` that subclasses call as `this.route('GET', '/schemas', mw, handler)` and that the
 * class later mounts on an Express router (`expressApp[method](route.path, ...)`). Summarised like
 * a registrar whose arguments are the verb, the path, the middleware and the handler last.
 */
function registryClasses(index: JsIndex, local: Map<string, RegistrarRecord>): FactInput[] {
  const out: FactInput[] = [];
  const fne = fileNoExt(index.file);
  // A subclass that registers routes itself (`class RolesRouter extends ClassesRouter`, which
  // extends the registry): subclasses of it reach the registry method through it.
  // The text test only for a call that passes the tree's test (most files have none).
  let thisVerb: boolean | undefined;
  for (const call of index.nodesOf('CallExpression')) {
    const found = METHODS.has(stringValue(call.arguments[0] as AstNode, index)?.toLowerCase() ?? '') ? registryCallee(call, index) : undefined;
    if (!found) continue;
    if (!(thisVerb ??= /this\.\w+\(\s*['"](GET|POST|PUT|PATCH|DELETE)['"]/i.test(index.content))) break;
    if (local.has(`${fne}#${found.cls}.*`)) continue;
    const base = 'id' in found.callee ? { id: found.callee.id.replace(/\.[^.]*$/, '') } : { ...found.callee, export: found.callee.export.replace(/\.[^.]*$/, '') };
    const cls = index.classByName(found.cls);
    const exported = classExports(index, cls as AstNode | undefined);
    const record: RegistrarRecord = { names: [...new Set([found.cls, ...exported])].map((n) => `${n}.*`), line: index.line(call), routes: [], extends: base };
    for (const n of record.names) local.set(`${fne}#${n}`, record);
    out.push(internal(REGISTRAR, index.evidence(call), record, `${index.file}#${REGISTRAR}:${record.names[0]}`));
  }
  if (!index.imports('express') || !/\]\s*(\.call\s*)?\(/.test(index.content)) return out;
  for (const cls of [...index.nodesOf('ClassDeclaration'), ...index.nodesOf('ClassExpression')]) {
    const name = cls.id?.name;
    if (!name) continue;
    const exported = classExports(index, cls as AstNode);
    for (const m of cls.body.body) {
      if (m.type !== 'MethodDefinition' || m.kind !== 'method' || m.key.type !== 'Identifier') continue;
      const fn = m.value as FunctionLike;
      const p = fn.params.map((x) => (x as AstNode).type);
      if (p.length !== 3 || p[0] !== 'Identifier' || p[1] !== 'Identifier' || p[2] !== 'RestElement') continue;
      const names = [...new Set([name, ...exported])].map((n) => `${n}.${(m.key as { name: string }).name}`);
      const record: RegistrarRecord = { names, line: index.line(m as AstNode), routes: [{ method: { p: 0 }, path: { at: { p: 1 }, pre: '', post: '' }, mw: [{ rest: 2 }], handler: { e: 1 } }] };
      for (const n of names) local.set(`${fne}#${n}`, record);
      out.push(internal(REGISTRAR, index.evidence(m as AstNode), record, `${index.file}#${REGISTRAR}:${names[0]}`));
    }
  }
  return out;
}

/**
 * `this.route('GET', '/schemas', mw, handler)` in a class extending another: the registry method
 * of the base class (same file or imported), as a registrar callee.
 */
export function registryCallee(call: CallLike, index: JsIndex): { callee: RegistrarCallRecord['callee']; cls: string } | undefined {
  const callee = unwrap(call.callee as AstNode);
  if (callee.type !== 'MemberExpression' || callee.computed || unwrap(callee.object as AstNode).type !== 'ThisExpression' || callee.property.type !== 'Identifier') return undefined;
  const cls = index.enclosingClass(call);
  const sup = cls?.superClass ? unwrap(cls.superClass as AstNode) : undefined;
  if (!cls?.id || !sup || sup.type !== 'Identifier') return undefined;
  const method = callee.property.name;
  if (index.classByName(sup.name)) return { callee: { id: `${fileNoExt(index.file)}#${sup.name}.${method}` }, cls: cls.id.name };
  const b = index.bindings.get(sup.name);
  if (!b || !isLocalModule(b.module)) return undefined;
  return { callee: { module: b.module, from: index.file, export: `${b.imported === '*' ? 'default' : b.imported}.${method}` }, cls: cls.id.name };
}

// ------------------------------------------------------------------------------------------
// Call sites

function isLocalModule(spec: string): boolean {
  return spec.startsWith('.') || spec.startsWith('@/') || spec.startsWith('~/') || spec.startsWith('src/');
}

/**
 * The function a call names, if it may be a registrar of this repository: a same-file function
 * (by name) or an export of a local module (`helpers.setupPageRoute`, `{ setupPageRoute } =
 * helpers` with `helpers = require('./helpers')`).
 */
export function registrarCallee(call: CallLike, index: JsIndex): RegistrarCallRecord['callee'] | undefined {
  const callee = unwrap(call.callee as AstNode);
  const path = memberPath(callee);
  const fromModule = (obj: string, member: string): RegistrarCallRecord['callee'] | undefined => {
    const b = index.bindings.get(obj);
    if (b && isLocalModule(b.module) && (b.imported === '*' || b.imported === 'default')) return { module: b.module, from: index.file, export: member };
    const spec = requireModule(unwrap(index.constInit(obj)));
    return spec !== undefined && isLocalModule(spec) ? { module: spec, from: index.file, export: member } : undefined;
  };
  if (path?.length === 2) return fromModule(path[0], path[1]);
  if (path?.length !== 1) return undefined;
  const name = path[0];
  if (index.functionByName(name)) return { id: `${fileNoExt(index.file)}#${name}` };
  const b = index.bindings.get(name);
  if (b && isLocalModule(b.module)) return { module: b.module, from: index.file, export: b.imported === '*' ? 'default' : b.imported };
  // `const { setupPageRoute } = helpers`: a member of a module binding.
  for (const d of index.nodesOf('VariableDeclarator')) {
    const id = d.id as AstNode;
    if (id.type !== 'ObjectPattern' || !d.init) continue;
    for (const p of id.properties) {
      if (p.type !== 'Property' || unwrap(p.value as AstNode).type !== 'Identifier' || (unwrap(p.value as AstNode) as { name: string }).name !== name) continue;
      const key = p.key.type === 'Identifier' ? p.key.name : undefined;
      const init = unwrap(d.init as AstNode);
      if (!key) return undefined;
      const spec = requireModule(init);
      if (spec !== undefined) return isLocalModule(spec) ? { module: spec, from: index.file, export: key } : undefined;
      return init.type === 'Identifier' ? fromModule(init.name, key) : undefined;
    }
  }
  return undefined;
}

/** `const base = config.baseUriPath || ''`: the literal a configurable value defaults to. */
export function defaultString(e: AstNode, index: JsIndex): string | undefined {
  const n = unwrap(e);
  const init = n.type === 'Identifier' ? unwrap(index.constInit(n.name)) : undefined;
  return init?.type === 'LogicalExpression' && (init.operator === '||' || init.operator === '??') ? stringValue(init.right as AstNode, index) : undefined;
}

/** A path-like string argument: `'/x'`, `` `/${name}/x` `` (unknown parts as `{name}`). */
export function pathText(node: AstNode, index: JsIndex): string | undefined {
  const n = unwrap(node);
  const s = stringValue(n, index);
  if (s !== undefined) return s;
  if (n.type !== 'TemplateLiteral') return undefined;
  return n.quasis
    .map((q, i) => {
      if (i >= n.expressions.length) return q.value.cooked ?? q.value.raw;
      const e = n.expressions[i] as AstNode;
      const v = stringValue(e, index) ?? defaultString(e, index) ?? `{${memberPath(unwrap(e))?.join('.') ?? 'param'}}`;
      return `${q.value.cooked ?? q.value.raw}${v}`;
    })
    .join('');
}

/** Middleware an argument stands for: an array (spreads of same-scope const arrays followed) or one expression. */
function middlewareOf(node: AstNode, index: JsIndex, at: AstNode, depth = 0): MwRef[] {
  let n = unwrap(node);
  if (depth > 4) return [];
  if (n.type === 'Identifier') {
    const init = unwrap(index.initAt(n.name, at));
    if (init && (init.type === 'ArrayExpression' || init.type === 'ConditionalExpression')) n = init;
  }
  // `isElectron() ? [] : [auth.checkEtapiToken]`: the list of the deployment that runs more of them
  // (a server's guards; a local desktop build may skip them).
  if (n.type === 'ConditionalExpression') {
    const [a, b] = [unwrap(n.consequent as AstNode), unwrap(n.alternate as AstNode)];
    if (a.type !== 'ArrayExpression' || b.type !== 'ArrayExpression') return [mwRef(node, index)];
    n = b.elements.length > a.elements.length ? b : a;
  }
  if (n.type !== 'ArrayExpression') return [mwRef(n, index)];
  const out: MwRef[] = [];
  for (const e of n.elements) {
    if (!e) continue;
    const el = e as AstNode;
    if (el.type !== 'SpreadElement') out.push(mwRef(el, index));
    else {
      // `[...accountMiddlewares, x]`: the members of a const array in scope; anything else is unknown.
      const inner = unwrap(el.argument as AstNode);
      const init = inner.type === 'Identifier' ? unwrap(index.initAt(inner.name, at)) : inner;
      if (init && init.type === 'ArrayExpression') out.push(...middlewareOf(init, index, at, depth + 1));
    }
  }
  return out;
}

/** What a call site's argument gives a registrar. */
export function registrarArgs(call: CallLike, index: JsIndex, recvArg: number, evidenceLine: number, handlerAt: number[] = []): { args: RegistrarArg[]; facts: FactInput[] } {
  const facts: FactInput[] = [];
  const args = (call.arguments as AstNode[]).map((raw, i): RegistrarArg => {
    const a = unwrap(raw);
    if (i === recvArg || a.type === 'SpreadElement') return {};
    return describeArg(a, index, call, i === call.arguments.length - 1 || handlerAt.includes(i), evidenceLine, facts);
  });
  return { args, facts };
}

/**
 * `this.create` / `this.create.bind(this)` in a class: that method of the class (or of a class of
 * this file it extends), else nothing.
 */
function thisMethod(node: AstNode, index: JsIndex): { fn: FunctionLike; name: string; at: AstNode } | undefined {
  let n = unwrap(node);
  if (n.type === 'CallExpression' && memberPath(unwrap(n.callee as AstNode))?.slice(-1)[0] === 'bind') n = unwrap((unwrap(n.callee as AstNode) as { object: AstNode }).object);
  const path = memberPath(n);
  if (path?.length !== 2 || path[0] !== 'this') return undefined;
  let cls = index.enclosingClass(n);
  for (let depth = 0; cls && depth < 4; depth++) {
    const m = cls.body.body.find((x) => x.type === 'MethodDefinition' && x.key.type === 'Identifier' && x.key.name === path[1]);
    if (m && m.type === 'MethodDefinition') return { fn: m.value as FunctionLike, name: `${cls.id?.name ?? 'class'}.${path[1]}`, at: m as AstNode };
    const sup = cls.superClass ? unwrap(cls.superClass as AstNode) : undefined;
    cls = sup?.type === 'Identifier' ? index.classByName(sup.name) : undefined;
  }
  return undefined;
}

/**
 * One value a call hands a registrar: a string (path, verb), middleware, names of a constant-like
 * value (`ADMIN`), the properties of an options object, and the handler when it may be one.
 */
export function describeArg(a: AstNode, index: JsIndex, call: CallLike, last: boolean, evidenceLine: number, facts: FactInput[], depth = 0): RegistrarArg {
    if (a.type === 'ObjectExpression' && depth === 0) {
      const props: Record<string, RegistrarArg> = {};
      for (const p of a.properties) {
        if (p.type !== 'Property' || p.computed || p.key.type !== 'Identifier') continue;
        props[p.key.name] = describeArg(unwrap(p.value as AstNode), index, call, p.key.name === 'handler', evidenceLine, facts, depth + 1);
      }
      return { props };
    }
    const s = pathText(a, index);
    if (s !== undefined) return { s, names: s === '' ? [] : [s] };
    const out: RegistrarArg = { mw: middlewareOf(a, index, call) };
    const names = constNames(a, index);
    if (names) out.names = names;
    const own = thisMethod(a, index);
    if (last || isFunctionLike(a) || own) {
      const resolved = own ?? resolveHandler(a, index);
      const h: HandlerInfo = {};
      if (resolved.fn) {
        const summary = summarizeHandler(resolved.fn, index);
        if (answers(resolved.fn, index)) h.answers = true;
        if (summary.inline) h.inline = summary.inline;
        if (summary.guardCalls) h.guardCalls = summary.guardCalls;
        if (summary.tags.length) h.tags = summary.tags;
        h.loc = { file: index.file, line: index.line(resolved.at ?? resolved.fn) };
        if (resolved.name) h.loc.name = resolved.name;
        facts.push(...accessFacts(summary, index, { file: index.file, line: evidenceLine }));
      }
      if ('ref' in resolved && resolved.ref) h.ref = resolved.ref;
      if (!h.loc && resolved.name) h.loc = { file: index.file, line: evidenceLine, name: resolved.name };
      out.handler = h;
    }
    return out;
}

export function registrarCallFact(index: JsIndex, call: CallLike, record: RegistrarCallRecord, n: number, at?: AstNode): FactInput {
  return internal(REGISTRAR_CALL, index.evidence(at ?? call), record, `${index.file}#${REGISTRAR_CALL}:${n}`);
}

// ------------------------------------------------------------------------------------------
// Expansion (link)

const parse = internalData;

/** Call-argument indices a slot takes (none when the call does not have it). */
export function indices(slot: Slot, n: number): number[] {
  if ('mw' in slot) return [];
  if ('rest' in slot) return Array.from({ length: Math.max(0, n - slot.rest) }, (_, i) => slot.rest + i);
  if (slot.min !== undefined && n < slot.min) return [];
  const i = 'p' in slot ? slot.p : n - slot.e;
  return i >= 0 && i < n ? [i] : [];
}

/** What a call gives for a slot: its arguments, or a property of the options object there. */
function picked(slot: Slot, args: RegistrarArg[]): RegistrarArg[] {
  const at = indices(slot, args.length).map((i) => args[i]);
  const key = 'p' in slot ? slot.key : undefined;
  return key === undefined ? at : at.flatMap((a) => (a?.props?.[key] ? [a.props[key]] : []));
}

/** Constant-like names that stand for "no permission needed". */
const OPEN_PERMISSION = /^(none|public|anonymous|anyone|everyone|open|no_?auth|skip)$/i;

/**
 * The permission check a call asks for (`permission: ADMIN`): a sentinel, nothing or `[]`
 * inherits the mount's auth; only administrator permissions make it `admin`, any other one
 * needs an identity that holds it (`user`).
 */
function permissionGuard(perm: NonNullable<RegistrarRoute['perm']>, args: RegistrarArg[]): MwRef | undefined {
  const given = picked(perm.at, args)[0];
  const names = given ? given.names : perm.dflt;
  if (names === undefined) return given ? { name: `${perm.guard}(?)`, role: 'auth-unknown' } : undefined;
  const needed = names.filter((n) => n !== '' && !perm.sentinels.includes(n) && !OPEN_PERMISSION.test(n.split('.').pop() ?? n));
  if (needed.length === 0) return undefined;
  const name = `${perm.guard}(${needed.join(', ')})`;
  const admin = needed.every((n) => /admin/i.test(n));
  return { name, role: admin ? 'auth-admin' : 'auth-user', args: needed.join(', '), why: `${name}: permission check in ${perm.file}` };
}

/** A registry method found directly or through the classes a subclass extends (`X.route` via `X.*`). */
function inherited(callee: RegistrarCallRecord['callee'], lookup: (c: RegistrarCallRecord['callee']) => RegistrarRecord | undefined, depth = 0): RegistrarRecord | undefined {
  const direct = lookup(callee);
  if (direct && direct.routes.length > 0) return direct;
  const name = 'id' in callee ? callee.id : callee.export;
  const dot = name.lastIndexOf('.');
  if (depth > 4 || dot < 0 || name.slice(dot + 1) === '*') return undefined;
  const method = name.slice(dot + 1);
  const star = lookup('id' in callee ? { id: `${name.slice(0, dot)}.*` } : { ...callee, export: `${name.slice(0, dot)}.*` });
  const base = star?.extends;
  if (!base) return undefined;
  return inherited('id' in base ? { id: `${base.id}.${method}` } : { ...base, export: `${base.export}.${method}` }, lookup, depth + 1);
}

/**
 * The controller method a dispatching helper calls (`Ctrl.prototype[action]` of the class the call
 * hands over, an import), and the gate before it: the instance flag its `init()` sets is a login
 * check, with the literal paths that method lets through (a `js-path-list` of the class's module,
 * found through the classes it extends) as exceptions.
 */
function dispatchOf(d: NonNullable<RegistrarRoute['dispatch']>, args: RegistrarArg[], cls: RegistrarArg | undefined): { handler: HandlerInfo; gate?: MwRef } | undefined {
  const action = picked(d.method, args)[0]?.s;
  const ref = cls?.mw?.length === 1 ? cls.mw[0] : undefined;
  if (!action || !/^[\w$]+$/.test(action) || !ref?.module || !ref.from || !isLocalModule(ref.module)) return undefined;
  const exp = ref.export && ref.export !== '*' ? ref.export : 'default';
  const handler: HandlerInfo = { ref: { module: ref.module, from: ref.from, export: `${exp}.${action}`, name: `${ref.name}.${action}` } };
  if (!d.gate) return { handler };
  const name = `${ref.name}.${d.gate.init}()`;
  const gate: MwRef = {
    name,
    role: 'auth-user',
    why: `${name}: the helper in ${d.gate.file}:${d.gate.line} dispatches only while ${d.gate.flag} is set`,
    allowFrom: [{ module: ref.module, from: ref.from, export: `${exp}.${d.gate.init}`, match: 'exact' }],
  };
  return { handler, gate };
}

/**
 * Route facts for every registrar call whose helper is known (`lookup` finds a summary by the
 * callee, following imports and re-exports). Calls of unknown helpers give nothing.
 */
export function expandRegistrars(facts: Fact[], lookup: (callee: RegistrarCallRecord['callee']) => RegistrarRecord | undefined): Fact[] {
  const out: Fact[] = [];
  for (const f of facts) {
    if (f.kind !== 'config' || f.setting !== REGISTRAR_CALL) continue;
    const rec = parse<RegistrarCallRecord>(f);
    const summary = rec ? inherited(rec.callee, lookup) : undefined;
    if (!rec || !summary) continue;
    const n = rec.args.length;
    const seen = new Set<string>();
    for (const r of summary.routes) {
      const verb = 'lit' in r.method ? r.method.lit : picked(r.method, rec.args)[0]?.s?.toLowerCase();
      if (!verb || !METHODS.has(verb)) continue;
      let pathArg = picked(r.path.at, rec.args).map((a) => a?.s)[0];
      for (const t of r.path.then ?? []) {
        const v = picked(t.at, rec.args)[0]?.s;
        pathArg = pathArg === undefined || v === undefined ? undefined : `${pathArg}${v}${t.post}`;
      }
      if (pathArg === undefined) continue;
      const handlerAt = indices(r.handler, n)[0];
      if (handlerAt === undefined && !r.own) continue;
      const keyed = 'p' in r.handler && r.handler.key !== undefined;
      const dispatched = r.dispatch ? dispatchOf(r.dispatch, rec.args, rec.args[handlerAt]) : undefined;
      if (r.dispatch && !dispatched) continue;
      const h = dispatched?.handler ?? r.own ?? (keyed ? picked(r.handler, rec.args)[0]?.handler : rec.args[handlerAt]?.handler) ?? {};
      const mw: MwRef[] = dispatched?.gate ? [dispatched.gate] : [];
      for (const s of r.mw) {
        if ('mw' in s) mw.push(s.mw);
        else if ('p' in s && s.key !== undefined) for (const a of picked(s, rec.args)) mw.push(...(a.mw ?? []));
        else for (const i of indices(s, n)) if (i !== handlerAt && rec.args[i]?.mw) mw.push(...rec.args[i].mw!);
      }
      const perm = r.perm ? permissionGuard(r.perm, rec.args) : undefined;
      if (perm) mw.push(perm);
      const method = normalizeMethod(verb);
      const local = joinPath(rec.prefix, `${r.path.pre}${pathArg}${r.path.post}`);
      if (seen.has(`${method} ${local}`)) continue;
      seen.add(`${method} ${local}`);
      const meta: RouteMeta = { recv: rec.recv, local, mw: [...rec.chain, ...mw] };
      if (h.inline) meta.inline = h.inline;
      if (h.guardCalls) meta.guardCalls = h.guardCalls;
      if (h.tags) meta.handlerTags = h.tags;
      if (h.answers) meta.answers = true;
      if (h.ref) meta.handler = h.ref;
      if (mw.some((m) => m.module && isLocalModule(m.module))) meta.ownMiddleware = true;
      // A permission the route declares is checked by the helper: rules judging missing role checks skip it.
      const permTags = perm ? ['permission-checked'] : [];
      const fact = routeFact({ framework: rec.framework, method, path: local, evidence: f.evidence, handler: h.loc, meta, extraTags: [...rec.recvTags, ...rec.tags, ...permTags] });
      out.push({ ...fact, extractor: f.extractor } as Fact);
    }
  }
  return out;
}
