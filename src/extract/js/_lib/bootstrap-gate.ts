// Middleware that refuses once the application is set up (`if (sqlInit.isDbInitialized())
// reject(…)`, `if (passwordService.isPasswordSet()) res.redirect('login')`): the routes behind it
// are open only before the first run completes, a takeover window for whoever comes first rather
// than an open door. The test reads only the application's state (never the request), and asks a
// positive "already set up" question; `if (!isDbInitialized()) redirect('/setup')` is the opposite
// gate and protects nothing either way.
import { calleeName, nodesUnder, someNode, unwrap, type AstNode, type FunctionLike, type JsIndex } from './ast.js';
import { rejects } from './routes-guard-signals.js';

const SET_UP = /(initiali[sz]ed|installed|configured|setup(complete|done)?|passwordset|hasusers?|anyusers?|nonempty)$/i;
const REQUEST_NAMES = new Set(['req', 'request', 'res', 'response', 'ctx', 'context']);

/** The `&&` operands of a test. */
function operands(test: AstNode): AstNode[] {
  const t = unwrap(test);
  if (t?.type === 'LogicalExpression' && t.operator === '&&') return [...operands(t.left as AstNode), ...operands(t.right as AstNode)];
  return t ? [t] : [];
}

function readsRequest(node: AstNode): boolean {
  return someNode(node, (n) => n.type === 'Identifier' && REQUEST_NAMES.has(n.name));
}

/** A call asking whether the application is already set up (`isDbInitialized()`, `await isPasswordSet()`). */
function setUpQuestion(node: AstNode): boolean {
  let n = unwrap(node);
  if (n?.type === 'AwaitExpression') n = unwrap(n.argument as AstNode);
  if (n?.type !== 'CallExpression') return false;
  const name = calleeName(n)?.split('.').pop() ?? '';
  return SET_UP.test(name);
}

export function bootstrapGate(fn: FunctionLike, index: JsIndex): boolean {
  const body = unwrap(fn.body as AstNode);
  if (!body || body.type !== 'BlockStatement' || fn.params.length < 2) return false;
  const first = (body.body as AstNode[])[0];
  if (first?.type !== 'IfStatement') return false;
  const parts = operands(first.test as AstNode);
  if (!parts.some(setUpQuestion) || parts.some((p) => readsRequest(p))) return false;
  return rejects(first.consequent as AstNode, index, true) !== undefined;
}

/** A call (awaited or not) that reads nothing of the request: `await getServerCfg()`. */
function stateCall(node: AstNode): boolean {
  let n = unwrap(node);
  if (n?.type === 'AwaitExpression') n = unwrap(n.argument as AstNode);
  return n?.type === 'CallExpression' && !readsRequest(n);
}

/** The init of a local `const`/`let` of these declarations. */
function localInit(name: string, body: AstNode[]): AstNode | undefined {
  for (const stmt of body) {
    if (stmt.type !== 'VariableDeclaration') continue;
    for (const d of stmt.declarations as AstNode[]) {
      const id = unwrap((d as { id: AstNode }).id);
      const init = (d as { init?: AstNode }).init;
      if (id?.type === 'Identifier' && id.name === name && init) return init;
    }
  }
  return undefined;
}

/** A test asking "already set up?": the call itself, or a local `const` holding it; `negated` for `!x`. */
function setUpTest(test: AstNode, body: AstNode[]): { negated: boolean } | undefined {
  let t = unwrap(test);
  let negated = false;
  if (t?.type === 'UnaryExpression' && t.operator === '!') {
    negated = true;
    t = unwrap(t.argument as AstNode);
  }
  if (!t) return undefined;
  if (setUpQuestion(t)) return readsRequest(t) ? undefined : { negated };
  // `const cfg = await getServerCfg(); if (cfg.initialized) throw …`: a set-up flag of a state the
  // handler loaded without the request (`(await loadSettings()).installed` alike).
  if (t.type === 'MemberExpression' && !t.computed) {
    const prop = unwrap(t.property as AstNode);
    if (prop?.type !== 'Identifier' || !SET_UP.test(prop.name)) return undefined;
    const obj = unwrap(t.object as AstNode);
    if (obj && stateCall(obj)) return { negated };
    if (obj?.type !== 'Identifier') return undefined;
    const init = localInit(obj.name, body);
    return init && stateCall(init) ? { negated } : undefined;
  }
  if (t.type !== 'Identifier') return undefined;
  for (const stmt of body) {
    if (stmt.type !== 'VariableDeclaration') continue;
    for (const d of stmt.declarations as AstNode[]) {
      const id = unwrap((d as { id: AstNode }).id);
      const init = (d as { init?: AstNode }).init;
      if (id?.type === 'Identifier' && id.name === t.name && init && setUpQuestion(init) && !readsRequest(init)) return { negated };
    }
  }
  return undefined;
}

/**
 * A handler that serves only before the first run completes: it starts by asking whether the
 * application is set up (after local declarations only) and refuses when it is: `if (hasUsers)
 * { flash(…); return res.redirect('/login') }`, or all its work under `if (!hasUsers) { … } else
 * { refuse }` (saltcorn's create-first-user shape).
 */
export function bootstrapHandler(fn: FunctionLike, index: JsIndex): boolean {
  const body = unwrap(fn.body as AstNode);
  if (!body || body.type !== 'BlockStatement') return false;
  const stmts = body.body as AstNode[];
  const at = stmts.findIndex((s) => s.type !== 'VariableDeclaration');
  const first = stmts[at];
  if (at < 0 || first.type !== 'IfStatement') return false;
  const test = setUpTest(first.test as AstNode, stmts.slice(0, at));
  if (!test) return false;
  const refusal = test.negated ? (first.alternate as AstNode | null) : (first.consequent as AstNode);
  return !!refusal && rejects(refusal, index, true) !== undefined;
}

/** A call reading the application's first-run state: `getOnboardingStep(db)`, `readSetupState()`, `getInstallStatus()`. */
const SETUP_STATE_CALL = /onboard|setup|install|first[-_]?run|bootstrap|initiali[sz]ation/i;
/** Words of the caller or its rights: a test about them is an access check, not a first-run gate. */
const CALLER_WORDS = /\b(?:session|user|auth\w*|token|apiKey|roles?|permissions?|scopes?)\b/i;

/**
 * An RPC middleware (a tRPC `({ ctx, next }) => ...`) whose first check, after local declarations
 * only, refuses unless the application's onboarding or setup state is what the route expects:
 *   const state = await getOnboarding(ctx.db); if (state.current !== step) throw FORBIDDEN
 * The routes behind it serve only while the installation is being set up (`bootstrap-once`). The
 * test must read that state (directly or through a local it was stored in) and nothing of the caller.
 */
export function setupStepGate(fn: FunctionLike, index: JsIndex): boolean {
  const body = unwrap(fn.body as AstNode);
  if (!body || body.type !== 'BlockStatement') return false;
  const stmts = body.body as AstNode[];
  const first = stmts.find((s) => s.type !== 'VariableDeclaration');
  if (first?.type !== 'IfStatement') return false;
  const test = first.test as AstNode;
  const read: AstNode[] = [test];
  for (const id of nodesUnder(test, 'Identifier')) {
    const init = index.initAt(id.name, id);
    if (init) read.push(init);
  }
  if (read.some((n) => CALLER_WORDS.test(index.text(n)))) return false;
  const asksState = read.some((n) => nodesUnder(n, 'CallExpression').some((c) => SETUP_STATE_CALL.test(calleeName(c)?.split('.').pop() ?? '')) || setUpQuestion(n));
  return asksState && rejects(first.consequent as AstNode, index) !== undefined;
}
