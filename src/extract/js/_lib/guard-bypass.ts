// Requests an app-wide guard lets through before it checks anything, judged from its body:
//   - a path allow-list: `if (PUBLIC.some((u) => req.path.startsWith(u))) return next()`,
//     `if (OPEN.includes(req.path)) return next()`, `if (/^\/health/.test(req.url)) return next()`,
//     and the inverse `if (RE.test(req.path)) { ...check... } else next()` (it guards only those);
//   - a deployment switch: `if (!process.env.AUTH_TOKEN) return next()` (nothing is checked while the
//     variable is unset) or a settings lookup (`if (!settings.requireAuthentication) return next()`).
// Lists may be local, derived (`LIST.filter(...)`, `[...A, '/x']`) or imported; imported ones are
// left as references that link resolves against the `js-path-list` facts of their module.
import {
  calleeObject,
  calleeProperty,
  isFunctionLike,
  memberPath,
  nodesUnder,
  stringValue,
  unwrap,
  unwrapAwait,
  type AstNode,
  type CallLike,
  type FunctionLike,
  type JsIndex,
} from './ast.js';
import { rejects } from './routes-guard-signals.js';
import { internalFact, type MwRef } from './routes.js';
import type { AuthFact, FactInput } from '../../../model/types.js';

export type MatchMode = 'prefix' | 'exact' | 'regex';

/** An imported list (or string) of paths, matched as `match` says. */
export interface ListRef {
  module: string;
  from: string;
  export: string;
  match: MatchMode;
}

/** One entry of a path list: a literal path, a regex source, or an imported value. */
export type ListItem = { s: string } | { re: string } | { ref: { module: string; export: string } };

export interface PathBypass {
  /** Encoded as `MwRef.unless`: a literal path, or `re:` and a regex source. */
  unless: string[];
  lists: ListRef[];
}

export interface SwitchBypass {
  /** The condition as written (`!process.env.AUTH_TOKEN`), shortened. */
  condition: string;
  /** Environment variables whose absence lets every request through (the insecure default). */
  unsetEnv: string[];
  line: number;
}

const PATH_PROP = /^(path|url|originalUrl|pathname)$/;
/** Collection methods that keep (a subset of) the list's items. */
const SUBSET = new Set(['filter', 'slice', 'concat']);

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function encodeItem(item: ListItem, match: MatchMode): string | undefined {
  if ('re' in item) return `re:${item.re}`;
  if (!('s' in item) || match === 'regex') return undefined;
  return match === 'exact' ? item.s : `re:^${escapeRe(item.s)}`;
}

/** `req.path`, `req.originalUrl`, `ctx.path`, `req.nextUrl.pathname`, or a const holding one. */
function requestPath(node: AstNode | undefined, req: string, index: JsIndex, depth = 0): boolean {
  const n = unwrap(node);
  if (!n || depth > 2) return false;
  if (n.type === 'CallExpression' && /^(toLowerCase|toString|trim)$/.test(calleeProperty(n) ?? '')) return requestPath(calleeObject(n), req, index, depth + 1);
  const path = memberPath(n);
  if (path && path[0] === req && path.length >= 2 && PATH_PROP.test(path[path.length - 1])) return true;
  if (n.type === 'Identifier') {
    const init = index.initAt(n.name, n);
    return !!init && requestPath(init, req, index, depth + 1);
  }
  return false;
}

interface ListSource {
  items: ListItem[];
  lists: Omit<ListRef, 'match'>[];
}

/** The items of a list expression: a literal array, a const, a subset of one, or an import. */
function listItems(node: AstNode | undefined, index: JsIndex, depth = 0): ListSource | undefined {
  const n = unwrap(node);
  if (!n || depth > 4) return undefined;
  if (n.type === 'ArrayExpression') {
    const out: ListSource = { items: [], lists: [] };
    for (const e of n.elements) {
      if (!e) continue;
      if (e.type === 'SpreadElement') {
        const inner = listItems(e.argument as AstNode, index, depth + 1);
        if (inner) {
          out.items.push(...inner.items);
          out.lists.push(...inner.lists);
        }
        continue;
      }
      const item = scalarItem(e as AstNode, index);
      if (item && 'ref' in item) out.lists.push({ module: item.ref.module, from: index.file, export: item.ref.export });
      else if (item) out.items.push(item);
    }
    return out;
  }
  if (n.type === 'CallExpression' && SUBSET.has(calleeProperty(n) ?? '')) {
    const base = listItems(calleeObject(n), index, depth + 1);
    if (!base || calleeProperty(n) !== 'concat') return base;
    for (const a of n.arguments) {
      const more = listItems(a as AstNode, index, depth + 1);
      if (more) {
        base.items.push(...more.items);
        base.lists.push(...more.lists);
      }
    }
    return base;
  }
  const imported = importedValue(n, index);
  if (imported) return { items: [], lists: [{ ...imported, from: index.file }] };
  if (n.type === 'Identifier') {
    const init = index.initAt(n.name, n);
    return init ? listItems(init, index, depth + 1) : undefined;
  }
  const member = staticMember(n, index);
  return member ? listItems(member, index, depth + 1) : undefined;
}

/** `IMPORTED` or `Imported.MEMBER`: the module and export name it reads. */
function importedValue(n: AstNode, index: JsIndex): { module: string; export: string } | undefined {
  const path = memberPath(n);
  if (!path || path.length > 2) return undefined;
  const b = index.bindings.get(path[0]);
  if (!b) return undefined;
  const base = b.imported === '*' ? [] : [b.imported];
  return { module: b.module, export: [...base, ...path.slice(1)].join('.') || 'default' };
}

/** `Local.MEMBER` of a class declared here: the static field's value. */
function staticMember(n: AstNode, index: JsIndex): AstNode | undefined {
  const path = memberPath(n);
  if (!path || path.length !== 2) return undefined;
  const cls = index.classByName(path[0]);
  for (const m of cls?.body.body ?? []) {
    if (m.type === 'PropertyDefinition' && m.static && m.key.type === 'Identifier' && m.key.name === path[1]) return (m.value as AstNode | null) ?? undefined;
  }
  return undefined;
}

function scalarItem(e: AstNode, index: JsIndex): ListItem | undefined {
  const n = unwrap(e);
  if (n.type === 'Literal' && 'regex' in n && n.regex) return { re: (n.regex as { pattern: string }).pattern };
  const s = stringValue(n, index);
  if (s !== undefined) return { s };
  const imported = importedValue(n, index);
  if (imported) return { ref: imported };
  const member = staticMember(n, index);
  const v = member ? stringValue(member, index) : undefined;
  return v !== undefined ? { s: v } : undefined;
}

/** The regex literal (or const holding one) `RE` of `RE.test(path)`. */
function regexSource(node: AstNode | undefined, index: JsIndex): string | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (n.type === 'Literal' && 'regex' in n && n.regex) return (n.regex as { pattern: string }).pattern;
  if (n.type === 'Identifier') {
    const init = index.initAt(n.name, n);
    return init && init !== n ? regexSource(init, index) : undefined;
  }
  // `pathToRegexp(['/login', '/users/:id'])`: route patterns matched whole.
  if (n.type === 'CallExpression' && /^path-to-regexp(\.(pathToRegexp|default))?$/.test(index.resolvedCallee(n) ?? '')) {
    const arg = unwrap(n.arguments[0] as AstNode | undefined);
    const items = arg?.type === 'ArrayExpression' ? (arg.elements as AstNode[]) : arg ? [arg] : [];
    const paths = items.map((e) => (e ? stringValue(e, index) : undefined));
    if (paths.length === 0 || paths.some((p) => p === undefined)) return undefined;
    return `^(?:${(paths as string[]).map(routePatternSource).join('|')})\\/?$`;
  }
  return undefined;
}

/** `/users/:id`, `/files/(.*)`, `/a/*` as a regex source (path-to-regexp's parameters). */
function routePatternSource(path: string): string {
  return path
    .split(/(:\w+\??|\(\.\*\)|\*)/)
    .map((part) => (part === '(.*)' || part === '*' ? '.*' : /^:\w+\??$/.test(part) ? '[^\\/]+?' : escapeRe(part)))
    .join('');
}

/**
 * The paths a test matches, when it tests the request path against literals or lists:
 * `LIST.some((u) => req.path.startsWith(u))`, `LIST.includes(req.path)`, `RE.test(req.url)`,
 * `req.path.startsWith('/public')`, `req.path === '/health'`, and `||` of these.
 */
export function pathTest(test: AstNode, req: string, index: JsIndex, depth = 0): PathBypass | undefined {
  const n = unwrapAwait(test);
  if (!n || depth > 3) return undefined;
  if (n.type === 'LogicalExpression' && n.operator === '||') {
    const a = pathTest(n.left as AstNode, req, index, depth + 1);
    const b = pathTest(n.right as AstNode, req, index, depth + 1);
    return a && b ? { unless: [...a.unless, ...b.unless], lists: [...a.lists, ...b.lists] } : undefined;
  }
  if (n.type === 'Identifier') {
    const init = index.initAt(n.name, n);
    return init && init !== n ? pathTest(init, req, index, depth + 1) : undefined;
  }
  if (n.type === 'BinaryExpression' && (n.operator === '===' || n.operator === '==')) {
    const [p, v] = requestPath(n.left as AstNode, req, index) ? [n.left, n.right] : [n.right, n.left];
    const s = requestPath(p as AstNode, req, index) ? stringValue(v as AstNode, index) : undefined;
    return s !== undefined ? { unless: [s], lists: [] } : undefined;
  }
  if (n.type !== 'CallExpression') return undefined;
  const prop = calleeProperty(n);
  const obj = calleeObject(n);
  const arg = n.arguments[0] as AstNode | undefined;
  if (prop === 'test' && requestPath(arg, req, index)) {
    const re = regexSource(obj, index);
    return re !== undefined ? { unless: [`re:${re}`], lists: [] } : undefined;
  }
  if (prop === 'startsWith' && requestPath(obj, req, index)) {
    const s = stringValue(arg, index);
    return s !== undefined ? { unless: [encodeItem({ s }, 'prefix')!], lists: [] } : undefined;
  }
  let match: MatchMode | undefined;
  if (prop === 'includes' && requestPath(arg, req, index)) match = 'exact';
  else if ((prop === 'some' || prop === 'find') && isFunctionLike(unwrap(arg))) match = itemMatch(unwrap(arg) as FunctionLike, req, index);
  if (!match) return undefined;
  const list = listItems(obj, index);
  if (!list) return undefined;
  const mode = match;
  return { unless: list.items.map((i) => encodeItem(i, mode)).filter((u): u is string => u !== undefined), lists: list.lists.map((l) => ({ ...l, match: mode })) };
}

/** How `(u) => req.path.startsWith(u)` / `u === req.path` / `u.test(req.path)` compares an item. */
export function itemMatch(cb: FunctionLike, req: string, index: JsIndex): MatchMode | undefined {
  const p = cb.params[0] as AstNode | undefined;
  const item = p && p.type === 'Identifier' ? p.name : undefined;
  let body = unwrap(cb.body as AstNode | null);
  if (body && body.type === 'BlockStatement' && body.body.length === 1 && body.body[0].type === 'ReturnStatement') body = unwrap(body.body[0].argument as AstNode | null);
  if (!item || !body) return undefined;
  const isItem = (x: AstNode | undefined): boolean => {
    const u = unwrap(x);
    return !!u && u.type === 'Identifier' && u.name === item;
  };
  if (body.type === 'BinaryExpression' && (body.operator === '===' || body.operator === '==')) {
    if ((isItem(body.left as AstNode) && requestPath(body.right, req, index)) || (isItem(body.right) && requestPath(body.left as AstNode, req, index))) return 'exact';
  }
  if (body.type !== 'CallExpression') return undefined;
  const prop = calleeProperty(body);
  if (prop === 'startsWith' && requestPath(calleeObject(body), req, index) && isItem(body.arguments[0] as AstNode)) return 'prefix';
  if ((prop === 'test' || prop === 'match') && isItem(prop === 'test' ? calleeObject(body) : (body.arguments[0] as AstNode)) && requestPath(prop === 'test' ? (body.arguments[0] as AstNode) : calleeObject(body), req, index)) return 'regex';
  return undefined;
}

/** A branch that lets the request on: calls `next()` (no error) and refuses nothing. */
function passes(branch: AstNode | null | undefined, next: string | undefined, index: JsIndex): boolean {
  if (!branch || !next) return false;
  const calls = nodesUnder(branch, 'CallExpression');
  return calls.some((c) => c.arguments.length === 0 && unwrap(c.callee as AstNode).type === 'Identifier' && (unwrap(c.callee as AstNode) as { name: string }).name === next) && rejects(branch, index) === undefined;
}

function params(fn: FunctionLike): { req?: string; next?: string } {
  const name = (p: unknown) => ((p as AstNode | undefined)?.type === 'Identifier' ? (p as { name: string }).name : undefined);
  const first = name(fn.params[0]);
  // Koa / Nest-style (ctx, next) and Express-style (req, res, next).
  return { req: first, next: first === 'ctx' || first === 'context' ? name(fn.params[1]) : name(fn.params[2]) };
}

function negated(test: AstNode): AstNode | undefined {
  const n = unwrap(test);
  return n.type === 'UnaryExpression' && n.operator === '!' ? (n.argument as AstNode) : undefined;
}

/**
 * Paths this middleware lets through unchecked. `if (<paths>) next()` exempts them; `if (<paths>)
 * {check} else next()` guards only them (an exemption of every other path, as a negative
 * lookahead). Undefined when the body holds no such test (the common case: cheap text test first).
 */
export function pathBypass(fn: FunctionLike, index: JsIndex): PathBypass | undefined {
  const { req, next } = params(fn);
  if (!req || !next || !fn.body) return undefined;
  const text = index.text(fn.body as AstNode);
  if (!/\.(path|url|originalUrl|pathname)\b/.test(text) || !text.includes(`${next}(`)) return undefined;
  const out: PathBypass = { unless: [], lists: [] };
  for (const s of nodesUnder(fn.body as AstNode, 'IfStatement')) {
    const inner = negated(s.test as AstNode);
    const test = pathTest(inner ?? (s.test as AstNode), req, index);
    if (!test) continue;
    const [onMatch, onMiss] = inner ? [s.alternate as AstNode | null, s.consequent as AstNode] : [s.consequent as AstNode, s.alternate as AstNode | null];
    if (passes(onMatch, next, index)) {
      out.unless.push(...test.unless);
      out.lists.push(...test.lists);
    } else if (passes(onMiss, next, index) && test.lists.length === 0 && test.unless.length > 0) {
      // Checked only on matching paths: every other path passes.
      const any = test.unless.map((u) => (u.startsWith('re:') ? u.slice(3) : `^${escapeRe(u)}$`)).join('|');
      out.unless.push(`re:^(?![\\s\\S]*?(?:${any}))`);
    }
  }
  return out.unless.length > 0 || out.lists.length > 0 ? out : undefined;
}

const ENV_READ = /^process\.env\.(\w+)$/;

/** Environment variables whose absence makes `test` true (`!process.env.X`, `!X || ...`, `process.env.X !== '1'`). */
export function unsetEnvIn(test: AstNode, index: JsIndex): string[] {
  const n = unwrapAwait(test);
  if (!n) return [];
  if (n.type === 'LogicalExpression' && n.operator === '||') return [...unsetEnvIn(n.left as AstNode, index), ...unsetEnvIn(n.right as AstNode, index)];
  const inner = negated(n);
  if (inner) {
    const m = ENV_READ.exec(memberPath(unwrap(inner))?.join('.') ?? '');
    return m ? [m[1]] : [];
  }
  if (n.type === 'BinaryExpression' && (n.operator === '===' || n.operator === '==')) {
    const [a, b] = [unwrap(n.left as AstNode), unwrap(n.right as AstNode)];
    const env = ENV_READ.exec(memberPath(a)?.join('.') ?? '') ?? ENV_READ.exec(memberPath(b)?.join('.') ?? '');
    const other = ENV_READ.test(memberPath(a)?.join('.') ?? '') ? b : a;
    const undef = (other.type === 'Identifier' && other.name === 'undefined') || (other.type === 'Literal' && (other as { value: unknown }).value === null);
    return env && undef ? [env[1]] : [];
  }
  // `process.env.VERCEL !== '1'`: true while the variable is not set to that value, unset included.
  if (n.type === 'BinaryExpression' && (n.operator === '!==' || n.operator === '!=')) {
    const [a, b] = [unwrap(n.left as AstNode), unwrap(n.right as AstNode)];
    const env = ENV_READ.exec(memberPath(a)?.join('.') ?? '') ?? ENV_READ.exec(memberPath(b)?.join('.') ?? '');
    const other = ENV_READ.test(memberPath(a)?.join('.') ?? '') ? b : a;
    return env && other.type === 'Literal' && typeof (other as { value: unknown }).value === 'string' ? [env[1]] : [];
  }
  return [];
}

/** A deployment setting read in a test: `process.env.X`, `config.x`, `settings.x`, `await Settings.get('x')`. */
const SETTING_READ = /\bprocess\.env\.\w+|\b(?:config|conf|settings|options|opts)\??\.\w+|\b\w*(?:Settings|Config)\??\.(?:get|isEnabled|enabled)\w*\(/i;

/**
 * A switch that turns the whole check off: among the first statements, `if (<setting>) return
 * next()` (or `{ ...; next(); return; }`) before any refusal. `unsetEnv` names the variables whose
 * absence passes every request (on by default; a flag one must set to disable auth is not).
 */
export function switchBypass(fn: FunctionLike, index: JsIndex): SwitchBypass | undefined {
  const { next } = params(fn);
  const body = fn.body as AstNode | null;
  if (!next || !body || body.type !== 'BlockStatement') return undefined;
  if (!SETTING_READ.test(index.text(body))) return undefined;
  for (const stmt of body.body as AstNode[]) {
    if (stmt.type === 'IfStatement') {
      const cons = stmt.consequent as AstNode;
      if (passes(cons, next, index) && endsFlow(cons) && SETTING_READ.test(index.text(stmt.test as AstNode)) && !requestValue(stmt.test as AstNode, index) && !useSiteOption(stmt.test as AstNode, index)) {
        return { condition: index.text(stmt.test as AstNode).replace(/\s+/g, ' ').slice(0, 100), unsetEnv: unsetEnvIn(stmt.test as AstNode, index), line: index.line(stmt) };
      }
    }
    // Only ahead of the check: once something can refuse, a later pass is the success path.
    if (rejects(stmt, index) !== undefined) return undefined;
  }
  return undefined;
}

/**
 * `if (options.optional) return next()` in `auth(options) => (req, res, next) => ...`: an option
 * given where the guard is used (option-guards.ts judges those), not a deployment switch.
 */
function useSiteOption(test: AstNode, index: JsIndex): boolean {
  if (/\bprocess\.env\./.test(index.text(test))) return false;
  const roots = new Set(nodesUnder(test, 'MemberExpression').map((m) => memberPath(m)?.[0]).filter((r): r is string => r !== undefined));
  for (let fn = index.enclosingFunction(test); fn; fn = index.enclosingFunction(fn)) {
    if (fn.params.some((p) => { const n = unwrap(p as AstNode); const id = n.type === 'AssignmentPattern' ? unwrap(n.left as AstNode) : n; return id.type === 'Identifier' && roots.has(id.name); })) return true;
  }
  return false;
}

/** The branch leaves the function (`return next()`, `{ next(); return; }`). */
function endsFlow(branch: AstNode): boolean {
  if (branch.type === 'ReturnStatement') return true;
  if (branch.type !== 'BlockStatement') return false;
  const last = branch.body[branch.body.length - 1] as AstNode | undefined;
  return !!last && last.type === 'ReturnStatement';
}

/** The test reads the request (`req.headers`, `req.path`): a per-request decision, not a deployment switch. */
function requestValue(test: AstNode, index: JsIndex): boolean {
  return /\b(req|request|ctx)\.(headers|header|path|url|originalUrl|query|body|params|method|cookies|ip)\b/.test(index.text(test));
}

/**
 * `js-path-list`: exported arrays of paths (`export const PUBLIC = ['/api/v1/login', ...]`) and
 * static string fields of exported classes (`static LOGIN_URI = '/sso/login'`), for guards in other
 * files that exempt them. Only lists holding a path-like string are recorded.
 */
export function pathListFacts(index: JsIndex): FactInput[] {
  const lists: { name: string; items: ListItem[] }[] = [];
  for (const [name, value] of index.exports) {
    if (name.includes('.')) continue;
    let v = unwrap(value);
    if (v.type === 'Identifier') v = unwrap(index.constInit(v.name)) ?? index.classByName(v.name) ?? v;
    if (v.type === 'ArrayExpression') {
      const items: ListItem[] = [];
      for (const e of v.elements) {
        const item = e && e.type !== 'SpreadElement' ? scalarItem(e as AstNode, index) : undefined;
        if (item) items.push(item);
      }
      if (items.some((i) => 's' in i && i.s.startsWith('/'))) lists.push({ name, items });
    } else if (v.type === 'ObjectExpression') {
      lists.push(...routeTable(name, v, index));
    } else if (v.type === 'ClassDeclaration' || v.type === 'ClassExpression') {
      for (const m of v.body.body) {
        if (m.type !== 'PropertyDefinition' || !m.static || m.key.type !== 'Identifier') continue;
        const s = stringValue(m.value as AstNode | null, index);
        if (s !== undefined && s.startsWith('/')) lists.push({ name: `${name}.${m.key.name}`, items: [{ s }] });
      }
    }
  }
  for (const stmt of index.program.body as AstNode[]) {
    const d = stmt.type === 'ExportNamedDeclaration' ? (stmt.declaration as AstNode | null) : undefined;
    if (d?.type === 'TSEnumDeclaration') lists.push(...enumTable(d, index));
  }
  // The text test (a quote before a slash: a path literal) last, once a list was found: a scan of
  // the whole file costs more than the look at its exports.
  if (lists.length === 0 || !/['"`]\//.test(index.content)) return [];
  return [internalFact('js-path-list', index.evidence(index.program as AstNode), { lists }, `${index.file}#js-path-list`)];
}

/**
 * A route table of paths shared between modules: `export const URLS = { login: '/login', user: {
 * profile: '/me' } }` gives `URLS.login` and `URLS.user.profile`, each a one-path list, so that
 * `router.get(URLS.login, ...)` in another file gets its path in link (routes-link.ts).
 */
function routeTable(name: string, obj: AstNode, index: JsIndex, depth = 0): { name: string; items: ListItem[] }[] {
  if (obj.type !== 'ObjectExpression' || depth > 2) return [];
  const out: { name: string; items: ListItem[] }[] = [];
  for (const p of obj.properties) {
    const key = p.type === 'Property' && !p.computed ? (p.key.type === 'Identifier' ? p.key.name : stringValue(p.key as AstNode, index)) : undefined;
    if (!key || p.type !== 'Property') continue;
    const value = unwrap(p.value as AstNode);
    const s = stringValue(value, index);
    if (s !== undefined && /^[/*]/.test(s)) out.push({ name: `${name}.${key}`, items: [{ s }] });
    else if (value.type === 'ObjectExpression') out.push(...routeTable(`${name}.${key}`, value, index, depth + 1));
  }
  return out;
}

/** `export enum ApiUrls { whoami = '/-/whoami' }`: a TypeScript enum of paths, one list per member. */
function enumTable(decl: AstNode, index: JsIndex): { name: string; items: ListItem[] }[] {
  const d = decl as AstNode & { id: { name: string }; body?: { members?: { id: AstNode; initializer: AstNode | null }[] } };
  const out: { name: string; items: ListItem[] }[] = [];
  for (const m of d.body?.members ?? []) {
    const key = m.id.type === 'Identifier' ? m.id.name : stringValue(m.id, index);
    const s = m.initializer ? stringValue(m.initializer, index) : undefined;
    if (key && s !== undefined && /^[/*]/.test(s)) out.push({ name: `${d.id.name}.${key}`, items: [{ s }] });
  }
  return out;
}

/**
 * `canActivate(ctx) { try { return await super.canActivate(ctx) } catch { return
 * this.config.get('share.allowUnauthenticatedShares') } }`: when authentication fails the guard
 * answers with a setting, so a deployment that turns it on lets anonymous callers through. The
 * setting read (its text), or undefined when every catch refuses or answers with a constant.
 */
export function catchSwitch(fn: FunctionLike, index: JsIndex): string | undefined {
  const body = fn.body as AstNode | null;
  if (!body || !index.text(body).includes('catch')) return undefined;
  for (const t of nodesUnder(body, 'TryStatement')) {
    const handler = t.handler as { body: AstNode } | null;
    if (!handler) continue;
    for (const r of nodesUnder(handler.body, 'ReturnStatement')) {
      const arg = r.argument ? unwrap(r.argument as AstNode) : undefined;
      if (!arg || index.enclosingFunction(r) !== fn || arg.type === 'Literal') continue;
      const text = index.text(arg);
      if (SETTING_READ.test(text) && !requestValue(arg, index)) return text.replace(/\s+/g, ' ').slice(0, 100);
    }
  }
  return undefined;
}

/** Guard-definition details for the bypasses of `fn` (auth/guards.ts), read back by `guardBypass`. */
export function bypassDetails(fn: FunctionLike, index: JsIndex): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  const paths = pathBypass(fn, index);
  if (paths) out.pathBypass = JSON.stringify(paths);
  const off = switchBypass(fn, index);
  if (off) {
    out.conditional = off.condition;
    out.conditionalLine = off.line;
    if (off.unsetEnv.length > 0) out.unsetEnv = off.unsetEnv.join(',');
  }
  return out;
}

/** The MwRef fields a guard definition's bypass details give a use of it (link). */
export function guardBypass(def: AuthFact): Partial<MwRef> {
  const d = def.details ?? {};
  const out: Partial<MwRef> = {};
  if (typeof d.pathBypass === 'string') {
    try {
      const p = JSON.parse(d.pathBypass) as PathBypass;
      out.unless = p.unless;
      out.allowFrom = p.lists;
    } catch {
      // written by bypassDetails: always JSON
    }
  }
  if (typeof d.conditional === 'string') {
    out.conditional = { condition: d.conditional, file: def.evidence.file, line: Number(d.conditionalLine ?? def.evidence.line), unsetEnv: typeof d.unsetEnv === 'string' ? d.unsetEnv.split(',') : [] };
  }
  return out;
}

/**
 * `router.all(pattern, mwA, mwB)` registered as a guard for the routes after it (`'(/+api/admin|/+api/admin/*?)'`,
 * `'/admin/*'`): the Express 4 pattern as a regex source over full paths, or undefined when the
 * call looks like an endpoint (a lone handler, or a plain path without pattern syntax).
 * A template's optional part (`${cond ? `|/+x` : ''}`) takes its empty default.
 */
export function allGuardPattern(call: CallLike, index: JsIndex, authLike: (arg: AstNode) => boolean): string | undefined {
  const args = call.arguments as AstNode[];
  if (args.length < 2) return undefined;
  const raw = patternText(args[0], index);
  if (raw === undefined) return undefined;
  // Alternatives or groups (`'(/+api|/+api/*?)'`) are a scope; a wildcard alone (`'/x/:i*?'`) may
  // be an endpoint's own path, so there every argument must be an auth check by name.
  if (!/[(|]/.test(raw) && !(raw.includes('*') && args.slice(1).every(authLike))) return undefined;
  // The last function must pass requests on: a visible one that answers is an endpoint.
  const last = unwrap(args[args.length - 1]);
  if (isFunctionLike(last) && !(last.params.length >= 3 && index.text(last.body as AstNode).includes(`${(last.params[2] as { name?: string }).name ?? 'next'}(`))) return undefined;
  return expressPattern(raw);
}

function patternText(node: AstNode, index: JsIndex): string | undefined {
  const n = unwrap(node);
  const s = stringValue(n, index);
  if (s !== undefined) return s;
  if (n.type !== 'TemplateLiteral') return undefined;
  let out = '';
  for (let i = 0; i < n.quasis.length; i++) {
    out += n.quasis[i].value.cooked ?? n.quasis[i].value.raw;
    if (i >= n.expressions.length) continue;
    const e = unwrap(n.expressions[i] as AstNode);
    const v = stringValue(e, index);
    if (v !== undefined) out += v;
    else if (e.type === 'ConditionalExpression' && (stringValue(e.alternate as AstNode, index) === '' || stringValue(e.consequent as AstNode, index) === '')) continue;
    else return undefined;
  }
  return out;
}

/** Express 4 (path-to-regexp 0.1) string pattern → regex source: `*` any, `:name` one segment, groups kept. */
export function expressPattern(pattern: string): string {
  const body = pattern.replace(/\/\*\?/g, '(?:/.*)?').replace(/(?<![.)\]])\*/g, '.*').replace(/:\w+(\?)?/g, (_m, opt: string | undefined) => (opt ? '[^/]*' : '[^/]+')).replace(/\((?!\?)/g, '(?:');
  return `^${body}\\/?$`;
}

const IDENTITY_HOLDER = /^(req|request|ctx|res|response)\.(user|currentUser|locals\.user|state\.user|auth)$/;

/**
 * Guest fallback: when no identity comes with the request the middleware assigns a stand-in user
 * (`if (!user) { req.user = WIKI.auth.guest; return next() }`, also inside a passport callback) and
 * lets it on. It never refuses, so it authenticates nobody: the routes behind it decide by what they
 * check themselves. Returns the test that falls back, shortened.
 */
export function guestFallback(fn: FunctionLike, index: JsIndex): string | undefined {
  const { next } = params(fn);
  if (!next || !fn.body || !/\b(user|guest|anonymous)\b/i.test(index.text(fn.body as AstNode))) return undefined;
  for (const s of nodesUnder(fn.body as AstNode, 'IfStatement')) {
    const inner = negated(s.test as AstNode);
    const missing = inner ? unwrap(inner) : undefined;
    if (!missing || !/^(user|currentUser|account|principal|identity|req\.user|request\.user)$/.test(memberPath(missing)?.join('.') ?? '')) continue;
    const cons = s.consequent as AstNode;
    if (!passes(cons, next, index)) continue;
    const assigns = nodesUnder(cons, 'AssignmentExpression').some((a) => IDENTITY_HOLDER.test(memberPath(a.left as AstNode)?.join('.') ?? ''));
    const guestValue = /guest|anonymous|anon\b/i.test(index.text(cons));
    if (assigns && guestValue) return index.text(s.test as AstNode).slice(0, 60);
  }
  return undefined;
}

/** A list named for the requests that go unauthenticated (`PUBLIC_ENDPOINTS`, `noAuthRoutes`, `openPaths`). */
const PUBLIC_LIST_NAME = /public|^open|_open_|anonymous|unauth|no_?auth|skip_?auth|auth_?exempt|without_?auth|white_?list|allow_?list/i;

/**
 * `authMiddleware(PUBLIC_ENDPOINTS)`: a middleware factory given a list, named for public requests,
 * of path patterns (`'/login'`, `{ route: '/auth/:tenant', method: 'POST' }`): those requests pass
 * unauthenticated. As `MwRef.unless` entries (`@METHOD re:^/path(?:/|$)`, `:param` a segment, each
 * pattern covering the paths below it), or undefined when no argument is such a list.
 */
export function publicListArg(call: CallLike, index: JsIndex): string[] | undefined {
  for (const a of call.arguments as AstNode[]) {
    const n = unwrap(a);
    if (n?.type === 'Identifier' && PUBLIC_LIST_NAME.test(n.name)) {
      const out = publicPatterns(index.constInit(n.name), index);
      if (out) return out;
    }
  }
  return undefined;
}

function publicPatterns(init: AstNode | undefined, index: JsIndex): string[] | undefined {
  const arr = unwrap(init);
  if (arr?.type !== 'ArrayExpression') return undefined;
  const out: string[] = [];
  for (const e of arr.elements) {
    const item = e && e.type !== 'SpreadElement' ? unwrap(e as AstNode) : undefined;
    if (!item) continue;
    let path = stringValue(item, index);
    let method: string | undefined;
    if (path === undefined && item.type === 'ObjectExpression') {
      const props = new Map<string, AstNode>();
      for (const p of item.properties) if (p.type === 'Property' && p.key.type === 'Identifier') props.set(p.key.name, p.value as AstNode);
      const raw = props.get('route') ?? props.get('path') ?? props.get('url');
      path = raw ? stringValue(raw, index) : undefined;
      const m = props.get('method') ?? props.get('methods');
      const mv = m ? stringValue(m, index) : undefined;
      method = mv && /^[a-z]+$/i.test(mv) && mv.toUpperCase() !== 'ALL' ? mv.toUpperCase() : undefined;
    }
    if (path === undefined || !path.startsWith('/')) continue;
    out.push(`@${method ?? '*'} re:^${routePatternSource(path.replace(/\/+$/, ''))}(?:\\/|$)`);
  }
  return out.length > 0 ? out : undefined;
}

/** `ctx.publicEndpoint`, `req.isPublic`, `ctx.state.skipAuth`: a mark an earlier middleware sets on public requests. */
const PUBLIC_FLAG = /^(?:is_?)?public(?:_?(?:endpoint|route|path|request|api))?$|^(?:skip|no|allow_?no)_?auth(?:entication)?$|^allow_?anonymous$/i;

/**
 * `if (ctx.publicEndpoint) return next()` at the head of a guard: requests an earlier middleware
 * marked public pass unchecked. The mark is set from the file's public list (`publicListArg`), so
 * its entries are this guard's exemptions too; undefined without such a test or list.
 */
export function publicFlagBypass(fn: FunctionLike, index: JsIndex): string[] | undefined {
  const { req, next } = params(fn);
  const body = fn.body as AstNode | null;
  if (!req || !next || !body || body.type !== 'BlockStatement' || !/public|auth|anonymous/i.test(index.text(body))) return undefined;
  for (const stmt of body.body as AstNode[]) {
    if (stmt.type === 'IfStatement') {
      const path = memberPath(unwrap(stmt.test as AstNode));
      const flag = path && path[0] === req && (path.length === 2 || (path.length === 3 && path[1] === 'state')) ? path[path.length - 1] : undefined;
      if (flag && PUBLIC_FLAG.test(flag) && passes(stmt.consequent as AstNode, next, index)) return filePublicLists(index);
    }
    if (rejects(stmt, index) !== undefined) return undefined;
  }
  return undefined;
}

/** The entries of every top-level list in the file named for public requests. */
function filePublicLists(index: JsIndex): string[] | undefined {
  const out: string[] = [];
  for (const stmt of index.program.body as AstNode[]) {
    const decl = stmt.type === 'ExportNamedDeclaration' ? (stmt.declaration as AstNode | null) : stmt;
    if (decl?.type !== 'VariableDeclaration') continue;
    for (const d of decl.declarations) {
      if (d.id.type === 'Identifier' && PUBLIC_LIST_NAME.test(d.id.name)) out.push(...(publicPatterns(d.init as AstNode | undefined, index) ?? []));
    }
  }
  return out.length > 0 ? out : undefined;
}
