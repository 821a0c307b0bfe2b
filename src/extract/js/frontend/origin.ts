// Where a value rendered as HTML in browser code comes from, followed through one file: the page
// URL (location, router parameters: DOM-based XSS), or data the server returned (API responses,
// decoded server-issued tokens: stored XSS when that data was stored from user input). Anything
// else (component props, constants, local state of unknown origin) stays unknown.
import {
  calleeName,
  calleeProperty,
  calleeObject,
  isFunctionLike,
  memberPath,
  nodesUnder,
  paramNames,
  propertyKey,
  unwrap,
  type AstNode,
  type FunctionLike,
  type JsIndex,
} from '../_lib/ast.js';

export type ValueOrigin = 'url' | 'api';

export interface OriginInfo {
  kind: ValueOrigin;
  /** Readable trace: the URL expression or the API call the data comes from. */
  why: string;
}

/** Prefixes of the `source` of frontend `html` sink facts, read by the dom-xss and stored-xss rules. */
export const URL_SOURCE = 'page URL: ';
export const API_SOURCE = 'server data: ';

const URL_GLOBALS = /^(window\.)?(location|document\.location|document\.URL|document\.documentURI|document\.referrer|window\.name|location\.(hash|search|href|pathname))\b/;
const ROUTER_PARAMS = /(^|\.)(queryParams|queryParamMap|params|paramMap|fragment|query)(\.|$)/;
const ROUTER_OBJECT = /(^|\.)(route|activatedRoute|\$route|router|snapshot)(\.|$)/i;
const URL_HOOKS = /^(useParams|useSearchParams|useLocation|useRoute|useRouter|usePathname|useQuery)$/;
/**
 * Data-fetching libraries whose `useQuery` returns what the server answered, not the page's query
 * string (a project's own `useQuery()` hook usually wraps `useLocation().search`).
 */
const FETCHING_MODULES = /^(@tanstack\/[\w-]*query|react-query|@apollo\/client|@urql\/|urql|@trpc\/|swr|@vue\/apollo|@supabase\/|convex\/)/;
const TOKEN_DECODERS = /^(jwtDecode|jwt_decode|decodeJwt|jwt\.decode|jose\.decodeJwt)$/;
const API_CALLS = /^(fetch|axios(\.\w+)?|\$http(\.\w+)?|ky(\.\w+)?|superagent(\.\w+)?|\$\.(ajax|get|post|getJSON))$|(\.|^)http\.(get|post|put|patch|request)$/;
/** Calls that return their input's origin (string and array helpers). */
const PASS_THROUGH = /^(trim|trimStart|trimEnd|toString|toLowerCase|toUpperCase|slice|substring|substr|concat|replace|replaceAll|split|join|at|map|filter|find|reduce|flat|padStart|padEnd|decodeURIComponent|decodeURI|String|JSON\.parse|unescape|atob|get|getAll|valueOf)$/;

/** Objects whose methods talk to the server: Angular services, API clients, HTTP clients. */
const SERVICE_OBJECT = /(service|api|client|http|resource|repository|gateway)$/i;

const rank = (o: OriginInfo | undefined): number => (o === undefined ? 0 : o.kind === 'api' ? 1 : 2);
const best = (a: OriginInfo | undefined, b: OriginInfo | undefined): OriginInfo | undefined => (rank(b) > rank(a) ? b : a);

/** Index of the parameter that binds `name`, destructured ones included (`([a, b]) =>`, `({ q }) =>`). */
function paramIndex(fn: FunctionLike, name: string): number {
  const names = paramNames(fn);
  const direct = names.indexOf(name);
  if (direct >= 0) return direct;
  return fn.params.findIndex((p) => {
    const node = p as AstNode;
    return (node.type === 'ArrayPattern' || node.type === 'ObjectPattern' || node.type === 'AssignmentPattern') && nodesUnder(node, 'Identifier').some((x) => x.name === name);
  });
}

export class OriginFinder {
  private readonly seen = new Set<AstNode>();

  constructor(private readonly index: JsIndex) {}

  /** `api.post.get.useQuery()` (tRPC), or `useQuery` imported from a data-fetching library. */
  private fetchingQuery(call: Extract<AstNode, { type: 'CallExpression' | 'NewExpression' }>): boolean {
    const callee = unwrap(call.callee as AstNode);
    if (callee.type !== 'Identifier') return true;
    const module = this.index.bindings.get(callee.name)?.module;
    return module !== undefined && FETCHING_MODULES.test(module);
  }

  of(expr: AstNode | undefined, depth = 0): OriginInfo | undefined {
    const n = unwrap(expr);
    if (!n || depth > 8 || this.seen.has(n)) return undefined;
    this.seen.add(n);
    try {
      return this.inner(n, depth);
    } finally {
      this.seen.delete(n);
    }
  }

  private inner(n: AstNode, depth: number): OriginInfo | undefined {
    switch (n.type) {
      case 'TemplateLiteral':
        return n.expressions.reduce<OriginInfo | undefined>((acc, e) => best(acc, this.of(e as AstNode, depth + 1)), undefined);
      case 'BinaryExpression':
        return n.operator === '+' ? best(this.of(n.left as AstNode, depth + 1), this.of(n.right as AstNode, depth + 1)) : undefined;
      case 'LogicalExpression':
        return best(this.of(n.left as AstNode, depth + 1), this.of(n.right as AstNode, depth + 1));
      case 'ConditionalExpression':
        return best(this.of(n.consequent as AstNode, depth + 1), this.of(n.alternate as AstNode, depth + 1));
      case 'AwaitExpression':
        return this.of(n.argument as AstNode, depth + 1);
      case 'CallExpression':
      case 'NewExpression':
        return this.call(n, depth);
      case 'Identifier':
      case 'MemberExpression':
      case 'ThisExpression':
        return this.reference(n, depth);
      default:
        return undefined;
    }
  }

  private call(n: Extract<AstNode, { type: 'CallExpression' | 'NewExpression' }>, depth: number): OriginInfo | undefined {
    const name = calleeName(n) ?? '';
    const prop = calleeProperty(n) ?? '';
    const resolved = this.index.resolvedCallee(n) ?? name;
    if (prop === 'useQuery' && this.fetchingQuery(n)) return { kind: 'api', why: `${name}()` };
    if (URL_HOOKS.test(prop)) return { kind: 'url', why: `${prop}()` };
    if (TOKEN_DECODERS.test(name) || /^(jwt-decode|jose)(\.default)?(\.\w+)?$/.test(resolved)) return { kind: 'api', why: `${name}() of a server-issued token` };
    if (API_CALLS.test(name) || /^(axios|ky|superagent|node-fetch)(\.\w+)?$/.test(resolved)) return { kind: 'api', why: `${name}()` };
    if (n.type === 'NewExpression' && /URLSearchParams|URL/.test(name)) return this.of(n.arguments[0] as AstNode, depth + 1);
    if (PASS_THROUGH.test(prop) || PASS_THROUGH.test(name)) {
      const recv = calleeObject(n);
      const fromRecv = recv ? this.of(recv, depth + 1) : undefined;
      return best(fromRecv, n.arguments.length && !recv ? this.of(n.arguments[0] as AstNode, depth + 1) : /^(replace|replaceAll|concat)$/.test(prop) ? this.of(n.arguments[n.arguments.length - 1] as AstNode, depth + 1) : undefined);
    }
    // `response.json()` on a fetch result, `firstValueFrom(service.find())`, `forkJoin([a, b])`.
    const recv = calleeObject(n);
    if (recv && /^(json|text|data|toPromise|blob)$/.test(prop)) return this.of(recv, depth + 1);
    if (/^(forkJoin|combineLatest|zip|merge|firstValueFrom|lastValueFrom|from|of|all|allSettled|race|any)$/.test(prop)) {
      const arg = unwrap(n.arguments[0] as AstNode | undefined);
      const items = arg && arg.type === 'ArrayExpression' ? (arg.elements.filter(Boolean) as AstNode[]) : arg ? [arg] : [];
      return items.reduce<OriginInfo | undefined>((acc, x) => best(acc, this.of(x, depth + 1)), undefined);
    }
    // A method of an API service or HTTP client object (`this.productService.search()`).
    const owner = recv ? memberPath(recv)?.pop() : undefined;
    if (owner && SERVICE_OBJECT.test(owner)) return { kind: 'api', why: `${name || prop}()` };
    return undefined;
  }

  private reference(n: AstNode, depth: number): OriginInfo | undefined {
    const text = this.index.text(n);
    if (URL_GLOBALS.test(text)) return { kind: 'url', why: text.slice(0, 60) };
    const path = memberPath(n) ?? this.computedPath(n);
    if (!path) return undefined;
    const joined = path.join('.');
    if (ROUTER_PARAMS.test(joined) && ROUTER_OBJECT.test(joined)) return { kind: 'url', why: joined.slice(0, 60) };
    if (path[0] === 'this' && path.length >= 2) return this.field(path[1], depth);
    return this.binding(path[0], n, depth);
  }

  /** `rows[i].description`: the path of the indexed object. */
  private computedPath(n: AstNode): string[] | undefined {
    let cur = unwrap(n);
    while (cur.type === 'MemberExpression') cur = unwrap(cur.object as AstNode);
    return memberPath(cur);
  }

  /** A class field: what any method assigns to `this.name`. */
  private field(name: string, depth: number): OriginInfo | undefined {
    let out: OriginInfo | undefined;
    for (const a of this.index.nodesOf('AssignmentExpression')) {
      const left = memberPath(a.left as AstNode);
      if (left && left.length === 2 && left[0] === 'this' && left[1] === name) out = best(out, this.of(a.right, depth + 1));
    }
    for (const p of this.index.nodesOf('PropertyDefinition')) if (propertyKey(p) === name && p.value) out = best(out, this.of(p.value as AstNode, depth + 1));
    return out;
  }

  /** A local name: its declaration, later assignments, loop element or callback parameter. */
  private binding(name: string, at: AstNode, depth: number): OriginInfo | undefined {
    for (let fn = this.index.enclosingFunction(at); fn; fn = this.index.enclosingFunction(fn)) {
      const i = paramIndex(fn, name);
      if (i >= 0) return this.param(fn, i, depth);
      const local = this.localOrigin(fn, name, depth);
      if (local.declared) return local.origin;
    }
    return undefined;
  }

  private localOrigin(fn: FunctionLike, name: string, depth: number): { declared: boolean; origin?: OriginInfo } {
    if (!fn.body) return { declared: false };
    let declared = false;
    let origin: OriginInfo | undefined;
    for (const d of nodesUnder(fn.body as AstNode, 'VariableDeclarator')) {
      if (this.index.enclosingFunction(d) !== fn) continue;
      if (d.id.type === 'Identifier' && d.id.name === name) {
        declared = true;
        origin = best(origin, this.of(d.init as AstNode | undefined, depth + 1));
      } else if (d.id.type === 'ArrayPattern' && d.id.elements[0]?.type === 'Identifier' && d.id.elements[0].name === name) {
        declared = true;
        // `const [product, setProduct] = useState()`: what the setter is given.
        const setter = d.id.elements[1];
        if (setter && setter.type === 'Identifier') origin = best(origin, this.setterOrigin(fn, setter.name, depth));
      } else if (d.id.type === 'ObjectPattern' && d.init && nodesUnder(d.id as AstNode, 'Identifier').some((x) => x.name === name)) {
        declared = true;
        origin = best(origin, this.of(d.init as AstNode, depth + 1));
      }
    }
    for (const s of [...nodesUnder(fn.body as AstNode, 'ForOfStatement'), ...nodesUnder(fn.body as AstNode, 'ForInStatement')]) {
      const left = s.left as AstNode;
      const id = left.type === 'VariableDeclaration' ? (left.declarations[0]?.id as AstNode | undefined) : left;
      if (id && nodesUnder(id, 'Identifier').some((x) => x.name === name)) {
        declared = true;
        origin = best(origin, this.of(s.right as AstNode, depth + 1));
      }
    }
    if (declared) {
      for (const a of nodesUnder(fn.body as AstNode, 'AssignmentExpression')) {
        if (a.left.type === 'Identifier' && a.left.name === name) origin = best(origin, this.of(a.right, depth + 1));
      }
    }
    return { declared, origin };
  }

  /** React state setters: `setX(value)` calls and `.then(setX)` / `.subscribe(setX)`. */
  private setterOrigin(fn: FunctionLike, setter: string, depth: number): OriginInfo | undefined {
    let out: OriginInfo | undefined;
    for (const c of nodesUnder(fn.body as AstNode, 'CallExpression')) {
      if (calleeName(c) === setter) out = best(out, this.of(c.arguments[0] as AstNode, depth + 1));
      else if (c.arguments.some((a) => unwrap(a as AstNode).type === 'Identifier' && (unwrap(a as AstNode) as { name: string }).name === setter)) out = best(out, this.callbackSource(c, depth));
    }
    return out;
  }

  /** Parameter `i` of a function: a callback of a request or router observable, or a method's argument. */
  private param(fn: FunctionLike, i: number, depth: number): OriginInfo | undefined {
    const parent = this.index.parent(fn);
    // `.subscribe({ next: (users) => ... })`
    const holder = parent && parent.type === 'Property' ? this.index.parent(parent) : undefined;
    const call = parent && parent.type === 'CallExpression' ? parent : holder ? this.index.parent(holder) : undefined;
    if (call && call.type === 'CallExpression' && i === 0) return this.callbackSource(call, depth);
    // A named function or method: the arguments its callers pass in this file.
    const name = this.index.functionName(fn)?.split('.').pop();
    if (!name) return undefined;
    let out: OriginInfo | undefined;
    for (const c of this.index.nodesOf('CallExpression')) {
      const callee = calleeName(c);
      if (callee !== name && callee !== `this.${name}`) continue;
      out = best(out, this.of(c.arguments[i] as AstNode | undefined, depth + 1));
    }
    return out;
  }

  /** What a callback passed to `then`/`subscribe`/`pipe` receives: the URL for router streams, else server data. */
  private callbackSource(call: AstNode, depth: number): OriginInfo | undefined {
    if (call.type !== 'CallExpression') return undefined;
    const prop = calleeProperty(call) ?? '';
    if (!/^(then|subscribe|pipe|map|tap|switchMap|mergeMap|forEach)$/.test(prop)) return undefined;
    const recv = calleeObject(call);
    if (!recv) return undefined;
    const text = this.index.text(recv);
    if (ROUTER_PARAMS.test(text.replace(/\s+/g, '')) && ROUTER_OBJECT.test(text)) return { kind: 'url', why: text.slice(0, 60) };
    if (prop === 'forEach' || prop === 'map') return this.of(recv, depth + 1);
    // A call on a service, an HTTP client or an imported API helper returns server data.
    let base: AstNode = recv;
    while (base.type === 'CallExpression' && /^(pipe|then|catch|finally)$/.test(calleeProperty(base) ?? '')) base = calleeObject(base) ?? base;
    if (base.type === 'CallExpression') {
      const own = this.of(base, depth + 1);
      if (own) return own;
      return isFunctionLike(unwrap(base.callee as AstNode)) ? undefined : { kind: 'api', why: `${(calleeName(base) ?? this.index.text(base.callee as AstNode)).slice(0, 50)}()` };
    }
    return this.of(base, depth + 1);
  }
}
