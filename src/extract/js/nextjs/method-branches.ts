// One Pages Router API handler serves several methods through branches on `req.method`:
//   if (req.method === 'GET') { ...reads... } else if (req.method === 'POST') { ...writes... }
//   switch (method) { case 'POST': await handlePost(req, res); break; default: return res.status(405)... }
// Each method is judged on what it runs: the statements outside the dispatch (a guard at the top
// applies to every method) plus its own branch, where a branch that only hands the request to a
// same-file function (`handlePost(req, res)`) is that function's body. A guard or a write in one
// branch then says nothing about the other methods.
//
// The view of a method is a synthetic function: the handler with its dispatch replaced by the
// method's branch. Checks that keep to the handler's own statements (`enclosingFunction(s) ===
// fn`) ask `ownFunctions(view)` instead, which lists the handler and the function a branch
// delegates to.
import { calleeName, literalValue, memberPath, unwrap, unwrapAwait, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';

const views = new WeakMap<FunctionLike, Set<FunctionLike>>();

/** The real functions whose own statements a (possibly synthetic) function stands for. */
export function ownFunctions(fn: FunctionLike): ReadonlySet<FunctionLike> {
  return views.get(fn) ?? new Set([fn]);
}

function paramName(p: AstNode | undefined): string | undefined {
  let n = p;
  if (n && n.type === 'AssignmentPattern') n = n.left as AstNode;
  return n && n.type === 'Identifier' ? n.name : undefined;
}

interface Dispatch {
  /** Methods each branch serves, in order; `undefined` methods: the `else` / `default`. */
  branches: { methods?: string[]; body: AstNode[] }[];
}

/** `req.method`, or a local bound to it (`const method = req.method`, `const { method } = req`). */
function isMethodExpr(node: AstNode, req: string, methodLocals: ReadonlySet<string>): boolean {
  const n = unwrap(node);
  if (n.type === 'Identifier') return methodLocals.has(n.name);
  const path = memberPath(n);
  return !!path && path.length === 2 && path[0] === req && path[1] === 'method';
}

/** The methods a test selects: `req.method === 'GET'`, `'GET' === method`, joined by `||`. */
function testedMethods(test: AstNode, req: string, locals: ReadonlySet<string>): string[] | undefined {
  const t = unwrap(test);
  if (t.type === 'LogicalExpression' && t.operator === '||') {
    const a = testedMethods(t.left as AstNode, req, locals);
    const b = a && testedMethods(t.right as AstNode, req, locals);
    return a && b ? [...a, ...b] : undefined;
  }
  if (t.type !== 'BinaryExpression' || (t.operator !== '===' && t.operator !== '==')) return undefined;
  for (const [m, v] of [[t.left, t.right], [t.right, t.left]] as AstNode[][]) {
    const lit = literalValue(unwrap(v));
    if (isMethodExpr(m, req, locals) && typeof lit === 'string') return [lit.toUpperCase()];
  }
  return undefined;
}

function statementsOf(node: AstNode | null | undefined): AstNode[] {
  if (!node) return [];
  return node.type === 'BlockStatement' ? (node.body as AstNode[]) : [node];
}

/** An `if (req.method === ...) ... else if ...` chain or a `switch (req.method)`, as branches. */
function dispatchOf(stmt: AstNode, req: string, locals: ReadonlySet<string>): Dispatch | undefined {
  if (stmt.type === 'IfStatement') {
    const branches: Dispatch['branches'] = [];
    let s: AstNode | null | undefined = stmt;
    while (s && s.type === 'IfStatement') {
      const methods = testedMethods(s.test as AstNode, req, locals);
      if (!methods) return undefined;
      branches.push({ methods, body: statementsOf(s.consequent as AstNode) });
      s = s.alternate as AstNode | null;
    }
    if (s) branches.push({ body: statementsOf(s) });
    return { branches };
  }
  if (stmt.type === 'SwitchStatement' && isMethodExpr(stmt.discriminant as AstNode, req, locals)) {
    const branches: Dispatch['branches'] = [];
    let pending: string[] = [];
    let dflt = false;
    for (const c of stmt.cases) {
      if (c.test) {
        const lit = literalValue(unwrap(c.test as AstNode));
        if (typeof lit !== 'string') return undefined;
        pending.push(lit.toUpperCase());
      } else dflt = true;
      if (c.consequent.length === 0) continue;
      const body = (c.consequent as AstNode[]).filter((x) => x.type !== 'BreakStatement');
      branches.push(dflt ? { body } : { methods: pending, body });
      pending = [];
      dflt = false;
    }
    return { branches };
  }
  return undefined;
}

/** A branch that only hands the request to a same-file function: `await handlePost(req, res)`. */
function delegate(body: readonly AstNode[], fn: FunctionLike, index: JsIndex): FunctionLike | undefined {
  if (body.length !== 1) return undefined;
  const s = body[0];
  const expr = s.type === 'ExpressionStatement' ? s.expression : s.type === 'ReturnStatement' ? s.argument : undefined;
  const call = unwrapAwait(expr as AstNode | null | undefined);
  if (!call || call.type !== 'CallExpression') return undefined;
  const name = calleeName(call);
  const target = name && !name.includes('.') ? index.functionByName(name) : undefined;
  if (!target || target === fn || !target.body || unwrap(target.body as AstNode).type !== 'BlockStatement') return undefined;
  // Same request and response under the same names, so the target's checks read as the handler's.
  const mine = fn.params.map((p) => paramName(p as AstNode));
  const given = call.arguments.map((a) => (unwrap(a as AstNode).type === 'Identifier' ? (unwrap(a as AstNode) as { name: string }).name : undefined));
  const theirs = target.params.map((p) => paramName(p as AstNode));
  if (given.length === 0 || given.some((g, i) => !g || g !== mine[i] || theirs[i] !== g)) return undefined;
  return target;
}

/**
 * Per-method views of a Pages Router handler that dispatches on `req.method`, or undefined when it
 * does not (method checks that only refuse, `if (req.method !== 'POST') return 405`, are no dispatch).
 */
export function methodViews(fn: FunctionLike, methods: readonly string[], index: JsIndex): Map<string, FunctionLike> | undefined {
  const req = paramName(fn.params[0] as AstNode | undefined);
  const body = unwrap(fn.body as AstNode | null);
  if (!req || !body || body.type !== 'BlockStatement') return undefined;
  const locals = new Set<string>();
  for (const s of body.body as AstNode[]) {
    if (s.type !== 'VariableDeclaration') continue;
    for (const d of s.declarations) {
      const init = d.init ? unwrap(d.init as AstNode) : undefined;
      if (d.id.type === 'Identifier' && init && isMethodExpr(init, req, locals)) locals.add(d.id.name);
      if (d.id.type === 'ObjectPattern' && init?.type === 'Identifier' && init.name === req) {
        for (const p of d.id.properties) if (p.type === 'Property' && p.key.type === 'Identifier' && p.key.name === 'method') locals.add(paramName(p.value as AstNode) ?? '');
      }
    }
  }
  let found = false;
  /** The statements method `m` runs; `delegates` collects the functions its branches hand off to. */
  const viewOf = (stmts: readonly AstNode[], m: string, delegates: Set<FunctionLike>): AstNode[] => {
    const out: AstNode[] = [];
    for (const s of stmts) {
      if (s.type === 'TryStatement') {
        const block = s.block as AstNode & { body: AstNode[] };
        out.push({ ...s, block: { ...block, body: viewOf(block.body, m, delegates) } } as AstNode);
        continue;
      }
      const d = dispatchOf(s, req, locals);
      if (!d) {
        out.push(s);
        continue;
      }
      found = true;
      const branch = d.branches.find((b) => b.methods?.includes(m)) ?? d.branches.find((b) => !b.methods);
      if (!branch) continue;
      const target = delegate(branch.body, fn, index);
      if (target) delegates.add(target);
      // Flattened: the branch's first statements are the method's first (helper-calls.ts reads those).
      out.push(...(target ? (unwrap(target.body as AstNode) as AstNode & { body: AstNode[] }).body : branch.body));
    }
    return out;
  };
  const result = new Map<string, FunctionLike>();
  for (const m of methods) {
    const delegates = new Set<FunctionLike>([fn]);
    const stmts = viewOf(body.body as AstNode[], m, delegates);
    const view = { ...fn, body: { ...body, body: stmts } } as FunctionLike;
    views.set(view, delegates);
    result.set(m, view);
  }
  return found ? result : undefined;
}
