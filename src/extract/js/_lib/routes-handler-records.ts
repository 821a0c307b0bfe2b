// Records a handler loads, changes or deletes by an id taken from the request, and whether it
// compares them with the authenticated caller (the syntactic footprint of BOLA/IDOR). Separate from
// routes-handler.ts, which only assembles a handler's summary from this and the other readings.
import type { FactInput } from '../../../model/types.js';
import { calleeName, calleeObject, calleeProperty, isFunctionLike, memberPath, nodesUnder, paramNames, stringValue, unwrap, unwrapAwait, type AstNode, type CallLike, type FunctionLike, type JsIndex } from './ast.js';
import { chainScopedByOwner, chainSelector, identityScope, innerChainCalls, loadedRecordNames, loadedRecordPath, queryChain, type ScopeCall } from './routes-records.js';
import { RESPONSE_METHODS } from './routes-handler-writes.js';
import { rejects } from './routes-guard-signals.js';

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
  /**
   * The id is a user id the client sends in the body or query (`req.body.userId`): bola-idor
   * drops it where the application fills that field from the token itself (`request-identity-fill`).
   */
  clientUserId?: string;
}

/**
 * A place in a handler that rules cite: where it writes the session, reads a cookie credential,
 * or calls a guard that does not stop it (`guard-continues`, with the guard in `values`).
 */
const READ = new Set(['findOneAsync', 'findById', 'findByPk', 'findOne', 'findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findOneBy', 'findOneOrFail', 'findOneByOrFail', 'findByIdOrFail', 'getById', 'findByPkOrFail', 'findOrFail', 'findByOrFail']);
const UPDATE = new Set(['updateAsync', 'upsertAsync', 'findByIdAndUpdate', 'findOneAndUpdate', 'updateOne', 'update', 'increment', 'decrement', 'replaceOne', 'findOneAndReplace']);
const DELETE = new Set(['removeAsync', 'findByIdAndDelete', 'findByIdAndRemove', 'findOneAndDelete', 'findOneAndRemove', 'deleteOne', 'destroy', 'delete', 'remove']);
const NOT_MODELS = new Set(['Object', 'JSON', 'Promise', 'Math', 'Array', 'Date', 'Number', 'String', 'Buffer', 'Reflect', 'Map', 'Set', 'Intl', 'URL', 'Error', 'Boolean', 'Symbol', 'React', 'Vue']);
export const REQUEST_PARAMS = new Set(['req', 'request', 'ctx', 'context']);
const OWNER_KEY = /^(user|userId|user_id|UserId|owner|ownerId|owner_id|OwnerId|createdBy|created_by|author|authorId|AuthorId|customer|customerId|CustomerId|account|accountId|AccountId|tenantId|tenant_id|TenantId|memberId|profileId|uid)$/;
export const REQUEST_INPUTS = /^(req|request)\.(params|body|query)|^(ctx|context)\.(params|query|request\.body|request\.query)/;
// `request.client.organizationId`: the API client a machine credential authenticated (not Node's socket alias).
const IDENTITY_REF = /\b(req|request|ctx|context|res)\s*\.\s*(user|session|auth|userId|user_id|uid|currentUser|payload|state\s*\.\s*user|locals\s*\.\s*(user|currentUser|auth)|account|identity|principal|token|decoded|jwt)\b|\b(req|request)\s*\.\s*client\s*!?\s*\.\s*\w*(Id|ID|_id)\b|\bthis\s*\.\s*userId\b|\bMeteor\s*\.\s*user(?:Id)?\s*\(|\bgetServerSession\b|\bcurrentUser\b|\bgetCurrentUser\b|\bgetUserId\b|\brequireUser\b|\bgetSession\b/;

/** Locals that hold the caller (`const user = await userFromSession(request)`) by name. */
const CALLER_LOCAL = /^(user|userId|currentUser|currentUserId|sessionUser|authUser|me|caller|principal|account)$/;
/** Helpers handed the request that read the caller's scope from it (`getActiveWorkspaceId(req)`, `getLoggedInUser(req)`). */
const CALLER_HELPER = /^(get|current|load|require|resolve|fetch|read)\w*(User|Workspace|Tenant|Organi[sz]ation|Account|Session|Caller|Principal)|^authenticate/;

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
  // Meteor's accounts collection.
  if (path.join('.') === 'Meteor.users') return 'User';
  const last = path[path.length - 1];
  if (path.length === 1 && /^[A-Z][A-Za-z0-9]+$/.test(last) && !NOT_MODELS.has(last)) return last;
  if (/(Repository|Repo|Model)$/.test(last) && last.length > 5) return last.replace(/(Repository|Repo|Model)$/, '');
  if (path.length >= 2 && /^(prisma|db|models|database|orm|knex|em)$/i.test(path[path.length - 2])) return last;
  if (path.length >= 2 && /^[A-Z][A-Za-z0-9]+$/.test(last) && !NOT_MODELS.has(last)) return last;
  return undefined;
}

/** Names bound from request input in a function (`const { id } = req.params`, `const id = +req.params.id`). */
function requestBoundNames(fn: FunctionLike, index: JsIndex, seed?: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map([...(seed ?? []), ...contextParamNames(fn)]);
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

/** AdonisJS handlers destructure the HTTP context: `{ params, request }: HttpContext` reads `ctx.params`, `ctx.request`. */
const CONTEXT_PARAM_TYPE = /^(HttpContext|HttpContextContract)$/;

function contextParamNames(fn: FunctionLike): Map<string, string> {
  const out = new Map<string, string>();
  const p = fn.params[0] as AstNode | undefined;
  if (!p || p.type !== 'ObjectPattern') return out;
  const ann = p.typeAnnotation?.typeAnnotation;
  if (!ann || ann.type !== 'TSTypeReference' || ann.typeName.type !== 'Identifier' || !CONTEXT_PARAM_TYPE.test(ann.typeName.name)) return out;
  for (const prop of p.properties) {
    if (prop.type !== 'Property' || prop.key.type !== 'Identifier') continue;
    const v = unwrap(prop.value as AstNode);
    if (v.type === 'Identifier' && (prop.key.name === 'params' || prop.key.name === 'request')) out.set(v.name, `ctx.${prop.key.name}`);
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
function ownershipChecked(fn: FunctionLike, bound: Map<string, string>, index: JsIndex, rpc = false): boolean {
  const body = fn.body as AstNode;
  const records = new Set<string>(bound.keys());
  for (const d of nodesUnder(body, 'VariableDeclarator')) {
    const init = unwrapAwait(d.init as AstNode | null);
    if (init && init.type === 'CallExpression' && d.id.type === 'Identifier') records.add(d.id.name);
    // `const card = (await cache.getCard(id)) || (await Cards.findOneAsync(id))`: one record, two lookups.
    else if (init && init.type === 'LogicalExpression' && d.id.type === 'Identifier' && [init.left, init.right].every((x) => unwrapAwait(x as AstNode)?.type === 'CallExpression')) records.add(d.id.name);
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
  // (An RPC function's first parameter is an argument, not the request.)
  if (!rpc && requestBoundCheck(fn, bound, index)) return true;
  // Verdicts of a permission call handed the caller and a loaded record, tested later
  // (`const isMember = allowIsBoardMember(this.userId, board) || …; if (!isMember) throw …`).
  const verdicts = new Set<string>();
  for (const d of nodesUnder(body, 'VariableDeclarator')) {
    if (d.id.type !== 'Identifier' || !d.init) continue;
    const judged = nodesUnder(d.init as AstNode, 'CallExpression').some((c) => {
      const args = c.arguments.map((a) => unwrap(a as AstNode));
      const onRecord = [...args, unwrap(calleeObject(c))].some((a) => !!a && a.type === 'Identifier' && records.has(a.name) && !callers.has(a.name));
      return onRecord && args.some((a) => fromCaller(a));
    });
    if (judged) verdicts.add(d.id.name);
  }
  return tests.some((t) => {
    if (verdicts.size > 0 && mentionsNames(t, verdicts, index)) return true;
    const text = index.text(t);
    // The caller held in a local (`const user = getLoggedInUser(req)`) compared with a loaded record.
    if (!IDENTITY_REF.test(text)) return mentionsNames(t, callers, index) && nodesUnder(t, 'Identifier').some((i) => records.has(i.name) && !callers.has(i.name));
    if (/\.(user_?id|owner_?id|author_?id|UserId|OwnerId|userId|owner|user|author|createdBy)\b/.test(text.replace(IDENTITY_REF, ''))) return true;
    return nodesUnder(t, 'Identifier').some((i) => records.has(i.name));
  });
}

/**
 * A check handed the request itself and the id the request names, whose empty answer is refused
 * with 401/403 (`const grant = await grantForShare(req, shareId); if (!grant) return
 * res.status(401)...`): the caller's credential is judged for that very record, as a session or
 * capability scoped to one object is.
 */
function requestBoundCheck(fn: FunctionLike, bound: Map<string, string>, index: JsIndex): boolean {
  const request = paramNames(fn)[0];
  if (!request) return false;
  const checked = new Set<string>();
  for (const d of nodesUnder(fn.body as AstNode, 'VariableDeclarator')) {
    const init = unwrapAwait(d.init as AstNode | null);
    if (!init || init.type !== 'CallExpression' || d.id.type !== 'Identifier') continue;
    const args = init.arguments.map((a) => unwrap(a as AstNode));
    if (args.some((a) => a.type === 'Identifier' && a.name === request) && args.some((a) => requestSource(a, bound, index) !== undefined)) checked.add(d.id.name);
  }
  if (checked.size === 0) return false;
  return nodesUnder(fn.body as AstNode, 'IfStatement').some((s) => {
    const t = unwrap(s.test as AstNode);
    const subject = t.type === 'UnaryExpression' && t.operator === '!' ? unwrap(t.argument as AstNode) : undefined;
    return subject?.type === 'Identifier' && checked.has(subject.name) && /40[13]/.test(rejects(s.consequent as AstNode, index) ?? '');
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

export const DATA_LAYER = /^(.+?)_?(dao|DAO|Dao|repository|Repository|repo|Repo|store|Store|service|Service|model|Model)$/;

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

function recordAccesses(fn: FunctionLike, index: JsIndex, seed?: ReadonlyMap<string, string>): RecordAccess[] {
  if (!fn.body) return [];
  const bound = requestBoundNames(fn, index, seed);
  if (ownershipChecked(fn, bound, index, !!seed)) return [];
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
    // (`req.body.UserId = tokenUser.id`): marked, for bola-idor to judge against the fills it sees.
    const clientUserId = CLIENT_USER_ID.exec(idSource)?.[1];
    // (Callbacks are not filters: `find(id, (err, doc) => res.render('x', { userId }))`.)
    if (call.arguments.some((a) => !isFunctionLike(unwrap(a as AstNode)) && nodesUnder(a as AstNode, 'Property').some((p) => OWNER_KEY.test(p.key.type === 'Identifier' ? p.key.name : String(stringValue(p.key as AstNode) ?? ''))))) continue;
    // The caller's identity handed on with the id (`svc.getTool(req.params.id, req.user.workspaceId)`):
    // scoped when the service puts it into its query (this file: here; imported: bola-idor).
    const scope = identityScope(call, index, (a) => IDENTITY_REF.test(index.text(a)) || mentionsNames(a, callers, index));
    if (scope === 'scoped') continue;
    out.push({ model, operation, api: `${model}.${prop}`, idSource, call, ...(scope ? { via: scope } : {}), ...(clientUserId ? { clientUserId } : {}) });
  }
  return out;
}

/**
 * Records an RPC function changes or reads by an id among its own arguments, which the client
 * chooses (a Meteor method `async 'files.remove'(fileId) { await Files.removeAsync(fileId); }`,
 * `run({ todoId })` of a ValidatedMethod), with no comparison of the record with the caller:
 * the same reading as a route handler's, the arguments standing for `req.params` (`args.fileId`).
 */
export function argumentRecordAccesses(fn: FunctionLike, index: JsIndex): RecordAccess[] {
  const seed = new Map<string, string>();
  for (const p of fn.params as AstNode[]) {
    const v = p.type === 'AssignmentPattern' ? (p.left as AstNode) : p;
    if (v.type === 'Identifier') seed.set(v.name, `args.${v.name}`);
    else if (v.type === 'ObjectPattern') {
      for (const prop of v.properties) {
        if (prop.type !== 'Property' || prop.key.type !== 'Identifier') continue;
        const local = unwrap(prop.value as AstNode);
        const name = local.type === 'Identifier' ? local.name : local.type === 'AssignmentPattern' && local.left.type === 'Identifier' ? local.left.name : undefined;
        if (name) seed.set(name, `args.${prop.key.name}`);
      }
    }
  }
  return seed.size > 0 ? recordAccesses(fn, index, seed) : [];
}

/** `req.body.userId`, `ctx.request.body.owner_id`: a user id chosen by the client (group 1: the field). */
const CLIENT_USER_ID = /^(?:req|request|ctx|context)\.(?:body|query|request\.body)\.(\w*(?:user|owner|account|customer)_?id)$/i;

/**
 * `request-identity-fill` facts: fields of the request input the application overwrites with a
 * user id itself (`req.body.UserId = tokenUser.id`, `ctx.request.body.ownerId = ctx.state.user.id`),
 * auth middleware that makes a client-sent user id the caller's own. Read from the indexed assignments.
 */
export function identityFillFacts(index: JsIndex): FactInput[] {
  const seen = new Set<string>();
  const out: FactInput[] = [];
  for (const a of index.nodesOf('AssignmentExpression')) {
    if (a.operator !== '=' || a.left.type !== 'MemberExpression') continue;
    const path = memberPath(a.left as AstNode)?.join('.');
    const field = path ? CLIENT_USER_ID.exec(path)?.[1] : undefined;
    if (!field || seen.has(field)) continue;
    seen.add(field);
    out.push({ kind: 'config', setting: 'request-identity-fill', values: { field }, evidence: index.evidence(a), key: `${index.file}#request-identity-fill:${field}` });
  }
  return out;
}

export const GATE_HELPERS = {
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
