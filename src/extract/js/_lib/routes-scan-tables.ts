// Route tables: a registration call whose arguments come from loops over object and array literals
//
//   let INTERFACE_CONFIG = { group: { prefix: '/group/', controller: groupController } };
//   let routerConfig = { group: [{ action: 'list', path: 'list', method: 'get' }] };
//   for (let ctrl in routerConfig) {
//     routerConfig[ctrl].forEach((item) => {
//       createAction(router, '/api', INTERFACE_CONFIG[ctrl].controller, item.action, INTERFACE_CONFIG[ctrl].prefix + item.path, item.method);
//     });
//   }
//
// is constant-folded once per element of the loops (`for…in` keys, `for…of` / `forEach` / `map`
// elements, nested, a loop's list may depend on an outer loop's key): each argument becomes a
// string, or the node it denotes (`groupController`), or stays as written when it cannot be folded.
// Only literal tables of this file are read; anything else leaves the call to the usual handling.
import type { FactInput } from '../../../model/types.js';
import { calleeObject, calleeProperty, isFunctionLike, memberPath, nodesUnder, objectProp, paramNames, stringValue, unwrap, type AstNode, type CallLike, type FunctionLike, type JsIndex } from './ast.js';
import { internalFact } from './routes.js';

/** A folded value: a string, or the node it stands for (an object/array literal, an identifier...). */
export type Folded = string | AstNode;

/** One expansion of a call: its arguments folded, and the table element it comes from (evidence). */
export interface TableExpansion {
  args: Folded[];
  at: AstNode;
}

/** Elements over all loops, at most (a bigger table is not a route table this reads). */
const MAX_EXPANSIONS = 400;

type Env = Map<string, Folded>;

interface Loop {
  /** The name the loop binds. */
  name: string;
  /** The list it iterates, evaluated in the environment of the outer loops. */
  list: AstNode;
  kind: 'keys' | 'elements';
}

/**
 * A declaration visible at `at` in the enclosing blocks (up to the first function boundary, then
 * the top level): `let actions = routerConfig[ctrl]` inside a `for…in` body, or a top-level `let`
 * table never assigned again.
 */
function declaredInit(name: string, at: AstNode, index: JsIndex, laterAssigned = false): AstNode | undefined {
  for (const a of index.ancestors(at)) {
    const body = a.type === 'BlockStatement' || a.type === 'Program' ? (a.body as AstNode[]) : isFunctionLike(a) ? [] : undefined;
    if (!body) continue;
    for (const st of body) {
      if (st.type !== 'VariableDeclaration' || st.start > at.start) continue;
      for (const d of st.declarations) if (d.id.type === 'Identifier' && d.id.name === name) return !laterAssigned && reassigned(name, index) ? undefined : ((d.init as AstNode | null) ?? undefined);
    }
  }
  return undefined;
}

function reassigned(name: string, index: JsIndex): boolean {
  return index.nodesOf('AssignmentExpression').some((a) => (a.left as AstNode).type === 'Identifier' && (a.left as { name: string }).name === name);
}

/** Folds an expression in an environment of loop bindings; undefined when it cannot. */
export function fold(expr: AstNode | null | undefined, env: Env, index: JsIndex, depth = 0): Folded | undefined {
  const n = unwrap(expr);
  if (!n || depth > 8) return undefined;
  switch (n.type) {
    case 'Literal':
      return typeof (n as { value: unknown }).value === 'string' ? ((n as { value: string }).value) : n;
    case 'TemplateLiteral': {
      let out = '';
      for (let i = 0; i < n.quasis.length; i++) {
        out += n.quasis[i].value.cooked ?? n.quasis[i].value.raw;
        if (i < n.expressions.length) {
          const v = fold(n.expressions[i] as AstNode, env, index, depth + 1);
          if (typeof v !== 'string') return undefined;
          out += v;
        }
      }
      return out;
    }
    case 'Identifier': {
      if (env.has(n.name)) return env.get(n.name);
      const init = declaredInit(n.name, n, index);
      const v = init ? fold(init, env, index, depth + 1) : undefined;
      // A name bound to something else (an import, a class) is that name: the caller describes it.
      return typeof v === 'string' || (v && ['ObjectExpression', 'ArrayExpression', 'Identifier', 'MemberExpression'].includes(unwrap(v).type)) ? v : n;
    }
    case 'MemberExpression': {
      const obj = fold(n.object as AstNode, env, index, depth + 1);
      if (obj === undefined || typeof obj === 'string') return undefined;
      const key = n.computed ? fold(n.property as AstNode, env, index, depth + 1) : n.property.type === 'Identifier' ? n.property.name : undefined;
      if (typeof key !== 'string') return undefined;
      const o = unwrap(obj);
      if (o.type !== 'ObjectExpression') return undefined;
      const v = objectProp(o, key);
      return v ? fold(v, env, index, depth + 1) : undefined;
    }
    case 'BinaryExpression': {
      if (n.operator !== '+') return undefined;
      const l = fold(n.left as AstNode, env, index, depth + 1);
      const r = fold(n.right as AstNode, env, index, depth + 1);
      return typeof l === 'string' && typeof r === 'string' ? l + r : undefined;
    }
    case 'LogicalExpression': {
      // `item.method || 'get'`: the element's value, else the default.
      if (n.operator !== '||' && n.operator !== '??') return undefined;
      const l = fold(n.left as AstNode, env, index, depth + 1);
      return l !== undefined ? l : fold(n.right as AstNode, env, index, depth + 1);
    }
    default:
      return n;
  }
}

/** The loops around a call inside this file, outermost first; undefined when none. */
function loopsAround(call: CallLike, index: JsIndex): Loop[] | undefined {
  const loops: Loop[] = [];
  let child: AstNode = call as AstNode;
  for (const a of index.ancestors(call)) {
    if (a.type === 'ForInStatement' || a.type === 'ForOfStatement') {
      if (child !== a.body) {
        child = a;
        continue;
      }
      const left = unwrap(a.left as AstNode);
      const id = left.type === 'VariableDeclaration' && left.declarations.length === 1 ? unwrap(left.declarations[0].id as AstNode) : left;
      if (id.type !== 'Identifier') return undefined;
      loops.push({ name: id.name, list: a.right as AstNode, kind: a.type === 'ForInStatement' ? 'keys' : 'elements' });
    } else if (isFunctionLike(a)) {
      // `list.forEach((item) => ...)` / `.map(...)`: the callback is the loop body; any other
      // function boundary ends the search (its parameters are not known here).
      const parent = index.parent(a);
      const p = a.params[0] ? unwrap(a.params[0] as AstNode) : undefined;
      if (parent?.type !== 'CallExpression' || parent.arguments[0] !== a || !['forEach', 'map'].includes(calleeProperty(parent) ?? '') || p?.type !== 'Identifier') break;
      const list = calleeObject(parent);
      if (!list) break;
      loops.push({ name: p.name, list, kind: 'elements' });
    }
    child = a;
  }
  return loops.length > 0 ? loops.reverse() : undefined;
}

/**
 * The call once per element of the literal tables it loops over, its arguments folded; undefined
 * when it is in no such loop or a table is not a literal (then the call is handled as written).
 */
export function tableExpansions(call: CallLike, index: JsIndex, extra: AstNode[] = []): TableExpansion[] | undefined {
  const loops = loopsAround(call, index);
  if (!loops) return undefined;
  const out: TableExpansion[] = [];
  let ok = true;
  const walk = (i: number, env: Env, at: AstNode): void => {
    if (!ok) return;
    if (i === loops.length) {
      if (out.length >= MAX_EXPANSIONS) {
        ok = false;
        return;
      }
      // `extra`: other expressions of the call folded alike (a computed verb), after its arguments.
      out.push({ args: [...(call.arguments as AstNode[]), ...extra].map((a) => fold(a, env, index) ?? a), at });
      return;
    }
    const l = loops[i];
    const list = fold(l.list, env, index);
    const node = list && typeof list !== 'string' ? unwrap(list) : undefined;
    if (l.kind === 'keys' && node?.type === 'ObjectExpression') {
      for (const p of node.properties) {
        const key = p.type === 'Property' && !p.computed ? (p.key.type === 'Identifier' ? p.key.name : p.key.type === 'Literal' ? String(p.key.value) : undefined) : undefined;
        if (key === undefined) return void (ok = false);
        walk(i + 1, new Map(env).set(l.name, key), p as AstNode);
      }
    } else if (l.kind === 'elements' && node?.type === 'ArrayExpression') {
      for (const e of node.elements) {
        if (!e || e.type === 'SpreadElement') return void (ok = false);
        walk(i + 1, new Map(env).set(l.name, fold(e as AstNode, env, index) ?? (e as AstNode)), e as AstNode);
      }
    } else ok = false;
  };
  walk(0, new Map(), call as AstNode);
  return ok && out.length > 0 ? out : undefined;
}

/** `LIST.indexOf(ctx.path) > -1`, `!== -1`, `>= 0`, `LIST.includes(ctx.path)`: the literal paths of LIST. */
function allowListTest(test: AstNode, req: string, index: JsIndex): string[] | undefined {
  let n = unwrap(test);
  let call: AstNode | undefined;
  if (n.type === 'BinaryExpression') {
    const r = unwrap(n.right as AstNode);
    const num = r.type === 'UnaryExpression' && r.operator === '-' ? -Number((r.argument as { value: unknown }).value) : r.type === 'Literal' ? Number((r as { value: unknown }).value) : NaN;
    const found = (n.operator === '>' && num === -1) || (n.operator === '>=' && num === 0) || ((n.operator === '!==' || n.operator === '!=') && num === -1);
    if (!found) return undefined;
    call = unwrap(n.left as AstNode);
    if (call.type !== 'CallExpression' || calleeProperty(call) !== 'indexOf') return undefined;
  } else if (n.type === 'CallExpression' && calleeProperty(n) === 'includes') call = n;
  if (!call || call.type !== 'CallExpression') return undefined;
  const arg = memberPath(call.arguments[0] as AstNode);
  if (!arg || arg.length !== 2 || arg[0] !== req || !/^(path|url|originalUrl)$/.test(arg[1])) return undefined;
  n = unwrap(calleeObject(call) as AstNode);
  const list = n.type === 'Identifier' ? unwrap(declaredInit(n.name, n, index)) : n;
  if (!list || list.type !== 'ArrayExpression') return undefined;
  const items = list.elements.map((e) => (e && e.type !== 'SpreadElement' ? stringValue(e as AstNode, index) : undefined));
  return items.length > 0 && items.every((s): s is string => s !== undefined && s.startsWith('/')) ? items : undefined;
}

/**
 * Public paths of a controller base class: a method that sets a flag of the instance to `true`
 * when the request path is in a literal list (`if (ignoreRouter.indexOf(ctx.path) > -1) this.$auth
 * = true; else await this.checkLogin(ctx)`). A `js-path-list` named `<class export>.<method>`, which
 * a dispatch gate on that method (routes-registrars.ts `dispatchOf`) takes as its exceptions.
 */
export function classGateLists(index: JsIndex): FactInput[] {
  if (!/(indexOf|includes)\(\s*\w+\.(path|url|originalUrl)\s*\)/.test(index.content) || !/this\.[\w$]+\s*=\s*true\b/.test(index.content)) return [];
  const lists: { name: string; items: { s: string }[] }[] = [];
  for (const cls of [...index.nodesOf('ClassDeclaration'), ...index.nodesOf('ClassExpression')]) {
    const names = [...index.exports].filter(([k, v]) => !k.includes('.') && (unwrap(v) === cls || (cls.id && unwrap(v).type === 'Identifier' && (unwrap(v) as { name: string }).name === cls.id.name))).map(([k]) => k);
    if (names.length === 0) continue;
    for (const m of cls.body.body) {
      if (m.type !== 'MethodDefinition' || m.key.type !== 'Identifier' || !(m.value as FunctionLike).body) continue;
      const fn = m.value as FunctionLike;
      const req = paramNames(fn)[0];
      if (!req) continue;
      for (const s of nodesUnder(fn.body as AstNode, 'IfStatement')) {
        const items = allowListTest(s.test as AstNode, req, index);
        const sets = items && nodesUnder(s.consequent as AstNode, 'AssignmentExpression').some((a) => memberPath(a.left as AstNode)?.[0] === 'this' && unwrap(a.right as AstNode).type === 'Literal' && (unwrap(a.right as AstNode) as { value: unknown }).value === true);
        if (sets) for (const n of names) lists.push({ name: `${n}.${m.key.name}`, items: items.map((x) => ({ s: x })) });
      }
    }
  }
  return lists.length > 0 ? [internalFact('js-path-list', index.evidence(index.program as AstNode), { lists }, `${index.file}#js-path-list:class-gates`)] : [];
}

/**
 * A middleware that serves one path prefix itself and passes every other request on: its first
 * test is `if (ctx.path.indexOf('/mock/') !== 0) { await next(); return; }` (or `!path.startsWith('/x/')`,
 * `return next()`), read through a local holding the path. The prefix it serves (`/mock/`).
 */
export function prefixDispatch(fn: FunctionLike, index: JsIndex): string | undefined {
  const body = unwrap(fn.body as AstNode | null);
  const params = paramNames(fn);
  // koa `(ctx, next)`, express `(req, res, next)`.
  const [req, res, next] = params.length === 3 ? params : [params[0], undefined, params[1]];
  if (!body || body.type !== 'BlockStatement' || !req || !next || params.length > 3) return undefined;
  /** The rest of the body answers: `ctx.body = ...`, `ctx.status = ...`, `res.send(...)`. */
  const answers = (rest: AstNode[]): boolean =>
    rest.some(
      (st) =>
        nodesUnder(st, 'AssignmentExpression').some((a) => {
          const p = memberPath(a.left as AstNode);
          return !!p && p[0] === req && /^(body|status)$/.test(p[p.length - 1]);
        }) || (!!res && nodesUnder(st, 'CallExpression').some((c) => memberPath(unwrap(c.callee as AstNode))?.[0] === res && /^(send|json|end|render|redirect|sendFile|write)$/.test(calleeProperty(c) ?? ''))),
    );
  const isPath = (e: AstNode | undefined, depth = 0): boolean => {
    const n = unwrap(e);
    if (!n || depth > 2) return false;
    const p = memberPath(n);
    if (p?.length === 2 && p[0] === req && /^(path|url|originalUrl|pathname)$/.test(p[1])) return true;
    // Only declarations run before the test: a later `path = ...` does not change what it reads.
    return n.type === 'Identifier' && isPath(declaredInit(n.name, n, index, true), depth + 1);
  };
  const outside = (test: AstNode): string | undefined => {
    const t = unwrap(test);
    let call: AstNode | undefined;
    if (t.type === 'UnaryExpression' && t.operator === '!') {
      call = unwrap(t.argument as AstNode);
      if (call.type !== 'CallExpression' || calleeProperty(call) !== 'startsWith') return undefined;
    } else if (t.type === 'BinaryExpression' && (t.operator === '!==' || t.operator === '!=')) {
      const r = unwrap(t.right as AstNode);
      call = unwrap(t.left as AstNode);
      if (r.type !== 'Literal' || (r as { value: unknown }).value !== 0 || call.type !== 'CallExpression' || calleeProperty(call) !== 'indexOf') return undefined;
    }
    if (!call || call.type !== 'CallExpression' || !isPath(calleeObject(call))) return undefined;
    const s = stringValue(call.arguments[0] as AstNode, index);
    return s && s.length > 1 && s.startsWith('/') ? s : undefined;
  };
  const stmts = body.body as AstNode[];
  for (const [i, st] of stmts.entries()) {
    if (st.type === 'VariableDeclaration') continue;
    if (st.type !== 'IfStatement') return undefined;
    const prefix = outside(st.test as AstNode);
    const cons = st.consequent as AstNode;
    const passes = nodesUnder(cons, 'CallExpression').some((c) => unwrap(c.callee as AstNode).type === 'Identifier' && (unwrap(c.callee as AstNode) as { name: string }).name === next);
    const returns = cons.type === 'ReturnStatement' || nodesUnder(cons, 'ReturnStatement').length > 0;
    // A guard scoped to the prefix (`if (!req.user) return res.status(401).send(); next()`) passes on the rest too.
    const rest = stmts.slice(i + 1);
    const passesRest = rest.some((r) => nodesUnder(r, 'CallExpression').some((c) => unwrap(c.callee as AstNode).type === 'Identifier' && (unwrap(c.callee as AstNode) as { name: string }).name === next));
    return prefix && passes && returns && !passesRest && answers(rest) ? prefix : undefined;
  }
  return undefined;
}

/**
 * A controller action whose first statement refuses everyone but administrators and returns
 * (`if (this.getRole() !== 'admin') return (ctx.body = resReturn(null, 401, 'no permission'))`):
 * apps that answer refusals with an error code in the body (HTTP 200) show no status to read.
 * Only a test that is exactly a role compared with an admin-like literal counts (an
 * `&& uid !== this.getUid()` owner exception makes it no admin gate).
 */
export function leadingAdminGate(fn: FunctionLike, index: JsIndex): { level: 'admin'; why: string } | undefined {
  const body = unwrap(fn.body as AstNode | null);
  let first = body?.type === 'BlockStatement' ? (body.body as AstNode[])[0] : undefined;
  // `try { if (...) return deny; ... } catch (e) { ... }`: the try block runs first.
  if (first?.type === 'TryStatement') first = ((first.block as AstNode & { body: AstNode[] }).body ?? [])[0];
  if (!first || first.type !== 'IfStatement' || first.alternate) return undefined;
  const test = unwrap(first.test as AstNode);
  if (test.type !== 'BinaryExpression' || (test.operator !== '!==' && test.operator !== '!=')) return undefined;
  const [l, r] = [unwrap(test.left as AstNode), unwrap(test.right as AstNode)];
  const lit = stringValue(r, index) ?? stringValue(l, index);
  const other = stringValue(r, index) !== undefined ? l : r;
  const role = other.type === 'CallExpression' ? memberPath(unwrap(other.callee as AstNode)) : memberPath(other);
  if (!lit || !/^(admin|administrator|superadmin|super_admin|root)$/i.test(lit) || !role || !/role/i.test(role[role.length - 1])) return undefined;
  const cons = unwrap(first.consequent as AstNode);
  const stmts = cons.type === 'BlockStatement' ? (cons.body as AstNode[]) : [cons];
  const last = stmts[stmts.length - 1];
  if (!last || (last.type !== 'ReturnStatement' && last.type !== 'ThrowStatement')) return undefined;
  return { level: 'admin', why: `handler first refuses ${index.text(test).replace(/\s+/g, ' ').slice(0, 60)}` };
}
