// Where a value comes from, within one file: request data (members and getters of Express, Koa,
// Fastify, Hono, Next and Nest request objects, and names bound from them), or a secret the server
// holds (environment, configuration, an HMAC it computed). Small and local on purpose: the rules
// built on it need one hop of naming, not the taint engine.
import { calleeProperty, memberPath, propertyKey, stringValue, unwrap, unwrapAwait, valueOrigin, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';

/** Parameter names that hold a request (or a Koa/Hono context whose request is one member away). */
const REQUEST_ROOTS = new Set(['req', 'request', '_req']);
const CONTEXT_ROOTS = new Set(['ctx', 'c', 'context']);
/** Members of a request that the client writes. */
const CLIENT_MEMBERS = new Set(['headers', 'header', 'query', 'body', 'params', 'cookies', 'signedCookies', 'payload']);
/** Getters of request data: `req.get('x')`, `req.header('x')`, `ctx.get('x')`, `c.req.query('x')`, `request.headers.get('x')`. */
const CLIENT_GETTERS = new Set(['get', 'header', 'param', 'query', 'cookie', 'json']);
/** Nest parameter decorators that bind client data. */
const NEST_CLIENT = new Set(['Body', 'Query', 'Headers', 'Param', 'Cookies']);

/** Names a secret goes by. */
export const SECRET_NAME = /secret|(api|master|access|private|signing|hmac|webhook|shared|auth|admin|encryption|license|maintenance)_?key|token|signature|hmac|passw(or)?d|credential|^key$/i;

/** Settings about a secret rather than the secret: `TOKEN_TYPE`, `apiKeyHeader`, `useApiKey`, `PASSWORD_MIN_LENGTH`. */
const NOT_SECRET = /^(is|has|use|enable|require)[A-Z_]|(name|type|header|field|param|length|id|ids|url|uri|path|expir\w*|ttl|enabled|prefix|issuer|audience|algorithm|alg|mode|version|count|lifetime|duration)$/i;

const MAX_DEPTH = 4;

export interface Binding {
  init: AstNode;
  /** `const { token } = req.query` binds `token` to the `token` member of the init. */
  key?: string;
}

/** The declaration of `name` visible at `at`: enclosing functions first, then the file's top level (destructuring included). */
export function bindingAt(name: string, at: AstNode, index: JsIndex): Binding | undefined {
  const scopes = scopesOf(index);
  for (let fn = index.enclosingFunction(at); fn; fn = index.enclosingFunction(fn)) {
    const b = scopes.get(fn)?.get(name);
    if (b) return b;
  }
  return scopes.get(undefined)?.get(name);
}

/** Per function (`undefined`: top level), the first binding of each declared name; built once per file. */
const SCOPES = new WeakMap<JsIndex, Map<FunctionLike | undefined, Map<string, Binding>>>();
function scopesOf(index: JsIndex): Map<FunctionLike | undefined, Map<string, Binding>> {
  let scopes = SCOPES.get(index);
  if (scopes) return scopes;
  scopes = new Map();
  for (const d of index.nodesOf('VariableDeclarator')) {
    if (!d.init) continue;
    const fn = index.enclosingFunction(d);
    let names = scopes.get(fn);
    if (!names) scopes.set(fn, (names = new Map()));
    if (d.id.type === 'Identifier') {
      if (!names.has(d.id.name)) names.set(d.id.name, { init: d.init as AstNode });
      continue;
    }
    if (d.id.type !== 'ObjectPattern') continue;
    for (const p of d.id.properties) {
      if (p.type !== 'Property') continue;
      const v = p.value.type === 'AssignmentPattern' ? p.value.left : p.value;
      const key = propertyKey(p as AstNode);
      if (v.type === 'Identifier' && key && !names.has(v.name)) names.set(v.name, { init: d.init as AstNode, key });
    }
  }
  SCOPES.set(index, scopes);
  return scopes;
}

/** A parameter of an enclosing function named `name`, with its decorators (Nest). */
function paramOf(name: string, at: AstNode, index: JsIndex): { decorators: string[] } | undefined {
  for (let fn = index.enclosingFunction(at); fn; fn = index.enclosingFunction(fn)) {
    for (const p of fn.params) {
      const param = (p.type === 'TSParameterProperty' ? p.parameter : p) as AstNode;
      const id = param.type === 'AssignmentPattern' ? param.left : param;
      if (id.type !== 'Identifier' || id.name !== name) continue;
      const decorators = ((p as { decorators?: { expression: AstNode }[] }).decorators ?? []).map((d) => {
        const e = unwrap(d.expression);
        return e.type === 'CallExpression' ? (memberPath(e.callee as AstNode)?.join('.') ?? '') : '';
      });
      return { decorators };
    }
  }
  return undefined;
}

/** Strips conversions that keep the value: `String(x)`, `x.trim()`, `x as string`, `x || ''`, `Buffer.from(x)`. */
export function core(node: AstNode | null | undefined): AstNode | undefined {
  let n = unwrapAwait(node);
  for (let i = 0; n && i < 6; i++) {
    if (n.type === 'LogicalExpression' && (n.operator === '||' || n.operator === '??')) n = unwrapAwait(n.left as AstNode);
    else if (n.type === 'CallExpression' && n.arguments.length <= 2) {
      const callee = memberPath(n.callee as AstNode)?.join('.');
      const prop = calleeProperty(n);
      if ((callee === 'String' || callee === 'Buffer.from' || callee === 'decodeURIComponent') && n.arguments[0]) n = unwrapAwait(n.arguments[0] as AstNode);
      else if (prop && /^(trim|toString|toLowerCase|toUpperCase|normalize)$/.test(prop) && unwrap(n.callee).type === 'MemberExpression') n = unwrapAwait((unwrap(n.callee) as { object: AstNode }).object);
      else break;
    } else break;
  }
  return n;
}

/** How the client reaches this value (`req.headers['x-signature']`, `@Body() body.apiKey`), or undefined. */
export function requestLabel(node: AstNode | null | undefined, index: JsIndex, depth = 0): string | undefined {
  const n = core(node);
  if (!n || depth > MAX_DEPTH) return undefined;
  if (n.type === 'CallExpression') {
    // `req.get('x')`, `ctx.get('x')`, `c.req.header('x')`, `request.headers.get('x')`.
    const prop = calleeProperty(n);
    const callee = unwrap(n.callee);
    if (!prop || !CLIENT_GETTERS.has(prop) || callee.type !== 'MemberExpression') return undefined;
    const obj = unwrap(callee.object as AstNode);
    const path = memberPath(obj);
    if (path && isRequestObject(path, obj, index, depth)) return `${index.text(n)}`;
    if (path && path[path.length - 1] === 'headers' && isRequestObject(path.slice(0, -1), obj, index, depth)) return `${index.text(n)}`;
    return undefined;
  }
  const path = memberPath(n);
  if (!path) return undefined;
  if (path.length === 1) {
    const b = bindingAt(path[0], n, index);
    if (b) {
      if (b.key) return requestMemberOf(b.init, [b.key], index, depth + 1) ? `${index.text(b.init)}.${b.key}` : undefined;
      return requestLabel(b.init, index, depth + 1);
    }
    const p = paramOf(path[0], n, index);
    return p?.decorators.some((d) => NEST_CLIENT.has(d)) ? `@${p.decorators.find((d) => NEST_CLIENT.has(d))}() ${path[0]}` : undefined;
  }
  return requestMemberOf(n, [], index, depth) ? index.text(n) : undefined;
}

/** `node` (then `.rest`) is a client-written member of a request: `req.body.x`, `ctx.request.headers.y`, `body.x` of a Nest `@Body()`. */
function requestMemberOf(node: AstNode, rest: string[], index: JsIndex, depth: number): boolean {
  const n = core(node);
  if (!n || depth > MAX_DEPTH) return false;
  const path = memberPath(n);
  if (!path) return requestLabel(n, index, depth + 1) !== undefined;
  const full = [...path, ...rest];
  // A client member anywhere after a request object: req.headers.x, ctx.request.body.x, ctx.query.x.
  for (let i = 1; i < full.length; i++) {
    // Koa's `ctx.body` is the response.
    if (i === 1 && full[0] === 'ctx' && full[1] === 'body') continue;
    if (CLIENT_MEMBERS.has(full[i]) && isRequestObject(full.slice(0, i), n, index, depth)) return true;
  }
  // A name bound from request data: `const body = req.body; body.apiKey`, `const info = { key: req.get('x') }; info.key`.
  const b = path.length >= 1 && path[0] !== 'this' ? bindingAt(path[0], n, index) : undefined;
  if (b) {
    const tail = [...(b.key ? [b.key] : []), ...full.slice(1)];
    const init = core(b.init);
    if (init?.type === 'ObjectExpression' && tail.length > 0) {
      const prop = init.properties.find((p) => p.type === 'Property' && propertyKey(p as AstNode) === tail[0]);
      return !!prop && prop.type === 'Property' && requestLabel(prop.value as AstNode, index, depth + 1) !== undefined;
    }
    return requestMemberOf(b.init, tail, index, depth + 1);
  }
  const p = paramOf(path[0], n, index);
  if (p?.decorators.some((d) => NEST_CLIENT.has(d))) return true;
  return false;
}

/** `req`, `ctx.request`, `c.req`, a Nest `@Req()` parameter: the request object itself. */
export function isRequestObject(path: string[], at: AstNode, index: JsIndex, depth: number): boolean {
  if (path.length === 1) {
    if (REQUEST_ROOTS.has(path[0])) return true;
    if (CONTEXT_ROOTS.has(path[0]) && path[0] === 'ctx') return true; // Koa: ctx.query, ctx.headers, ctx.params
    const p = paramOf(path[0], at, index);
    if (p?.decorators.some((d) => d === 'Req' || d === 'Request')) return true;
    if (depth < MAX_DEPTH) {
      const b = bindingAt(path[0], at, index);
      if (b && !b.key) {
        const init = memberPath(core(b.init));
        if (init && init.length >= 1 && init.length <= 2 && isRequestObject(init, at, index, depth + 1)) return true;
      }
    }
    return false;
  }
  if (path.length === 2) return CONTEXT_ROOTS.has(path[0]) && (path[1] === 'request' || path[1] === 'req');
  return false;
}

export type SecretKind = 'env' | 'config' | 'hmac';

/** A secret the server holds on this side of a comparison: its label and where it comes from. */
export function secretOf(node: AstNode | null | undefined, index: JsIndex, depth = 0): { label: string; kind: SecretKind } | undefined {
  const n = core(node);
  if (!n || depth > MAX_DEPTH) return undefined;
  if (isHmac(n, index)) return { label: index.text(n).slice(0, 80), kind: 'hmac' };
  // `Bearer ${process.env.CRON_SECRET}`, `'Basic ' + config.apiKey`
  const parts = n.type === 'TemplateLiteral' ? n.expressions : n.type === 'BinaryExpression' && n.operator === '+' ? [n.left, n.right] : undefined;
  if (parts) {
    for (const part of parts) {
      const inner = secretOf(part as AstNode, index, depth + 1);
      if (inner) return { label: index.text(n).slice(0, 80), kind: inner.kind };
    }
    return undefined;
  }
  if (n.type === 'CallExpression') {
    // `config.get('webhook.secret')`, `configService.get('API_KEY')`.
    const key = stringValue(n.arguments[0] as AstNode, index);
    if (key && SECRET_NAME.test(key.split('.').pop() ?? '') && valueOrigin(n, index) === 'config') return { label: index.text(n), kind: 'config' };
    return undefined;
  }
  const path = memberPath(n) ?? configGetterPath(n);
  if (!path) return undefined;
  const last = path[path.length - 1];
  if (path[0] === 'process' && path[1] === 'env' && path.length === 3) return SECRET_NAME.test(last) && !NOT_SECRET.test(last) ? { label: path.join('.'), kind: 'env' } : undefined;
  if (path.length === 1) {
    const b = bindingAt(path[0], n, index);
    if (!b) return undefined;
    if (b.key) {
      // `const { API_KEY } = process.env`
      const from = memberPath(core(b.init));
      return from?.join('.') === 'process.env' && SECRET_NAME.test(b.key) ? { label: `process.env.${b.key}`, kind: 'env' } : undefined;
    }
    const inner = secretOf(b.init, index, depth + 1);
    if (inner) return inner;
    return undefined;
  }
  // Configuration members named like a secret: `config.apiKey`, `req.config.masterKey`, `this.options.webhookSecret`.
  if (!SECRET_NAME.test(last) || NOT_SECRET.test(last)) return undefined;
  const holder = path.slice(0, -1).join('.');
  // A section of the configuration (`config.security.requestSignature`, `Config.get().auth.secret`).
  if (/(^|\.)(config|conf|cfg|settings|options|opts|env|secrets)$/i.test(holder) || /(^|\.)(app)?config$/i.test(holder) || (path.length <= 4 && CONFIG_ROOT.test(path[0]))) {
    if (requestMemberOf(n, [], index, depth + 1)) return undefined;
    return { label: path.join('.'), kind: 'config' };
  }
  return undefined;
}

/** Roots of the application's configuration object. */
const CONFIG_ROOT = /^(config|conf|cfg|settings|appConfig|serverConfig|secrets)$/i;

/**
 * `Config.get().security.requestSignature`, `getConfig().apiKey`: a member read from what a
 * configuration getter without arguments returns, as the path `Config.security.requestSignature`
 * (the getter stands for its object). Undefined for any other call in the chain.
 */
function configGetterPath(node: AstNode): string[] | undefined {
  const tail: string[] = [];
  let cur = unwrap(node);
  while (cur.type === 'MemberExpression' && !cur.computed && cur.property.type === 'Identifier') {
    tail.unshift(cur.property.name);
    cur = unwrap(cur.object as AstNode);
  }
  if (tail.length === 0 || cur.type !== 'CallExpression' || cur.arguments.length > 0) return undefined;
  const callee = memberPath(cur.callee as AstNode);
  if (!callee) return undefined;
  // `Config.get()`, `config.all()`, `getConfig()`, `useConfig()`.
  const root = callee.length === 2 && /^(get|all|current|load)$/.test(callee[1]) ? callee[0] : callee.length === 1 ? callee[0].replace(/^(get|use|load)(?=[A-Z])/, '') : undefined;
  return root && CONFIG_ROOT.test(root) ? [root, ...tail] : undefined;
}

/** `crypto.createHmac(...).update(...).digest(...)`, or a name bound to one (also `hmac.digest()` after `const hmac = createHmac()`). */
function isHmac(n: AstNode, index: JsIndex, depth = 0): boolean {
  // Each call of a chain is a step: a named digest of a prefixed HMAC is five.
  if (depth > 8) return false;
  // `'sha256=' + hmac.digest('hex')`, `` `v0=${digest}` ``
  if (n.type === 'BinaryExpression' && n.operator === '+') return [n.left, n.right].some((s) => isHmac(core(s as AstNode) ?? s as AstNode, index, depth + 1));
  if (n.type === 'TemplateLiteral') return n.expressions.some((s) => isHmac(core(s as AstNode) ?? s as AstNode, index, depth + 1));
  if (n.type === 'CallExpression') {
    const prop = calleeProperty(n);
    const callee = unwrap(n.callee);
    if (prop === 'createHmac') return true;
    if ((prop === 'digest' || prop === 'update' || prop === 'toString') && callee.type === 'MemberExpression') {
      const obj = core(callee.object as AstNode);
      return !!obj && isHmac(obj, index, depth + 1);
    }
    return false;
  }
  if (n.type === 'Identifier') {
    const b = bindingAt(n.name, n, index);
    const init = b && !b.key ? core(b.init) : undefined;
    return !!init && isHmac(init, index, depth + 1);
  }
  return false;
}
