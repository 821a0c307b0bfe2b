// Guards and handler wrappers a Nuxt/Nitro project defines for its routes, usually in
// `server/utils/` (auto-imported by name) and sometimes imported by path:
//   export async function requireAdmin(event) { const { user } = await requireUserSession(event); if (user.role !== 'admin') throw createError({ statusCode: 403 }) }
//   export const defineAuthedHandler = (handler) => defineEventHandler(async (event) => { await requireUser(event); return handler(event) })
// Each becomes an `auth` `guard-definition` fact with the names it is exported under, which link
// finds for the routes that call or wrap with it (by export, or by name for an auto-import).
import type { AuthFact, FactInput } from '../../../model/types.js';
import { calleeName, exportNamesByFunction, nodesUnder, unwrap, unwrapAwait, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { classifyGuard } from '../_lib/routes-guards.js';
import { rejects } from '../_lib/routes-guard-signals.js';
import { handlerAuth } from '../nextjs/session-check.js';
import { awaitedGuards, H3_DEFINE, nitroInlineAuth, resolveNitroHandler } from './handler.js';

/** Getters of the signed-in caller that refuse without one (`getCurrentUser(event)` that throws 401). */
const CALLER_GETTER = /^(get|require|ensure|load|fetch|use)(Current|Authed|Authenticated|Logged(In)?|Session)?(User|Session|Auth|Account|Caller|Viewer)(Session|OrThrow)?$/;

interface Verdict {
  level: 'user' | 'admin' | 'role';
  why: string;
  /** The check runs only when a setting is on (guard-bypass.ts reads `conditional` back). */
  conditional?: { condition: string; line: number };
}

/** The function a wrapper returns (`defineEventHandler(async (event) => ...)`), if it returns an h3 handler. */
function wrappedInner(fn: FunctionLike, index: JsIndex): FunctionLike | undefined {
  const body = unwrap(fn.body as AstNode | null);
  if (!body) return undefined;
  const ret = body.type === 'BlockStatement' ? (body.body as AstNode[]).filter((s) => s.type === 'ReturnStatement').pop() : body;
  const value = ret?.type === 'ReturnStatement' ? (ret.argument as AstNode | null) : ret;
  const call = unwrap(value ?? undefined);
  if (!call || call.type !== 'CallExpression' || !H3_DEFINE.test((calleeName(call) ?? '').split('.').pop() ?? '')) return undefined;
  return resolveNitroHandler(call, index).fn;
}

/** A guard body: the shared classifier, the session check, or the h3 session helpers. */
function judge(fn: FunctionLike, index: JsIndex): Verdict | undefined {
  const own = nitroInlineAuth(fn, index);
  if (own && own.level !== 'unknown') return { level: own.level, why: own.why };
  const verdict = classifyGuard(fn, index);
  if (verdict && (verdict.level === 'user' || verdict.level === 'admin' || verdict.level === 'role')) return { level: verdict.level, why: verdict.why };
  const session = handlerAuth(undefined, fn, index).inline;
  return session && session.level !== 'unknown' ? { level: session.level, why: session.why } : undefined;
}

/** The wrapper's handler first awaits a getter of the caller that throws without one (`await getCurrentUser(event)`). */
function awaitsCaller(inner: FunctionLike): string | undefined {
  const body = unwrap(inner.body as AstNode | null);
  if (!body || body.type !== 'BlockStatement') return undefined;
  for (const s of body.body as AstNode[]) {
    const raw = s.type === 'ExpressionStatement' ? (s.expression as AstNode) : s.type === 'VariableDeclaration' ? ((s.declarations[0]?.init as AstNode | null) ?? undefined) : undefined;
    const e = raw && unwrap(raw).type === 'AwaitExpression' ? unwrapAwait(raw) : undefined;
    if (!e || e.type !== 'CallExpression') continue;
    const name = (calleeName(e) ?? '').split('.').pop() ?? '';
    if (CALLER_GETTER.test(name) && nodesUnder(e as AstNode, 'Identifier').some((i) => /^(event|e|evt)$/.test(i.name))) return `${name}(event)`;
  }
  return undefined;
}

/** A helper handed the h3 event first (`requireAdmin(event)`, `(event: H3Event) => ...`). */
function takesEvent(fn: FunctionLike): boolean {
  const p = unwrap(fn.params[0] as AstNode | undefined);
  const id = p?.type === 'AssignmentPattern' ? unwrap(p.left as AstNode) : p;
  if (!id || id.type !== 'Identifier') return false;
  const ann = (id as { typeAnnotation?: { typeAnnotation?: { typeName?: { name?: string } } } }).typeAnnotation?.typeAnnotation?.typeName?.name;
  return /^(event|e|evt|h3Event)$/.test(id.name) || ann === 'H3Event';
}

/**
 * `if (config.password) { const auth = getHeader(event, 'Authorization'); if (!auth) throw
 * createError({ statusCode: 401 }) ... }`: a credential check the deployment switches on by a
 * setting. The condition, where it is.
 */
function switchedHeaderCheck(fn: FunctionLike, index: JsIndex): { condition: string; line: number } | undefined {
  const body = unwrap(fn.body as AstNode | null);
  if (!body || body.type !== 'BlockStatement') return undefined;
  for (const s of body.body as AstNode[]) {
    if (s.type !== 'IfStatement' || /\bevent\b/.test(index.text(s.test as AstNode))) continue;
    const inner = s.consequent as AstNode;
    const reads = nodesUnder(inner, 'CallExpression').some((c) => /^(getHeader|getRequestHeader)$/.test((calleeName(c) ?? '').split('.').pop() ?? '') && /authorization|api-?key|token/i.test(index.text(c)));
    if (!reads) continue;
    const refuses = nodesUnder(inner, 'IfStatement').some((i) => rejects(i.consequent as AstNode, index) !== undefined && /\b401\b/.test(index.text(i.consequent as AstNode)));
    if (refuses) return { condition: index.text(s.test as AstNode).replace(/\s+/g, ' ').slice(0, 80), line: index.line(s) };
  }
  return undefined;
}

/** Guard-definition facts for the exported guards and handler wrappers of a server file. */
export function nitroDefinitions(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const [fn, exports] of exportNamesByFunction(index)) {
    const names = exports.filter((e) => e !== 'default');
    if (names.length === 0) continue;
    const inner = wrappedInner(fn, index);
    let verdict: Verdict | undefined;
    if (inner) {
      // The caller's getter first: what the wrapper then checks depends on the arguments of each use
      // (`definePermissionEventHandler('admin', ...)`), which the route's reference carries.
      const getter = awaitsCaller(inner);
      // A token check under a setting is judged as one, which the shared classifier does not say.
      const switched = getter ? undefined : switchedHeaderCheck(inner, index);
      const judged = getter || switched ? undefined : judge(inner, index);
      if (getter) verdict = { level: 'user', why: `handler wrapper awaits ${getter} before the route's handler` };
      else if (switched) verdict = { level: 'user', why: `handler wrapper checks the request's token when ${switched.condition}`, conditional: switched };
      else if (judged) verdict = { ...judged, why: `handler wrapper: ${judged.why}` };
    } else if (takesEvent(fn)) verdict = judge(fn, index);
    const name = index.functionName(fn) ?? names[0];
    if (!verdict) {
      // `requireUserTeamProject(event)` that first awaits another guard of the project
      // (`await requireUserTeam(event, slug)`, imported or auto-imported from server/utils): that
      // guard's level, judged in link (`details.calls`; `#name` for an auto-import).
      const delegate = takesEvent(fn) ? awaitedGuards(fn, index).find((r) => r.name !== name) : undefined;
      if (delegate) out.push(delegatingFact(fn, index, name, names, delegate.module && delegate.export ? `${delegate.module}#${delegate.export}` : `#${delegate.name}`));
      continue;
    }
    const fact: Omit<AuthFact, 'extractor'> = {
      kind: 'auth',
      mechanism: 'custom' as AuthFact['mechanism'],
      role: 'guard-definition',
      name,
      details: { level: verdict.level, why: verdict.why, exports: names.join(','), throws: true, halts: true, ...(verdict.conditional ? { conditional: verdict.conditional.condition, conditionalLine: verdict.conditional.line } : {}) },
      evidence: index.evidence(fn as AstNode),
      key: `${index.file}#auth:nitro-guard:${name}`,
    };
    out.push(fact);
  }
  return out;
}

/** A guard that leaves the decision to another guard it awaits first (`details.calls`, read by link). */
function delegatingFact(fn: FunctionLike, index: JsIndex, name: string, names: string[], calls: string): FactInput {
  return {
    kind: 'auth',
    mechanism: 'custom' as AuthFact['mechanism'],
    role: 'guard-definition',
    name,
    details: { level: 'unknown', why: `awaits ${calls.slice(calls.indexOf('#') + 1)}(event) first`, exports: names.join(','), calls, throws: true, halts: true },
    evidence: index.evidence(fn as AstNode),
    key: `${index.file}#auth:nitro-guard:${name}`,
  };
}
