// Record access shapes beyond one ORM call (underscore lib, used by routes-handler): query-builder
// chains (`db('comments').del().where({ id })`, knex and alikes) and records a route-parameter
// loader put on the request (`router.param('comment', load)` → `req.comment`, `ctx.state.comment`,
// `ctx.params.comment`), which the path selected just like an id would.
import { calleeProperty, isFunctionLike, memberPath, nodesUnder, paramNames, stringValue, unwrap, type AstNode, type CallLike, type FunctionLike, type JsIndex } from './ast.js';

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
