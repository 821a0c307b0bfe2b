// Handlers that answer with every account of the application: a read of the user/account model
// with no criteria, or with criteria made of constants only (`find({ isAdmin: { $ne: true } })`,
// a role filter), never the caller or a tenant, whose whole records reach the response. Made
// directly (`UserModel.findAll()`) or through the application's data layer
// (`benefitsDAO.getAllNonAdminUsers(cb)`, judged in the file that defines it: `record-listing-def`).
// Read by admin-route-without-admin-check: on a route any logged-in user may call this is an
// administrative function (a user directory) without an administrator check.
import type { FactInput } from '../../../model/types.js';
import { calleeObject, calleeProperty, isFunctionLike, memberPath, nodesUnder, propertyKey, stringValue, unwrap, type AstNode, type CallLike, type FunctionLike, type JsIndex } from './ast.js';
import { RESPONSE_METHODS } from './routes-handler-writes.js';

export interface RecordListing {
  call: AstNode;
  /** The user model read directly (`User`), or, through the data layer, undefined. */
  model?: string;
  api: string;
  /** Through the data layer: the method, the receiver's class or name, the module it is imported from. */
  method?: string;
  owner?: string;
  module?: string;
}

/** Reads that return many records. */
const LIST_CALL = /^(find|findAll|findMany|findAndCountAll)$/;
/** Models whose records are the application's accounts. */
const ACCOUNT_MODEL = /^(users?|accounts?|members?|customers?)$/;
/** Query options that pick columns: the answer then holds what was chosen, not whole records. */
const PROJECTION = /^(attributes|select|projection|fields|omit|columns|exclude)$/;
/** Chained steps that pick columns or reduce the answer to a number. */
const NARROWING = /^(select|project|projection|pluck|distinct|count|countDocuments|estimatedDocumentCount)$/;
const DATA_LAYER = /^(.+?)_?(dao|DAO|Dao|repository|Repository|repo|Repo|store|Store|service|Service|model|Model)$/;
/** The caller's identity on the request or in a local named after it: such an argument may scope the list. */
const IDENTITY = /\b(req|request|ctx|context|res)\s*\.\s*(user|session|auth|state\s*\.\s*user|locals)\b|\b(currentUser|userId|user_id|tenant\w*|org\w*Id|workspace\w*)\b/;

/** `UserModel`, `db.collection('users')`, `usersCol` (a local holding one), `prisma.user` → `User`, `users`, `user`. */
function modelName(call: CallLike, index: JsIndex): string | undefined {
  let obj = unwrap(calleeObject(call));
  if (obj && obj.type === 'Identifier' && !/^[A-Z]/.test(obj.name)) obj = unwrap(index.initAt(obj.name, call as AstNode)) ?? obj;
  if (!obj) return undefined;
  if (obj.type === 'CallExpression') {
    const prop = calleeProperty(obj);
    const arg = obj.arguments[0] as AstNode | undefined;
    return prop && /^(collection|getRepository|model)$/.test(prop) && arg ? stringValue(arg, index) : undefined;
  }
  const path = memberPath(obj);
  const last = path?.[path.length - 1];
  if (!path || !last) return undefined;
  if (path.length === 1) return /^[A-Z]/.test(last) ? last : undefined;
  return /^(prisma|db|models|database|orm|em|this)$/i.test(path[path.length - 2]) || /^[A-Z]/.test(last) ? last : undefined;
}

function accountModel(name: string): boolean {
  return ACCOUNT_MODEL.test(name.replace(/(Model|Repository|Repo|Schema|Entity|Collection|Col)$/, '').toLowerCase());
}

/** A value made of constants only (a role, a flag, `{ $ne: true }`). */
function constant(n: AstNode | undefined): boolean {
  const u = unwrap(n);
  if (!u) return false;
  if (u.type === 'Literal') return true;
  if (u.type === 'TemplateLiteral') return u.expressions.length === 0;
  if (u.type === 'ArrayExpression') return u.elements.every((e) => !!e && constant(e as AstNode));
  if (u.type === 'ObjectExpression') return u.properties.every((p) => p.type === 'Property' && constant(p.value as AstNode));
  return false;
}

/** The criteria and options of a list read select no caller, tenant or request value and pick no columns. */
function allRecords(call: CallLike): boolean {
  const args = call.arguments.map((a) => unwrap(a as AstNode));
  const data = args.filter((a) => !isFunctionLike(a));
  if (data.length === 0) return true;
  // `find(filter, projection)`: a second value picks columns or options.
  if (data.length > 1) return false;
  const first = data[0];
  if (first.type !== 'ObjectExpression') return false;
  return first.properties.every((p) => {
    if (p.type !== 'Property') return false;
    const key = propertyKey(p) ?? '';
    if (PROJECTION.test(key)) return false;
    if (key === 'where') return constant(p.value as AstNode);
    // Ordering and paging options hold no criteria; anything else is a field filter.
    return /^(order|orderBy|sort|limit|offset|skip|take|include|raw|paranoid)$/.test(key) ? !nodesUnder(p.value as AstNode, 'MemberExpression').some((m) => /^(req|request|ctx)$/.test(memberPath(m)?.[0] ?? '') && memberPath(m)?.[1] !== 'query') : constant(p.value as AstNode);
  });
}

/** The outermost call of the chain a call starts (`col.find({}).toArray()` → `toArray()`), unless a step narrows it. */
function chainEnd(call: AstNode, index: JsIndex): AstNode | undefined {
  let n = call;
  for (let i = 0; i < 6; i++) {
    const parent = index.parent(n);
    if (!parent || parent.type !== 'MemberExpression' || parent.object !== n || parent.computed) break;
    const step = index.parent(parent);
    if (!step || step.type !== 'CallExpression' || step.callee !== parent) break;
    const name = parent.property.type === 'Identifier' ? parent.property.name : '';
    if (NARROWING.test(name)) return undefined;
    if (name === 'then') return n;
    n = step;
  }
  return n;
}

/** A direct list read of the account model (undefined: none, or narrowed). */
export function accountListing(call: CallLike, index: JsIndex): string | undefined {
  const prop = calleeProperty(call);
  if (!prop || !LIST_CALL.test(prop)) return undefined;
  const model = modelName(call, index);
  if (!model || !accountModel(model) || !allRecords(call)) return undefined;
  return chainEnd(call as AstNode, index) ? model : undefined;
}

/**
 * The name the records of a read are received under: `const users = await X.findAll()`, the
 * callback's records parameter (`(err, users) =>`), or `.then((users) => ...)`.
 */
function receivedAs(call: AstNode, index: JsIndex): string | undefined {
  const end = chainEnd(call, index);
  if (!end) return undefined;
  const c = end as CallLike;
  const cb = unwrap(c.arguments?.[c.arguments.length - 1] as AstNode | undefined);
  if (cb && isFunctionLike(cb) && cb.params.length > 0) {
    const p = unwrap(cb.params[cb.params.length > 1 ? 1 : 0] as AstNode);
    return p.type === 'Identifier' ? p.name : undefined;
  }
  let n: AstNode = end;
  let parent = index.parent(n);
  while (parent && (parent.type === 'AwaitExpression' || parent.type === 'ParenthesizedExpression')) {
    n = parent;
    parent = index.parent(n);
  }
  if (parent && parent.type === 'VariableDeclarator' && parent.init === n && parent.id.type === 'Identifier') return parent.id.name;
  if (parent && parent.type === 'MemberExpression' && parent.object === n && parent.property.type === 'Identifier' && parent.property.name === 'then') {
    const then = index.parent(parent);
    const fn = then && then.type === 'CallExpression' ? unwrap(then.arguments[0] as AstNode | undefined) : undefined;
    const p = fn && isFunctionLike(fn) ? unwrap(fn.params[0] as AstNode | undefined) : undefined;
    return p && p.type === 'Identifier' ? p.name : undefined;
  }
  return undefined;
}

/** `users.map((u) => ({ ...u.dataValues, password: '***' }))`: each whole record, spread into the answer. */
function mapsWholeRecords(member: AstNode, index: JsIndex): boolean {
  const call = index.parent(member);
  if (!call || call.type !== 'CallExpression' || call.callee !== member) return false;
  const fn = unwrap(call.arguments[0] as AstNode | undefined);
  const p = fn && isFunctionLike(fn) ? unwrap(fn.params[0] as AstNode | undefined) : undefined;
  if (!fn || !isFunctionLike(fn) || !p || p.type !== 'Identifier' || !fn.body) return false;
  return nodesUnder(fn.body as AstNode, 'SpreadElement').some((s) => memberPath(s.argument as AstNode)?.[0] === p.name);
}

/**
 * Do the whole records held by `name` reach a response call of the handler (`res.json({ users })`,
 * `res.render('x', { users })`, or through a holder: `result.result = users; res.send(result)`)?
 */
function answeredWhole(fn: FunctionLike, name: string, index: JsIndex): boolean {
  const names = new Set([name]);
  for (const a of nodesUnder(fn.body as AstNode, 'AssignmentExpression')) {
    const holder = memberPath(a.left as AstNode);
    const right = unwrap(a.right as AstNode);
    if (holder && holder.length === 2 && holder[0] !== 'this' && right.type === 'Identifier' && right.name === name) names.add(holder[0]);
  }
  for (const c of nodesUnder(fn.body as AstNode, 'CallExpression')) {
    if (!RESPONSE_METHODS.test(calleeProperty(c) ?? '')) continue;
    for (const arg of c.arguments) {
      for (const id of nodesUnder(arg as AstNode, 'Identifier')) {
        if (!names.has(id.name)) continue;
        const parent = index.parent(id);
        if (!parent || parent === c) return true;
        if (parent.type === 'Property' && parent.value === id) return true;
        if (id.name !== name) continue;
        if (parent.type === 'MemberExpression' && parent.object === id && !parent.computed && parent.property.type === 'Identifier' && parent.property.name === 'map' && mapsWholeRecords(parent, index)) return true;
      }
    }
  }
  return false;
}

/** What a handler answers with every account: direct reads of the account model, and data-layer calls for the rule to resolve. */
export function handlerListings(fn: FunctionLike, index: JsIndex): RecordListing[] {
  if (!fn.body) return [];
  const out: RecordListing[] = [];
  for (const call of nodesUnder(fn.body as AstNode, 'CallExpression')) {
    const prop = calleeProperty(call);
    if (!prop) continue;
    const model = accountListing(call, index);
    if (model) {
      const name = receivedAs(call, index);
      if (name && answeredWhole(fn, name, index)) out.push({ call, model, api: `${model}.${prop}` });
      continue;
    }
    const layer = dataLayerTarget(call, index);
    if (!layer || call.arguments.some((a) => !isFunctionLike(unwrap(a as AstNode)) && IDENTITY.test(index.text(a as AstNode)))) continue;
    const name = receivedAs(call, index);
    if (name && answeredWhole(fn, name, index)) out.push({ call, api: `${layer.receiver}.${prop}`, method: prop, ...layer });
  }
  return out;
}

/** `benefitsDAO.getAll(...)`: the receiver's class (`new BenefitsDAO(db)`) or name, and its module when imported. */
function dataLayerTarget(call: CallLike, index: JsIndex): { receiver: string; owner: string; module?: string } | undefined {
  const path = memberPath(calleeObject(call));
  const receiver = path?.[path.length - 1];
  if (!path || !receiver || path.length > 2 || (path.length === 2 && path[0] !== 'this')) return undefined;
  let owner = receiver;
  let module: string | undefined;
  if (path.length === 1) {
    const init = unwrap(index.initAt(receiver, call as AstNode));
    const cls = init && init.type === 'NewExpression' ? memberPath(init.callee as AstNode)?.pop() : undefined;
    if (cls) owner = cls;
    const b = index.bindings.get(owner);
    if (b && b.module.startsWith('.')) module = b.module;
  }
  if (!DATA_LAYER.test(owner) && !DATA_LAYER.test(receiver)) return undefined;
  return { receiver, owner: normalOwner(owner), ...(module ? { module } : {}) };
}

/** `BenefitsDAO`, `benefitsDao`, `benefits_dao` → `benefitsdao`. */
export function normalOwner(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * One `record-listing-def` fact per file whose functions answer with every account: per
 * function, its name (the method's, `this.getAll = ...` → `getAll`), its owner (the constructor
 * or class around it) and the model.
 */
export function listingDefFacts(index: JsIndex): FactInput[] {
  const defs: { name: string; owner: string; model: string }[] = [];
  let first: AstNode | undefined;
  for (const call of index.nodesOf('CallExpression')) {
    const prop = call.callee.type === 'MemberExpression' && !call.callee.computed && call.callee.property.type === 'Identifier' ? call.callee.property.name : '';
    if (!LIST_CALL.test(prop)) continue;
    const model = accountListing(call, index);
    const fn = model ? index.enclosingFunction(call) : undefined;
    if (!model || !fn) continue;
    const full = index.enclosingFunctionName(call);
    const name = full.split('.').pop() ?? '';
    if (!/^[A-Za-z_$][\w$]*$/.test(name) || name === 'exports') continue;
    const outer = index.enclosingFunction(fn);
    const cls = index.enclosingClass(fn) as { id?: { name: string } } | undefined;
    const owner = cls?.id?.name ?? (outer ? index.functionName(outer) : undefined) ?? '';
    defs.push({ name, owner: normalOwner(owner), model });
    first ??= call;
  }
  if (!first) return [];
  return [{ kind: 'config', setting: 'record-listing-def', values: { data: JSON.stringify(defs) }, evidence: index.evidence(first), key: `${index.file}#record-listing-def` }];
}
