// Go HTTP routes of one file for net/http, gin, echo, chi, gorilla/mux and fiber. Function bodies
// are read statement by statement so groups, prefixes and `Use` middleware apply to the routes
// registered after them (echo and gorilla `Use` apply to every route of the router). Routers that
// arrive as parameters (`func Register(r *gin.RouterGroup)`) are finished in link with the prefix
// and middleware of the caller (`Register(api)`), found in any file.
import type { SgNode } from '@ast-grep/napi';
import type { EntrypointFact, FactInput } from '../../../model/types.js';
import { joinPath } from '../../js/_lib/routes.js';
import { judgeRoute, type MwRef } from '../../_polyglot/routes.js';
import { inlineMiddleware, judgeGoBody, middlewareRef } from './auth.js';
import { goString, type GoFunction, type GoIndex } from './index.js';

export type GoFramework = 'gin' | 'echo' | 'chi' | 'mux' | 'fiber' | 'net/http';

export const GO_ROUTE_TAG = '~go:';

/** Framework names in entry point facts. */
export const FRAMEWORK_NAMES: Record<GoFramework, string> = { gin: 'gin', echo: 'echo', chi: 'chi', mux: 'gorilla/mux', fiber: 'fiber', 'net/http': 'net/http' };

export interface GoRouteMeta {
  /** `pkg.Func#param` when the router came in as a parameter. */
  recv?: string;
  local: string;
  refs: MwRef[];
  handlerName?: string;
  extraTags: string[];
}

/** A call handing a router to a function that registers routes (`api.Register(g)`), for link. */
export interface GoRouterCall {
  target: string;
  recv?: string;
  prefix: string;
  refs: MwRef[];
}

interface Ctx {
  fw: GoFramework;
  prefix: string;
  refs: MwRef[];
  recv?: string;
}

const CONSTRUCTORS: { pattern: RegExp; fw: GoFramework }[] = [
  { pattern: /^github\.com\/gin-gonic\/gin\.(Default|New)$/, fw: 'gin' },
  { pattern: /^github\.com\/labstack\/echo(\/v\d+)?\.New$/, fw: 'echo' },
  { pattern: /^github\.com\/go-chi\/chi(\/v\d+)?\.(NewRouter|NewMux)$/, fw: 'chi' },
  { pattern: /^github\.com\/gorilla\/mux\.NewRouter$/, fw: 'mux' },
  { pattern: /^github\.com\/gofiber\/fiber(\/v\d+)?\.New$/, fw: 'fiber' },
  { pattern: /^net\/http\.NewServeMux$/, fw: 'net/http' },
];

/** Parameter types that are routers. */
const ROUTER_TYPES: { pattern: RegExp; fw: GoFramework }[] = [
  { pattern: /^\*?gin\.(Engine|RouterGroup)$|^gin\.IRouter$|^gin\.IRoutes$/, fw: 'gin' },
  { pattern: /^\*?echo\.(Echo|Group)$/, fw: 'echo' },
  { pattern: /^chi\.(Router|Mux)$|^\*chi\.Mux$/, fw: 'chi' },
  { pattern: /^\*?mux\.Router$/, fw: 'mux' },
  { pattern: /^\*?fiber\.(App|Group)$|^fiber\.Router$/, fw: 'fiber' },
  { pattern: /^\*?http\.ServeMux$/, fw: 'net/http' },
];

const VERBS: Record<GoFramework, Record<string, string>> = {
  gin: { GET: 'GET', POST: 'POST', PUT: 'PUT', PATCH: 'PATCH', DELETE: 'DELETE', OPTIONS: 'OPTIONS', HEAD: 'HEAD', Any: 'ALL' },
  echo: { GET: 'GET', POST: 'POST', PUT: 'PUT', PATCH: 'PATCH', DELETE: 'DELETE', OPTIONS: 'OPTIONS', HEAD: 'HEAD', Any: 'ALL' },
  chi: { Get: 'GET', Post: 'POST', Put: 'PUT', Patch: 'PATCH', Delete: 'DELETE', Options: 'OPTIONS', Head: 'HEAD', Handle: 'ALL', HandleFunc: 'ALL' },
  mux: { HandleFunc: 'ALL', Handle: 'ALL' },
  fiber: { Get: 'GET', Post: 'POST', Put: 'PUT', Patch: 'PATCH', Delete: 'DELETE', Options: 'OPTIONS', Head: 'HEAD', All: 'ALL' },
  'net/http': { HandleFunc: 'ALL', Handle: 'ALL' },
};

/** A route path: a literal, or literals joined with a base-path variable (`baseUrl + "/cart"`). */
function pathOf(node: SgNode | undefined): string | undefined {
  if (!node) return undefined;
  const literal = goString(node);
  if (literal !== undefined) return literal;
  if (node.kind() === 'binary_expression' && node.field('operator')?.text() === '+') {
    const left = node.field('left');
    const right = node.field('right');
    const l = left && /^(base|root|prefix|api|path)\w*$|\w*(Prefix|Base|BasePath|BaseURL|BaseUrl|Root)$/i.test(left.text()) ? '' : pathOf(left ?? undefined);
    const r = pathOf(right ?? undefined);
    return l !== undefined && r !== undefined ? `${l}${r}` : undefined;
  }
  return undefined;
}

/** `"GET"`, `http.MethodGet`, `fiber.MethodPost` → the method. */
function methodOf(node: SgNode | undefined): string | undefined {
  if (!node) return undefined;
  const literal = goString(node);
  if (literal !== undefined) return literal.toUpperCase();
  const m = /\.Method(Get|Post|Put|Patch|Delete|Head|Options|Connect|Trace)$/.exec(node.text());
  return m ? m[1].toUpperCase() : undefined;
}

function args(call: SgNode): SgNode[] {
  return (call.field('arguments')?.namedChildren() ?? []).filter((a) => a.kind() !== 'comment');
}

function calleeParts(call: SgNode): { object: SgNode | null; name: string } | undefined {
  const fn = call.field('function');
  if (fn?.kind() !== 'selector_expression') return undefined;
  return { object: fn.field('operand'), name: fn.field('field')?.text() ?? '' };
}

interface Scan {
  index: GoIndex;
  facts: FactInput[];
  framework: (fw: GoFramework) => string;
}

/** The handler of a registration and the wrappers around it (`auth(http.HandlerFunc(h))`). */
function unwrapHandler(node: SgNode, scan: Scan, refs: MwRef[]): { name?: string; fn?: GoFunction; line?: number } {
  if (node.kind() === 'func_literal') return { fn: scan.index.functions.find((f) => f.node.id() === node.id()), line: node.range().start.line + 1 };
  if (node.kind() === 'call_expression') {
    const callee = node.field('function')?.text() ?? '';
    const inner = args(node)[0];
    if (/^http\.(HandlerFunc|StripPrefix|TimeoutHandler|MaxBytesHandler)$/.test(callee) && inner) return unwrapHandler(args(node)[args(node).length - 1] ?? inner, scan, refs);
    if (inner && args(node).length === 1 && /^[A-Za-z_][\w.]*$/.test(callee)) {
      const ref = middlewareRef(node.field('function') as SgNode, scan.index);
      if (ref) refs.push(ref);
      return unwrapHandler(inner, scan, refs);
    }
  }
  const name = node.text().replace(/\s+/g, '');
  const short = name.split('.').pop() ?? name;
  const fn = scan.index.functions.find((f) => f.name === short);
  return { name, fn, line: fn?.line };
}

function emitRoute(scan: Scan, ctx: Ctx, method: string, rawPath: string, at: SgNode, handlerNode: SgNode | undefined, mws: SgNode[]): void {
  let path = rawPath;
  let m = method;
  // Go 1.22 patterns: "GET /items/{id}", "POST example.com/x".
  const pattern = /^([A-Z]+)\s+(\S+)$/.exec(path);
  if (pattern) {
    m = pattern[1];
    path = pattern[2].replace(/^[^/]+(?=\/)/, '');
  }
  const local = path.replace(/\{([A-Za-z_]\w*)(?::[^}]*)?(?:\.\.\.)?\}/g, ':$1').replace(/\*\w*$/, '*');
  const refs: MwRef[] = [...ctx.refs, ...mws.map((n) => middlewareRef(n, scan.index)).filter((r): r is MwRef => r !== undefined)];
  const handler = handlerNode ? unwrapHandler(handlerNode, scan, refs) : {};
  const body = handler.fn?.node.text() ?? '';
  const inline = handler.fn ? judgeGoBody(body) : undefined;
  if (inline) refs.push({ name: '<inline>', role: inline === 'admin' ? 'auth-admin' : 'auth-user', why: 'the handler checks credentials and rejects', terminal: true });
  const extraTags = /FormFile\(|MultipartForm|multipart\./.test(body) ? ['upload'] : [];
  const full = joinPath(ctx.prefix || '/', local || '/');
  const meta: GoRouteMeta = { recv: ctx.recv, local: full.length > 1 ? full.replace(/\/$/, '') : full, refs, handlerName: handler.name ?? handler.fn?.name, extraTags };
  const judged = judgeRoute(m, meta.local, refs, meta.handlerName, extraTags);
  const fact: Omit<EntrypointFact, 'extractor'> = {
    kind: 'entrypoint',
    protocol: 'http',
    framework: scan.framework(ctx.fw),
    method: m,
    path: meta.local,
    ...judged,
    evidence: scan.index.evidence(at),
    key: `${scan.index.file}#entrypoint:http ${m} ${ctx.recv ?? ''}${meta.local}`,
  };
  if (handler.fn || handler.name) fact.handler = { file: scan.index.file, line: handler.line ?? handler.fn?.line ?? at.range().start.line + 1, name: handler.name ?? handler.fn?.name };
  if (ctx.recv || refs.some((r) => r.module !== undefined)) fact.tags = [...(fact.tags ?? []), GO_ROUTE_TAG + JSON.stringify(meta)];
  scan.facts.push(fact);
}

function routerCallRecord(scan: Scan, at: SgNode, record: GoRouterCall, fw: GoFramework): FactInput {
  return { kind: 'config', setting: 'go-router-call', values: { data: JSON.stringify(record), framework: fw }, evidence: scan.index.evidence(at), key: `${scan.index.file}#go-router-call:${record.target}` };
}

const DECLS = { any: [{ kind: 'short_var_declaration' }, { kind: 'assignment_statement' }, { kind: 'var_spec' }] };

/** Declarations and calls of a body in source order, leaving out what nested function literals hold. */
function ownNodes(body: SgNode): SgNode[] {
  const nested = body.findAll({ rule: { kind: 'func_literal' } }).map((f) => f.range());
  const inside = (n: SgNode) => {
    const r = n.range();
    return nested.some((f) => r.start.index > f.start.index && r.end.index <= f.end.index);
  };
  return body
    .findAll({ rule: { any: [{ kind: 'call_expression' }, ...DECLS.any] } })
    .filter((n) => !inside(n))
    .sort((a, b) => a.range().start.index - b.range().start.index);
}

function declare(scan: Scan, d: SgNode, env: Map<string, Ctx>): void {
  const left = d.field('left') ?? d.namedChildren().find((c) => c.kind() === 'identifier') ?? null;
  const right = d.field('right') ?? d.field('value');
  const name = left?.kind() === 'expression_list' ? left.namedChildren()[0]?.text() : left?.text();
  const value = right?.kind() === 'expression_list' ? right.namedChildren()[0] : right;
  if (!name || !value) return;
  const ctx = ctxOfExpression(scan, value, env);
  if (ctx) env.set(name, { ...ctx, refs: [...ctx.refs] });
}

/** Walks a body in order; `env` maps variables to router contexts. */
function walk(scan: Scan, body: SgNode | null, env: Map<string, Ctx>, depth: number): void {
  if (!body || depth > 6) return;
  const nodes = ownNodes(body);
  // echo / gorilla: router-level Use applies to all routes of that router, wherever it is called.
  const pre = new Map(env);
  const early = new Map<string, MwRef[]>();
  for (const n of nodes) {
    if (n.kind() !== 'call_expression') {
      declare(scan, n, pre);
      continue;
    }
    const p = calleeParts(n);
    const name = p?.object?.text() ?? '';
    const ctx = pre.get(name);
    if (p?.name !== 'Use' || !ctx || (ctx.fw !== 'echo' && ctx.fw !== 'mux')) continue;
    early.set(name, [...(early.get(name) ?? []), ...args(n).map((a) => middlewareRef(a, scan.index)).filter((r): r is MwRef => r !== undefined)]);
  }
  for (const [name, refs] of early) env.get(name)?.refs.push(...refs);
  for (const n of nodes) {
    if (n.kind() === 'call_expression') {
      visitCall(scan, n, env, depth);
      continue;
    }
    const before = new Set(env.keys());
    declare(scan, n, env);
    for (const [name, refs] of early) if (!before.has(name) && env.has(name)) env.get(name)?.refs.push(...refs);
  }
}

function ctxOfExpression(scan: Scan, node: SgNode | null, env: Map<string, Ctx>): Ctx | undefined {
  if (!node) return undefined;
  const text = node.text();
  if (env.has(text)) return env.get(text);
  if (node.kind() === 'call_expression') {
    const callee = scan.index.resolve((node.field('function')?.text() ?? '').replace(/\s+/g, ''));
    const ctor = CONSTRUCTORS.find((c) => c.pattern.test(callee));
    if (ctor) return { fw: ctor.fw, prefix: '', refs: [] };
    const p = calleeParts(node);
    const parent = p?.object ? ctxOfExpression(scan, p.object, env) : undefined;
    if (!parent || !p) return undefined;
    const a = args(node);
    if (p.name === 'Group' && (parent.fw === 'gin' || parent.fw === 'echo' || parent.fw === 'fiber')) {
      const prefix = goString(a[0]) ?? '';
      return { ...parent, prefix: joinPath(parent.prefix || '/', prefix || '/'), refs: [...parent.refs, ...a.slice(1).map((x) => middlewareRef(x, scan.index)).filter((r): r is MwRef => r !== undefined)] };
    }
    if (p.name === 'With' && parent.fw === 'chi') return { ...parent, refs: [...parent.refs, ...a.map((x) => middlewareRef(x, scan.index)).filter((r): r is MwRef => r !== undefined)] };
    if (p.name === 'Subrouter' && parent.fw === 'mux') return { ...parent, refs: [...parent.refs] };
    if (p.name === 'PathPrefix' && parent.fw === 'mux') return { ...parent, prefix: joinPath(parent.prefix || '/', pathOf(a[0]) ?? '/') };
    if (parent.fw === 'mux' && /^(Methods|Path|Queries|Headers|HeadersRegexp|Schemes|Host|Name|MatcherFunc)$/.test(p.name)) return parent;
    if (p.name === 'Route' && parent.fw === 'fiber') return { ...parent, prefix: joinPath(parent.prefix || '/', goString(a[0]) ?? '/') };
  }
  return undefined;
}

function visitCall(scan: Scan, call: SgNode, env: Map<string, Ctx>, depth: number): void {
  // A closure run on the spot (`go func() { http.HandleFunc(...) }()`) registers in this scope.
  const fnLit = call.field('function');
  if (fnLit?.kind() === 'func_literal') {
    walk(scan, fnLit.field('body'), env, depth + 1);
    return;
  }
  const p = calleeParts(call);
  const a = args(call);
  // Package-level net/http registrations.
  const callee = scan.index.resolve((call.field('function')?.text() ?? '').replace(/\s+/g, ''));
  if (/^net\/http\.(HandleFunc|Handle)$/.test(callee)) {
    const path = pathOf(a[0]);
    if (path !== undefined) emitRoute(scan, { fw: 'net/http', prefix: '', refs: [] }, 'ALL', path, call, a[1], []);
    return;
  }
  // Router handed to a registration function: `routes.Register(api)`, `registerRoutes(r)`.
  for (const [i, arg] of a.entries()) {
    const ctx = env.get(arg.text());
    if (!ctx || !p && call.field('function')?.kind() !== 'identifier') continue;
    const fnText = (call.field('function')?.text() ?? '').replace(/\s+/g, '');
    const parts = fnText.split('.');
    const name = parts[parts.length - 1];
    const pkg = parts.length === 2 && scan.index.imports.has(parts[0]) ? (scan.index.imports.get(parts[0]) ?? '').split('/').pop()?.replace(/^v\d+$/, '') : scan.index.pkg;
    scan.facts.push(routerCallRecord(scan, call, { target: `${pkg}.${name}#${i}`, recv: ctx.recv, prefix: ctx.prefix, refs: ctx.refs }, ctx.fw));
  }
  if (!p?.object) return;
  const ctx = ctxOfExpression(scan, p.object, env);
  if (!ctx) return;
  if (p.name === 'Use') {
    if (ctx.fw === 'echo' || ctx.fw === 'mux') return;
    const prefixed = ctx.fw === 'fiber' && goString(a[0]) !== undefined;
    const refs = (prefixed ? a.slice(1) : a).map((x) => (x.kind() === 'func_literal' ? inlineMiddleware(x, scan.index) : middlewareRef(x, scan.index))).filter((r): r is MwRef => r !== undefined);
    if (prefixed) for (const r of refs) r.under = joinPath(ctx.prefix || '/', goString(a[0]) ?? '/');
    ctx.refs.push(...refs);
    return;
  }
  if ((p.name === 'Route' || p.name === 'Group') && ctx.fw === 'chi') {
    const fnLit = a.find((x) => x.kind() === 'func_literal');
    const param = fnLit?.field('parameters')?.namedChildren()[0]?.namedChildren().find((c) => c.kind() === 'identifier')?.text();
    if (!fnLit || !param) return;
    const prefix = p.name === 'Route' ? joinPath(ctx.prefix || '/', goString(a[0]) ?? '/') : ctx.prefix;
    walk(scan, fnLit.field('body'), new Map([...env, [param, { ...ctx, prefix, refs: [...ctx.refs] }]]), depth + 1);
    return;
  }
  if (p.name === 'Mount' && ctx.fw === 'chi') return;
  if ((p.name === 'HandlerFunc' || p.name === 'Handler') && ctx.fw === 'mux' && a[0]) {
    // router.Methods("GET").Path("/x/{id}").HandlerFunc(h): the route is built along the chain.
    const chain = muxChain(p.object);
    for (const m of chain.methods.length > 0 ? chain.methods : ['ALL']) registration(scan, ctx, m, chain.path ?? '/', call, [a[0]]);
    return;
  }
  const verbs = VERBS[ctx.fw];
  if ((p.name === 'Handle' || p.name === 'Add' || p.name === 'Method' || p.name === 'MethodFunc') && (ctx.fw === 'gin' || ctx.fw === 'echo' || ctx.fw === 'fiber' || (ctx.fw === 'chi' && p.name.startsWith('Method')))) {
    const method = methodOf(a[0]);
    const path = pathOf(a[1]);
    if (method === undefined || path === undefined) return;
    registration(scan, ctx, method, path, call, a.slice(2));
    return;
  }
  const method = verbs[p.name];
  if (!method) return;
  const path = pathOf(a[0]);
  if (path === undefined) return;
  let m = method;
  if (ctx.fw === 'mux') {
    // r.HandleFunc("/x", h).Methods("GET", "POST")
    const parent = call.parent();
    const outer = parent?.kind() === 'selector_expression' && parent.field('field')?.text() === 'Methods' ? parent.parent() : undefined;
    const methods = outer ? [...new Set(args(outer).map((x) => methodOf(x)).filter((x): x is string => !!x && x !== 'HEAD'))] : [];
    for (const mm of methods.length > 0 ? methods : ['ALL']) registration(scan, ctx, mm.toUpperCase(), path, call, a.slice(1));
    return;
  }
  if (ctx.fw === 'net/http') m = 'ALL';
  registration(scan, ctx, m, path, call, a.slice(1));
}

/** `Methods(...)`, `Path(...)`, `PathPrefix(...)` calls along a gorilla route chain. */
function muxChain(node: SgNode | null): { path?: string; methods: string[] } {
  const out: { path?: string; methods: string[] } = { methods: [] };
  let cur = node;
  while (cur?.kind() === 'call_expression') {
    const p = calleeParts(cur);
    if (!p) break;
    const a = args(cur);
    if (p.name === 'Path') out.path = pathOf(a[0]);
    else if (p.name === 'Methods') out.methods.push(...a.map((x) => methodOf(x)).filter((x): x is string => !!x && x !== 'HEAD'));
    cur = p.object;
  }
  return out;
}

/** Handlers after the path: gin/fiber/chi put middleware first, echo after the handler. */
function registration(scan: Scan, ctx: Ctx, method: string, path: string, at: SgNode, handlers: SgNode[]): void {
  if (handlers.length === 0) return;
  if (ctx.fw === 'echo') emitRoute(scan, ctx, method, path, at, handlers[0], handlers.slice(1));
  else emitRoute(scan, ctx, method, path, at, handlers[handlers.length - 1], handlers.slice(0, -1));
}

/** All routes of a file. `framework` maps a router family to the fact's framework name. */
const ROUTING = /gin-gonic\/gin|labstack\/echo|go-chi\/chi|gorilla\/mux|gofiber\/fiber|"net\/http"/;
/** A function worth walking: it creates a router, registers on net/http, or receives a router. */
const ROUTER_TEXT = /gin\.(Default|New)\(|echo\.New\(|chi\.(NewRouter|NewMux)\(|mux\.NewRouter\(|fiber\.New\(|http\.(NewServeMux\(|Handle\(|HandleFunc\()|\*?gin\.(Engine|RouterGroup|IRouter|IRoutes)\b|\*?echo\.(Echo|Group)\b|chi\.(Router|Mux)\b|mux\.Router\b|fiber\.(App|Group|Router)\b|http\.ServeMux\b/;

export function scanGoRoutes(index: GoIndex): FactInput[] {
  const scan: Scan = { index, facts: [], framework: (fw) => FRAMEWORK_NAMES[fw] };
  if (!ROUTING.test(index.lines.text)) return scan.facts;
  for (const fn of index.functions) {
    if (!fn.name) continue;
    if (!ROUTER_TEXT.test(fn.node.text())) continue;
    if (!fn.body) continue;
    const env = new Map<string, Ctx>();
    for (const [i, p] of fn.params.entries()) {
      const t = ROUTER_TYPES.find((r) => r.pattern.test(p.type.replace(/\s+/g, '')));
      if (t) env.set(p.name, { fw: t.fw, prefix: '', refs: [], recv: `${index.pkg}.${fn.name}#${i}` });
    }
    const text = fn.body.text();
    if (env.size > 0 || /\.New(Router|Mux|ServeMux)?\(|gin\.Default|http\.Handle/.test(text)) walk(scan, fn.body, env, 0);
  }
  return scan.facts;
}
