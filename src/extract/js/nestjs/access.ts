// Record access in a Nest controller method: a value from the route path (`@Param('id')`, a member
// of a whole `@Param() params`, `req.params.x`) or an id from @Body/@Query handed to a service or
// repository method that reads, changes or deletes a record, without the authenticated user
// (`@User()`, `@Req() req` → `req.user`) in the same call for the service to check ownership with.
import type { ConfigFact, FactInput } from '../../../model/types.js';
import { calleeProperty, memberPath, nodesUnder, stringValue, unwrap, unwrapAwait, type AstNode, type JsIndex } from '../_lib/ast.js';
import { contextCaller, injectedTypes } from '../_lib/record-scope-classes.js';
import { parameterOf } from './decorators.js';

type Operation = 'read' | 'update' | 'delete';

/** Reads count only under these names (and only by an id): `findComments(slug)` lists, it does not select one record. */
const READ_OPS = new Set(['findOne', 'findById', 'findOneBy', 'findOneOrFail', 'get', 'getById', 'findUnique', 'findUniqueOrThrow', 'findByPk']);
/** Changes are classified by verb prefix, as the Express data-layer calls are: `deleteComment`, `updateArticle`. */
/** Credential lifecycle verbs (`regenerateSecret(id)`, `rotateKey(id)`) change the record too. */
const UPDATE_VERB = /^(update|edit|patch|save|modify|replace|regenerate|rotate|refresh|revoke)(?=$|[A-Z_0-9])/;
/**
 * `findOneStatistics(id)`: reads a part of one record by its id. Marked `namedRead`: bola-idor
 * judges it only where sibling routes of the controller guard the same id with a resource guard.
 */
const NAMED_READ = /^(findOne|findUnique|getOne)[A-Z](?!\w*And(Update|Delete|Remove|Replace))\w*$/;
const DELETE_VERB = /^(delete|remove|destroy)(?=$|[A-Z_0-9])/;
const DATA_LAYER = /(Service|Repository|Repo|Model)$/;
/** Parameter decorators that hand the handler the authenticated user (or the whole request, which carries it). */
const USER_DECORATOR = /User|Auth|Session|Principal|Account|Claims|Jwt|Token|Identity|Member|Customer|Org|Tenant|Workspace|Team|Company/;
const REQUEST_DECORATOR = /^(Req|Request)$/;
/** Nest's own parameter decorators: what they give is the client's (or the raw request). */
const NEST_PARAM_DECORATOR = new Set(['Param', 'Body', 'Query', 'Headers', 'Req', 'Request', 'Res', 'Response', 'Next', 'Ip', 'HostParam', 'UploadedFile', 'UploadedFiles', 'Session', 'MessageBody', 'ConnectedSocket', 'Payload', 'Ctx', 'Args', 'Context', 'Parent', 'Info']);
/** Keys naming whose records a value selects: the user, owner or tenant. */
const OWNER_KEY = /^(user|userId|user_id|owner|ownerId|owner_id|account|accountId|tenant|tenantId|tenant_id|org|orgId|organizationId|organisationId|workspaceId|teamId|companyId)$/;
const ID_NAME = /(^|[a-z0-9_])(id|Id|ID|uuid|Uuid|UUID|guid)$/;

/** Where a name of the handler comes from. */
interface Binding {
  /** `param`: one path value; `params`: the whole `@Param()` object; `input`: one body/query value;
   *  `inputs`: a whole `@Body()`/`@Query()` object; `request`: `@Req()`; `user`: the caller. */
  kind: 'param' | 'params' | 'input' | 'inputs' | 'request' | 'user';
  /** `@Param('id')` for a single value; the decorator name for whole objects. */
  source: string;
}

interface Selector {
  source: string;
  /** The name the value has in the route or body (`id`, `slug`), which decides whether it is an id. */
  key: string;
  fromPath: boolean;
}

export function operationOf(method: string): Operation | undefined {
  if (READ_OPS.has(method)) return 'read';
  if (UPDATE_VERB.test(method)) return 'update';
  if (DELETE_VERB.test(method)) return 'delete';
  return undefined;
}

export function nestAccess(method: AstNode, index: JsIndex, routeLine: number): FactInput[] {
  const fn = (method as unknown as { value: AstNode & { params: AstNode[]; body: AstNode | null } }).value;
  if (!fn.body) return [];
  const names = parameterBindings(fn.params, index);
  const cls = index.enclosingClass(method);
  const fields = cls ? injectedTypes(cls, index) : new Map<string, [string, string]>();
  // The caller kept by the request context (`const userId = this.cls.get('user.id')`).
  for (const d of nodesUnder(fn.body, 'VariableDeclarator')) {
    if (d.id.type === 'Identifier' && contextCaller(d.init as AstNode | null, fields, index)) names.set(d.id.name, { kind: 'user', source: 'user' });
  }
  bindLocals(fn.body, names);
  if (![...names.values()].some((b) => b.kind !== 'user')) return [];
  const out: FactInput[] = [];
  const checked = checkedSelectors(fn.body, names);
  const ownerChecks = ownerChecksOf(fn.body, cls, names, index);
  const authorized = authorizedSelectors(fn.body, names);
  const abilities = abilityChecked(fn.body, names, index);
  for (const call of nodesUnder(fn.body, 'CallExpression')) {
    const prop = calleeProperty(call) ?? '';
    const named = !operationOf(prop) && NAMED_READ.test(prop);
    const op = operationOf(prop) ?? (named ? 'read' : undefined);
    const obj = memberPath(call.callee as AstNode)?.slice(0, -1);
    if (!op || !obj || obj[0] !== 'this' || obj.length !== 2 || !DATA_LAYER.test(obj[1])) continue;
    const args = call.arguments.map((a) => unwrap(a as AstNode));
    // The caller goes into the same call: the service is trusted to check ownership with it,
    // unless bola-idor, following the injected class to the query, finds it ignored there.
    const callerArgs = args.flatMap((a, i) => (passesUser(a, names) || contextCaller(a, fields, index) ? [i] : []));
    const target = fields.get(obj[1]);
    if (callerArgs.length > 0 && (!target || !target[0])) continue;
    const selector = pickSelector(args, names, op);
    if (!selector) continue;
    // Loaded first with the caller in the lookup, refused when missing (`if (!x) throw`).
    if (checked.some((c) => c.source === selector.source && c.at < call.start)) continue;
    // The caller was compared with the record's owner (here or in a method of the class) first.
    if (ownerChecks.some((at) => at < call.start)) continue;
    // The lookup is bounded by a value the caller was authorised for first (the record itself, or
    // the parent it must belong to: `where: { user: { id: userId }, project: { id: projectId } }`).
    if (authorized.some((c) => c.at < call.start && selectorsOf(args, names).some((s) => s.source === c.source))) continue;
    // A per-record ability refused the caller on that record (or its parent) first; the lookup that
    // loaded the record for the ability is checked by it before anything is returned.
    if (abilities.loaders.has(call.start) || abilities.checks.some((c) => c.at < call.start && c.source === selector.source)) continue;
    const model = obj[1].replace(DATA_LAYER, '');
    const values: ConfigFact['values'] = { model, operation: op, api: `${obj[1]}.${prop}`, idSource: selector.source, ownerCheck: false, routeFile: index.file, routeLine };
    if (named) values.namedRead = true;
    if (callerArgs.length > 0 && target) Object.assign(values, { callerPassed: true, scopeFrom: index.file, scopeModule: target[0], scopeExport: `${target[1]}.${prop}`, scopeArgs: callerArgs.join(',') });
    // Without the caller: the target still tells bola-idor whether the method takes the caller from the request context itself.
    else if (target && target[0]) Object.assign(values, { scopeFrom: index.file, scopeModule: target[0], scopeExport: `${target[1]}.${prop}` });
    out.push({ kind: 'config', setting: 'record-access', values, summary: `${values.api} by ${values.idSource} without an ownership check`, evidence: index.evidence(call), key: `${index.file}#record-access:${index.enclosingFunctionName(call)}:${values.api}` });
  }
  return out;
}

/**
 * Selectors the handler loads with the caller in the same lookup and refuses on when nothing comes
 * back: `const x = await this.svc.getById(org.id, id); if (!x) throw ...`. Later calls with that
 * selector only run for the caller's own record.
 */
function checkedSelectors(body: AstNode, names: Map<string, Binding>): { source: string; at: number }[] {
  const out: { source: string; at: number }[] = [];
  const refused = new Set<string>();
  for (const s of nodesUnder(body, 'IfStatement')) {
    const cons = unwrap(s.consequent as AstNode);
    const stops = cons.type === 'ThrowStatement' || cons.type === 'ReturnStatement' || (cons.type === 'BlockStatement' && cons.body.some((x) => x.type === 'ThrowStatement' || x.type === 'ReturnStatement'));
    if (!stops) continue;
    // `if (!x)`, or one of several reasons to refuse: `if (!x || x.items.length > 0)`.
    for (let t: AstNode | undefined = unwrap(s.test as AstNode); t; ) {
      const last = t.type === 'LogicalExpression' && t.operator === '||' ? unwrap(t.right as AstNode) : t;
      const arg = last.type === 'UnaryExpression' && last.operator === '!' ? unwrap(last.argument) : undefined;
      if (arg?.type === 'Identifier') refused.add(arg.name);
      t = t.type === 'LogicalExpression' && t.operator === '||' ? unwrap(t.left as AstNode) : undefined;
    }
  }
  if (refused.size === 0) return out;
  for (const d of nodesUnder(body, 'VariableDeclarator')) {
    const init = unwrapAwait(d.init as AstNode | null);
    if (d.id.type !== 'Identifier' || !refused.has(d.id.name) || init?.type !== 'CallExpression') continue;
    const args = init.arguments.map((a) => unwrap(a as AstNode));
    if (!args.some((a) => passesUser(a, names))) continue;
    for (const a of args) {
      // The id directly, or inside the criteria object beside the caller (`{ id, userId }`).
      const values = a.type === 'ObjectExpression' ? nodesUnder(a, 'Property').map((p) => p.value as AstNode) : [a];
      for (const v of values) {
        const sel = selectorOf(v, names);
        if (sel) out.push({ source: sel.source, at: d.start });
      }
    }
  }
  return out;
}

/** Helpers named as access decisions (`authorizeProjectAction`, `assertCanEdit`, `ensureMember`), judged with their arguments. */
const ACCESS_HELPER = /^(assert|authori[sz]e|ensure|check|verify|can|may|require)[A-Z]\w*$/;

/**
 * Request values an access helper decided on for the caller before the record is touched:
 * `await this.auth.authorizeProjectAction(user, projectId, Action.Edit)` hands the helper the
 * caller and the path value together, so a later lookup bounded by that value stays inside what the
 * caller may use. The caller may be a local the handler derived from the request
 * (`const user = this.auth.requestUser(req)`).
 */
function authorizedSelectors(body: AstNode, names: Map<string, Binding>): { source: string; at: number }[] {
  const text = (n: AstNode) => memberPath(n)?.join('.') ?? '';
  const fromRequest = (n: AstNode) => {
    const b = names.get(text(n).split('.')[0]);
    return b?.kind === 'request' || passesUser(n, names);
  };
  const callers = new Set<string>();
  for (const d of nodesUnder(body, 'VariableDeclarator')) {
    const init = unwrapAwait(d.init as AstNode | null);
    if (d.id.type === 'Identifier' && init?.type === 'CallExpression' && init.arguments.some((a) => fromRequest(unwrap(a as AstNode)))) callers.add(d.id.name);
  }
  const isCaller = (n: AstNode) => fromRequest(n) || (n.type === 'Identifier' && callers.has(n.name)) || (n.type === 'MemberExpression' && callers.has(text(n).split('.')[0]));
  const out: { source: string; at: number }[] = [];
  for (const call of nodesUnder(body, 'CallExpression')) {
    if (!ACCESS_HELPER.test(calleeProperty(call) ?? '') || call.arguments.length < 2) continue;
    const args = call.arguments.map((a) => unwrap(a as AstNode));
    if (!args.some(isCaller)) continue;
    for (const s of selectorsOf(args, names)) out.push({ source: s.source, at: call.start });
  }
  return out;
}

/** Does the branch end the request (`throw`, `return`)? */
function stops(node: AstNode): boolean {
  const n = unwrap(node);
  return n.type === 'ThrowStatement' || n.type === 'ReturnStatement' || (n.type === 'BlockStatement' && n.body.some((x) => x.type === 'ThrowStatement' || x.type === 'ReturnStatement'));
}

/**
 * Request values a per-record ability (CASL style) decided on for the caller:
 * `const query = await this.queries.findOne(id); const ability = await this.abilities.forUser(user,
 * query.projectId); if (!ability.can('update', query.project)) throw new ForbiddenException()`, or
 * `ForbiddenError.from(ability).throwUnlessCan(Action.Update, query)`. The ability is built from the
 * caller and the record (or its parent) a request value selects, or asked about that record itself:
 * later calls with that value stay inside what the caller may do, and the lookup that loaded the
 * record is checked before anything is returned. An ability built from the caller alone and asked
 * about a class (`can('update', Folder)`) decides on the caller's role, not on the record.
 */
function abilityChecked(body: AstNode, names: Map<string, Binding>, index: JsIndex): { checks: { source: string; at: number }[]; loaders: Set<number> } {
  const out = { checks: [] as { source: string; at: number }[], loaders: new Set<number>() };
  // Cheap text test first: most handlers ask no ability.
  if (!/\.(can|cannot|throwUnlessCan)\(/.test(index.text(body))) return out;
  const locals = new Map<string, AstNode>();
  for (const d of nodesUnder(body, 'VariableDeclarator')) {
    if (!d.init) continue;
    const id = unwrap(d.id as AstNode);
    if (id.type === 'Identifier') locals.set(id.name, d.init as AstNode);
    else for (const p of patternNames(id)) locals.set(p.local, d.init as AstNode);
  }
  // The request values an expression is derived from, through locals and the lookups that loaded them.
  const sources = (expr: AstNode, found: Set<string>, loaders: number[], depth = 0): void => {
    const n = unwrapAwait(expr);
    if (!n || depth > 4) return;
    const sel = selectorOf(n, names);
    if (sel) found.add(sel.source);
    if (n.type === 'ObjectExpression') for (const p of nodesUnder(n, 'Property')) sources(p.value as AstNode, found, loaders, depth + 1);
    else if (n.type === 'CallExpression') {
      loaders.push(n.start);
      for (const a of n.arguments) sources(a as AstNode, found, loaders, depth + 1);
    } else {
      const root = memberPath(n)?.[0];
      const b = root ? names.get(root) : undefined;
      if (b && (b.kind === 'param' || b.kind === 'input')) found.add(b.source);
      const init = root ? locals.get(root) : undefined;
      if (init) sources(init, found, loaders, depth + 1);
    }
  };
  const decide = (ability: string | undefined, subject: AstNode | undefined, at: number) => {
    const init = ability ? unwrapAwait(locals.get(ability)) : undefined;
    if (init?.type !== 'CallExpression' || !init.arguments.some((a) => passesUser(unwrap(a as AstNode), names))) return;
    const found = new Set<string>();
    const loaders: number[] = [];
    for (const a of init.arguments) if (!passesUser(unwrap(a as AstNode), names)) sources(a as AstNode, found, loaders);
    if (subject) sources(subject, found, loaders);
    for (const source of found) out.checks.push({ source, at });
    if (found.size > 0) for (const l of loaders) if (l < at) out.loaders.add(l);
  };
  for (const s of nodesUnder(body, 'IfStatement')) {
    if (!stops(s.consequent as AstNode)) continue;
    const test = s.test as AstNode;
    const asks = [
      ...nodesUnder(test, 'UnaryExpression').filter((u) => u.operator === '!').map((u) => unwrap(u.argument as AstNode)).filter((c) => c.type === 'CallExpression' && calleeProperty(c) === 'can'),
      ...nodesUnder(test, 'CallExpression').filter((c) => calleeProperty(c) === 'cannot'),
    ] as AstNode[];
    for (const c of asks) {
      const call = c as AstNode & { callee: AstNode; arguments: AstNode[] };
      const path = memberPath(call.callee);
      if (path?.length === 2) decide(path[0], call.arguments[1], s.start);
    }
  }
  // `ForbiddenError.from(ability).throwUnlessCan(action, subject)`.
  for (const c of nodesUnder(body, 'CallExpression')) {
    if (calleeProperty(c) !== 'throwUnlessCan') continue;
    const from = unwrap((unwrap(c.callee as AstNode) as { object?: AstNode }).object);
    const ability = from?.type === 'CallExpression' && from.arguments.length > 0 ? unwrap(from.arguments[0] as AstNode) : undefined;
    if (ability?.type === 'Identifier') decide(ability.name, c.arguments[1] as AstNode | undefined, c.start);
  }
  return out;
}

/** The caller as a Nest handler or its class reaches it: `this.request.user`, `req.user`, `request.user`. */
const CALLER = /^(?:this\.)?(?:req|request)\.user\b/;

/** Does an if-test, or a local it reads, compare something with the caller (`x.userId === this.request.user.id`)? */
function comparesCaller(expr: AstNode, locals: Map<string, AstNode>, isCaller: (n: AstNode) => boolean, depth = 0): boolean {
  if (depth > 2) return false;
  for (const b of nodesUnder(expr, 'BinaryExpression')) {
    if (!/^[!=]==?$/.test(b.operator)) continue;
    const [l, r] = [unwrap(b.left as AstNode), unwrap(b.right as AstNode)];
    if ((isCaller(l) && r.type !== 'Literal') || (isCaller(r) && l.type !== 'Literal')) return true;
  }
  return nodesUnder(expr, 'Identifier').some((i) => {
    const init = locals.get(i.name);
    return !!init && comparesCaller(init, locals, isCaller, depth + 1);
  });
}

/**
 * Where the handler refuses a caller who does not own the record: an `if` whose test compares the
 * caller with a record field and whose branch throws or returns, in the handler itself or in a
 * method of the same class it calls (`await this.validateAccess(...)`). Judged by the bodies, never
 * by names. Positions of the checks (the if, or the call of the checking method).
 */
function ownerChecksOf(body: AstNode, cls: AstNode | undefined, names: Map<string, Binding>, index: JsIndex): number[] {
  const isCaller = (n: AstNode): boolean => {
    const path = memberPath(n);
    if (!path) return false;
    const b = names.get(path[0]);
    return CALLER.test(path.join('.')) || (!!b && (b.kind === 'user' || (b.kind === 'request' && path[1] === 'user')));
  };
  const out: number[] = [];
  // Cheap text tests first: most handlers throw nothing of their own.
  const text = index.text(body);
  const own = text.includes('throw') ? refusesCaller(body, isCaller) : undefined;
  if (own !== undefined) out.push(own);
  if (!cls || !text.includes('this.')) return out;
  const methods = new Map<string, AstNode>();
  for (const m of (cls as unknown as { body: { body: AstNode[] } }).body.body) {
    if (m.type !== 'MethodDefinition' || m.key.type !== 'Identifier') continue;
    const f = (m as unknown as { value: { body: AstNode | null } }).value;
    if (f.body) methods.set(m.key.name, f.body);
  }
  for (const call of nodesUnder(body, 'CallExpression')) {
    const path = memberPath(call.callee as AstNode);
    const target = path?.length === 2 && path[0] === 'this' ? methods.get(path[1]) : undefined;
    if (target && target !== body && methodRefuses(target, index)) out.push(call.start);
  }
  return out;
}

/** The first `if` of a body that compares the caller with something and throws. */
function refusesCaller(fnBody: AstNode, isCaller: (n: AstNode) => boolean): number | undefined {
  const locals = new Map<string, AstNode>();
  for (const d of nodesUnder(fnBody, 'VariableDeclarator')) if (d.id.type === 'Identifier' && d.init) locals.set(d.id.name, d.init as AstNode);
  for (const s of nodesUnder(fnBody, 'IfStatement')) {
    const cons = unwrap(s.consequent as AstNode);
    const stops = cons.type === 'ThrowStatement' || (cons.type === 'BlockStatement' && cons.body.some((x) => x.type === 'ThrowStatement'));
    if (stops && comparesCaller(s.test as AstNode, locals, isCaller)) return s.start;
  }
  return undefined;
}

const methodMemo = new WeakMap<AstNode, boolean>();

/** A method of the controller (shared by its handlers) that refuses a caller who is not the owner. */
function methodRefuses(fnBody: AstNode, index: JsIndex): boolean {
  let v = methodMemo.get(fnBody);
  if (v === undefined) {
    const text = index.text(fnBody);
    v = text.includes('throw') && /\b(?:req|request)\.user\b/.test(text) && refusesCaller(fnBody, (n) => CALLER.test(memberPath(n)?.join('.') ?? '')) !== undefined;
    methodMemo.set(fnBody, v);
  }
  return v;
}

function parameterBindings(params: AstNode[], index: JsIndex): Map<string, Binding> {
  const names = new Map<string, Binding>();
  for (const p of params) {
    const { target, decorators: decs } = parameterOf(p);
    const req = decs.find((d) => REQUEST_DECORATOR.test(d.name));
    if (req) {
      if (target.type === 'Identifier') names.set(target.name, { kind: 'request', source: '@Req()' });
      continue;
    }
    if (decs.some((d) => USER_DECORATOR.test(d.name))) {
      if (target.type === 'Identifier') names.set(target.name, { kind: 'user', source: 'user' });
      else for (const local of patternNames(target)) names.set(local.local, { kind: 'user', source: 'user' });
      continue;
    }
    const d = decs.find((x) => x.name === 'Param' || x.name === 'Body' || x.name === 'Query');
    if (!d) {
      // The application's own parameter decorator computes its value on the server (from the
      // request's principal or context); an owner key taken from it (`@Impersonation() { userId }`)
      // is the caller's identity, not client input.
      if (decs.length > 0 && decs.every((x) => !NEST_PARAM_DECORATOR.has(x.name))) {
        if (target.type === 'Identifier' && OWNER_KEY.test(target.name)) names.set(target.name, { kind: 'user', source: 'user' });
        else for (const local of patternNames(target)) if (OWNER_KEY.test(local.key)) names.set(local.local, { kind: 'user', source: 'user' });
      }
      continue;
    }
    const key = d.args.length > 0 ? stringValue(d.args[0], index) : undefined;
    const path = d.name === 'Param';
    if (key !== undefined) {
      if (target.type === 'Identifier') names.set(target.name, { kind: path ? 'param' : 'input', source: `@${d.name}('${key}')` });
      continue;
    }
    if (target.type === 'Identifier') names.set(target.name, { kind: path ? 'params' : 'inputs', source: d.name });
    else for (const local of patternNames(target)) names.set(local.local, { kind: path ? 'param' : 'input', source: `@${d.name}('${local.key}')` });
  }
  return names;
}

/** `{ slug, id: commentId }` → slug/slug, commentId/id. */
function patternNames(pattern: AstNode): { local: string; key: string }[] {
  if (pattern.type !== 'ObjectPattern') return [];
  const out: { local: string; key: string }[] = [];
  for (const prop of pattern.properties) {
    if (prop.type !== 'Property') continue;
    const v = unwrap(prop.value as AstNode);
    const local = v.type === 'Identifier' ? v.name : v.type === 'AssignmentPattern' && v.left.type === 'Identifier' ? v.left.name : undefined;
    const key = prop.key.type === 'Identifier' ? prop.key.name : stringValue(prop.key as AstNode);
    if (local && key) out.push({ local, key });
  }
  return out;
}

/** Locals the body derives from the bindings: `const { slug, id } = params`, `const id = +params.id`, `const user = req.user`. */
function bindLocals(body: AstNode, names: Map<string, Binding>): void {
  for (const d of nodesUnder(body, 'VariableDeclarator')) {
    const init = unwrapAwait(d.init as AstNode | null);
    if (!init) continue;
    const id = unwrap(d.id as AstNode);
    if (id.type === 'ObjectPattern') {
      // `const { organizationId } = user`: fields of the caller are the caller's.
      if (callerObject(init, names)) {
        for (const local of patternNames(id)) names.set(local.local, { kind: 'user', source: 'user' });
        continue;
      }
      const whole = wholeObject(init, names);
      if (!whole) continue;
      for (const local of patternNames(id)) names.set(local.local, element(whole, local.key));
      continue;
    }
    if (id.type !== 'Identifier') continue;
    if (isUserValue(init, names)) {
      names.set(id.name, { kind: 'user', source: 'user' });
      continue;
    }
    const sel = selectorOf(init, names);
    if (sel) names.set(id.name, { kind: sel.fromPath ? 'param' : 'input', source: sel.source });
    else {
      const whole = wholeObject(init, names);
      if (whole) names.set(id.name, whole);
    }
  }
}

/** The caller itself (`user` of `@User() user`, `req.user`, `this.request.user`), not the whole request. */
function callerObject(expr: AstNode, names: Map<string, Binding>): boolean {
  const path = memberPath(expr);
  if (!path) return false;
  const b = names.get(path[0]);
  return (b?.kind === 'user') || (path.length === 2 && b?.kind === 'request' && path[1] === 'user') || CALLER.test(path.join('.'));
}

/** A whole request part: `params` of `@Param() params`, or `req.params` / `req.body` of `@Req() req`. */
function wholeObject(expr: AstNode, names: Map<string, Binding>): Binding | undefined {
  const path = memberPath(expr);
  if (!path) return undefined;
  const b = names.get(path[0]);
  if (!b) return undefined;
  if (path.length === 1 && (b.kind === 'params' || b.kind === 'inputs' || b.kind === 'request')) return b;
  if (path.length === 2 && b.kind === 'request') {
    if (path[1] === 'params') return { kind: 'params', source: 'Param' };
    if (path[1] === 'body' || path[1] === 'query') return { kind: 'inputs', source: path[1] === 'body' ? 'Body' : 'Query' };
  }
  return undefined;
}

function element(whole: Binding, key: string): Binding {
  if (whole.kind === 'request') return key === 'user' ? { kind: 'user', source: 'user' } : key === 'params' ? { kind: 'params', source: 'Param' } : { kind: 'inputs', source: key === 'query' ? 'Query' : 'Body' };
  return { kind: whole.kind === 'params' ? 'param' : 'input', source: `@${whole.source}('${key}')` };
}

/** The record selector an expression carries: a bound name, `params.slug`, `+id`, `Number(id)`, `new ObjectId(id)`. */
function selectorOf(expr: AstNode, names: Map<string, Binding>, depth = 0): Selector | undefined {
  const n = unwrapAwait(expr);
  if (!n || depth > 3) return undefined;
  if (n.type === 'Identifier') {
    const b = names.get(n.name);
    if (!b || (b.kind !== 'param' && b.kind !== 'input')) return undefined;
    return { source: b.source, key: /\('(.+)'\)$/.exec(b.source)?.[1] ?? n.name, fromPath: b.kind === 'param' };
  }
  if (n.type === 'MemberExpression') {
    const path = memberPath(n);
    if (!path || path.length < 2) return undefined;
    const whole = wholeObject(unwrap(n.object), names);
    if (!whole || whole.kind === 'request') return undefined;
    const key = path[path.length - 1];
    return { source: `@${whole.source}('${key}')`, key, fromPath: whole.kind === 'params' };
  }
  if (n.type === 'UnaryExpression' && n.operator === '+') return selectorOf(n.argument, names, depth + 1);
  if ((n.type === 'CallExpression' || n.type === 'NewExpression') && n.arguments.length === 1) return selectorOf(n.arguments[0] as AstNode, names, depth + 1);
  return undefined;
}

/**
 * The selector a call receives, directly or inside an object literal (`{ slug }`, `{ where: { id } }`).
 * Path values select a record to change whatever their name (slug, username); body/query values
 * and reads need an id.
 */
function pickSelector(args: AstNode[], names: Map<string, Binding>, op: Operation): Selector | undefined {
  const found = selectorsOf(args, names);
  const usable = found.filter((s) => ID_NAME.test(s.key) || (op !== 'read' && s.fromPath));
  return usable.find((s) => ID_NAME.test(s.key)) ?? usable[0];
}

/** Every selector the arguments carry, directly or inside object literals (`{ where: { project: { id } } }`). */
function selectorsOf(args: AstNode[], names: Map<string, Binding>): Selector[] {
  const found: Selector[] = [];
  for (const a of args) {
    const direct = selectorOf(a, names);
    if (direct) found.push(direct);
    else if (a.type === 'ObjectExpression') for (const p of nodesUnder(a, 'Property')) {
      const v = selectorOf(p.value as AstNode, names);
      if (v) found.push(v);
    }
  }
  return found;
}

function isUserValue(expr: AstNode, names: Map<string, Binding>): boolean {
  const path = memberPath(unwrapAwait(expr));
  if (!path) return false;
  // The request injected into the controller (`@Inject(REQUEST) request`): `this.request.user.id`.
  if (CALLER.test(path.join('.'))) return true;
  const b = names.get(path[0]);
  return !!b && (b.kind === 'user' || (b.kind === 'request' && (path.length === 1 || path[1] === 'user')));
}

/** Does an argument carry the caller (`userId`, `user.id`, `req.user.id`, `req`, `{ id, userId }`)? */
function passesUser(arg: AstNode, names: Map<string, Binding>): boolean {
  if (isUserValue(arg, names)) return true;
  return nodesUnder(arg, 'Identifier').some((i) => {
    const b = names.get(i.name);
    return b?.kind === 'user';
  }) || nodesUnder(arg, 'MemberExpression').some((m) => isUserValue(m, names));
}
