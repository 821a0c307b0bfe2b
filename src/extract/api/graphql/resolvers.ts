// Resolver maps in JS/TS (`{ Query: { note: (parent, args, context) => ... }, Mutation: {...} }`):
// each root field's resolver is an operation with its own auth. A GraphQL server usually lets every
// request in (its `context` only decodes a token), so the resolver's own prologue decides:
// `if (!context.user) throw ...` (or `typeof context.user == 'undefined'`) requires a user, one
// that also tests a role or an admin flag requires an administrator. A resolver with no such check
// is `unchecked`; link (index.ts) makes it `none` only when every server is seen to let anonymous
// calls through (graphql/server.ts), since a refusing `context` or HTTP middleware would guard it.
import { calleeName, functionOf, isFunctionLike, nodesUnder, objectProp, propertyKey, resolveObject, someNode, stringValue, topLevelReturn, unwrap, unwrapAwait, type AstNode, type FunctionLike, type JsIndex } from '../../js/_lib/ast.js';
import { rejects } from '../../js/_lib/routes-guard-signals.js';
import { authLikeName } from '../../js/_lib/routes.js';
import { NAMESPACE_TYPE } from './sdl.js';

export type ResolverLevel = 'user' | 'admin' | 'unchecked' | 'unknown';

export interface ResolverOperation {
  operation: 'QUERY' | 'MUTATION' | 'SUBSCRIPTION';
  name: string;
  /** The field's property in the map (evidence when the resolver is defined elsewhere). */
  node: AstNode;
  fn?: FunctionLike;
  level: ResolverLevel;
  why: string;
  /**
   * A resolver of a namespace type (`UserMutation: { update() {} }` under `Mutation: { users: () => ({}) }`):
   * that type and field (`UserMutation.update`). Its operation is the schema's (`users.update`), joined in link.
   */
  namespace?: string;
}

const ROOTS: Record<string, ResolverOperation['operation']> = { Query: 'QUERY', Mutation: 'MUTATION', Subscription: 'SUBSCRIPTION' };

/** Cheap text test before any AST work: a `Query: {` / `Mutation: {` key (also a namespace type's, `UserMutation: {`), or a code-first root type. */
export const RESOLVER_MAP_TEXT = /\b(?:[A-Z]\w*)?(?:Query|Mutation|Subscription)\s*:\s*\{|\bGraphQLObjectType\b/;

/** What the caller is, read off the context (`context.user`, `ctx.req.user`, `{ currentUser }`). */
const IDENTITY = /\b(?:user|users?Id|currentUser|viewer|session|auth\w*|account|identity|principal|me|token|jwt|role|roles|member|isAuthenticated|loggedIn|isLoggedIn|admin|isAdmin|permissions?|scopes?)\b/i;
const ADMIN = /\b(?:is_?admin|isSuperuser|superuser|isStaff|sysadmin)\b|\.admin\b|\badmin(?:Only|istrator)?\b|\broles?\b[^;]*?\b(?:admin\w*|super\w*|owner)\b/i;

export function resolverOperations(index: JsIndex): ResolverOperation[] {
  const out: ResolverOperation[] = [];
  for (const obj of index.nodesOf('ObjectExpression')) {
    // Code-first (graphql-js): `new GraphQLObjectType({ name: 'Query', fields: { x: { type, resolve } } })`.
    const typeName = stringValue(objectProp(obj, 'name'), index);
    const rootType = typeName ? ROOTS[typeName] : undefined;
    if (rootType) {
      const fieldsNode = objectProp(obj, 'fields');
      const thunk = fieldsNode ? functionOf(fieldsNode, index) : undefined;
      const fields = thunk ? returnedObject(thunk, index) : resolveObject(fieldsNode, index);
      for (const f of fields?.type === 'ObjectExpression' ? fields.properties : []) {
        const name = f.type === 'Property' ? propertyKey(f) : undefined;
        const value = f.type === 'Property' ? unwrap(f.value as AstNode) : undefined;
        // Only fields with a resolver of their own are operations here (`{ type, args, resolve }`).
        if (!name || value?.type !== 'ObjectExpression' || !objectProp(value, 'resolve')) continue;
        const op = operationOf(rootType, name, f as AstNode, index);
        if (op) out.push(op);
      }
      continue;
    }
    for (const p of obj.properties) {
      if (p.type !== 'Property') continue;
      const key = propertyKey(p) ?? '';
      // `UserMutation: { update() {} }`: a namespace type's resolvers, named by the schema (link joins them).
      const namespace = !ROOTS[key] && /^[A-Z]/.test(key) && NAMESPACE_TYPE.test(key) ? key : undefined;
      const operation = ROOTS[key] ?? (namespace ? namespaceOperation(namespace) : undefined);
      if (!operation) continue;
      // Apollo Client's cache (`typePolicies: { Query: { fields: {...} } }`) is no server.
      const holder = index.parent(obj);
      if (holder?.type === 'Property' && /^typePolicies$/.test(propertyKey(holder) ?? '')) continue;
      const fields = resolveObject(p.value as AstNode, index);
      if (!fields || fields.type !== 'ObjectExpression') continue;
      for (const f of fields.properties) {
        if (f.type !== 'Property') continue;
        const name = propertyKey(f);
        if (!name) continue;
        const op = operationOf(operation, name, f as AstNode, index);
        if (op) out.push(namespace ? { ...op, namespace: `${namespace}.${name}` } : op);
      }
    }
  }
  return out;
}

/** The operation a namespace type's name suggests (`UserMutation`); the schema's root field decides in link. */
function namespaceOperation(type: string): ResolverOperation['operation'] {
  return /Mutations?$/.test(type) ? 'MUTATION' : /Subscriptions?$/.test(type) ? 'SUBSCRIPTION' : 'QUERY';
}

function operationOf(operation: ResolverOperation['operation'], name: string, prop: AstNode, index: JsIndex): ResolverOperation | undefined {
  const value = unwrap((prop as AstNode & { value: AstNode }).value);
  let fn: FunctionLike | undefined;
  if (value.type === 'ObjectExpression') {
    // `{ resolve(parent, args, ctx) {...} }` / `{ subscribe: ... }`; other objects (`{ name, fields }`) are no resolver.
    const r = objectProp(value, 'resolve') ?? objectProp(value, 'subscribe');
    if (!r) return undefined;
    fn = functionOf(r, index);
  } else if (isFunctionLike(value) || value.type === 'Identifier') {
    fn = functionOf(value, index);
  } else if (value.type !== 'CallExpression') {
    return undefined;
  } else {
    // `createX: withInput('projects.create')`: a factory of this file returns the resolver, judged
    // as written there (its own check, or none); a wrapper of another file stays undecided below.
    fn = producedResolver(value, index);
  }
  // `comments() { return {} }`: a namespace whose fields (`CommentQuery.list`) are the operations.
  if (fn && namespaceOnly(fn)) return undefined;
  // A wrapper (`authenticated(fn)`, `combineResolvers(isAuthenticated, fn)`) or an imported
  // function: what it requires is not visible here.
  if (!fn) return { operation, name, node: prop, level: 'unknown', why: value.type === 'CallExpression' ? `wrapped in ${calleeName(value) ?? 'a call'}` : '' };
  const verdict = resolverAuth(fn, index);
  return { operation, name, node: prop, fn, ...verdict };
}

/** The function a same-file factory call returns (`makeResolver('x')` with `const makeResolver = (p) => (parent, args, ctx) => ...`). */
function producedResolver(call: AstNode & { type: 'CallExpression' }, index: JsIndex): FunctionLike | undefined {
  if (unwrap(call.callee).type !== 'Identifier') return undefined;
  const factory = functionOf(call.callee as AstNode, index);
  const produced = factory ? unwrap(topLevelReturn(factory)) : undefined;
  return isFunctionLike(produced) ? produced : undefined;
}

/** `fields: () => ({ ... })` or `fields() { return { ... } }`: the object the thunk returns. */
function returnedObject(fn: FunctionLike, index: JsIndex): AstNode | undefined {
  return resolveObject(topLevelReturn(fn), index);
}

function namespaceOnly(fn: FunctionLike): boolean {
  const body = unwrap(fn.body as AstNode | null);
  if (!body) return false;
  if (body.type === 'ObjectExpression') return body.properties.length === 0;
  if (body.type !== 'BlockStatement') return false;
  const stmts = body.body as AstNode[];
  if (stmts.length !== 1 || stmts[0].type !== 'ReturnStatement') return false;
  const arg = unwrap((stmts[0] as AstNode & { argument: AstNode | null }).argument);
  return !!arg && arg.type === 'ObjectExpression' && arg.properties.length === 0;
}

/** Names the context parameter binds: `context`, or the keys of `{ user, dataSources }`. */
function contextNames(fn: FunctionLike, at: number): Set<string> {
  const names = new Set<string>();
  let p = fn.params[at] as AstNode | undefined;
  if (p?.type === 'AssignmentPattern') p = p.left as AstNode;
  if (!p) return names;
  if (p.type === 'Identifier') names.add(p.name);
  else if (p.type === 'ObjectPattern') {
    for (const prop of p.properties) {
      const v = prop.type === 'Property' ? unwrap(prop.value as AstNode) : undefined;
      if (v?.type === 'Identifier') names.add(v.name);
      else if (v?.type === 'AssignmentPattern' && v.left.type === 'Identifier') names.add(v.left.name);
    }
  }
  return names;
}

/** The member chain an identifier heads (`context.user.role` for `context`), as text. */
function chainText(id: AstNode, index: JsIndex): string {
  let n: AstNode = id;
  for (let parent = index.parent(n); parent && (parent.type === 'MemberExpression' || parent.type === 'ChainExpression') && (parent.type === 'ChainExpression' || parent.object === n); parent = index.parent(n)) n = parent;
  return index.text(n);
}

/** Does the test read the caller's identity from the context? Destructured names count by their own name. */
function readsIdentity(test: AstNode, names: Set<string>, index: JsIndex): boolean {
  return nodesUnder(test, 'Identifier').some((id) => names.has(id.name) && IDENTITY.test(chainText(id, index)));
}

/** Does a branch end the call with an error (`throw`, `return new AuthenticationError(...)`)? */
function refuses(branch: AstNode, index: JsIndex): boolean {
  const stmts = branch.type === 'BlockStatement' ? (branch.body as AstNode[]) : [branch];
  const last = stmts[stmts.length - 1];
  if (!last) return false;
  if (last.type === 'ThrowStatement') return true;
  if (last.type === 'ReturnStatement') {
    const arg = unwrapAwait((last as AstNode & { argument: AstNode | null }).argument ?? undefined);
    return !!arg && arg.type === 'NewExpression' && /Error$/.test(calleeName(arg) ?? '');
  }
  return last.type === 'ExpressionStatement' && rejects(last, index) !== undefined;
}

/** Statements every call runs first: the top level, and the body of a top-level `try`. */
function prologue(fn: FunctionLike): AstNode[] {
  const body = unwrap(fn.body as AstNode | null);
  if (!body || body.type !== 'BlockStatement') return [];
  const out: AstNode[] = [];
  for (const stmt of body.body as AstNode[]) {
    if (stmt.type === 'TryStatement') out.push(...((stmt.block as AstNode & { body: AstNode[] }).body ?? []));
    else out.push(stmt);
    if (stmt.type === 'ReturnStatement') break;
  }
  return out;
}

/** What a resolver requires of its caller, from the statements it runs before its work. */
export function resolverAuth(fn: FunctionLike, index: JsIndex, depth = 0): { level: ResolverLevel; why: string } {
  // graphql-js resolvers: (parent, args, context, info); a helper judged for a resolver gets the context as any parameter.
  const names = depth === 0 ? contextNames(fn, 2) : new Set(fn.params.flatMap((_, i) => [...contextNames(fn, i)]));
  if (names.size === 0) return { level: 'unchecked', why: '' };
  let unknown = '';
  for (const stmt of prologue(fn)) {
    if (stmt.type === 'IfStatement') {
      const test = stmt.test as AstNode;
      const branch = refuses(stmt.consequent as AstNode, index) ? (stmt.consequent as AstNode) : stmt.alternate && refuses(stmt.alternate as AstNode, index) ? (stmt.alternate as AstNode) : undefined;
      if (branch && readsIdentity(test, names, index)) {
        const text = index.text(test).replace(/\s+/g, ' ').slice(0, 80);
        return { level: ADMIN.test(text) ? 'admin' : 'user', why: `${text} → throws` };
      }
      continue;
    }
    if (stmt.type === 'ReturnStatement') break;
    // `await requireUser(context)`, `const user = checkAuth(ctx)`: a helper handed the context.
    for (const call of topCalls(stmt)) {
      const args = call.arguments as AstNode[];
      if (!args.some((a) => nodesUnder(a, 'Identifier').some((id) => names.has(id.name)) || (unwrap(a).type === 'Identifier' && names.has((unwrap(a) as AstNode & { name: string }).name)))) continue;
      const name = calleeName(call) ?? '';
      const helper = depth < 1 && call.callee.type === 'Identifier' ? index.functionByName(call.callee.name) : undefined;
      if (helper) {
        const v = resolverAuth(helper, index, depth + 1);
        if (v.level === 'user' || v.level === 'admin') return { level: v.level, why: `${name}(): ${v.why}` };
      } else if (name && authLikeName(name)) unknown ||= `${name}()`;
    }
  }
  if (unknown) return { level: 'unknown', why: unknown };
  // `Note.find({ user: context.user.id })`: fails for an anonymous caller without saying so.
  const body = fn.body as AstNode | null;
  if (depth === 0 && body && someNode(body, (n) => identityDeref(n, names))) {
    return { level: 'unknown', why: 'reads the caller from the context without checking it' };
  }
  return { level: 'unchecked', why: '' };
}

/** `context.user.id` (not `context.user?.id`): a property of the caller read as if one were always there. */
function identityDeref(n: AstNode, names: Set<string>): boolean {
  if (n.type !== 'MemberExpression' || n.optional) return false;
  const inner = n.object;
  // `{ user }` destructured from the context: `user.id`.
  if (inner.type === 'Identifier') return names.has(inner.name) && IDENTITY.test(inner.name);
  if (inner.type !== 'MemberExpression' || inner.optional || inner.computed || inner.object.type !== 'Identifier' || !names.has(inner.object.name)) return false;
  return inner.property.type === 'Identifier' && IDENTITY.test(inner.property.name);
}

/** Calls a statement makes at its own level (`await f(x)`, `const u = f(x)`), not inside callbacks. */
function topCalls(stmt: AstNode): Extract<AstNode, { type: 'CallExpression' }>[] {
  const exprs: AstNode[] = [];
  if (stmt.type === 'ExpressionStatement') exprs.push(stmt.expression as AstNode);
  else if (stmt.type === 'VariableDeclaration') for (const d of stmt.declarations) if (d.init) exprs.push(d.init as AstNode);
  const out: Extract<AstNode, { type: 'CallExpression' }>[] = [];
  for (const e of exprs) {
    const call = unwrapAwait(e);
    if (call?.type === 'CallExpression') out.push(call);
  }
  return out;
}
