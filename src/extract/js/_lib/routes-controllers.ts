// Controller base classes: a class that keeps an Express router in a field and registers routes
// on it from what its methods are given, so that subclasses declare routes by calling them:
//
//   export default class Controller {
//     constructor(config) { this.app = Router(); }
//     route(options) {
//       this.app[options.method](options.path, checkPermission(options.permission), ...,
//         this.wrap(options.handler.bind(this)));
//     }
//     get(path, handler, permission = NONE) { this.route({ method: 'get', path, handler, permission }); }
//     get router() { return this.app; }
//   }
//   class FeatureController extends Controller {
//     constructor(config) { super(config); this.route({ method: 'post', path: '/x', handler: this.create, permission: CREATE }); }
//   }
//
// Each such method is summarised as a registrar (routes-registrars.ts) whose slots may be
// properties of an options object; methods that only forward to another one with an object literal
// (`get` → `route`) are composed. A middleware factory called with a call-site value that can reject
// (`checkPermission(options.permission)`) is a permission check judged per call (see `perm`). The
// generic route inside the base class is no entry point.
import type { FactInput } from '../../../model/types.js';
import { calleeProperty, isFunctionLike, memberPath, nodesUnder, stringValue, unwrap, type AstNode, type CallLike, type FunctionLike, type JsIndex } from './ast.js';
import { rejects } from './routes-guard-signals.js';
import { returnedFunction } from './routes-guards.js';
import { mwRef } from './routes-refs.js';
import { fileNoExt, HTTP_METHODS } from './routes.js';
import type { RegistrarRecord, RegistrarRoute, Slot } from './routes-registrars.js';

const METHODS = new Set<string>(HTTP_METHODS);
/** `this.app = Router()`, `this.router = express.Router()`: cheap test before any walk. */
const ROUTER_FIELD = /this\.\w+\s*=\s*(new\s+)?[\w.]*(Router|express)\s*\(/;

type Param = { name: string; dflt?: AstNode };

function paramsOf(fn: FunctionLike): Param[] {
  return fn.params.map((raw) => {
    let p = raw as AstNode;
    if (p.type === 'TSParameterProperty') p = p.parameter as AstNode;
    let dflt: AstNode | undefined;
    if (p.type === 'AssignmentPattern') {
      dflt = p.right as AstNode;
      p = p.left as AstNode;
    }
    return { name: p.type === 'Identifier' ? p.name : '?', dflt };
  });
}

/** Names of a constant-like value: `ADMIN`, `Perm.ADMIN`, `'read'`, `[A, B]`; `''`/`[]` give []. */
export function constNames(node: AstNode | null | undefined, index: JsIndex): string[] | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (n.type === 'ArrayExpression') {
    const out: string[] = [];
    for (const e of n.elements) {
      const inner = e && e.type !== 'SpreadElement' ? constNames(e as AstNode, index) : undefined;
      if (!inner) return undefined;
      out.push(...inner);
    }
    return out;
  }
  if (n.type === 'Literal' && typeof n.value === 'string') return n.value === '' ? [] : [n.value];
  const path = memberPath(n);
  return path ? [path.join('.')] : undefined;
}

/** The field a class keeps its router in (`this.app = Router()`). */
function routerField(cls: AstNode, index: JsIndex): string | undefined {
  for (const a of nodesUnder(cls, 'AssignmentExpression')) {
    const left = memberPath(a.left as AstNode);
    const right = unwrap(a.right as AstNode);
    if (left?.length !== 2 || left[0] !== 'this' || (right.type !== 'CallExpression' && right.type !== 'NewExpression')) continue;
    const r = index.resolvedCallee(right) ?? '';
    if (/^(express(\.default)?(\.Router)?|express-promise-router(\.default)?)$/.test(r)) return left[1];
  }
  return undefined;
}

class MethodSummary {
  private readonly params: Param[];

  constructor(
    private readonly index: JsIndex,
    private readonly fn: FunctionLike,
  ) {
    this.params = paramsOf(fn);
  }

  /** A parameter (`path`) or a property of one (`options.path`). */
  slot(expr: AstNode | null | undefined): { p: number; key?: string } | undefined {
    const n = unwrap(expr);
    if (!n) return undefined;
    if (n.type === 'Identifier') {
      const i = this.params.findIndex((p) => p.name === n.name);
      return i >= 0 ? { p: i } : undefined;
    }
    const path = memberPath(n);
    if (n.type === 'MemberExpression' && path?.length === 2) {
      const i = this.params.findIndex((p) => p.name === path[0]);
      return i >= 0 ? { p: i, key: path[1] } : undefined;
    }
    return undefined;
  }

  /** Does an expression read a parameter (`filehandler.bind(this)`, `factory(options.x)`)? */
  private usesParam(n: AstNode): boolean {
    const names = new Set(this.params.map((p) => p.name));
    return (n.type === 'Identifier' && names.has(n.name)) || nodesUnder(n, 'Identifier').some((i) => names.has((i as { name: string }).name));
  }

  /** The handler inside wrappers: `this.wrap(options.handler.bind(this))`, `handler.bind(this)`. */
  private handler(expr: AstNode, depth = 0): Slot | undefined {
    const n = unwrap(expr);
    const direct = this.slot(n);
    if (direct) return direct;
    if (depth > 3 || n.type !== 'CallExpression') return undefined;
    if (calleeProperty(n) === 'bind') {
      const obj = unwrap(n.callee as AstNode);
      return obj.type === 'MemberExpression' ? this.handler(obj.object as AstNode, depth + 1) : undefined;
    }
    for (const a of n.arguments) {
      const s = this.handler(a as AstNode, depth + 1);
      if (s) return s;
    }
    return undefined;
  }

  /** `checkPermission(options.permission)`: a same-file middleware factory that can reject, given a call-site value. */
  private permission(arg: AstNode): RegistrarRoute['perm'] | undefined {
    const n = unwrap(arg);
    if (n.type !== 'CallExpression' || n.arguments.length !== 1 || unwrap(n.callee as AstNode).type !== 'Identifier') return undefined;
    const at = this.slot(n.arguments[0] as AstNode);
    const name = (unwrap(n.callee as AstNode) as { name: string }).name;
    const factory = at ? this.index.functionByName(name) : undefined;
    const mw = factory ? returnedFunction(factory, this.index) : undefined;
    if (!at || !factory || !mw || !rejects(mw.body as AstNode, this.index)) return undefined;
    // Constants the check compares the permissions with (`p !== NONE`): values it lets through.
    const sentinels = new Set<string>();
    for (const b of nodesUnder(factory.body as AstNode, 'BinaryExpression')) {
      if (!['!==', '===', '!=', '=='].includes(b.operator)) continue;
      for (const side of [b.left, b.right]) {
        const u = unwrap(side as AstNode);
        if (u.type === 'Identifier' && /^[A-Z][A-Z0-9_]*$/.test(u.name)) sentinels.add(u.name);
      }
    }
    const dflt = at.key === undefined ? this.params[at.p]?.dflt : undefined;
    const perm: NonNullable<RegistrarRoute['perm']> = { at, guard: name, file: this.index.file, sentinels: [...sentinels] };
    const d = dflt ? constNames(dflt, this.index) : undefined;
    if (d) perm.dflt = d;
    return perm;
  }

  /** `this.app[options.method](options.path, ...mw, handler)` / `this.app.post(path, ...)`. */
  route(call: CallLike, field: string): RegistrarRoute | undefined {
    const callee = unwrap(call.callee as AstNode);
    if (call.type !== 'CallExpression' || callee.type !== 'MemberExpression' || memberPath(unwrap(callee.object as AstNode))?.join('.') !== `this.${field}`) return undefined;
    let method: RegistrarRoute['method'] | undefined;
    if (!callee.computed && callee.property.type === 'Identifier' && METHODS.has(callee.property.name)) method = { lit: callee.property.name };
    else if (callee.computed) method = this.slot(callee.property as AstNode);
    const args = call.arguments as AstNode[];
    if (!method || args.length < 2) return undefined;
    const at = this.slot(args[0]);
    if (!at) return undefined;
    const handler = this.handler(args[args.length - 1]);
    if (!handler) return undefined;
    const mw: Slot[] = [];
    let perm: RegistrarRoute['perm'];
    for (const a of args.slice(1, -1)) {
      const u = unwrap(a);
      const p = this.permission(u);
      if (p) perm = p;
      else if (u.type === 'SpreadElement' && this.slot(u.argument as AstNode)) mw.push(this.slot(u.argument as AstNode)!);
      // Middleware of the class's own making (`this.useContentTypeMiddleware(options)`) and
      // factories of call-site values depend on the call: left out.
      else if (memberPath(unwrap(u.type === 'CallExpression' ? (u.callee as AstNode) : u))?.[0] === 'this') continue;
      else if (this.usesParam(u)) continue;
      else mw.push({ mw: mwRef(u, this.index) });
    }
    const out: RegistrarRoute = { method, path: { at, pre: '', post: '' }, mw, handler };
    if (perm) out.perm = perm;
    return out;
  }

  /**
   * `this.route({ method: 'get', path, handler, permission })` forwarding to a summarised method:
   * its routes with the options' properties replaced by this method's parameters.
   */
  forward(call: CallLike, target: RegistrarRoute[]): RegistrarRoute[] {
    const obj = unwrap(call.arguments[0] as AstNode);
    if (call.arguments.length !== 1 || obj.type !== 'ObjectExpression') return [];
    const props = new Map<string, AstNode>();
    for (const p of obj.properties) if (p.type === 'Property' && !p.computed && p.key.type === 'Identifier') props.set(p.key.name, p.value as AstNode);
    const map = (s: Slot): Slot | undefined => {
      if (!('p' in s) || s.p !== 0 || s.key === undefined) return 'mw' in s ? s : undefined;
      const v = props.get(s.key);
      return v ? this.slot(v) : undefined;
    };
    const out: RegistrarRoute[] = [];
    for (const r of target) {
      let method: RegistrarRoute['method'] | undefined;
      if ('lit' in r.method) method = r.method;
      else {
        const v = r.method.key !== undefined ? props.get(r.method.key) : undefined;
        const lit = v ? stringValue(v, this.index)?.toLowerCase() : undefined;
        method = lit && METHODS.has(lit) ? { lit } : v ? this.slot(v) : undefined;
      }
      const at = map(r.path.at);
      const handler = map(r.handler);
      if (!method || !at || !handler) continue;
      const route: RegistrarRoute = { method, path: { ...r.path, at }, mw: r.mw.flatMap((m) => map(m) ?? []), handler };
      if (r.perm) {
        const pat = map(r.perm.at);
        const dflt = pat && 'p' in pat && pat.key === undefined ? this.params[pat.p]?.dflt : undefined;
        if (pat) {
          route.perm = { ...r.perm, at: pat };
          delete route.perm.dflt;
          const d = dflt ? constNames(dflt, this.index) : undefined;
          if (d) route.perm.dflt = d;
        }
      }
      out.push(route);
    }
    return out;
  }
}

/** Names a class is exported under (`export default class X`, `export { X }`). */
export function classExportNames(index: JsIndex, cls: AstNode): string[] {
  const name = 'id' in cls && cls.id && (cls.id as AstNode).type === 'Identifier' ? (cls.id as { name: string }).name : undefined;
  return [...index.exports].filter(([, v]) => {
    const u = unwrap(v);
    return u === cls || (name !== undefined && u.type === 'Identifier' && u.name === name);
  }).map(([k]) => k);
}

/**
 * Registrar summaries of the route methods of controller base classes in this file
 * (`Controller.route`, `Controller.get`...), and the route calls inside them (never routes).
 */
export function controllerClasses(index: JsIndex, local: Map<string, RegistrarRecord>, calls: Set<AstNode>, record: (names: string[], rec: RegistrarRecord, at: AstNode) => FactInput): FactInput[] {
  if (!ROUTER_FIELD.test(index.content)) return [];
  const out: FactInput[] = [];
  const fne = fileNoExt(index.file);
  for (const cls of [...index.nodesOf('ClassDeclaration'), ...index.nodesOf('ClassExpression')]) {
    const name = cls.id?.name;
    const field = name ? routerField(cls as AstNode, index) : undefined;
    if (!name || !field) continue;
    const methods = cls.body.body.filter((m) => m.type === 'MethodDefinition' && m.kind === 'method' && m.key.type === 'Identifier' && !m.static);
    const summaries = new Map<string, RegistrarRoute[]>();
    const pending: { m: string; fn: FunctionLike; s: MethodSummary }[] = [];
    for (const m of methods) {
      const fn = (m as { value: FunctionLike }).value;
      if (!isFunctionLike(fn) || fn.params.length === 0) continue;
      const s = new MethodSummary(index, fn);
      const routes: RegistrarRoute[] = [];
      for (const call of nodesUnder(fn.body as AstNode, 'CallExpression')) {
        const r = s.route(call as CallLike, field);
        if (r) {
          routes.push(r);
          calls.add(call as AstNode);
        }
      }
      const key = ((m as { key: { name: string } }).key).name;
      if (routes.length) summaries.set(key, routes);
      else pending.push({ m: key, fn, s });
    }
    // Methods forwarding to another one with an options object (`get` → `route`), one level.
    for (const { m, fn, s } of pending) {
      const routes: RegistrarRoute[] = [];
      for (const call of nodesUnder(fn.body as AstNode, 'CallExpression')) {
        const callee = memberPath(unwrap((call as CallLike).callee as AstNode));
        const target = callee?.length === 2 && callee[0] === 'this' ? summaries.get(callee[1]) : undefined;
        if (target) routes.push(...s.forward(call as CallLike, target));
      }
      if (routes.length) summaries.set(m, routes);
    }
    const exported = classExportNames(index, cls as AstNode);
    for (const [m, routes] of summaries) {
      const names = [...new Set([name, ...exported])].map((n) => `${n}.${m}`);
      const method = methods.find((x) => ((x as { key: { name: string } }).key).name === m) as AstNode;
      const rec: RegistrarRecord = { names, line: index.line(method), routes };
      for (const n of names) local.set(`${fne}#${n}`, rec);
      out.push(record(names, rec, method));
    }
  }
  return out;
}
