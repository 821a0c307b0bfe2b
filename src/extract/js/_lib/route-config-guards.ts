// Fastify route-config driven authentication (the framework's `config` route option, read by a
// hook through `request.routeOptions.config`, `request.routeConfig` or `reply.context.config`):
//
//   app.addHook('preHandler', authenticate)            // every route of the context
//   export const authenticate = async (request) => {
//     const access = request.routeOptions.config?.access
//     if (access?.kind === Access.PUBLIC) return         // exempted by the route's own config
//     await verifyToken(request.headers.authorization)
//   }
//   app.get('/status', { config: { access: access.public() } }, handler)  // public
//   app.post('/items', { config: { access: access.admin() } }, handler)   // administrators
//
// The guard definition carries what exempts a route (`details.routeConfig`, see `ConfigGate`); each
// Fastify route carries what its `config` says (`RouteMeta.routeConfig`, see `describeConfig`); link
// weighs the one against the other per route (`byRouteConfig`).
import type { FactInput } from '../../../model/types.js';
import {
  calleeName,
  calleeProperty,
  isFunctionLike,
  literalValue,
  memberPath,
  objectProp,
  propertyKey,
  hasSpread,
  resolveObject,
  stringValue,
  unwrap,
  type AstNode,
  type FunctionLike,
  type JsIndex,
} from './ast.js';
import type { MwRef } from './routes.js';

/** Where a hook reads the matched route's `config`. */
const CONFIG_READ = /\.(?:routeOptions\s*\??\.\s*config|routeConfig|context\s*\??\.\s*config)\b/;
/** A cheap test of the file's text before any AST work. */
export function readsRouteConfig(content: string): boolean {
  return content.includes('routeOptions') || content.includes('routeConfig') || content.includes('context.config');
}

/** Config keys whose literal `true` turns authentication off (`config: { public: true }`). */
const OFF_WHEN_TRUE = /^(public|isPublic|skipAuth|noAuth|allowAnonymous|anonymous|unauthenticated)$/i;
/** Config keys whose literal `false` turns it off (`config: { auth: false }`). */
const OFF_WHEN_FALSE = /^(auth|authenticate|requireAuth|requiresAuth|authRequired|protected)$/i;
/** Values a hook compares a config field with to let the request through (`kind === Kind.PUBLIC`). */
const PUBLIC_VALUE = /^(public|anonymous|unauthenticated|none|open|guest)$/i;
/** An authentication hook's name (the body may hand the check to helpers of other modules). */
const AUTH_NAME = /auth|guard|protect|session|jwt|token|verif|access|secur|permission/i;

/** What a config-reading guard needs from a route's config to check the caller. */
export interface ConfigGate {
  /** Config keys the guard reads. */
  keys: string[];
  /** Lower-cased values the guard lets through (`public` for `kind === RouteKind.PUBLIC`). */
  publicValues: string[];
  /** A route without the key passes unchecked (`if (isNil(access)) return`). */
  missingPasses: boolean;
}

function functionOfExport(node: AstNode | undefined, index: JsIndex): FunctionLike | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (isFunctionLike(n)) return n;
  if (n.type === 'VariableDeclarator') return functionOfExport(n.init as AstNode, index);
  if (n.type === 'Identifier') return index.functionByName(n.name);
  return undefined;
}

/** The config key a member chain reads after the config object: `request.routeOptions.config?.security` → `security`. */
function keyAfterConfig(text: string): string | undefined {
  const m = /(?:routeOptions\s*\??\.\s*config|routeConfig|context\s*\??\.\s*config)\s*\??\.\s*([A-Za-z_$][\w$]*)/.exec(text);
  return m?.[1];
}

/** Names a file's code holds a route config value under: `const access = request.routeOptions.config?.access`. */
function configHolders(index: JsIndex): Set<string> {
  const out = new Set<string>();
  for (const d of index.nodesOf('VariableDeclarator')) {
    const id = d.id as AstNode;
    if (!d.init || id.type !== 'Identifier' || !CONFIG_READ.test(index.text(d.init as AstNode))) continue;
    if (keyAfterConfig(index.text(d.init as AstNode))) out.add(id.name);
  }
  return out;
}

const NIL_TEST = (h: string): RegExp => new RegExp(`^(?:!${h}|isNil\\(${h}\\)|isNull\\(${h}\\)|isUndefined\\(${h}\\)|${h}==null|${h}===undefined|${h}===null)$`);

/**
 * Does the file let a route without the config value through: `if (isNil(access)) return` (a bare
 * return in a hook), or a missing value handled like the public one (`if (isNil(access) ||
 * access.kind === Kind.PUBLIC) return { kind: Kind.PUBLIC }`, a helper the hook asks)?
 */
function missingPassesIn(index: JsIndex, holders: Set<string>, publicValues: string[]): boolean {
  if (holders.size === 0) return false;
  const tests = [...holders].map((h) => NIL_TEST(h.replace(/\$/g, '\\$')));
  for (const s of index.nodesOf('IfStatement')) {
    const cons = unwrap(s.consequent as AstNode);
    const only = cons?.type === 'BlockStatement' && cons.body.length === 1 ? cons.body[0] : undefined;
    const ret = cons?.type === 'ReturnStatement' ? cons : only?.type === 'ReturnStatement' ? only : undefined;
    if (!ret) continue;
    const parts = index.text(s.test as AstNode).replace(/\s+/g, '').split('||');
    if (!parts.some((p) => tests.some((t) => t.test(p)))) continue;
    if (!ret.argument) return true;
    if (parts.some((p) => publicValues.some((v) => new RegExp(`[.'"]${v}['"]?$`, 'i').test(p)))) return true;
  }
  return false;
}

/** The config keys a hook function reads (`config.x`, `const { x } = ...config`, `const x = ...config?.x`). */
function keysOf(fn: FunctionLike, index: JsIndex): string[] {
  const text = index.text(fn as AstNode);
  if (!CONFIG_READ.test(text)) return [];
  const keys = new Set<string>();
  for (const m of text.matchAll(/(?:routeOptions\s*\??\.\s*config|routeConfig|context\s*\??\.\s*config)\s*\??\.\s*([A-Za-z_$][\w$]*)/g)) keys.add(m[1]);
  for (const d of index.nodesOf('VariableDeclarator')) {
    if (d.start < (fn as AstNode).start || d.end > (fn as AstNode).end || !d.init) continue;
    const init = index.text(d.init as AstNode);
    if (!CONFIG_READ.test(init)) continue;
    const id = d.id as AstNode;
    if (id.type === 'Identifier') {
      if (!keyAfterConfig(init)) for (const m of text.matchAll(new RegExp(`\\b${id.name.replace(/\$/g, '\\$')}\\s*\\??\\.\\s*([A-Za-z_$][\\w$]*)`, 'g'))) keys.add(m[1]);
    } else if (id.type === 'ObjectPattern') {
      for (const p of id.properties) {
        if (p.type !== 'Property') continue;
        const k = propertyKey(p);
        if (k) keys.add(k);
      }
    }
  }
  return [...keys].sort();
}

/** Values the file's code compares config fields with to let requests through (`=== RouteKind.PUBLIC`, `=== 'public'`). */
function publicValuesIn(index: JsIndex): string[] {
  const out = new Set<string>();
  for (const b of index.nodesOf('BinaryExpression')) {
    if (b.operator !== '===' && b.operator !== '==') continue;
    for (const side of [b.left, b.right] as AstNode[]) {
      const s = stringValue(side, index);
      const path = s === undefined ? memberPath(unwrap(side)) : undefined;
      const word = s ?? (path && path.length >= 2 ? path[path.length - 1] : undefined);
      if (word && PUBLIC_VALUE.test(word)) out.add(word.toLowerCase());
    }
  }
  return [...out].sort();
}

/**
 * Exported hook functions of this file that read the route's config and authenticate (by name or
 * by an auth-like call in their body): guard definitions (level `user`) whose `routeConfig` detail
 * tells link which routes they let through.
 */
export function routeConfigGuards(index: JsIndex): FactInput[] {
  if (!readsRouteConfig(index.content)) return [];
  const out: FactInput[] = [];
  let publicValues: string[] | undefined;
  let missingPasses: boolean | undefined;
  for (const [name, node] of index.exports) {
    const fn = functionOfExport(node, index);
    if (!fn) continue;
    const fnName = name === 'default' ? (index.functionName(fn) ?? name) : name;
    const text = index.text(fn as AstNode);
    if (!CONFIG_READ.test(text)) continue;
    const authCall = /\b(?:authenticat\w*|authoriz\w*|verify\w*|jwtVerify)\s*\(/i.test(text) || /\b40[13]\b|Unauthori[sz]ed/.test(text);
    if (!AUTH_NAME.test(fnName) && !authCall) continue;
    const keys = keysOf(fn, index);
    if (keys.length === 0) continue;
    publicValues ??= publicValuesIn(index);
    missingPasses ??= missingPassesIn(index, configHolders(index), publicValues);
    const gate: ConfigGate = { keys, publicValues, missingPasses };
    out.push({
      kind: 'auth',
      mechanism: 'custom',
      role: 'guard-definition',
      name: fnName,
      details: { level: 'user', exports: name, why: `hook reading the route config (${gate.keys.join(', ')})`, routeConfig: JSON.stringify(gate) },
      evidence: index.evidence(fn as AstNode),
      key: `${index.file}#auth:route-config-guard:${name}`,
    });
  }
  return out;
}

/** A caller kind that stands for no credentials at all (`PrincipalType.UNKNOWN`, `'anonymous'`, `'*'`). */
const ANON_KIND = /^(?:unknown|anonymous|anon|guest|public|everyone|unauthenticated|\*)$/i;
/** A constant naming every caller kind (`ALL_PRINCIPAL_TYPES`, `ANY_ROLE`, `allUserTypes`). */
const EVERY_KIND_NAME = /^(?:ALL|ANY|EVERY)(?:_[A-Z0-9_]+|[A-Z]\w*)$/;

/** An array's elements name a caller without credentials (`[Kind.USER, Kind.UNKNOWN]`). */
function namesAnonymous(arr: AstNode, index: JsIndex): boolean {
  if (arr.type !== 'ArrayExpression') return false;
  return arr.elements.some((e) => {
    const n = unwrap(e as AstNode | undefined);
    if (!n) return false;
    const s = stringValue(n, index);
    const path = s === undefined ? memberPath(n) : undefined;
    const word = s ?? (path && path.length >= 2 ? path[path.length - 1] : undefined);
    return word !== undefined && ANON_KIND.test(word);
  });
}

/**
 * Does a config call's argument admit every caller kind: a list naming an anonymous kind, or a
 * constant named for all of them (`access.unscoped(ALL_PRINCIPAL_TYPES)`) whose list is not here
 * to read (a list read here is judged by its elements, `Object.values(Kind)` by the enum's members).
 */
function admitsEveryone(args: AstNode[], index: JsIndex): boolean {
  for (const a of args) {
    const n = unwrap(a);
    if (!n) continue;
    if (namesAnonymous(n, index)) return true;
    if (n.type !== 'Identifier' || !EVERY_KIND_NAME.test(n.name)) continue;
    const init = unwrap(index.constInit(n.name));
    if (!init) return true;
    if (init.type === 'ArrayExpression') {
      if (namesAnonymous(init, index)) return true;
      continue;
    }
    if (init.type === 'CallExpression' && calleeProperty(init) === 'values') {
      const target = unwrap((init.arguments as AstNode[])[0]);
      const decl = target?.type === 'Identifier' ? index.nodesOf('TSEnumDeclaration').find((d) => (d.id as AstNode).type === 'Identifier' && (d.id as { name: string }).name === target.name) : undefined;
      if (!decl) return true;
      const members = (decl as AstNode & { body?: { members?: { id: AstNode }[] } }).body?.members ?? [];
      if (members.some((m) => ANON_KIND.test(m.id.type === 'Identifier' ? m.id.name : (stringValue(m.id, index) ?? '')))) return true;
    }
  }
  return false;
}

/**
 * One config value, described for link: `true`/`false`, `value:<word>` (a string or the last
 * member of `Kind.PUBLIC`), `call:<name>` (`access.public()`), `anyone` (a call whose argument
 * admits every caller kind, see `admitsEveryone`), `admin` (an object with a true
 * `adminOnly`-like flag), `other`.
 */
function describeValue(node: AstNode | undefined, index: JsIndex, depth = 0): string {
  const n = unwrap(node);
  if (!n || depth > 2) return 'other';
  const lit = literalValue(n, index);
  if (typeof lit === 'boolean') return String(lit);
  if (typeof lit === 'string') return `value:${lit}`;
  if (n.type === 'CallExpression') {
    if (admitsEveryone(n.arguments as AstNode[], index)) return 'anyone';
    const name = calleeProperty(n) ?? calleeName(n);
    return name ? `call:${name}` : 'other';
  }
  if (n.type === 'MemberExpression') {
    const path = memberPath(n);
    return path ? `value:${path[path.length - 1]}` : 'other';
  }
  if (n.type === 'Identifier') {
    const init = index.constInit(n.name);
    return init ? describeValue(init, index, depth + 1) : 'other';
  }
  if (n.type === 'ObjectExpression') {
    for (const p of n.properties) {
      if (p.type !== 'Property') continue;
      const k = propertyKey(p);
      if (k && /admin/i.test(k) && literalValue(p.value as AstNode, index) === true) return 'admin';
    }
    for (const k of ['kind', 'type', 'access', 'mode', 'level']) {
      const v = objectProp(n, k);
      if (v) return describeValue(v, index, depth + 1);
    }
  }
  return 'other';
}

/**
 * The options' `config` value: its own property, else that of the last spread const object
 * (`{ ...CreateRequest, preValidation }`); null when a spread is not readable here.
 */
function configProp(o: AstNode, index: JsIndex): AstNode | undefined | null {
  const own = objectProp(o, 'config');
  if (own || o.type !== 'ObjectExpression') return own;
  for (const p of [...o.properties].reverse()) {
    if (p.type !== 'SpreadElement') continue;
    const spread = resolveObject(p.argument as AstNode, index);
    if (!spread) return null;
    const inner = configProp(spread, index);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

/** `{ key: description }` of a route's options `config`, or undefined when the options are not readable here. */
export function describeConfig(opts: AstNode | undefined, index: JsIndex): Record<string, string> | undefined {
  if (opts === undefined) return {};
  const o = resolveObject(opts, index);
  if (!o) return undefined;
  const config = configProp(o, index);
  if (config === null) return undefined;
  if (!config) return {};
  const c = resolveObject(config, index);
  if (!c || c.type !== 'ObjectExpression' || hasSpread(c)) return undefined;
  const out: Record<string, string> = {};
  for (const p of c.properties) {
    if (p.type !== 'Property') continue;
    const k = propertyKey(p);
    if (k) out[k] = describeValue(p.value as AstNode, index);
  }
  return out;
}

/**
 * A guard reading the route config, weighed against this route's config: let through (the route
 * is public by declaration), raised to an administrator check (`access.admin()`, `{ adminOnly:
 * true }`), or kept. Routes whose options were not read keep the guard as it is.
 */
export function byRouteConfig(ref: MwRef, config: Record<string, string> | undefined): MwRef {
  if (!ref.routeConfig || config === undefined || !/^auth-(user|admin|role)$/.test(ref.role ?? '')) return ref;
  let gate: ConfigGate;
  try {
    gate = JSON.parse(ref.routeConfig) as ConfigGate;
  } catch {
    return ref;
  }
  const present = gate.keys.filter((k) => config[k] !== undefined);
  // Nothing declared: the hook lets the route through, but nobody declared it public.
  if (present.length === 0) return gate.missingPasses ? { ...ref, role: 'other', why: `${ref.name}: no ${gate.keys.join('/')} in the route config` } : ref;
  for (const k of present) {
    const d = config[k];
    const word = /^(?:call|value):(.+)$/.exec(d)?.[1]?.toLowerCase();
    if (d === 'anyone') return { ...ref, role: 'other', optedOut: true, why: `${ref.name}: route config ${k} admits every caller kind, anonymous included` };
    const off = (d === 'true' && OFF_WHEN_TRUE.test(k)) || (d === 'false' && OFF_WHEN_FALSE.test(k)) || (word !== undefined && gate.publicValues.includes(word));
    if (off) return { ...ref, role: 'other', optedOut: true, why: `${ref.name}: route config ${k} ${d.replace(/^call:/, '').replace(/^value:/, '')} is let through` };
  }
  if (present.some((k) => config[k] === 'admin' || /^(?:call|value):\w*admin/i.test(config[k]))) return { ...ref, role: 'auth-admin', why: `${ref.name}: route config asks for an administrator` };
  return ref;
}
