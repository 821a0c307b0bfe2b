// What a route handler's body shows: an inline auth check, file uploads, session writes, and
// records loaded/changed by an id taken from the request without comparing them to the
// authenticated user (the syntactic footprint of BOLA/IDOR).
import type { ConfigFact, FactInput } from '../../../model/types.js';
import {
  calleeName,
  calleeObject,
  calleeProperty,
  constructorMembers,
  functionOf,
  isFunctionLike,
  memberPath,
  nodesUnder,
  paramNames,
  someNode,
  stringValue,
  unwrap,
  unwrapAwait,
  type AstNode,
  type CallLike,
  type FunctionLike,
  type JsIndex,
  wrappedHandler,
} from './ast.js';
import { guardCalls, type GuardCall } from './routes-guard-calls.js';
import { canRefuse, classifyGuard, identityIn, LOGIN_STEP_KEY, negative, rejects, returnedFunction } from './routes-guards.js';
import { chainScopedByOwner, chainSelector, identityScope, innerChainCalls, loadedRecordNames, loadedRecordPath, queryChain, type ScopeCall } from './routes-records.js';
import { gateChecked, siblingGated } from './record-gates.js';
import { constructRef } from './routes-refs.js';
import { instanceExport, type HandlerRef, type RouteMeta } from './routes.js';
import { leadingAdminGate, prefixDispatch } from './routes-scan-tables.js';

export interface RecordAccess {
  model: string;
  operation: 'read' | 'update' | 'delete';
  api: string;
  idSource: string;
  call: AstNode;
  /** The service the caller's identity is handed to with the id, judged by bola-idor (`record-scope`). */
  via?: ScopeCall;
  /** The access check most actions of the handler's class make and this one skips (record-gates.ts). */
  sibling?: string;
}

/**
 * A place in a handler that rules cite: where it writes the session, reads a cookie credential,
 * or calls a guard that does not stop it (`guard-continues`, with the guard in `values`).
 */
export interface HandlerSite {
  site: 'sets-session' | 'cookie-credential' | 'guard-continues';
  node: AstNode;
  values?: Record<string, string | number>;
}

export interface HandlerSummary {
  inline?: RouteMeta['inline'];
  tags: string[];
  access: RecordAccess[];
  sites: HandlerSite[];
  /** Imported helpers the handler calls like guards, judged in link (see routes-guard-calls.ts). */
  guardCalls?: GuardCall[];
}

const READ = new Set(['findById', 'findByPk', 'findOne', 'findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findOneBy', 'findOneOrFail', 'findOneByOrFail', 'findByIdOrFail', 'getById', 'findByPkOrFail']);
const UPDATE = new Set(['findByIdAndUpdate', 'findOneAndUpdate', 'updateOne', 'update', 'increment', 'decrement', 'replaceOne', 'findOneAndReplace']);
const DELETE = new Set(['findByIdAndDelete', 'findByIdAndRemove', 'findOneAndDelete', 'findOneAndRemove', 'deleteOne', 'destroy', 'delete', 'remove']);
const NOT_MODELS = new Set(['Object', 'JSON', 'Promise', 'Math', 'Array', 'Date', 'Number', 'String', 'Buffer', 'Reflect', 'Map', 'Set', 'Intl', 'URL', 'Error', 'Boolean', 'Symbol', 'React', 'Vue']);
const REQUEST_PARAMS = new Set(['req', 'request', 'ctx', 'context']);
const OWNER_KEY = /^(user|userId|user_id|UserId|owner|ownerId|owner_id|OwnerId|createdBy|created_by|author|authorId|AuthorId|customer|customerId|CustomerId|account|accountId|AccountId|tenantId|tenant_id|TenantId|memberId|profileId|uid)$/;
const REQUEST_INPUTS = /^(req|request)\.(params|body|query)|^(ctx|context)\.(params|query|request\.body|request\.query)/;
// `request.client.organizationId`: the API client a machine credential authenticated (not Node's socket alias).
const IDENTITY_REF = /\b(req|request|ctx|context|res)\s*\.\s*(user|session|auth|userId|user_id|uid|currentUser|payload|state\s*\.\s*user|locals\s*\.\s*(user|currentUser|auth)|account|identity|principal|token|decoded|jwt)\b|\b(req|request)\s*\.\s*client\s*!?\s*\.\s*\w*(Id|ID|_id)\b|\bgetServerSession\b|\bcurrentUser\b|\bgetCurrentUser\b|\bgetUserId\b|\brequireUser\b|\bgetSession\b/;

/** Locals that hold the caller (`const user = await userFromSession(request)`) by name. */
const CALLER_LOCAL = /^(user|currentUser|sessionUser|authUser|me|caller|principal|account)$/;
/** Helpers handed the request that read the caller's scope from it (`getActiveWorkspaceId(req)`, `getLoggedInUser(req)`). */
const CALLER_HELPER = /^(get|current|load|require|resolve|fetch|read)\w*(User|Workspace|Tenant|Organi[sz]ation|Account|Session|Caller|Principal)/;

/**
 * Names of a handler bound to the caller's identity: from the identity on the request
 * (`const workspaceId = req.user?.activeWorkspaceId`, `const { id } = req.user`), from a call
 * handed the request that returns the user (`const user = await userFromSession(request, res)`),
 * or built from such a name (`const body = { ...req.body, workspaceId }`).
 */
function identityNames(fn: FunctionLike, index: JsIndex): Set<string> {
  const names = new Set<string>();
  if (!fn.body) return names;
  const request = paramNames(fn)[0] ?? '';
  const decls = nodesUnder(fn.body as AstNode, 'VariableDeclarator');
  const bind = (id: AstNode) => {
    if (id.type === 'Identifier') names.add(id.name);
    else for (const n of nodesUnder(id, 'Identifier')) names.add(n.name);
  };
  for (let pass = 0; pass < 2; pass++) {
    for (const d of decls) {
      const init = d.init as AstNode | null;
      if (!init) continue;
      const call = unwrapAwait(init);
      const fromRequest = !!call && call.type === 'CallExpression' && d.id.type === 'Identifier' && (CALLER_LOCAL.test(d.id.name) || CALLER_HELPER.test(calleeProperty(call) ?? '')) && call.arguments.some((a) => {
        const u = unwrap(a as AstNode);
        // `verifyUser({ req, res })` (Next.js Pages Router helpers take the pair as one object).
        if (u.type === 'ObjectExpression') return u.properties.some((p) => p.type === 'Property' && unwrap(p.value as AstNode).type === 'Identifier' && (unwrap(p.value as AstNode) as { name: string }).name === request && REQUEST_PARAMS.has(request));
        return u.type === 'Identifier' && REQUEST_PARAMS.has(u.name) && u.name === request;
      });
      if (fromRequest || IDENTITY_REF.test(index.text(init)) || mentionsNames(init, names, index)) bind(d.id as AstNode);
    }
  }
  return names;
}

/** An identifier of `names` used as a value in `node` (not a property key or member name). */
function mentionsNames(node: AstNode, names: ReadonlySet<string>, index: JsIndex): boolean {
  if (names.size === 0) return false;
  return nodesUnder(node, 'Identifier').some((id) => {
    if (!names.has(id.name)) return false;
    const parent = index.parent(id);
    if (parent && parent.type === 'MemberExpression' && parent.property === id && !parent.computed) return false;
    return !(parent && parent.type === 'Property' && parent.key === id && !(parent as unknown as { shorthand?: boolean }).shorthand);
  });
}

/** Does a function look like a request handler / middleware? */
export function handlerLike(fn: FunctionLike): boolean {
  const p = paramNames(fn);
  // `(socket, req) => ...`: a websocket route's handler (@fastify/websocket, express-ws) gets the connection first.
  return REQUEST_PARAMS.has(p[0] ?? '') || ['res', 'response', 'reply', 'h'].includes(p[1] ?? '') || (/^(socket|ws|connection|conn)$/.test(p[0] ?? '') && /^(req|request)$/.test(p[1] ?? ''));
}

function modelOf(call: CallLike, index: JsIndex): string | undefined {
  const obj = calleeObject(call);
  if (!obj) return undefined;
  if (obj.type === 'CallExpression') {
    const prop = calleeProperty(obj);
    const arg = obj.arguments[0] as AstNode | undefined;
    if (prop === 'getRepository' || prop === 'getModel' || prop === 'model') return arg ? (stringValue(arg, index) ?? memberPath(arg)?.pop()) : undefined;
    if (prop === 'collection') return arg ? stringValue(arg, index) : undefined;
    if (prop === 'query' || prop === 'where' || prop === 'select' || prop === 'createQueryBuilder') return modelOf(obj, index);
    return undefined;
  }
  const path = memberPath(obj);
  if (!path) return undefined;
  const last = path[path.length - 1];
  if (path.length === 1 && /^[A-Z][A-Za-z0-9]+$/.test(last) && !NOT_MODELS.has(last)) return last;
  if (/(Repository|Repo|Model)$/.test(last) && last.length > 5) return last.replace(/(Repository|Repo|Model)$/, '');
  if (path.length >= 2 && /^(prisma|db|models|database|orm|knex|em)$/i.test(path[path.length - 2])) return last;
  if (path.length >= 2 && /^[A-Z][A-Za-z0-9]+$/.test(last) && !NOT_MODELS.has(last)) return last;
  return undefined;
}

/** Names bound from request input in a function (`const { id } = req.params`, `const id = +req.params.id`). */
function requestBoundNames(fn: FunctionLike, index: JsIndex): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of nodesUnder(fn.body as AstNode, 'VariableDeclarator')) {
    if (!d.init) continue;
    const source = requestSource(d.init as AstNode, out, index) ?? loaderHolder(d.init as AstNode, index);
    if (!source) continue;
    if (d.id.type === 'Identifier') {
      if (source !== LOADER_HOLDER_MARK) out.set(d.id.name, source);
    }
    else if (d.id.type === 'ObjectPattern') {
      for (const p of d.id.properties) {
        if (p.type !== 'Property') continue;
        const v = unwrap(p.value as AstNode);
        const local = v.type === 'Identifier' ? v.name : v.type === 'AssignmentPattern' && v.left.type === 'Identifier' ? v.left.name : undefined;
        const key = p.key.type === 'Identifier' ? p.key.name : undefined;
        if (local && key && (source !== LOADER_HOLDER_MARK || loadedRecordNames(index).has(key))) out.set(local, `${source === LOADER_HOLDER_MARK ? holderPath(d.init as AstNode) : source}.${key}`);
      }
    }
  }
  return out;
}

const LOADER_HOLDER_MARK = '\u0000loader-holder';

/** `req` / `ctx.state`, destructured for the records a route-parameter loader put there (`const { comment } = ctx.state`). */
function loaderHolder(init: AstNode, index: JsIndex): string | undefined {
  const path = holderPath(init);
  if (!path || loadedRecordNames(index).size === 0) return undefined;
  return /^(req|request|ctx\.state|context\.state)$/.test(path) ? LOADER_HOLDER_MARK : undefined;
}

function holderPath(init: AstNode): string | undefined {
  return memberPath(unwrapAwait(init))?.join('.');
}

/**
 * `req.params.id`, `parseInt(req.params.id)`, `new ObjectId(req.body.id)`, a bound name or a member
 * of one (`comment.id` after `const { comment } = ctx.params`), or a record a route-parameter
 * loader put on the request (`req.comment.id`).
 */
function requestSource(expr: AstNode, bound: Map<string, string>, index: JsIndex, depth = 0): string | undefined {
  const n = unwrapAwait(expr);
  if (!n || depth > 3) return undefined;
  if (n.type === 'Identifier') return bound.get(n.name);
  if (n.type === 'MemberExpression') {
    const parts = memberPath(n);
    const path = parts?.join('.');
    if (!parts || !path) return undefined;
    if (REQUEST_INPUTS.test(path)) return path;
    const base = bound.get(parts[0]);
    if (base) return [base, ...parts.slice(1)].join('.');
    if (loadedRecordPath(parts, loadedRecordNames(index))) return path;
    return undefined;
  }
  if ((n.type === 'CallExpression' || n.type === 'NewExpression') && n.arguments.length >= 1) {
    const name = calleeName(n) ?? '';
    if (/^(parseInt|Number|String|parseFloat|BigInt|ObjectId|mongoose\.Types\.ObjectId|Types\.ObjectId|\w+\.ObjectId|toObjectId|new)$/.test(name) || /ObjectId$/.test(name)) {
      return requestSource(n.arguments[0] as AstNode, bound, index, depth + 1);
    }
  }
  if (n.type === 'UnaryExpression' && n.operator === '+') return requestSource(n.argument, bound, index, depth + 1);
  if (n.type === 'TemplateLiteral' && n.expressions.length === 1) return requestSource(n.expressions[0], bound, index, depth + 1);
  return undefined;
}

function idLike(source: string): boolean {
  const last = source.split('.').pop() ?? '';
  return last === 'id' || last === '_id' || /[a-z0-9](Id|ID)$/.test(last) || /_id$/i.test(last) || /uuid|guid/i.test(last);
}

/** A request id anywhere in the call's arguments (directly or inside `{ where: { id } }`). */
function idArgument(call: CallLike, bound: Map<string, string>, index: JsIndex): string | undefined {
  for (const arg of call.arguments) {
    const direct = requestSource(arg as AstNode, bound, index);
    if (direct && idLike(direct)) return direct;
    for (const prop of nodesUnder(arg as AstNode, 'Property')) {
      const v = requestSource(prop.value as AstNode, bound, index);
      const key = prop.key.type === 'Identifier' ? prop.key.name : stringValue(prop.key as AstNode) ?? '';
      if (v && (idLike(v) || /^(_?id|uuid)$/i.test(key))) return v;
    }
    for (const id of nodesUnder(arg as AstNode, 'MemberExpression')) {
      const v = requestSource(id, bound, index);
      if (v && idLike(v)) return v;
    }
  }
  return undefined;
}

/**
 * Does the handler compare the caller with the record? A test (if / ?: / &&) that names the
 * authenticated identity and also the record, the request id or an owner field. Mentions of the
 * identity elsewhere (logging, stamping a new record, challenge bookkeeping) do not count.
 */
function ownershipChecked(fn: FunctionLike, bound: Map<string, string>, index: JsIndex): boolean {
  const body = fn.body as AstNode;
  const records = new Set<string>(bound.keys());
  for (const d of nodesUnder(body, 'VariableDeclarator')) {
    const init = unwrapAwait(d.init as AstNode | null);
    if (init && init.type === 'CallExpression' && d.id.type === 'Identifier') records.add(d.id.name);
  }
  // `Model.find(...).then((record) => ...)`: the callback's parameter is the loaded record.
  for (const c of nodesUnder(body, 'CallExpression')) {
    const obj = calleeProperty(c) === 'then' ? calleeObject(c) : undefined;
    const loaded = obj && obj.type === 'CallExpression' ? resultName(obj, index) : undefined;
    if (loaded) records.add(loaded.name);
  }
  const tests: AstNode[] = [];
  for (const n of nodesUnder(body, 'IfStatement')) tests.push(n.test as AstNode);
  for (const n of nodesUnder(body, 'ConditionalExpression')) tests.push((n as unknown as { test: AstNode }).test);
  for (const n of nodesUnder(body, 'SwitchStatement')) tests.push(n.discriminant as AstNode);
  // `ctx.assert(article.author.id === ctx.state.user.id, 403)`, `assert(...)`, `invariant(...)`.
  for (const n of nodesUnder(body, 'CallExpression')) if (ASSERT_CALL.test(calleeProperty(n) ?? '') && n.arguments.length > 0) tests.push(n.arguments[0] as AstNode);
  // A `where` / filter built from the identity and passed on counts as scoping too.
  // Not the data of an answer (`res.render('edit', { userId: req.user.id })`): that scopes nothing.
  const callers = identityNames(fn, index);
  const fromCaller = (n: AstNode) => IDENTITY_REF.test(index.text(n)) || mentionsNames(n, callers, index);
  for (const n of nodesUnder(body, 'Property')) if ((OWNER_KEY.test(n.key.type === 'Identifier' ? n.key.name : '') || TENANT_KEY.test(n.key.type === 'Identifier' ? n.key.name : '')) && fromCaller(n.value as AstNode) && !inResponse(n, index)) return true;
  // An access helper handed the caller and the requested id (`await assertMayRead(user, req.query.id)`).
  for (const c of nodesUnder(body, 'CallExpression')) {
    if (!ACCESS_HELPER.test(calleeProperty(c) ?? '') || c.arguments.length < 2) continue;
    const args = c.arguments.map((a) => unwrap(a as AstNode));
    if (args.some((a) => fromCaller(a)) && args.some((a) => requestSource(a, bound, index) !== undefined)) return true;
  }
  return tests.some((t) => {
    const text = index.text(t);
    // The caller held in a local (`const user = getLoggedInUser(req)`) compared with a loaded record.
    if (!IDENTITY_REF.test(text)) return mentionsNames(t, callers, index) && nodesUnder(t, 'Identifier').some((i) => records.has(i.name) && !callers.has(i.name));
    if (/\.(user_?id|owner_?id|author_?id|UserId|OwnerId|userId|owner|user|author|createdBy)\b/.test(text.replace(IDENTITY_REF, ''))) return true;
    return nodesUnder(t, 'Identifier').some((i) => records.has(i.name));
  });
}

const ASSERT_CALL = /^(assert|ok|invariant|ensure|expect|check|authorize|authorise|can)$/;
/** Helpers named as access assertions (`assertCanEdit`, `ensureOwner`, `checkAccess`), judged with their arguments. */
const ACCESS_HELPER = /^(assert|authori[sz]e|ensure|check|verify|can|may|require)[A-Z]\w*$/;
/** Criteria keys that scope records to the caller's tenant (workspace, organisation, team). */
const TENANT_KEY = /^(workspace|org|organi[sz]ation|team|tenant|company)_?(Id|ID|id)$/;

/** Calls that answer, log or flash: their arguments are output, not a query. */
const OUTPUT_CALL = /^(render|json|jsonp|send|end|write|redirect|flash|log|info|warn|error|debug)$/;

function inResponse(node: AstNode, index: JsIndex): boolean {
  return index.ancestors(node).some((a) => a.type === 'CallExpression' && OUTPUT_CALL.test(calleeProperty(a) ?? ''));
}

/** Where a model call's result goes: `const x = await M.find(...)` or `M.find(...).then((x) => ...)`. */
function resultName(call: AstNode, index: JsIndex): { name: string; scope: AstNode } | undefined {
  let n: AstNode = call;
  let parent = index.parent(n);
  while (parent && (parent.type === 'AwaitExpression' || parent.type === 'ParenthesizedExpression')) {
    n = parent;
    parent = index.parent(n);
  }
  if (parent && parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier' && parent.init === n) {
    const fn = index.enclosingFunction(parent);
    return fn?.body ? { name: parent.id.name, scope: fn.body as AstNode } : undefined;
  }
  if (parent && parent.type === 'MemberExpression' && parent.object === n && !parent.computed && parent.property.type === 'Identifier' && parent.property.name === 'then') {
    const then = index.parent(parent);
    const cb = then && then.type === 'CallExpression' ? unwrap(then.arguments[0] as AstNode | undefined) : undefined;
    const first = cb && isFunctionLike(cb) ? (cb.params[0] as AstNode | undefined) : undefined;
    if (cb && isFunctionLike(cb) && cb.body && first && first.type === 'Identifier') return { name: first.name, scope: cb.body as AstNode };
  }
  return undefined;
}

const RECORD_CHANGE = /^(save|update|updateAttributes|set|increment|decrement)$/;
const RECORD_DELETE = /^(destroy|remove|delete|deleteOne)$/;

/**
 * What the handler does with the record a call loaded: changes it (`user.email = ...;
 * user.save()`), deletes it, answers with it (`res.json(user)`), or nothing seen.
 */
function loadedRecordUse(call: AstNode, index: JsIndex): 'update' | 'delete' | 'returned' | undefined {
  const result = resultName(call, index);
  if (!result) return undefined;
  const named = (n: AstNode | undefined): boolean => {
    const u = unwrap(n);
    return !!u && u.type === 'Identifier' && u.name === result.name;
  };
  let returned = false;
  for (const c of nodesUnder(result.scope, 'CallExpression')) {
    const prop = calleeProperty(c) ?? '';
    if (named(calleeObject(c))) {
      if (RECORD_DELETE.test(prop)) return 'delete';
      if (RECORD_CHANGE.test(prop)) return 'update';
    }
    if (RESPONSE_METHODS.test(prop) && c.arguments.some((a) => named(a as AstNode))) returned = true;
  }
  if (nodesUnder(result.scope, 'ReturnStatement').some((r) => named(r.argument as AstNode | undefined))) returned = true;
  return returned ? 'returned' : undefined;
}

const SQL_OWNER = /\b(\w+\.)?(user_?id|owner_?id|author_?id|customer_?id|account_?id|tenant_?id|member_?id|created_?by|user|owner)\b\s*(=|in\b)/i;

/**
 * A hand-written SQL statement that selects, updates or deletes rows of a table by an id the
 * request carries, with no owner column in its WHERE clause (`SELECT ... WHERE o.id = $1`, [req.params.id]).
 */
function sqlRecordAccess(call: CallLike, prop: string, bound: Map<string, string>, index: JsIndex): RecordAccess | undefined {
  if (!/^(query|execute|raw|one|oneOrNone|many|manyOrNone|any|get|all|run)$/.test(prop) || call.arguments.length < 2) return undefined;
  const first = unwrap(call.arguments[0] as AstNode);
  if (first.type !== 'Literal' && first.type !== 'TemplateLiteral') return undefined;
  const sql = index.text(first).replace(/\s+/g, ' ');
  const verb = /^[`'"]?\s*(select|update|delete)\b/i.exec(sql)?.[1]?.toLowerCase();
  const where = /\bwhere\b([\s\S]*)$/i.exec(sql)?.[1];
  if (!verb || !where || SQL_OWNER.test(where)) return undefined;
  const table = (verb === 'update' ? /\bupdate\s+["`]?(\w+)/i : /\bfrom\s+["`]?(\w+)/i).exec(sql)?.[1];
  if (!table) return undefined;
  const idSource = idArgument({ ...call, arguments: call.arguments.slice(1) } as CallLike, bound, index);
  if (!idSource) return undefined;
  const operation = verb === 'select' ? 'read' : verb === 'update' ? 'update' : 'delete';
  return { model: table, operation, api: `${table} ${verb.toUpperCase()} by id`, idSource, call };
}

const DATA_LAYER = /^(.+?)_?(dao|DAO|Dao|repository|Repository|repo|Repo|store|Store|service|Service|model|Model)$/;

/**
 * A record access through the application's own data layer: `allocationsDAO.getByUserId(id)`,
 * `ordersRepository.deleteById(id)`, `noteService.updateNote(id, ...)` (the verb decides).
 */
function dataLayerCall(call: CallLike, prop: string): { model: string; operation: RecordAccess['operation'] } | undefined {
  const owner = memberPath(calleeObject(call))?.pop();
  const m = owner ? DATA_LAYER.exec(owner) : undefined;
  if (!m) return undefined;
  const operation = /^(get|find|fetch|load|read|retrieve|show|select)/.test(prop) ? 'read' : /^(update|set|edit|modify|patch|save|replace)/.test(prop) ? 'update' : /^(delete|remove|destroy|drop)/.test(prop) ? 'delete' : undefined;
  return operation ? { model: m[1].charAt(0).toUpperCase() + m[1].slice(1), operation } : undefined;
}

/**
 * A call on an instance of a model class (`const groupInst = yapi.getInst(groupModel)`,
 * `new OrderModel()`, held in a local or not): the verb of the method decides, short ones (`del`, `up`) included.
 */
function modelInstanceCall(call: CallLike, prop: string, index: JsIndex): { model: string; operation: RecordAccess['operation'] } | undefined {
  const obj = unwrap(calleeObject(call));
  if (!obj) return undefined;
  // `yapi.getInst(projectModel).del(id)` without a local.
  const init = obj.type === 'Identifier' ? unwrapAwait(index.initAt(obj.name, call as AstNode) ?? null) : obj;
  if (!init || (init.type !== 'CallExpression' && init.type !== 'NewExpression')) return undefined;
  const arg = init.type === 'CallExpression' && init.arguments.length === 1 ? unwrap(init.arguments[0] as AstNode) : undefined;
  const cls = arg && arg.type === 'Identifier' ? arg.name : init.type === 'NewExpression' ? memberPath(init.callee as AstNode)?.pop() : undefined;
  const m = cls ? /^(\w+?)_?(Model|Repository)$/.exec(cls) : undefined;
  if (!m) return undefined;
  const operation = /^(get|find|fetch|load|read|retrieve|select)/.test(prop) ? 'read' : /^(update|up$|set|edit|modify|patch|save|replace|add[A-Z]|change)/.test(prop) ? 'update' : /^(delete|del$|del[A-Z]|remove|destroy|drop)/.test(prop) ? 'delete' : undefined;
  return operation ? { model: m[1].charAt(0).toUpperCase() + m[1].slice(1), operation } : undefined;
}

function recordAccesses(fn: FunctionLike, index: JsIndex): RecordAccess[] {
  if (!fn.body) return [];
  const bound = requestBoundNames(fn, index);
  if (ownershipChecked(fn, bound, index)) return [];
  const out: RecordAccess[] = [];
  const calls = nodesUnder(fn.body as AstNode, 'CallExpression');
  const inner = innerChainCalls(calls);
  const chained = new Set<AstNode>();
  for (const call of calls) {
    // Query-builder chains are judged whole, from their outermost call.
    if (inner.has(call)) continue;
    const chain = queryChain(call, index);
    if (!chain) continue;
    for (const c of chain.calls) chained.add(c);
    if (chainScopedByOwner(chain, index)) continue;
    const idSource = chainSelector(chain, index, (v) => requestSource(v, bound, index));
    if (!idSource) continue;
    const verb = chain.operation === 'delete' ? 'del' : chain.operation === 'update' ? 'update' : 'select';
    out.push({ model: chain.table, operation: chain.operation, api: `${chain.table}.${verb}`, idSource, call });
  }
  const loaded = loadedRecordNames(index);
  const callers = identityNames(fn, index);
  for (const call of calls) {
    const prop = calleeProperty(call);
    if (!prop || chained.has(call)) continue;
    const record = loadedRecordCall(call, prop, bound, loaded);
    if (record) {
      out.push(record);
      continue;
    }
    const sqlAccess = sqlRecordAccess(call, prop, bound, index);
    if (sqlAccess) {
      out.push(sqlAccess);
      continue;
    }
    const layer = dataLayerCall(call, prop) ?? modelInstanceCall(call, prop, index);
    let operation: RecordAccess['operation'] | undefined = READ.has(prop) || whereFind(call, prop) ? 'read' : UPDATE.has(prop) ? 'update' : DELETE.has(prop) ? 'delete' : layer?.operation;
    if (!operation) continue;
    const model = modelOf(call, index) ?? layer?.model;
    if (!model) continue;
    const idSource = idArgument(call, bound, index);
    if (!idSource) continue;
    // A record loaded to be changed (`user.email = ...; user.save()`) is changed by that id.
    const use = operation === 'read' ? loadedRecordUse(call, index) : undefined;
    if (use === 'update' || use === 'delete') operation = use;
    // A user id taken from the body/query is often filled in by auth middleware from the token
    // (`req.body.UserId = tokenUser.id`), even when the record is then changed: not judged here.
    if (/^(req|request|ctx|context)\.(body|query|request\.body)\.\w*(user|owner|account|customer)_?id$/i.test(idSource)) continue;
    // (Callbacks are not filters: `find(id, (err, doc) => res.render('x', { userId }))`.)
    if (call.arguments.some((a) => !isFunctionLike(unwrap(a as AstNode)) && nodesUnder(a as AstNode, 'Property').some((p) => OWNER_KEY.test(p.key.type === 'Identifier' ? p.key.name : String(stringValue(p.key as AstNode) ?? ''))))) continue;
    // The caller's identity handed on with the id (`svc.getTool(req.params.id, req.user.workspaceId)`):
    // scoped when the service puts it into its query (this file: here; imported: bola-idor).
    const scope = identityScope(call, index, (a) => IDENTITY_REF.test(index.text(a)) || mentionsNames(a, callers, index));
    if (scope === 'scoped') continue;
    out.push({ model, operation, api: `${model}.${prop}`, idSource, call, ...(scope ? { via: scope } : {}) });
  }
  return out;
}

const GATE_HELPERS = {
  accesses: recordAccesses,
  requestId: (fn: FunctionLike, index: JsIndex) => {
    const bound = requestBoundNames(fn, index);
    return (node: AstNode) => {
      const source = requestSource(node, bound, index);
      return source && idLike(source) ? source : undefined;
    };
  },
  action: handlerLike,
};

/**
 * Sequelize's old `Model.find({ where: { id } })` (one record): `find` alone is too common a name
 * (arrays, Mongo cursors), so only with a `where` selector.
 */
function whereFind(call: CallLike, prop: string): boolean {
  if (prop !== 'find') return false;
  const first = unwrap(call.arguments[0] as AstNode | undefined);
  return !!first && first.type === 'ObjectExpression' && first.properties.some((p) => p.type === 'Property' && p.key.type === 'Identifier' && p.key.name === 'where');
}

/**
 * A change made through the record a route-parameter loader selected: `req.comment.remove()`,
 * `ctx.state.post.destroy()`, `comment.save()` after `const { comment } = ctx.params`.
 */
function loadedRecordCall(call: CallLike, prop: string, bound: Map<string, string>, loaded: ReadonlySet<string>): RecordAccess | undefined {
  const operation = DELETE.has(prop) ? 'delete' : UPDATE.has(prop) || prop === 'save' || prop === 'updateAttributes' ? 'update' : undefined;
  if (!operation || loaded.size === 0) return undefined;
  const path = memberPath(calleeObject(call));
  if (!path) return undefined;
  const source = path.length === 1 ? bound.get(path[0]) : path.join('.');
  const parts = source?.split('.') ?? [];
  const onRequest = /^(req|request)$/.test(parts[0] ?? '');
  const name = onRequest ? parts[1] : parts[2];
  if (!source || !name || parts.length !== (onRequest ? 2 : 3) || !loadedRecordPath(parts, loaded)) return undefined;
  const model = name.charAt(0).toUpperCase() + name.slice(1);
  return { model, operation, api: `${model}.${prop}`, idSource: source, call };
}

/** `req.files`, `req.file`, `ctx.request.files`: multer, express-fileupload and koa-body results. */
function readsUploadedFiles(path: readonly string[]): boolean {
  const at = path[0] === 'ctx' && path[1] === 'request' ? 2 : /^(req|request)$/.test(path[0] ?? '') ? 1 : -1;
  return at > 0 && /^files?$/.test(path[at] ?? '');
}

function bodyTags(fn: FunctionLike, index: JsIndex): string[] {
  const tags = new Set<string>();
  const body = fn.body as AstNode | null;
  if (!body) return [];
  for (const call of [...nodesUnder(body, 'CallExpression'), ...nodesUnder(body, 'NewExpression')]) {
    const resolved = index.resolvedCallee(call) ?? '';
    const prop = calleeProperty(call);
    if (/^(formidable|busboy|multiparty|@fastify\/multipart)\b/.test(resolved) || /^(formidable|busboy|multiparty)\.\w+$/.test(resolved) || uploadInvoked(call, fn, index)) tags.add('upload');
    if (prop === 'regenerate' && /session/.test(calleeName(call) ?? '')) tags.add('regenerates-session');
    if ((prop === 'login' || prop === 'logIn') && /^(req|request|ctx)\./.test(calleeName(call) ?? '')) tags.add('passport-login');
    if (prop === 'file' || prop === 'saveRequestFiles' || prop === 'files' || prop === 'parts') {
      if (/^(req|request)\./.test(calleeName(call) ?? '')) tags.add('upload');
    }
  }
  // What an app-wide multipart parser left on the request: the route takes files only if it reads them.
  for (const member of nodesUnder(body, 'MemberExpression')) {
    const path = memberPath(member);
    if (path && readsUploadedFiles(path)) tags.add('reads-files');
  }
  for (const assign of nodesUnder(body, 'AssignmentExpression')) {
    const path = memberPath(assign.left as AstNode);
    if (storesInSession(path)) tags.add('sets-session');
    if (path && /^(status|statusCode)$/.test(path[path.length - 1]) && /^(405|501)$/.test(index.text(assign.right))) tags.add('method-not-allowed');
  }
  // Facts for safe-method routes (GET): a visible storage write, and a one-time token in the query
  // (the link-from-an-e-mail pattern, which writes on GET by design).
  const storage = writesStorage(fn, index);
  if (storage !== 'none') tags.add('writes-storage');
  if (storage === 'update') tags.add('writes-updates-only');
  if (readsQueryToken(fn)) tags.add('query-token');
  if (namedBodyFieldsWithoutCredential(fn)) tags.add('no-credential-fields');
  if (mailsFreshToken(fn)) tags.add('mails-token');
  const calls = nodesUnder(body, 'CallExpression');
  for (const call of calls) {
    if (/^(status|sendStatus|code)$/.test(calleeProperty(call) ?? '') && /^(405|501)$/.test(index.text((call.arguments[0] as AstNode) ?? call))) tags.add('method-not-allowed');
  }
  // Serves a page shell and nothing else (`res.render('admin')`, `res.sendFile(index.html)`).
  if (calls.length > 0 && calls.every((c) => /^(render|sendFile|redirect|join|resolve|status|type|set|setHeader)$/.test(calleeProperty(c) ?? '')) && calls.some((c) => /^(render|sendFile)$/.test(calleeProperty(c) ?? ''))) tags.add('page-only');
  return [...tags].sort();
}

const RESPONSE_METHODS = /^(send|sendFile|json|jsonp|render|end|redirect|download|write|sendStatus)$/;

/** Generators of unguessable tokens (`uuid.v4()`, `crypto.randomBytes(32).toString('hex')`, `nanoid()`). */
const RANDOM_TOKEN = /(^|\.)(v4|uuidv4|randomUUID|randomBytes|nanoid|cuid|createId)$/;

/**
 * Mails a token it has just generated (`key = uuid.v4(); ... mail.sendResetPassMail(email, key)`):
 * the e-mail-link flows (password reset, magic link, verification), public by design.
 */
function mailsFreshToken(fn: FunctionLike): boolean {
  const tokens = new Set<string>();
  for (const d of nodesUnder(fn.body as AstNode, 'VariableDeclarator')) {
    const init = d.init as AstNode | null;
    if (d.id.type !== 'Identifier' || !init) continue;
    const calls = init.type === 'CallExpression' ? [init, ...nodesUnder(init, 'CallExpression')] : nodesUnder(init, 'CallExpression');
    if (calls.some((c) => RANDOM_TOKEN.test(calleeName(c) ?? ''))) tokens.add(d.id.name);
  }
  if (tokens.size === 0) return false;
  const named = (a: AstNode) => (a.type === 'Identifier' && tokens.has(a.name)) || nodesUnder(a, 'Identifier').some((i) => tokens.has(i.name));
  return nodesUnder(fn.body as AstNode, 'CallExpression').some((c) => /mail/i.test(calleeName(c) ?? '') && /^send|mail$/i.test(calleeProperty(c) ?? calleeName(c) ?? '') && c.arguments.some((a) => named(unwrap(a as AstNode))));
}

/**
 * Does a handler answer requests itself (rather than pass them on)? It writes to its response
 * object, or hands it to a helper, and never calls `next()` without an error. Factories are
 * judged by the handler they return.
 */
export function answers(fn: FunctionLike, index: JsIndex): boolean {
  const inner = handlerLike(fn) ? fn : returnedFunction(fn, index);
  if (!inner || !handlerLike(inner) || !inner.body) return false;
  const params = paramNames(inner);
  const res = params[1];
  const next = params[2];
  const calls = nodesUnder(inner.body as AstNode, 'CallExpression');
  if (next && calls.some((c) => calleeName(c) === next && c.arguments.length === 0)) return false;
  return calls.some((c) => {
    // `res.send(x)`, `res.status(200).json(x)`.
    if (res && chainRoot(c) === res && RESPONSE_METHODS.test(calleeProperty(c) ?? '')) return true;
    return c.arguments.some((a) => {
      const u = unwrap(a as AstNode);
      return u.type === 'Identifier' && u.name === res;
    });
  });
}

/** Persisting calls: ORMs, document stores, query builders. */
const WRITE_METHODS = /^(create|bulkCreate|createMany|insert|insertOne|insertMany|save|update|updateOne|updateMany|upsert|destroy|deleteOne|deleteMany|findByIdAndUpdate|findOneAndUpdate|findByIdAndDelete|findByIdAndRemove|findOneAndDelete|findOneAndRemove|replaceOne|increment|decrement|truncate|restore|bulkWrite|persist|flush|merge|softDelete|remove|delete|set|hset|hmset|lpush|rpush|sadd|zadd|del|incr|decr|expire|publish|enqueue|add|send|sendMail|sendEmail|sendMessage|charge|transfer|refund|emit|write|writeFile|writeFileSync|appendFile|appendFileSync|unlink|unlinkSync|rename|renameSync|rm|rmSync|mkdir|mkdirSync|copyFile|createWriteStream|exec|execSync|spawn|execFile|post|put|patch)$/;
/** Receivers whose `delete`/`set`/`add`/`remove` are in-memory collections, not storage. */
const IN_MEMORY = /^(map|set|cache|list|arr|array|items|seen|visited|params|headers|searchParams|query|url|classList|attributes|formData|form|result|results|out|acc|memo)$/i;
/** Calls that only read, validate, format or answer. */
const PURE_CALL = /^(Number|String|Boolean|parseInt|parseFloat|BigInt|Date|encodeURIComponent|decodeURIComponent)$|valid|check|verify|parse|sanitiz|escape|log|debug|info|warn|error|json|send$|status|render|format|stringify|test|match|includes|trim|lower|upper|split|join|replace|slice|map|filter|reduce|find|get|has|keys|values|entries|assign|freeze|from|of|toString|compare|hash|encode|decode|sign$|isArray|round|floor|ceil|max|min|now|resolve|reject|then|catch|finally|next|redirect|end|write$|set$|header|type|cookie|clearCookie|digest|update$/i;

/**
 * Does a handler change anything: a storage write (ORM, document store, SQL INSERT/UPDATE/DELETE,
 * Redis, file system), a session write, an outbound POST/PUT/PATCH/DELETE, a message or e-mail,
 * or request data handed to one of the repository's own functions (which may persist it)?
 */
/**
 * An upload middleware run by the handler itself on its own request and response
 * (`uploadSingleImage(req, res, (err) => ...)`, `upload.single('image')(req, res, cb)`): multer
 * writes the files, as it does in front of the route.
 */
function uploadInvoked(call: AstNode, fn: FunctionLike, index: JsIndex): boolean {
  if (call.type !== 'CallExpression' || call.arguments.length < 2) return false;
  const params = fn.params.map((p) => ((p as AstNode).type === 'Identifier' ? (p as unknown as { name: string }).name : ''));
  const [req, res] = call.arguments.map((a) => unwrap(a as AstNode));
  if (!params[0] || req.type !== 'Identifier' || res.type !== 'Identifier' || req.name !== params[0] || res.name !== params[1]) return false;
  const callee = unwrap(call.callee);
  // `upload.single('image')(req, res, cb)`, or a name bound to such a call.
  const made = callee.type === 'CallExpression' ? callee : callee.type === 'Identifier' ? unwrap(index.constInit(callee.name)) : undefined;
  if (made && made.type === 'CallExpression' && /^(single|array|fields|any)$/.test(calleeProperty(made) ?? '')) return true;
  return /upload|multer/i.test(calleeName(call) ?? '');
}

export function changesState(fn: FunctionLike, index: JsIndex): boolean {
  const body = fn.body as AstNode | null;
  if (!body) return true;
  if (nodesUnder(body, 'CallExpression').some((c) => uploadInvoked(c, fn, index))) return true;
  for (const assign of nodesUnder(body, 'AssignmentExpression')) {
    const path = memberPath(assign.left as AstNode);
    if (path && path.length >= 3 && REQUEST_PARAMS.has(path[0]) && path[1] === 'session') return true;
  }
  for (const call of nodesUnder(body, 'CallExpression')) {
    const prop = calleeProperty(call) ?? '';
    const name = calleeName(call) ?? '';
    const recv = name.split('.').slice(0, -1);
    const root = chainRoot(call);
    if (['res', 'response', 'reply', 'h', 'console', 'crypto'].includes(root) || /create(Hash|Hmac|Cipher|Decipher|Sign|Verify)/.test(index.text(call.callee as AstNode))) continue;
    // The application's own data layer, by verb: `usersRepository.updatePassword(email, hash)`.
    if (dataLayerWrite(recv, prop)) return true;
    if (projectModuleWrite(call, index, false) !== undefined || modelCompoundWrite(recv, prop)) return true;
    if (WRITE_METHODS.test(prop)) {
      if (/^(delete|set|add|remove|send|emit|write|post|put|patch|get)$/.test(prop) && IN_MEMORY.test(recv[recv.length - 1] ?? '')) continue;
      if (prop === 'send' && recv.length === 0) continue;
      return true;
    }
    if (sqlWrite(call, prop, index, /^(insert|update|delete|replace|merge|upsert|create|drop|alter|truncate)$/i)) return true;
    // Request data handed to one of the repository's own functions, which may persist it.
    if (!PURE_CALL.test(prop || name) && call.arguments.some((a) => REQUEST_INPUTS.test(memberPath(a as AstNode)?.join('.') ?? '') || /\b(req|request|ctx)\.(body|request\.body)\b/.test(index.text(a as AstNode)))) return true;
  }
  return false;
}

/** Storage writes only: ORM and document-store persistence, by the method's exact name. */
const STORAGE_WRITE = /^(create|bulkCreate|createMany|insert|insertOne|insertMany|save|update|updateOne|updateMany|upsert|destroy|deleteOne|deleteMany|findByIdAndUpdate|findOneAndUpdate|findByIdAndDelete|findByIdAndRemove|findOneAndDelete|findOneAndRemove|replaceOne|bulkWrite|persist|softDelete|remove|delete)$/;

/**
 * A stricter reading than `changesState`, for safe methods (GET, HEAD): the handler itself visibly
 * writes to storage (`user.save()`, `Model.deleteOne()`, `usersRepository.updateX()`, an SQL
 * INSERT/UPDATE/DELETE). Session writes, counters, caches, e-mails, outbound calls and request
 * data handed to other functions do not count: they are either expected on a GET or a guess.
 */
function writesStorage(fn: FunctionLike, index: JsIndex): 'none' | 'update' | 'change' {
  const body = fn.body as AstNode | null;
  if (!body) return 'none';
  const loaded = lookedUpDocuments(body);
  let seen: 'none' | 'update' = 'none';
  // Updates (`share.update({ views })`, `user.save()`) may be bookkeeping such as a view counter
  // or a last-seen time; a create, a delete or another verb changes what the application holds.
  const write = (verb: string): boolean => {
    if (!UPDATE_ONLY.test(verb)) return true;
    seen = 'update';
    return false;
  };
  for (const call of nodesUnder(body, 'CallExpression')) {
    const prop = calleeProperty(call) ?? '';
    const recv = (calleeName(call) ?? '').split('.').slice(0, -1);
    const root = chainRoot(call);
    const moduleVerb = projectModuleWrite(call, index, true);
    if (moduleVerb && write(moduleVerb)) return 'change';
    if (moduleVerb || recv.length === 0 || ['res', 'response', 'reply', 'h', 'console', 'crypto', 'Object', 'Reflect', 'session'].includes(root)) continue;
    // On the request, only the signed-in user's own record is storage (`req.user.save()`), not the session.
    if (REQUEST_PARAMS.has(root) && !(recv.length === 2 && /^(user|currentUser|account)$/.test(recv[1]))) continue;
    const owner = recv[recv.length - 1] ?? '';
    if (/session|cache|storage/i.test(owner) || IN_MEMORY.test(owner)) continue;
    // `Map.delete(k)`, `list.remove(x)`: `delete`/`remove` count only on a model or a database handle.
    if (/^(delete|remove)$/.test(prop) && !/^[A-Z]/.test(owner) && !/^(prisma|db|database|knex|models?|orm|em|manager)$/i.test(root) && !DATA_LAYER.test(owner) && !(recv.length === 1 && loaded.has(owner))) continue;
    // `xmlbuilder.create('urlset')`, `EventProxy.create(events, cb)`: a library's factory, no record.
    if (prop === 'create' && recv.length === 1 && libraryFactory(recv[0], index)) continue;
    if ((dataLayerWrite(recv, prop) || STORAGE_WRITE.test(prop)) && write(prop)) return 'change';
    const keyword = sqlWrite(call, prop, index, /^(insert|update|delete|replace|merge|upsert)$/i) ? sqlKeyword(call, index) : undefined;
    if (keyword && write(keyword)) return 'change';
  }
  return seen;
}

/** A name bound to a whole package that is no data store (`const xmlbuilder = require('xmlbuilder')`). */
function libraryFactory(name: string, index: JsIndex): boolean {
  const b = index.bindings.get(name);
  return !!b && (b.imported === 'default' || b.imported === '*') && !/^(\.|@\/|~\/|#)/.test(b.module) && !STORE_PACKAGE.test(b.module);
}

const STORE_PACKAGE = /mongo|sequelize|prisma|typeorm|knex|objection|bookshelf|waterline|mikro|drizzle|kysely|sql|redis|dynamo|firestore|firebase|supabase|couch|pouch|level|nedb|lowdb|orm|db|model|stripe|storage|s3|queue|bull/i;

/** Write verbs that only update records in place. */
const UPDATE_ONLY = /^(update|save|upsert|increment|decrement|touch|mark|set|findByIdAndUpdate|findOneAndUpdate)(?=$|[A-Z_0-9])/i;

/**
 * Names bound to a document a model lookup returned: `const doc = await Todo.findById(id)`, or the
 * result parameter of `Todo.findById(id, (err, doc) => ...)`. Their `remove()`/`delete()` deletes
 * the stored record, where `list.remove(x)` on any other name may be an in-memory collection.
 */
function lookedUpDocuments(body: AstNode): Set<string> {
  const names = new Set<string>();
  const lookup = (n: AstNode | undefined): boolean => {
    const call = n ? unwrapAwait(unwrap(n)) : undefined;
    if (!call || call.type !== 'CallExpression') return false;
    const name = calleeName(call) ?? '';
    return /^[A-Z]\w*\.(find\w*|get\w*|load\w*)$/.test(name);
  };
  for (const d of nodesUnder(body, 'VariableDeclarator')) {
    const id = d.id as AstNode;
    if (id.type === 'Identifier' && lookup(d.init as AstNode | undefined)) names.add(id.name);
  }
  for (const call of nodesUnder(body, 'CallExpression')) {
    if (!lookup(call)) continue;
    const last = unwrap(call.arguments[call.arguments.length - 1] as AstNode);
    const param = isFunctionLike(last) ? (last.params[1] as AstNode | undefined) : undefined;
    if (param?.type === 'Identifier') names.add(param.name);
  }
  return names;
}

/** Verbs that change state when they name a function of the application's own modules. */
const MODULE_WRITE_VERB = /^(update|delete|create|save|insert|remove|destroy|upsert|add|edit|modify|patch|replace|reset|change|register|archive|restore|increment|decrement|assign|revoke|grant|purchase|buy|checkout|pay|book|submit|cancel|approve|reject|publish|transfer|invite|vote|follow|unfollow|subscribe|unsubscribe|enable|disable|toggle|move|clear|wipe|purge|ban|unban|block|unblock|lock|unlock|activate|deactivate|persist|store)(?=$|[A-Z_0-9])/;
/** Folders that hold the data layer of an application. */
const DATA_LAYER_DIR = /(^|\/)(models?|dao|db|database|repositor(y|ies)|repos?|stores?|queries|entities|persistence)(\/|$)/i;

/**
 * A call into one of the application's own modules whose function is named by a write verb:
 * `updateSegment(id, data)` imported from `@/queries`, `products.purchase(cart)` required from
 * `../model/products`. With `dataLayer`, only modules in a data-layer folder count (the strict
 * reading for GET routes); otherwise any project module does.
 */
function projectModuleWrite(call: CallLike, index: JsIndex, dataLayer: boolean): string | undefined {
  const path = memberPath(call.callee as AstNode);
  if (!path || path.length > 2) return undefined;
  const b = index.bindings.get(path[0]);
  if (!b || !/^(\.|@\/|~\/|#)/.test(b.module)) return undefined;
  const fnName = path.length === 2 ? path[1] : b.imported === 'default' || b.imported === '*' ? path[0] : b.imported;
  if (!MODULE_WRITE_VERB.test(fnName) || DATA_LAYER_PLUMBING.test(fnName)) return undefined;
  return !dataLayer || DATA_LAYER_DIR.test(b.module) ? fnName : undefined;
}

/** `View.incrementOrCreate(...)`, `User.findOrCreate(...)`: a model method whose name holds a write word. */
function modelCompoundWrite(recv: readonly string[], prop: string): boolean {
  const owner = recv[recv.length - 1] ?? '';
  return recv.length === 1 && /^[A-Z][a-z]/.test(owner) && /(Create|Update|Delete|Destroy|Remove|Upsert|Insert|Increment|Decrement)(?=$|[A-Z])/.test(prop);
}

/** `db.query('UPDATE ...')`: raw SQL whose first keyword is one of `verbs`. */
function sqlWrite(call: CallLike, prop: string, index: JsIndex, verbs: RegExp): boolean {
  if (!/^(query|execute|run|exec|raw)$/.test(prop) || call.arguments.length === 0) return false;
  const keyword = sqlKeyword(call, index);
  return keyword !== undefined && verbs.test(keyword);
}

function sqlKeyword(call: CallLike, index: JsIndex): string | undefined {
  return /^\s*[`'"]?\s*(\w+)/.exec(index.text(call.arguments[0] as AstNode))?.[1];
}

/** `req.query.token`, `ctx.query.code`: a one-time token or code arriving in the query string. */
function readsQueryToken(fn: FunctionLike): boolean {
  if (!fn.body) return false;
  return nodesUnder(fn.body as AstNode, 'MemberExpression').some((m) => {
    const path = memberPath(m);
    return !!path && path.length === 3 && REQUEST_PARAMS.has(path[0]) && path[1] === 'query' && ONE_TIME_TOKEN.test(path[2]);
  });
}

const CREDENTIAL_FIELD = /pass|pwd|secret|credential|token|hash|otp/i;

/**
 * The handler reads two or more named body fields (`req.body.name`, `const { a, b } = req.body`)
 * and none is a credential: it stores a plain record, so a `POST /users` is not a sign-up.
 */
function namedBodyFieldsWithoutCredential(fn: FunctionLike): boolean {
  const fields = new Set<string>();
  for (const m of nodesUnder(fn.body as AstNode, 'MemberExpression')) {
    const path = memberPath(m);
    if (!path || !REQUEST_PARAMS.has(path[0])) continue;
    const at = path[1] === 'body' ? 2 : path[1] === 'request' && path[2] === 'body' ? 3 : -1;
    if (at > 0 && path.length === at + 1) fields.add(path[at]);
  }
  for (const d of nodesUnder(fn.body as AstNode, 'VariableDeclarator')) {
    const id = d.id as AstNode;
    const init = d.init ? memberPath(d.init as AstNode) : undefined;
    if (id.type !== 'ObjectPattern' || !init || !REQUEST_PARAMS.has(init[0]) || init[init.length - 1] !== 'body') continue;
    for (const prop of (id as unknown as { properties: AstNode[] }).properties) {
      const key = prop.type === 'Property' ? (prop as unknown as { key: AstNode }).key : undefined;
      if (key?.type === 'Identifier') fields.add(key.name);
      else return false;
    }
  }
  return fields.size >= 2 && ![...fields].some((f) => CREDENTIAL_FIELD.test(f));
}

const ONE_TIME_TOKEN = /^(token|code|otp|hash|signature|sig|nonce|ticket|verification_?token|verify_?token|confirm(ation)?_?token|activation_?(token|code)?)$/i;

const DATA_LAYER_WRITE = /^(update|delete|create|save|insert|set|remove|destroy|upsert|add|edit|modify|patch|replace|reset|change|register|archive|restore|increment|decrement|mark|assign|revoke|grant)(?=$|[A-Z_0-9])/;

/** `createStream`, `createQueryBuilder`, `setLocale`: readers and plumbing, named like writes. */
const DATA_LAYER_PLUMBING = /^(create|set)\w*(Stream|Cursor|Iterator|Reader|QueryBuilder|Query|Builder|Context|Client|Connection|Session|Transaction|Locale|Logger|Timeout|Options|Config)$|^setUp$/;

/** A write through a receiver named like a data layer (`usersRepository`, `orderService`, `notesDao`) by its verb. */
function dataLayerWrite(receiver: readonly string[], prop: string): boolean {
  const owner = receiver[receiver.length - 1];
  return !!owner && DATA_LAYER.test(owner) && DATA_LAYER_WRITE.test(prop) && !DATA_LAYER_PLUMBING.test(prop);
}

/** The name a call chain starts from: `res` for `res.status(500).send()`, `db` for `db.users.insert()`. */
function chainRoot(call: CallLike): string {
  let n: AstNode = unwrap(call.callee as AstNode);
  for (let i = 0; i < 20; i++) {
    if (n.type === 'MemberExpression') n = unwrap(n.object);
    else if (n.type === 'CallExpression') n = unwrap(n.callee as AstNode);
    else break;
  }
  return n.type === 'Identifier' ? n.name : n.type === 'ThisExpression' ? 'this' : '';
}

const COOKIE_CREDENTIAL = /^(token|jwt|auth|authorization|access_?token|id_?token|session|sid|session_?id|connect\.sid)$/i;

/** Session keys that hold no identity: a login step in progress, messages, navigation, preferences. */
const NOT_IDENTITY_KEY = /^(flash|messages?|returnTo|return_to|redirect\w*|cart|basket|lang|language|locale|theme|views|visits)$/i;

/**
 * `req.session.userId = ...`: what a login stores in the session. Not the state of a login in
 * progress (`req.session.loginChallenge`, `pendingUserId`), set before anyone is signed in.
 */
function storesInSession(path: string[] | undefined): boolean {
  if (!path || path.length < 3 || !REQUEST_PARAMS.has(path[0]) || path[1] !== 'session') return false;
  return !LOGIN_STEP_KEY.test(path[2]) && !NOT_IDENTITY_KEY.test(path[2]);
}

/**
 * Places rules cite: the first write of a user into the session (`req.session.userId = ...`) and
 * the first read of a credential from a cookie (`req.cookies.token`), which makes the browser send
 * the credential on cross-site requests too.
 */
function handlerSites(fn: FunctionLike): HandlerSite[] {
  if (!fn.body) return [];
  const out: HandlerSite[] = [];
  for (const assign of nodesUnder(fn.body as AstNode, 'AssignmentExpression')) {
    const path = memberPath(assign.left as AstNode);
    if (storesInSession(path)) {
      out.push({ site: 'sets-session', node: assign });
      break;
    }
  }
  const cookie = cookieCredential(fn);
  if (cookie) out.push({ site: 'cookie-credential', node: cookie });
  return out;
}

function cookieCredential(fn: FunctionLike): AstNode | undefined {
  return nodesUnder(fn.body as AstNode, 'MemberExpression').find((m) => {
    const path = memberPath(m);
    return !!path && path.length === 3 && REQUEST_PARAMS.has(path[0]) && (path[1] === 'cookies' || path[1] === 'signedCookies') && COOKIE_CREDENTIAL.test(path[2]);
  });
}

export function summarizeHandler(fn: FunctionLike, index: JsIndex): HandlerSummary {
  const verdict = classifyGuard(fn, index);
  const tags = bodyTags(fn, index);
  // Handlers whose body shows no write anywhere (a computation, a lookup, a redirect) are marked,
  // so rules about state-changing routes need more than the HTTP verb.
  if (!changesState(fn, index)) tags.push('no-state-change');
  // The handler authenticates the caller from a credential the browser sends by itself.
  if (verdict && cookieCredential(fn)) tags.push('cookie-auth');
  const summary: HandlerSummary = { tags, access: siblingGated(fn, index, GATE_HELPERS), sites: handlerSites(fn) };
  // The access check its controller's actions share, made on the request's id: object-level authz.
  if (gateChecked(fn, index, GATE_HELPERS)) tags.push('access-checked');
  // An owner-or-admin check comes back as `user` (with `owner`) from the classifier itself.
  const continues = verdict ? inlineGuardContinues(fn, index) : undefined;
  if (continues) {
    // `if (!req.session.user) { res.redirect('/login'); }` and the handler runs on: no guard.
    summary.tags.push('guard-does-not-halt');
    summary.sites.push({ site: 'guard-continues', node: continues.check, values: { guard: 'the inline check', guardFile: index.file, guardLine: index.line(continues.check), after: continues.after } });
  } else if (verdict) {
    summary.inline = { level: verdict.level, why: `handler checks: ${verdict.why}` };
    // `topic.author_id.equals(user._id) || user.is_admin`: a signed-in owner passes, object-level authz.
    if (verdict.owner) summary.tags.push('owner-check');
  }
  else guardCallSummary(fn, index, summary);
  summary.tags.sort();
  return summary;
}

/** A branch that leaves the handler: `return`, `throw`, `ctx.throw(403)`, or a `next(...)` hand-off. */
function leaves(branch: AstNode): boolean {
  return someNode(branch, (n) => n.type === 'ReturnStatement' || n.type === 'ThrowStatement' || (n.type === 'CallExpression' && (calleeName(n) === 'next' || calleeProperty(n) === 'throw')));
}

/**
 * The handler's first identity check answers the stranger (401, 403, a redirect) but neither
 * returns nor throws, has no `else`, and statements follow it: they run for everyone.
 */
function inlineGuardContinues(fn: FunctionLike, index: JsIndex): { check: AstNode; after: 'data' | 'answers' } | undefined {
  const body = fn.body as AstNode | null;
  if (!body || body.type !== 'BlockStatement') return undefined;
  const statements = body.body as AstNode[];
  const [req, res] = paramNames(fn);
  for (let i = 0; i < statements.length; i++) {
    const stmt = statements[i];
    if (stmt.type !== 'IfStatement' || !negative(stmt.test as AstNode, index) || !identityIn(stmt.test as AstNode, index)) continue;
    if (stmt.alternate || leaves(stmt.consequent as AstNode) || !rejects(stmt.consequent as AstNode, index, true)) return undefined;
    const rest = statements.slice(i + 1);
    if (rest.length === 0) return undefined;
    const work = rest.flatMap((r) => nodesUnder(r, 'CallExpression')).some((c) => {
      const root = memberPath(c.callee as AstNode)?.[0] ?? '';
      return root !== res && root !== req && root !== 'console' && root !== 'next';
    });
    return { check: stmt, after: work ? 'data' : 'answers' };
  }
  return undefined;
}

/**
 * Guards the handler calls itself: one that stops the handler authenticates it; one that only
 * answers and lets the handler go on is a `guard-continues` site (the route stays unauthenticated).
 */
function guardCallSummary(fn: FunctionLike, index: JsIndex, summary: HandlerSummary): void {
  const { local, imported } = guardCalls(fn, index);
  for (const g of local) {
    if (g.halts || g.helperHalts) {
      summary.inline = { level: g.verdict.level, why: `handler calls ${g.name}: ${g.verdict.why}` };
      return;
    }
    if (!summary.tags.includes('guard-does-not-halt')) summary.tags.push('guard-does-not-halt');
    summary.sites.push({ site: 'guard-continues', node: g.call, values: { guard: g.name, guardFile: index.file, guardLine: g.helperLine, after: g.after } });
  }
  if (imported.length > 0) summary.guardCalls = imported;
}

export interface ResolvedHandler {
  fn?: FunctionLike;
  ref?: HandlerRef;
  name?: string;
  /** Node whose line is the handler location in this file. */
  at?: AstNode;
}

const WRAPPER_NAMES = /async|catch|wrap|handler|try|safe|errors?|promise|route|controller|withErrors?/i;

/**
 * Finds the function a handler expression stands for: inline, same-file, a thin wrapper around a
 * controller call, `asyncHandler(fn)`, `ctrl.method.bind(ctrl)`, or an import (left as a ref).
 */
export function resolveHandler(expr: AstNode, index: JsIndex, depth = 0): ResolvedHandler {
  const n = unwrap(expr);
  if (depth > 3) return {};
  if (isFunctionLike(n)) {
    const inner = thinWrapperCallee(n);
    const name = index.functionName(n);
    if (inner) {
      const target = resolveHandler(inner, index, depth + 1);
      if (target.fn || target.ref) return { ...target, fn: target.fn ?? n };
    }
    return { fn: n, name, at: n };
  }
  if (n.type === 'CallExpression') {
    const prop = calleeProperty(n);
    if (prop === 'bind') {
      const obj = calleeObject(n);
      return obj ? resolveHandler(obj, index, depth + 1) : {};
    }
    const name = calleeName(n) ?? '';
    if (n.arguments.length >= 1 && !constructRef(n, index, name) && WRAPPER_NAMES.test(name)) {
      return resolveHandler(n.arguments[0] as AstNode, index, depth + 1);
    }
    // Handler factories: `app.post('/x', order())`, `router.get('/y', ctrl.list())`.
    const path = memberPath(n.callee as AstNode);
    if (!path || constructRef(n, index, name)) return {};
    if (path.length === 1) {
      const local = index.functionByName(path[0]);
      if (local) return { fn: local, name: path[0], at: local };
    }
    const b = index.bindings.get(path[0]);
    if (b && (b.module.startsWith('.') || b.module.startsWith('@/') || b.module.startsWith('~/'))) {
      let exp = b.imported;
      if (exp === '*' || exp === 'default') exp = path.length > 1 ? path[path.length - 1] : 'default';
      else if (path.length > 1) exp = path[path.length - 1];
      return { ref: { module: b.module, from: index.file, export: exp, name: path.join('.') }, name: path.join('.') };
    }
    return {};
  }
  const path = memberPath(n);
  if (!path) return {};
  if (path.length === 1) {
    // A same-file `const getMe = asyncHandler(async (req, res) => ...)` stands for the wrapped function.
    const fn = index.functionByName(path[0]) ?? (n.type === 'Identifier' ? wrappedHandler(n, index) : undefined);
    if (fn) return { fn, name: path[0], at: fn };
  }
  const b = index.bindings.get(path[0]);
  if (b) {
    let exp = b.imported;
    if (exp === '*' || exp === 'default') exp = path.length > 1 ? path[path.length - 1] : 'default';
    else if (path.length > 1) exp = path[path.length - 1];
    return { ref: { module: b.module, from: index.file, export: exp, name: path.join('.') }, name: path.join('.') };
  }
  // const ctrl = new UserController() (local or imported class), or an object literal of handlers.
  if (path.length === 2) {
    // A static method of a class of this file: `app.get('/uploads/:name', Uploader.routeGetFile)`.
    const own = index.classByName(path[0]);
    const stat = own?.body.body.find((m) => m.type === 'MethodDefinition' && m.static && m.key.type === 'Identifier' && m.key.name === path[1]);
    if (stat && stat.type === 'MethodDefinition') return { fn: stat.value as FunctionLike, name: path.join('.'), at: stat as AstNode };
    const init = unwrap(index.constInit(path[0]));
    if (init && init.type === 'NewExpression') {
      const cls = unwrap(init.callee);
      if (cls.type === 'Identifier') {
        const local = index.classByName(cls.name);
        const method = local?.body.body.find((m) => m.type === 'MethodDefinition' && m.key.type === 'Identifier' && m.key.name === path[1]);
        if (method && method.type === 'MethodDefinition') return { fn: method.value as FunctionLike, name: `${cls.name}.${path[1]}`, at: method as AstNode };
        // A constructor function of this file: `function H(db) { this.show = (req, res) => ... }`.
        const ctor = index.functionByName(cls.name);
        const member = ctor ? constructorMembers(ctor, index).get(path[1]) : undefined;
        if (member) return { fn: member, name: `${cls.name}.${path[1]}`, at: member };
        const cb = index.bindings.get(cls.name);
        if (cb) return { ref: { module: cb.module, from: index.file, export: instanceExport(cb.imported, path[1]), name: path.join('.') }, name: path.join('.') };
      }
    }
    if (init && init.type === 'ObjectExpression') {
      const prop = init.properties.find((p) => p.type === 'Property' && p.key.type === 'Identifier' && p.key.name === path[1]);
      const fn = prop && prop.type === 'Property' ? functionOf(prop.value as AstNode, index) : undefined;
      if (fn) return { fn, name: path.join('.'), at: fn };
    }
  }
  return { name: path.join('.') };
}

/** `(req, res) => ctrl.show(req, res)` / `{ return svc.x(req, res, next) }` → `ctrl.show`. */
function thinWrapperCallee(fn: FunctionLike): AstNode | undefined {
  let body = unwrap(fn.body as AstNode | null);
  if (!body) return undefined;
  if (body.type === 'BlockStatement') {
    if (body.body.length !== 1) return undefined;
    const stmt = body.body[0];
    if (stmt.type === 'ReturnStatement' && stmt.argument) body = unwrap(stmt.argument as AstNode);
    else if (stmt.type === 'ExpressionStatement') body = unwrap(stmt.expression as AstNode);
    else return undefined;
  }
  const call = unwrapAwait(body);
  if (!call || call.type !== 'CallExpression') return undefined;
  const params = paramNames(fn);
  const passes = call.arguments.some((a) => {
    const u = unwrap(a as AstNode);
    return u.type === 'Identifier' && params.includes(u.name) && REQUEST_PARAMS.has(u.name);
  });
  return passes ? (call.callee as AstNode) : undefined;
}

/** `record-access` and `handler-site` config facts for a summary (route fields are completed by link). */
export function accessFacts(summary: HandlerSummary, index: JsIndex, route: { file?: string; line?: number; handler?: string }): FactInput[] {
  const sites = summary.sites.map((site): FactInput => {
    const values: ConfigFact['values'] = { ...site.values, site: site.site };
    if (route.file) values.routeFile = route.file;
    if (route.line) values.routeLine = route.line;
    if (route.handler) values.handler = route.handler;
    return { kind: 'config', setting: 'handler-site', values, evidence: index.evidence(site.node), key: `${index.file}#handler-site:${index.enclosingFunctionName(site.node)}:${site.site}` };
  });
  return [...sites, ...summary.access.map((a) => {
    const values: ConfigFact['values'] = { model: a.model, operation: a.operation, api: a.api, idSource: a.idSource, ownerCheck: false };
    if (a.via) Object.assign(values, { scopeFrom: index.file, scopeModule: a.via.module, scopeExport: a.via.export, scopeArgs: a.via.args.join(',') });
    if (a.sibling) values.siblingCheck = a.sibling;
    if (route.file) values.routeFile = route.file;
    if (route.line) values.routeLine = route.line;
    if (route.handler) values.handler = route.handler;
    const fact: Omit<ConfigFact, 'extractor'> = {
      kind: 'config',
      setting: 'record-access',
      values,
      summary: `${a.api} by ${a.idSource} without an ownership check`,
      evidence: index.evidence(a.call),
      key: `${index.file}#record-access:${index.enclosingFunctionName(a.call)}:${a.api}`,
    };
    return fact;
  })];
}

/**
 * `js-handler` records (for link) and `record-access` facts for every exported function of a file
 * that looks like a request handler, so routes in other files that import it get its summary.
 */
export function exportedHandlerFacts(index: JsIndex): FactInput[] {
  const byFn = new Map<FunctionLike, string[]>();
  // Functions reached through a wrapper call: their own name would be the wrapper's.
  const wrapped = new Set<FunctionLike>();
  for (const [name, value] of index.exports) {
    let v = unwrap(value);
    // `class X {}` ... `module.exports = X`: the class's methods.
    if (v.type === 'Identifier' && !index.functionByName(v.name)) v = (index.classByName(v.name) as AstNode | undefined) ?? v;
    if (v.type === 'ClassDeclaration' || v.type === 'ClassExpression') {
      for (const m of v.body.body) {
        if (m.type !== 'MethodDefinition' || m.key.type !== 'Identifier' || m.key.name === 'constructor') continue;
        const list = byFn.get(m.value as FunctionLike) ?? [];
        list.push(m.key.name, `${name}.${m.key.name}`);
        byFn.set(m.value as FunctionLike, list);
      }
      continue;
    }
    // `exports.getMe = asyncHandler(async (req, res, next) => ...)`: the wrapped function handles it.
    const direct = functionOf(v, index);
    const fn = direct ?? wrappedHandler(v, index);
    if (!fn) continue;
    if (!direct) wrapped.add(fn);
    const list = byFn.get(fn) ?? [];
    list.push(name);
    byFn.set(fn, list);
  }
  const out: FactInput[] = [];
  const fne = index.file.replace(/\.(?:[cm]?[jt]sx?)$/, '');
  for (const [fn, exports] of byFn) {
    const inner = handlerLike(fn) ? fn : returnedFunction(fn, index);
    if (!inner || !handlerLike(inner)) continue;
    const summary = summarizeHandler(fn, index);
    const record = { exports, name: (wrapped.has(fn) ? undefined : index.functionName(fn)) ?? exports[0], line: index.line(fn), inline: summary.inline ?? leadingAdminGate(fn, index), tags: summary.tags, rejects: canRefuse(inner, index), answers: answers(fn, index), guardCalls: summary.guardCalls, dispatch: prefixDispatch(fn, index) };
    out.push({
      kind: 'config',
      setting: 'js-handler',
      values: { data: JSON.stringify(record) },
      evidence: index.evidence(fn),
      key: `${index.file}#js-handler:${exports[0]}`,
    });
    out.push(...accessFacts(summary, index, { handler: `${fne}#${exports[0]}` }));
  }
  return out;
}
