// What a Nest guard's `canActivate` is, when it is not the caller's authentication:
//   - a feature switch: it never looks at the request (no context used, no `getRequest()`) and
//     refuses only on injected configuration (`if (!this.authConfig.local.enableLogin) throw ...`).
//     It turns a route off for everybody, it does not tell callers apart: no effect on auth.
//   - a guard that lets requests without a credential through (`if (!request.headers?.[X]) return
//     true`, `if (!token) return true`) before anything can refuse: whoever sends no credential
//     passes, so it authenticates nothing (an impersonation or CSRF check, an optional identity).
//   - a guard that checks only some requests (a global CSRF guard passing safe methods and paths
//     outside `/api/private`) applies to the routes its early `return true`s leave.
//   - an object-level ACL guard: it reads the handler's metadata (`reflector.get(KEY,
//     ctx.getHandler())`, set by `@RequirePermission(Level.READ)`) and looks the caller's right up
//     per record, keyed by a value of the request (`const noteId = await extractNoteId(request);
//     this.permissions.determinePermission(userId, noteId)`). Any signed-in user passes for the
//     records they may reach: `user` with an object-level check, not an administrator check.
import { calleeProperty, memberPath, nodesUnder, someNode, unwrap, unwrapAwait, type AstNode, type Class, type FunctionLike, type JsIndex } from '../_lib/ast.js';

/** Reads of the request or of a request-scoped caller. */
const REQUEST_READ = /getRequest|switchToHttp|switchToWs|switchToRpc|getArgs|getArgByIndex|GqlExecutionContext|super\.canActivate|\b(req|request|user|currentUser|session|token|cls|principal|identity)\b/i;
/** What a credential is carried in or bound to. */
const CREDENTIAL = /\b(headers?|cookies?|authorization|user|userId|token|session|apiKey|api_key|jwt|bearer)\b/i;
/** What a feature switch may call: configuration readers and loggers. */
const CONFIG_HOLDER = /config|settings|options|env|feature|flag|logger|^log$/i;
const METADATA_GETTER = /^(get|getAll|getAllAndOverride|getAllAndMerge|getMetadata)$/;
/** Names of a record selector taken from the request. */
const SELECTOR_NAME = /(id|Id|ID|alias|Alias|slug|Slug|uuid|Uuid|UUID|key|Key)$/;

function returnsTrue(node: AstNode): boolean {
  const n = node.type === 'BlockStatement' && node.body.length === 1 ? (node.body[0] as AstNode) : node;
  if (n.type !== 'ReturnStatement' || !n.argument) return false;
  const v = unwrap(n.argument as AstNode);
  return v.type === 'Literal' && (v as { value: unknown }).value === true;
}

/** Can this statement end the request or check the caller (`throw`, `return false`, `super.canActivate`)? */
function decides(stmt: AstNode): boolean {
  return someNode(stmt, (n) => n.type === 'ThrowStatement' || (n.type === 'ReturnStatement' && !returnsTrue(n)) || (n.type === 'CallExpression' && calleeProperty(n) === 'canActivate'));
}

function paramName(p: unknown): string | undefined {
  const n = p as AstNode | undefined;
  return n && n.type === 'Identifier' ? n.name : undefined;
}

/** The guard class injects the request itself (`@Inject(REQUEST)`): it may read it anywhere. */
function requestScoped(cls: Class, index: JsIndex): boolean {
  return /@Inject\(\s*(REQUEST|CONTEXT)\s*\)/.test(index.text(cls as unknown as AstNode));
}

/** A guard that refuses on injected configuration only, never reading the request. */
export function featureSwitch(cls: Class, fn: FunctionLike, index: JsIndex): string | undefined {
  const body = fn.body as AstNode | null;
  if (!body || requestScoped(cls, index)) return undefined;
  // Messages (`'User registration is disabled'`) say nothing about what the guard reads.
  const text = index.text(body).replace(/(['"`])(?:\\.|(?!\1)[^\\])*\1/g, "''");
  const ctx = paramName(fn.params[0]);
  if (REQUEST_READ.test(text) || (ctx && new RegExp(`\\b${ctx}\\b`).test(text))) return undefined;
  if (!/\bthis\.|process\.env/.test(text) || !decides(body)) return undefined;
  // Calls only read configuration or log (`this.config.get('x')`, `this.logger.getContext()`): a
  // service call (`this.auth.isLoggedIn()`) may read a request-scoped caller.
  const calls = nodesUnder(body, 'CallExpression').map((c) => memberPath(c.callee as AstNode) ?? []);
  if (!calls.every((path) => path.some((p) => CONFIG_HOLDER.test(p)))) return undefined;
  return 'reads only configuration, never the request: a feature switch, not authentication';
}

/** A count or existence lookup of a store: `this.workspaceRepo.count()`, `prisma.user.count()`, `this.users.getCount()`. */
const COUNT_CALL = /^(count|countBy|countDocuments|estimatedDocumentCount|exists|exist|getCount|countAll|getTotalCount)$/;

/**
 * `n > 0`, `n >= 1`, `n !== 0`, `n`: something already exists ('exists'); `n === 0`, `n < 1`, `!n`:
 * the store is still empty ('empty'); where `n` is a count of a store (`await this.repo.count()`).
 */
function storeTest(test: AstNode, at: AstNode, index: JsIndex): 'exists' | 'empty' | undefined {
  const t = unwrap(test);
  if (t.type === 'UnaryExpression' && t.operator === '!') {
    const inner = storeTest(t.argument as AstNode, at, index);
    return inner === 'exists' ? 'empty' : inner === 'empty' ? 'exists' : undefined;
  }
  if (t.type === 'BinaryExpression') {
    const r = unwrap(t.right as AstNode);
    const num = r.type === 'Literal' ? (r as { value: unknown }).value : undefined;
    if (!existsTest(t.left as AstNode, at, index)) return undefined;
    if ((/^===?$/.test(t.operator) && num === 0) || (t.operator === '<' && num === 1) || (t.operator === '<=' && num === 0)) return 'empty';
    return existsTest(t, at, index) ? 'exists' : undefined;
  }
  return existsTest(t, at, index) ? 'exists' : undefined;
}

/** `n > 0`, `n >= 1`, `n !== 0`, `n`, `await this.repo.count() > 0`: something already exists. */
function existsTest(test: AstNode, at: AstNode, index: JsIndex): boolean {
  const t = unwrap(test);
  const counted = (n: AstNode): boolean => {
    let v = unwrap(n);
    if (v.type === 'AwaitExpression') v = unwrap(v.argument as AstNode);
    if (v.type === 'Identifier') {
      const init = index.initAt(v.name, at);
      if (!init) return false;
      v = unwrap(init);
      if (v.type === 'AwaitExpression') v = unwrap(v.argument as AstNode);
    }
    return v.type === 'CallExpression' && COUNT_CALL.test(calleeProperty(v) ?? '');
  };
  if (t.type === 'BinaryExpression') {
    const r = unwrap(t.right as AstNode);
    const num = r.type === 'Literal' ? (r as { value: unknown }).value : undefined;
    return ((t.operator === '>' && num === 0) || (t.operator === '>=' && num === 1) || (/^!==?$/.test(t.operator) && num === 0)) && counted(t.left as AstNode);
  }
  return counted(t);
}

/**
 * A guard on the store's state, never reading the request. A one-time setup guard refuses once the
 * store already holds something (`if (await this.workspaceRepo.count() > 0) throw new
 * ForbiddenException('Setup already completed')`, or `return (await this.users.getCount()) === 0`):
 * anyone may call the route until the first setup, unauthenticated by design ('until-setup'). Its
 * inverse is closed to everybody until then (`return (await this.users.getCount()) !== 0`: sign-up
 * opens once an administrator exists, 'after-setup'). Neither tells one caller from another: not
 * authentication.
 */
export function storeGate(cls: Class, fn: FunctionLike, index: JsIndex): { open: 'until-setup' | 'after-setup'; why: string } | undefined {
  const body = fn.body as AstNode | null;
  if (!body || body.type !== 'BlockStatement' || requestScoped(cls, index)) return undefined;
  // Cheap text test first: a count or existence lookup.
  if (!/count|exist/i.test(index.text(body))) return undefined;
  // `this.prisma.user.count()` counts a table named user: a property, not the caller.
  const text = index.text(body).replace(/(['"`])(?:\\.|(?!\1)[^\\])*\1/g, "''").replace(/\.\s*(user|users|session|token)\b/g, '.x');
  const ctx = paramName(fn.params[0]);
  if (REQUEST_READ.test(text) || (ctx && new RegExp(`\\b${ctx}\\b`).test(text))) return undefined;
  const shown = (n: AstNode) => index.text(n).replace(/\s+/g, ' ').slice(0, 50);
  for (const s of nodesUnder(body, 'IfStatement')) {
    if (s.alternate || !decides(s.consequent as AstNode)) continue;
    const state = storeTest(s.test as AstNode, s, index);
    if (state === 'exists') return { open: 'until-setup', why: `refuses once ${shown(s.test as AstNode)}: open to anyone until the first setup` };
    if (state === 'empty') return { open: 'after-setup', why: `refuses while ${shown(s.test as AstNode)}: closed until the first setup, a state gate, not authentication` };
  }
  // The whole decision returned: `return (await this.repo.count()) === 0`.
  const last = (body.body as AstNode[]).at(-1);
  if (last?.type !== 'ReturnStatement' || !last.argument || (body.body as AstNode[]).some((x) => x !== last && decides(x))) return undefined;
  const state = storeTest(last.argument as AstNode, last, index);
  if (state === 'empty') return { open: 'until-setup', why: `passes only while ${shown(last.argument as AstNode)}: open to anyone until the first setup` };
  if (state === 'exists') return { open: 'after-setup', why: `passes only once ${shown(last.argument as AstNode)}: closed until the first setup, a state gate, not authentication` };
  return undefined;
}

/** A record's visibility flag: `app.isPublic`, `doc.public`, `post.is_published`. */
const PUBLIC_FLAG = /^(is_?)?(public|published)$/i;

/** `!!x.isPublic`, `Boolean(x.isPublic)`, `x.isPublic === true`, `x?.visibility === 'public'`: the record is public. */
function publicFlag(node: AstNode): boolean {
  let n = unwrap(node);
  while (n.type === 'UnaryExpression' && n.operator === '!' && unwrap(n.argument as AstNode).type === 'UnaryExpression') n = unwrap((unwrap(n.argument as AstNode) as { argument: AstNode }).argument);
  if (n.type === 'CallExpression' && calleeProperty(n) === 'Boolean' && n.arguments.length === 1) n = unwrap(n.arguments[0] as AstNode);
  if (n.type === 'BinaryExpression' && /^===?$/.test(n.operator)) {
    const r = unwrap(n.right as AstNode) as { type: string; value?: unknown };
    if (r.type === 'Literal' && (r.value === true || (typeof r.value === 'string' && PUBLIC_FLAG.test(r.value)))) n = unwrap(n.left as AstNode);
  }
  const path = n.type === 'MemberExpression' ? memberPath(n) : undefined;
  return !!path && path.length >= 2 && PUBLIC_FLAG.test(path[path.length - 1]);
}

/**
 * A guard that looks up the record the request names and passes only when that record is public
 * (`const app = await this.apps.findBySlug(req.params.slug); return !!app?.isPublic`), reading no
 * credential: anyone may call the route for a public record, nobody for another. A visibility
 * check on the record, not authentication.
 */
export function publicRecordGate(fn: FunctionLike, index: JsIndex): string | undefined {
  const body = fn.body as AstNode | null;
  if (!body || body.type !== 'BlockStatement') return undefined;
  const raw = index.text(body);
  // Cheap text test first: a visibility word.
  if (!/public|published/i.test(raw)) return undefined;
  const text = raw.replace(/(['"`])(?:\\.|(?!\1)[^\\])*\1/g, "''");
  if (!/getRequest/.test(text) || CREDENTIAL.test(text) || /canActivate/.test(text)) return undefined;
  let flag: AstNode | undefined;
  for (const r of nodesUnder(body, 'ReturnStatement')) {
    const v = r.argument ? unwrap(r.argument as AstNode) : undefined;
    if (v?.type === 'Literal' && (v as { value: unknown }).value === false) continue;
    if (!v || !publicFlag(v)) return undefined;
    flag = v;
  }
  return flag ? `passes only when the requested record is public (${index.text(flag).replace(/\s+/g, ' ').slice(0, 50)}), reading no credential: a visibility check, not authentication` : undefined;
}

/** `!x`, `x == null`, `x === undefined`, `!x?.length`: the value is absent. */
function absent(test: AstNode): AstNode | undefined {
  const t = unwrap(test);
  if (t.type === 'UnaryExpression' && t.operator === '!') return unwrap(t.argument as AstNode);
  if (t.type === 'BinaryExpression' && (t.operator === '==' || t.operator === '===')) {
    const r = unwrap(t.right as AstNode);
    if ((r.type === 'Literal' && (r as { value: unknown }).value === null) || (r.type === 'Identifier' && r.name === 'undefined')) return unwrap(t.left as AstNode);
  }
  return undefined;
}

/** Does this value carry a credential: the request's headers/cookies/user, or a local made from them? */
function credentialValue(node: AstNode, at: AstNode, index: JsIndex): boolean {
  const n = unwrap(node);
  if (n.type === 'Identifier') {
    if (CREDENTIAL.test(n.name)) return true;
    const init = index.initAt(n.name, at);
    return !!init && CREDENTIAL.test(index.text(init));
  }
  return CREDENTIAL.test(index.text(n));
}

/**
 * Before anything can refuse, `if (!<credential>) return true`: a request without the credential
 * passes. Earlier allow-lists (`if (request.method === 'GET') return true`) only pass more.
 */
export function passesWithoutCredential(fn: FunctionLike, index: JsIndex): string | undefined {
  const body = fn.body as AstNode | null;
  if (!body || body.type !== 'BlockStatement') return undefined;
  for (const stmt of body.body as AstNode[]) {
    if (stmt.type === 'IfStatement' && !stmt.alternate && returnsTrue(stmt.consequent as AstNode)) {
      const value = absent(stmt.test as AstNode);
      if (value && credentialValue(value, stmt, index)) return `lets requests without ${index.text(value).replace(/\s+/g, ' ').slice(0, 60)} through (→ return true): authenticates nothing`;
      continue;
    }
    if (decides(stmt)) return undefined;
  }
  return undefined;
}

/** Methods of the class by name (those with a body). */
function methodsOf(cls: Class): Map<string, FunctionLike> {
  const out = new Map<string, FunctionLike>();
  for (const m of cls.body.body) {
    if (m.type === 'MethodDefinition' && m.key.type === 'Identifier' && (m.value as FunctionLike).body) out.set(m.key.name, m.value as FunctionLike);
  }
  return out;
}

/** `this.m(...)` calls of a body: the names of the methods of its class it calls. */
function calledMethods(body: AstNode): Set<string> {
  return new Set(nodesUnder(body, 'CallExpression').map((c) => memberPath(c.callee as AstNode)).filter((p) => p?.length === 2 && p[0] === 'this').map((p) => p![1]));
}

/**
 * `canActivate` and the methods of its class it reaches through `this.` calls (three levels: a
 * guard often splits into `permissionCheck` → `resourcePermission` → `getResourceId`).
 */
function reached(cls: Class, fn: FunctionLike): FunctionLike[] {
  const methods = methodsOf(cls);
  const out = [fn];
  const seen = new Set<FunctionLike>([fn]);
  let frontier = [fn];
  for (let depth = 0; depth < 3 && frontier.length > 0; depth++) {
    const next: FunctionLike[] = [];
    for (const f of frontier) {
      for (const name of calledMethods(f.body as AstNode)) {
        const m = methods.get(name);
        if (!m || seen.has(m)) continue;
        seen.add(m);
        out.push(m);
        next.push(m);
      }
    }
    frontier = next;
  }
  return out;
}

function bodies(cls: Class, fn: FunctionLike): AstNode[] {
  return reached(cls, fn).map((f) => f.body as AstNode);
}

/** The metadata keys read from the handler (`reflector.get(KEY, ctx.getHandler())`). */
function handlerMetadata(all: AstNode[], index: JsIndex): boolean {
  return all.some((b) => nodesUnder(b, 'CallExpression').some((c) => METADATA_GETTER.test(calleeProperty(c) ?? '') && /\.getHandler\(\)/.test(index.text(c))));
}

/**
 * A per-record lookup keyed by the request: a call on an injected service (`this.x.y(...)`) given
 * a selector read from the request (`request.params.id`, or a local such as `noteId` made from
 * the request or its params). The selector may also be a parameter of a method of the guard that
 * its callers hand a request value (`this.check(this.resourceIdOf(ctx), actions)`, where
 * `resourceIdOf` returns `req.params.projectId || req.params.folderId`).
 */
function recordLookup(cls: Class, fn: FunctionLike, index: JsIndex): string | undefined {
  const fns = reached(cls, fn);
  const methods = methodsOf(cls);
  const req = new Set<string>(['request', 'req']);
  for (const f of fns) {
    for (const d of nodesUnder(f.body as AstNode, 'VariableDeclarator')) {
      const init = d.init as AstNode | null;
      if (d.id.type === 'Identifier' && init && /getRequest\(/.test(index.text(init))) req.add(d.id.name);
    }
  }
  const fromRequest = (text: string) => /\bparams\b/.test(text) || [...req].some((r) => new RegExp(`[(,]\\s*${r}\\s*[,)]|\\b${r}\\??\\.(params|query|body)\\b`).test(text));
  // A method of the guard that returns a value read from the request.
  const returnsRequest = (name: string): boolean => {
    const m = methods.get(name);
    return !!m && nodesUnder(m.body as AstNode, 'ReturnStatement').some((r) => !!r.argument && fromRequest(index.text(r.argument as AstNode)));
  };
  const requestValue = (arg: AstNode): boolean => {
    const u = unwrapAwait(unwrap(arg)) ?? unwrap(arg);
    if (fromRequest(index.text(u))) return true;
    const path = u.type === 'CallExpression' ? memberPath(u.callee as AstNode) : undefined;
    return path?.length === 2 && path[0] === 'this' && returnsRequest(path[1]);
  };
  const selectorName = (name: string | undefined): name is string => !!name && SELECTOR_NAME.test(name) && !/^user/i.test(name);
  // Parameters of the guard's methods that a call among the reached ones fills with a request value.
  const paramSelectors = new Map<FunctionLike, Set<string>>();
  for (const f of fns) {
    for (const c of nodesUnder(f.body as AstNode, 'CallExpression')) {
      const path = memberPath(c.callee as AstNode);
      const target = path?.length === 2 && path[0] === 'this' ? methods.get(path[1]) : undefined;
      if (!target) continue;
      (c.arguments as AstNode[]).forEach((a, i) => {
        const name = paramName(target.params[i]);
        if (selectorName(name) && requestValue(a)) (paramSelectors.get(target) ?? paramSelectors.set(target, new Set()).get(target)!).add(name);
      });
    }
  }
  for (const f of fns) {
    const b = f.body as AstNode;
    const selectors = new Set<string>(paramSelectors.get(f) ?? []);
    for (const d of nodesUnder(b, 'VariableDeclarator')) {
      const init = d.init as AstNode | null;
      if (d.id.type === 'Identifier' && selectorName(d.id.name) && init && fromRequest(index.text(init))) selectors.add(d.id.name);
    }
    for (const c of nodesUnder(b, 'CallExpression')) {
      const path = memberPath(c.callee as AstNode);
      if (!path || path.length !== 3 || path[0] !== 'this') continue;
      const arg = (c.arguments as AstNode[]).find((a) => {
        const u = unwrap(a);
        return (u.type === 'Identifier' && selectors.has(u.name)) || /\bparams\.\w+/.test(index.text(u));
      });
      if (arg) return `${path.join('.')}(…${index.text(arg)}…)`;
    }
  }
  return undefined;
}

/** An object-level ACL guard: handler metadata compared with the caller's right to the request's record. */
export function aclGuard(cls: Class, fn: FunctionLike, index: JsIndex): string | undefined {
  if (!fn.body) return undefined;
  if (!handlerMetadata(bodies(cls, fn), index)) return undefined;
  const lookup = recordLookup(cls, fn, index);
  return lookup ? `checks the caller's right to the request's record (${lookup}) against the handler's metadata: object-level authorisation` : undefined;
}

/** Routes a guard checks: `routes` it runs on (undefined: all), `exclude` those it lets through unchecked. */
export interface SkipScope {
  routes?: { path: string }[];
  exclude: { method: string }[];
}

/** A local's value read from the request's method (`const method = request.method.toUpperCase()`). */
function methodValue(node: AstNode, at: AstNode, index: JsIndex): boolean {
  const n = unwrap(node);
  const text = n.type === 'Identifier' ? index.text(index.initAt(n.name, at) ?? n) : index.text(n);
  return /\.method\b/.test(text);
}

/** `['GET', 'HEAD']`, or a same-file constant holding it. */
function stringList(node: AstNode, index: JsIndex): string[] | undefined {
  let n = unwrap(node);
  if (n.type === 'Identifier') n = unwrap(index.constInit(n.name)) ?? n;
  if (n.type !== 'ArrayExpression') return undefined;
  const out = (n.elements as (AstNode | null)[]).map((e) => (e && unwrap(e).type === 'Literal' ? (unwrap(e) as { value: unknown }).value : undefined));
  return out.every((v) => typeof v === 'string') ? (out as string[]) : undefined;
}

/**
 * Early `return true`s of a guard that checks the rest (a global CSRF guard): on safe methods
 * (`if (SAFE.includes(method)) return true`, `if (request.method === 'GET') return true`) and outside
 * a path (`if (!request.url.startsWith('/api/private')) return true`). Opt-out metadata
 * (`if (reflector.getAllAndOverride(EXEMPT_KEY, ...)) return true`) is passed over (not seen per route).
 * Undefined when another early pass comes first or nothing refuses after them.
 */
export function skipScope(fn: FunctionLike, index: JsIndex): SkipScope | undefined {
  const body = fn.body as AstNode | null;
  if (!body || body.type !== 'BlockStatement') return undefined;
  const scope: SkipScope = { exclude: [] };
  const stmts = body.body as AstNode[];
  for (let i = 0; i < stmts.length; i++) {
    const stmt = stmts[i];
    if (stmt.type === 'VariableDeclaration') continue;
    if (stmt.type === 'IfStatement' && !stmt.alternate && returnsTrue(stmt.consequent as AstNode)) {
      const t = unwrap(stmt.test as AstNode);
      const neg = t.type === 'UnaryExpression' && t.operator === '!' ? unwrap(t.argument as AstNode) : undefined;
      if (t.type === 'CallExpression' && calleeProperty(t) === 'includes' && methodValue(t.arguments[0] as AstNode, stmt, index)) {
        const list = stringList((unwrap(t.callee as AstNode) as { object: AstNode }).object, index);
        if (!list) return undefined;
        scope.exclude.push(...list.map((m) => ({ method: m.toUpperCase() })));
      } else if (t.type === 'BinaryExpression' && (t.operator === '===' || t.operator === '==') && methodValue(t.left as AstNode, stmt, index) && unwrap(t.right as AstNode).type === 'Literal') {
        scope.exclude.push({ method: String((unwrap(t.right as AstNode) as { value: unknown }).value).toUpperCase() });
      } else if (neg?.type === 'CallExpression' && calleeProperty(neg) === 'startsWith' && /\b(url|originalUrl|path)\b/.test(index.text(neg.callee as AstNode)) && unwrap(neg.arguments[0] as AstNode).type === 'Literal') {
        const prefix = String((unwrap(neg.arguments[0] as AstNode) as { value: unknown }).value).replace(/\/+$/, '');
        scope.routes = [...(scope.routes ?? []), { path: `${prefix}*` }];
      } else if (!(t.type === 'Identifier' && /reflector|getAllAndOverride|getMetadata|Reflect\./.test(index.text(index.initAt(t.name, stmt) ?? t)))) return undefined;
      continue;
    }
    // The first statement that can refuse: whatever the early passes left is checked from here on.
    return decides(stmt) && (scope.exclude.length > 0 || scope.routes) ? scope : undefined;
  }
  return undefined;
}
