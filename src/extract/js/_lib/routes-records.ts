// Record access shapes beyond one ORM call (underscore lib, used by routes-handler): query-builder
// chains (`db('comments').del().where({ id })`, knex and alikes) and records a route-parameter
// loader put on the request (`router.param('comment', load)` → `req.comment`, `ctx.state.comment`,
// `ctx.params.comment`), which the path selected just like an id would.
import type { FactInput } from '../../../model/types.js';
import { calleeObject, calleeProperty, functionOf, isFunctionLike, memberPath, nodesUnder, paramNames, propertyKey, stringValue, unwrap, type AstNode, type CallLike, type FunctionLike, type JsIndex, type NodeOfType, type NodeType } from './ast.js';

export type Operation = 'read' | 'update' | 'delete';

export interface QueryChain {
  table: string;
  operation: Operation;
  /** Calls of the chain, outermost first. */
  calls: CallLike[];
  /** `where*` calls, whose arguments hold the selector. */
  wheres: CallLike[];
}

const WHERE = /^(where|andWhere|orWhere|whereIn|first|findOne)$/;
const TABLE_CALL = /^(from|table|into|queryBuilder)$/;
const WRITE_ONLY = /^(insert|upsert|returning|onConflict|merge|batchInsert)$/;

/** Calls that are the callee object of another call of the same chain (`db('t')` in `db('t').del()`). */
export function innerChainCalls(calls: readonly CallLike[]): Set<AstNode> {
  const inner = new Set<AstNode>();
  for (const call of calls) {
    const callee = unwrap(call.callee as AstNode);
    if (callee.type !== 'MemberExpression') continue;
    const obj = unwrap(callee.object);
    if (obj.type === 'CallExpression') inner.add(obj);
  }
  return inner;
}

/** The calls of a method chain, outermost first: `a('t').b().c()` → [c(), b(), a('t')]. */
function chainCalls(call: CallLike): CallLike[] {
  const out: CallLike[] = [call];
  let n: AstNode = unwrap(call.callee as AstNode);
  for (let i = 0; i < 30; i++) {
    if (n.type === 'MemberExpression') n = unwrap(n.object);
    else if (n.type === 'CallExpression') {
      out.push(n);
      n = unwrap(n.callee as AstNode);
    } else break;
  }
  return out;
}

/**
 * A query-builder chain that selects rows by a condition: its table from the root call
 * (`knex('users')`, `db('comments')`) or a `from`/`table`/`into` step, its verb from any
 * `del`/`delete`/`update`/`first`/`select` step (none: a plain select), its conditions from the
 * `where*` steps. Inserts are not record accesses.
 */
export function queryChain(call: CallLike, index: JsIndex): QueryChain | undefined {
  const calls = chainCalls(call);
  if (calls.length < 2) return undefined;
  const root = calls[calls.length - 1];
  const rootCallee = unwrap(root.callee as AstNode);
  let table: string | undefined;
  if (rootCallee.type === 'Identifier' && root.arguments.length === 1) table = stringValue(root.arguments[0] as AstNode, index);
  for (const c of calls) if (!table && TABLE_CALL.test(calleeProperty(c) ?? '') && c.arguments.length >= 1) table = stringValue(c.arguments[0] as AstNode, index);
  if (!table || !/^[A-Za-z_][\w.]*$/.test(table)) return undefined;
  const props = calls.map((c) => calleeProperty(c) ?? '');
  if (props.some((p) => WRITE_ONLY.test(p))) return undefined;
  const wheres = calls.filter((c, i) => /^(where|andWhere|orWhere|whereIn)$/.test(props[i]) || (props[i] === 'first' && c.arguments.length > 0 && unwrap(c.arguments[0] as AstNode).type === 'ObjectExpression'));
  if (wheres.length === 0 || !props.some((p) => WHERE.test(p))) return undefined;
  const operation: Operation = props.some((p) => p === 'del' || p === 'delete') ? 'delete' : props.some((p) => p === 'update' || p === 'increment' || p === 'decrement') ? 'update' : 'read';
  return { table, operation, calls, wheres };
}

/** Column names that select one record (`id`, `comments.id`, `uuid`, `slug`). */
const RECORD_KEY = /^(?:\w+\.)?(_?id|uuid|guid|slug)$/i;
/** Column names that scope rows to a user. */
const OWNER_COLUMN = /^(?:\w+\.)?(user|owner|author|creator|customer|account|tenant|member|created_?by|uid)(_?id)?$/i;

/** `where({ id: x })`, `where('id', x)`, `where('id', '=', x)` → [column, value] pairs. */
export function whereConditions(where: CallLike, index: JsIndex): [string, AstNode][] {
  const args = where.arguments.map((a) => unwrap(a as AstNode));
  const out: [string, AstNode][] = [];
  const first = args[0];
  if (!first) return out;
  if (first.type === 'ObjectExpression') {
    for (const p of first.properties) {
      if (p.type !== 'Property') continue;
      const key = p.key.type === 'Identifier' && !p.computed ? p.key.name : stringValue(p.key as AstNode, index);
      if (key) out.push([key, p.value as AstNode]);
    }
    return out;
  }
  const column = stringValue(first, index);
  const value = args.length >= 3 ? args[2] : args[1];
  if (column && value) out.push([column, value]);
  return out;
}

/** Does a chain scope its rows to a user (an owner column among its conditions)? */
export function chainScopedByOwner(chain: QueryChain, index: JsIndex): boolean {
  return chain.wheres.some((w) => whereConditions(w, index).some(([column]) => OWNER_COLUMN.test(column)));
}

/** The request value selecting the chain's record: the value of an id/slug column condition. */
export function chainSelector(chain: QueryChain, index: JsIndex, source: (value: AstNode) => string | undefined): string | undefined {
  for (const w of chain.wheres) {
    for (const [column, value] of whereConditions(w, index)) {
      if (!RECORD_KEY.test(column)) continue;
      const s = source(value);
      if (s) return s;
    }
  }
  return undefined;
}

/** Names the authenticated identity usually has on the request; loaders of these are auth, not records. */
const IDENTITY_NAMES = /^(user|currentUser|auth|session|account|payload|token|decoded|jwt|identity|principal|claims|me|viewer|locale|lang)$/;
const cache = new WeakMap<JsIndex, Set<string>>();

/**
 * Names of records route-parameter loaders of this file put on the request: the names given to
 * `router.param(name, fn)` / `app.param(name, fn)`, and the `req.X` / `ctx.state.X` /
 * `ctx.params.X` that a loader (`(req, res, next, id)` for Express, `(value, ctx, next)` for
 * koa-router) assigns.
 */
export function loadedRecordNames(index: JsIndex): Set<string> {
  let names = cache.get(index);
  if (names) return names;
  names = new Set<string>();
  const loaders: FunctionLike[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    if (calleeProperty(call) !== 'param' || call.arguments.length !== 2) continue;
    const name = stringValue(call.arguments[0] as AstNode, index);
    const fn = unwrap(call.arguments[1] as AstNode);
    if (!name || !/^\w+$/.test(name)) continue;
    if (!isFunctionLike(fn) && fn.type !== 'Identifier' && fn.type !== 'MemberExpression') continue;
    names.add(name);
    if (isFunctionLike(fn)) loaders.push(fn);
    else if (fn.type === 'Identifier') {
      const local = index.functionByName(fn.name);
      if (local) loaders.push(local);
    }
  }
  for (const type of ['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression'] as const) {
    for (const fn of index.nodesOf(type)) if (paramLoader(fn)) loaders.push(fn);
  }
  for (const fn of loaders) for (const name of assignedRecords(fn)) names.add(name);
  for (const n of [...names]) if (IDENTITY_NAMES.test(n)) names.delete(n);
  cache.set(index, names);
  return names;
}

/** `(req, res, next, id)` (Express `param` callback) or `(value, ctx, next)` (koa-router). */
function paramLoader(fn: FunctionLike): boolean {
  const p = paramNames(fn);
  if (p.length === 4 && /^(req|request)$/.test(p[0]) && /^(res|response)$/.test(p[1]) && /^next$/.test(p[2])) return true;
  return p.length === 3 && /^(ctx|context)$/.test(p[1]) && p[2] === 'next' && !/^(ctx|context|err|error)$/.test(p[0]);
}

function assignedRecords(fn: FunctionLike): string[] {
  if (!fn.body) return [];
  const out: string[] = [];
  for (const assign of nodesUnder(fn.body as AstNode, 'AssignmentExpression')) {
    const path = memberPath(assign.left as AstNode);
    if (!path) continue;
    if (path.length === 2 && /^(req|request)$/.test(path[0])) out.push(path[1]);
    else if (path.length === 3 && /^(ctx|context)$/.test(path[0]) && (path[1] === 'state' || path[1] === 'params')) out.push(path[2]);
  }
  return out;
}

/** `req.comment`, `ctx.state.comment.id`, `ctx.params.comment` when a loader filled `comment`. */
export function loadedRecordPath(path: readonly string[], loaded: ReadonlySet<string>): boolean {
  if (path.length >= 2 && /^(req|request)$/.test(path[0])) return loaded.has(path[1]);
  if (path.length >= 3 && /^(ctx|context)$/.test(path[0]) && (path[1] === 'state' || path[1] === 'params')) return loaded.has(path[2]);
  return false;
}

// ---------------------------------------------------------------------------------------------
// Tenant/owner scoping handed to the data layer: a handler that passes the caller's identity
// (`req.user.activeWorkspaceId`, `user.id`) into a service call together with the record id
// (`toolsService.getToolById(req.params.id, workspaceId)`) is scoped when the service puts that
// parameter into the criteria of its query (`findOneBy({ id, workspaceId })`,
// `where: { id, ...scopeOf(workspaceId) }`). Judged by the service's body: in this file directly,
// across files through a `record-scope` fact (one per data-layer file, read by bola-idor).

/** Query calls whose arguments hold criteria (selection), by method name. */
const QUERY_CALL = /^(find\w*|get|getOne|getMany|where|andWhere|orWhere|whereIn|first|count\w*|exist\w*|delete\w*|remove|destroy|softDelete|softRemove|update\w*|findOneAndUpdate|findOneAndDelete|replaceOne|upsert)$/;
/** Of these, the ones whose first argument is the selection and the rest are values to write. */
const UPDATE_CALL = /^(update|updateOne|updateMany|findOneAndUpdate|findByIdAndUpdate|replaceOne|findOneAndReplace|upsert)$/;
/** Calls that answer, log or raise: a parameter handed to them scopes nothing. */
const NOT_FORWARD = /^(log|info|warn|error|debug|trace|json|send|status|render|push|set|add|assign|stringify|parse|String|Number|Boolean|isValidUUID|create|save|insert|merge)$/;
/** Keys that select the record itself (`{ id: x }`), not a scope around it. */
const RECORD_KEY_PROP = /^(_?id|uuid|guid|slug)$/i;

const scopeMemo = new WeakMap<FunctionLike, Set<number>>();

/**
 * What `scopedParams` reads of a function body, kept per function (every parameter asks the same
 * questions of it): the calls, declarators and assignments in source order, and the body's text.
 */
interface BodyNodes {
  calls: CallLike[];
  decls: NodeOfType<'VariableDeclarator'>[];
  assigns: NodeOfType<'AssignmentExpression'>[];
  /** The body's source, for the test whether a parameter is named in it at all. */
  text: string;
  /** Locals initialised with an object literal (`const query = { id }`). */
  literals?: Set<string>;
  /** Per call, what the parameter-independent part of the test reads (filled on first use). */
  callInfo: Map<CallLike, CallInfo>;
  /** Identifiers under initialisers and query arguments of the body (filled on first use). */
  identifiers: Map<AstNode, NodeOfType<'Identifier'>[]>;
}

interface CallInfo {
  args: AstNode[];
  /** The arguments that hold query criteria, when the call is a query. */
  criteria?: (AstNode | undefined)[];
  notForward: boolean;
}

const bodyMemo = new WeakMap<FunctionLike, BodyNodes>();

function bodyNodes(fn: FunctionLike, index: JsIndex): BodyNodes {
  let b = bodyMemo.get(fn);
  if (b) return b;
  const body = fn.body as AstNode;
  b = {
    calls: indexedUnder(index, body, 'CallExpression'),
    decls: indexedUnder(index, body, 'VariableDeclarator'),
    assigns: indexedUnder(index, body, 'AssignmentExpression'),
    text: index.content.slice(body.start, body.end),
    callInfo: new Map(),
    identifiers: new Map(),
  };
  bodyMemo.set(fn, b);
  return b;
}

/**
 * Whether an identifier of the body may be named `name`: its source text holds the name (an
 * identifier's text is its name, unless written with `\u` escapes, which let every name through).
 */
function mayName(body: BodyNodes, name: string): boolean {
  return body.text.includes(name) || body.text.includes('\\u');
}

const sortedMemo = new WeakMap<JsIndex, Map<string, boolean>>();

/**
 * `nodesUnder(root, type)` from the index's list of the type (no walk of the body): the index
 * lists nodes in pre-order, so when the list is also in order of `start` (it is, but for
 * parameter decorators visited after their parameter), the nodes inside the root's span are one
 * run of it, found by binary search, and already in `nodesUnder`'s order. Otherwise a walk.
 */
function indexedUnder<T extends NodeType>(index: JsIndex, root: AstNode, type: T): NodeOfType<T>[] {
  const list = index.nodesOf(type);
  let sorted = sortedMemo.get(index);
  if (!sorted) sortedMemo.set(index, (sorted = new Map()));
  let ok = sorted.get(type);
  if (ok === undefined) {
    ok = true;
    for (let i = 1; i < list.length && ok; i++) if (list[i - 1].start > list[i].start) ok = false;
    sorted.set(type, ok);
  }
  if (!ok) return nodesUnder(root, type);
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].start < root.start) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < list.length && list[end].start < root.end) end++;
  return list.slice(lo, end);
}

/**
 * The identifiers under a node of the body (kept in the body's record: the same initialisers and
 * arguments are asked once per parameter and pass; a Map there, not a WeakMap per node, which
 * costs the collector more than the walks it saves).
 */
function identifiersUnder(body: BodyNodes, n: AstNode): NodeOfType<'Identifier'>[] {
  let ids = body.identifiers.get(n);
  if (!ids) {
    ids = nodesUnder(n, 'Identifier');
    body.identifiers.set(n, ids);
  }
  return ids;
}

/** Names in `fn` that carry the value of parameter `i` (the parameter and locals copied or built from it). */
function paramAliases(fn: FunctionLike, i: number, index: JsIndex): Set<string> {
  const p = paramNames(fn)[i];
  const names = new Set<string>(p ? [p] : []);
  if (!p || !fn.body) return names;
  const body = bodyNodes(fn, index);
  const { decls, assigns } = body;
  const mentions = (n: AstNode) => identifiersUnder(body, n).some((id) => names.has(id.name));
  const literals = (body.literals ??= new Set(decls.filter((d) => d.id.type === 'Identifier' && unwrap(d.init as AstNode | null)?.type === 'ObjectExpression').map((d) => (d.id as unknown as { name: string }).name)));
  for (let pass = 0; pass < 2; pass++) {
    for (const d of decls) {
      if (d.init && d.id.type === 'Identifier' && !names.has(d.id.name) && mentions(d.init as AstNode)) names.add(d.id.name);
    }
    // `const query = { id }; query.workspaceId = workspaceId`: criteria built up field by field
    // (only objects made here: a loaded record stamped with the caller is no criteria).
    for (const a of assigns) {
      const root = memberPath(a.left as AstNode);
      if (root && root.length === 2 && !names.has(root[0]) && literals.has(root[0]) && mentions(a.right)) names.add(root[0]);
    }
  }
  return names;
}

/** Does an identifier of `names` reach the selection of a query (not as the selected record's own id)? */
function inCriteria(arg: AstNode, names: ReadonlySet<string>, index: JsIndex, body: BodyNodes): boolean {
  for (const id of identifiersUnder(body, arg)) {
    if (!names.has(id.name)) continue;
    const parent = index.parent(id);
    // `{ id: workspaceId }` loads the caller's own workspace, not the requested record.
    if (parent && parent.type === 'Property' && parent.value === id && RECORD_KEY_PROP.test(propertyKey(parent) ?? '')) continue;
    // `{ workspaceId: 1 }` key or `obj.workspaceId` member name: not the value.
    if (parent && parent.type === 'Property' && parent.key === id && !(parent as unknown as { shorthand?: boolean }).shorthand) continue;
    if (parent && parent.type === 'MemberExpression' && parent.property === id && !parent.computed) continue;
    return true;
  }
  return false;
}

/**
 * Parameters of a data-layer function that scope its queries: they reach the criteria of a query
 * call (directly, through a local copy, or a spread helper `...scope(ws)`), or they are handed on
 * to another function of this file that does, or to an imported one (not judged further, trusted
 * as the Nest access reading trusts a service given the caller).
 */
export function scopedParams(fn: FunctionLike, index: JsIndex, depth = 0): Set<number> {
  const memo = scopeMemo.get(fn);
  if (memo) return memo;
  const out = new Set<number>();
  scopeMemo.set(fn, out);
  if (!fn.body || depth > 2) return out;
  const body = bodyNodes(fn, index);
  const params = paramNames(fn);
  for (let i = 0; i < params.length; i++) {
    // A parameter the body never names has no aliases and reaches no call.
    if (!mayName(body, params[i])) continue;
    const names = paramAliases(fn, i, index);
    if (names.size === 0) continue;
    const hit = body.calls.some((call) => {
      const { args, criteria, notForward } = callInfo(body, call);
      if (criteria && criteria.some((a) => a && inCriteria(a, names, index, body))) return true;
      if (notForward) return false;
      const at = args.findIndex((a) => a.type === 'Identifier' && names.has(a.name));
      if (at < 0) return false;
      const path = memberPath(call.callee as AstNode);
      if (!path) return false;
      if (path.length === 1) {
        const local = index.functionByName(path[0]);
        if (local && local !== fn) return scopedParams(local, index, depth + 1).has(at);
      }
      const b = index.bindings.get(path[0]);
      return !!b && /^(\.|@\/|~\/|#)/.test(b.module) && path.length <= 2;
    });
    if (hit) out.add(i);
  }
  return out;
}

/** The parameter-independent reading of a call of a data-layer body: its arguments, the query criteria among them, whether it forwards. */
function callInfo(body: BodyNodes, call: CallLike): CallInfo {
  let info = body.callInfo.get(call);
  if (info) return info;
  const prop = calleeProperty(call) ?? '';
  const args = call.arguments.map((a) => unwrap(a as AstNode));
  let criteria: (AstNode | undefined)[] | undefined;
  if (QUERY_CALL.test(prop) && calleeObject(call)) {
    criteria = UPDATE_CALL.test(prop) ? [args[0], ...args.slice(1).flatMap((a) => (a ? nodesUnder(a, 'Property').filter((p) => propertyKey(p) === 'where').map((p) => p.value as AstNode) : []))] : args;
  }
  info = { args, criteria, notForward: NOT_FORWARD.test(prop) };
  body.callInfo.set(call, info);
  return info;
}

/** Where a data-layer call of a handler goes, with the caller's identity among its arguments. */
export interface ScopeCall {
  module: string;
  export: string;
  /** Argument positions that carry the caller's identity. */
  args: number[];
}

/**
 * A call that hands the caller's identity (`identity` judges an argument) to a function of the
 * application: `'scoped'` when that function is in this file and puts it into its query criteria;
 * the imported target (module, export, positions) for bola-idor to judge against `record-scope`;
 * undefined when no identity is passed or the target does not use it.
 */
export function identityScope(call: CallLike, index: JsIndex, identity: (arg: AstNode) => boolean): 'scoped' | ScopeCall | undefined {
  const args: number[] = [];
  call.arguments.forEach((a, i) => {
    if (identity(unwrap(a as AstNode))) args.push(i);
  });
  if (args.length === 0) return undefined;
  const path = memberPath(call.callee as AstNode);
  if (!path || path[0] === 'this') return undefined;
  if (path.length === 1) {
    const local = index.functionByName(path[0]);
    if (local) return args.some((i) => scopedParams(local, index).has(i)) ? 'scoped' : undefined;
  }
  // `const svc = { get: ... }` / a class of this file reached through a local object.
  const b = index.bindings.get(path[0]);
  if (!b || !/^(\.|@\/|~\/|#)/.test(b.module) || path.length > 2) return undefined;
  let exp = b.imported;
  if (exp === '*' || exp === 'default') exp = path.length > 1 ? path[path.length - 1] : 'default';
  else if (path.length > 1) exp = path[path.length - 1];
  return { module: b.module, export: exp, args };
}

/** Text test before the per-export walk: a data-layer file names a query method. */
const QUERY_TEXT = /\.(find\w*|where|delete|update|destroy|remove|count\w*|softDelete)\s*\(|\.get\(\s*\{/;

/**
 * One `record-scope` fact for a file whose exported functions query records: for each export with
 * parameters, the positions of those that scope its queries (empty: none does).
 */
export function recordScopeFacts(index: JsIndex): FactInput[] {
  if (index.exports.size === 0) return [];
  const judged: [string, FunctionLike][] = [];
  for (const [name, value] of index.exports) {
    const fn = functionOf(value, index);
    if (fn && fn.body && fn.params.length > 0) judged.push([name, fn]);
  }
  // The exports first (no text scan of a file without one to judge), then the text test.
  if (judged.length === 0 || !QUERY_TEXT.test(index.text(index.program as unknown as AstNode))) return [];
  const data: Record<string, number[]> = {};
  for (const [name, fn] of judged) data[name] = [...scopedParams(fn, index)].sort((a, b) => a - b);
  const first = judged[0][1];
  return [{ kind: 'config', setting: 'record-scope', values: { data: JSON.stringify(data) }, evidence: index.evidence(first), key: `${index.file}#record-scope` }];
}

// ---------------------------------------------------------------------------------------------
// Field-stripping helpers (read by mass-assignment): a function that hands back its argument
// without named fields (`delete copy.id` on a copy, `const { id, ...rest } = body; return rest`)
// or with only listed ones (`out[k] = body[k]` over an allow-list). A body passed through one is
// no longer the whole client object. Judged by the body, never by the helper's name.

/** Text test of a file with candidates (asked after the index's lists): it deletes properties, spreads a rest, or copies by key. */
const FILTER_TEXT = /\bdelete\s|\.\.\.\w+\s*\}\s*=|\]\s*=\s*\w+\[/;

/** The nodes `stripsFields` reads of a body, in source order, from the index's lists (no walk). */
interface FilterNodes {
  decls: NodeOfType<'VariableDeclarator'>[];
  deletes: NodeOfType<'UnaryExpression'>[];
  assigns: NodeOfType<'AssignmentExpression'>[];
  /** Names handed back by a `return name` (or `return name as T`) anywhere in the body. */
  returned: Set<string>;
}

function filterNodes(body: AstNode): FilterNodes {
  const out: FilterNodes = { decls: nodesUnder(body, 'VariableDeclarator'), deletes: nodesUnder(body, 'UnaryExpression').filter((n) => n.operator === 'delete'), assigns: nodesUnder(body, 'AssignmentExpression'), returned: new Set() };
  for (const n of nodesUnder(body, 'ReturnStatement')) {
    const arg = n.argument ? unwrap(n.argument as AstNode) : undefined;
    const inner = arg && arg.type === 'TSAsExpression' ? unwrap((arg as unknown as { expression: AstNode }).expression) : arg;
    if (inner && inner.type === 'Identifier') out.returned.add(inner.name);
  }
  return out;
}

/** Names (param or a copy of it: `{ ...p }`, `Object.assign({}, p)`, `structuredClone(p)`) holding the argument. */
function copiesOf(decls: readonly NodeOfType<'VariableDeclarator'>[], param: string): Set<string> {
  const names = new Set([param]);
  for (const d of decls) {
    const init = unwrap(d.init as AstNode | null);
    if (!init || d.id.type !== 'Identifier') continue;
    const spread = init.type === 'ObjectExpression' && init.properties.some((p) => p.type === 'SpreadElement' && unwrap(p.argument as AstNode).type === 'Identifier' && (unwrap(p.argument as AstNode) as unknown as { name: string }).name === param);
    const cloned = init.type === 'CallExpression' && /^(Object\.assign|structuredClone|clone|cloneDeep|_\.clone\w*)$/.test(memberPath(init.callee as AstNode)?.join('.') ?? '') && init.arguments.some((a) => unwrap(a as AstNode).type === 'Identifier' && (unwrap(a as AstNode) as unknown as { name: string }).name === param);
    if (spread || cloned) names.add(d.id.name);
  }
  return names;
}

/** Does `fn` return its first argument with fields removed, or only listed fields of it? */
export function stripsFields(fn: FunctionLike): boolean {
  const param = paramNames(fn)[0];
  if (!param || !fn.body || fn.body.type !== 'BlockStatement') return false;
  const { decls, deletes, assigns, returned } = filterNodes(fn.body as AstNode);
  // Every shape below hands back a local by name.
  if (returned.size === 0) return false;
  // `const copy = { ...body }; delete copy.id; return copy`.
  const copies = copiesOf(decls, param);
  for (const u of deletes) {
    const target = unwrap(u.argument);
    const root = target.type === 'MemberExpression' ? unwrap(target.object) : undefined;
    if (root && root.type === 'Identifier' && copies.has(root.name) && returned.has(root.name)) return true;
  }
  // `const { id, role, ...rest } = body; return rest`.
  for (const d of decls) {
    const init = unwrap(d.init as AstNode | null);
    if (d.id.type !== 'ObjectPattern' || !init || init.type !== 'Identifier' || !copies.has(init.name)) continue;
    const rest = d.id.properties.find((p) => p.type === 'RestElement') as { argument?: AstNode } | undefined;
    const named = d.id.properties.some((p) => p.type === 'Property');
    if (rest?.argument?.type === 'Identifier' && named && returned.has((rest.argument as unknown as { name: string }).name)) return true;
  }
  // `for (const k of ALLOWED) out[k] = body[k]; return out`.
  for (const a of assigns) {
    const left = unwrap(a.left as AstNode);
    const right = unwrap(a.right);
    if (left.type !== 'MemberExpression' || !left.computed || right.type !== 'MemberExpression' || !right.computed) continue;
    const out = unwrap(left.object);
    const from = unwrap(right.object);
    if (out.type === 'Identifier' && from.type === 'Identifier' && copies.has(from.name) && !copies.has(out.name) && returned.has(out.name)) return true;
  }
  return false;
}

/** One `field-filter` fact per named function of the file that strips fields from its argument. */
export function fieldFilterFacts(index: JsIndex): FactInput[] {
  // Only the functions that hold a `delete`, an object rest or a copy by key are judged (their
  // nodes are already indexed: no text scan per nested function).
  const candidates = new Set<FunctionLike>();
  // The enclosing functions too: `Object.keys(b).forEach((k) => { out[k] = b[k]; })` copies for the helper around it.
  const add = (node: AstNode) => {
    for (let fn = index.enclosingFunction(node); fn && !candidates.has(fn); fn = index.enclosingFunction(fn)) candidates.add(fn);
  };
  for (const u of index.nodesOf('UnaryExpression')) if (u.operator === 'delete') add(u);
  for (const r of index.nodesOf('RestElement')) if (index.parent(r)?.type === 'ObjectPattern') add(r);
  for (const a of index.nodesOf('AssignmentExpression')) if (a.left.type === 'MemberExpression' && a.left.computed && unwrap(a.right as AstNode).type === 'MemberExpression') add(a);
  // The text test after the index's lists (a scan of the whole file costs more): without a candidate
  // nothing is judged, so the answer is the same.
  if (candidates.size === 0 || !FILTER_TEXT.test(index.content)) return [];
  const out: FactInput[] = [];
  for (const fn of [...candidates].sort((a, b) => a.start - b.start)) {
    const name = index.functionName(fn);
    if (!name || fn.params.length === 0 || !/^[A-Za-z_$][\w$]*$/.test(name) || !stripsFields(fn)) continue;
    out.push({ kind: 'config', setting: 'field-filter', values: { name }, evidence: index.evidence(fn), key: `${index.file}#field-filter:${name}` });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Ownership middleware (read by the guard classifier): `(req, res, next)` that loads the record
// the path names with the caller in the criteria and refuses when nothing comes back:
//   const clause = { id: Number(req.params.memoryId) }; clause.userId = user?.id;
//   const memory = await Memory.get(clause); if (!memory) return res.status(404)...; next();
// Only the caller's own records pass, so record accesses by that parameter are checked.

/** The caller on the request, or a name bound from a call handed the request (`userFromSession(req, res)`). */
const CALLER_TEXT = /\b(req|request|ctx|context|res|response)\s*\.\s*(user|session|auth|locals\s*\.\s*(user|currentUser|auth)|state\s*\.\s*user|currentUser|principal|identity)\b/;
const CALLER_NAME = /^(user|currentUser|sessionUser|authUser|me|caller|principal|account)$/;

/** The path parameter a value comes from: `req.params.memoryId`, `Number(request.params.id)`. */
function pathParamValue(node: AstNode, request: string): string | undefined {
  let n = unwrap(node);
  for (let i = 0; i < 3 && n.type === 'CallExpression' && n.arguments.length >= 1; i++) n = unwrap(n.arguments[0] as AstNode);
  const path = memberPath(n);
  return path && path.length === 3 && path[0] === request && path[1] === 'params' ? path[2] : undefined;
}

/** Path parameters an ownership middleware checks (undefined: `fn` is no such middleware). */
export function ownerLoaderParams(fn: FunctionLike, index: JsIndex): string[] | undefined {
  const p = paramNames(fn);
  if (p.length < 3 || !/^(req|request)$/.test(p[0]) || !fn.body || fn.body.type !== 'BlockStatement') return undefined;
  const body = fn.body as AstNode;
  const callers = new Set<string>();
  for (const d of nodesUnder(body, 'VariableDeclarator')) {
    const init = d.init ? unwrap(d.init as AstNode) : undefined;
    const call = init && init.type === 'AwaitExpression' ? unwrap(init.argument) : init;
    if (d.id.type !== 'Identifier' || !call) continue;
    const handed = call.type === 'CallExpression' && CALLER_NAME.test(d.id.name) && call.arguments.some((a) => unwrap(a as AstNode).type === 'Identifier' && (unwrap(a as AstNode) as unknown as { name: string }).name === p[0]);
    if (handed || CALLER_TEXT.test(index.text(call))) callers.add(d.id.name);
  }
  const fromCaller = (n: AstNode) => CALLER_TEXT.test(index.text(n)) || nodesUnder(n, 'Identifier').some((i) => callers.has(i.name));
  // Criteria: object literals with a path parameter, scoped by the caller in the literal or by `obj.key = caller` after it.
  const params = new Set<string>();
  const criteria = new Set<AstNode>();
  const criteriaNames = new Set<string>();
  for (const obj of nodesUnder(body, 'ObjectExpression')) {
    const props = obj.properties.filter((x) => x.type === 'Property');
    const selected = props.map((x) => pathParamValue(x.value as AstNode, p[0])).filter((x): x is string => !!x);
    if (selected.length === 0) continue;
    const parent = index.parent(obj);
    const local = parent && parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id.name : undefined;
    const scoped = props.some((x) => fromCaller(x.value as AstNode)) || (!!local && nodesUnder(body, 'AssignmentExpression').some((a) => memberPath(a.left as AstNode)?.[0] === local && memberPath(a.left as AstNode)?.length === 2 && fromCaller(a.right)));
    if (!scoped) continue;
    for (const x of selected) params.add(x);
    criteria.add(obj);
    if (local) criteriaNames.add(local);
  }
  if (params.size === 0) return undefined;
  // The lookup: `const rec = await X.get(criteria)`, then `if (!rec)` refuses.
  for (const d of nodesUnder(body, 'VariableDeclarator')) {
    const init = d.init ? unwrap(d.init as AstNode) : undefined;
    const call = init && init.type === 'AwaitExpression' ? unwrap(init.argument) : init;
    if (d.id.type !== 'Identifier' || !call || call.type !== 'CallExpression') continue;
    const usesCriteria = call.arguments.some((a) => {
      const u = unwrap(a as AstNode);
      return criteria.has(u) || (u.type === 'Identifier' && criteriaNames.has(u.name)) || nodesUnder(u, 'ObjectExpression').some((o) => criteria.has(o));
    });
    if (!usesCriteria) continue;
    const record = d.id.name;
    const refused = nodesUnder(body, 'IfStatement').some((s) => {
      const t = unwrap(s.test as AstNode);
      const negated = t.type === 'UnaryExpression' && t.operator === '!' && unwrap(t.argument).type === 'Identifier' && (unwrap(t.argument) as unknown as { name: string }).name === record;
      return negated && REFUSAL.test(index.text(s.consequent as AstNode));
    });
    if (refused) return [...params];
  }
  return undefined;
}

/** A branch that answers 403/404 or throws. */
const REFUSAL = /\b(status|sendStatus)\s*\(\s*(403|404)\b|\bthrow\b|\bnext\s*\(\s*(new\s+\w*Error|\w*Error|createError)/;
