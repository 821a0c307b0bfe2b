// `src/hooks.server.ts`: `export const handle` (alone or `sequence(a, b, c)`) runs before every
// request of the app (endpoints, pages, form actions). A handle that refuses callers without a
// session (`if (!event.locals.user) redirect(303, '/login')`, `return json(..., { status: 401 })`),
// usually only for some path prefixes (`if (url.pathname.startsWith('/admin'))`), is the app-wide
// guard: link applies it to the routes whose paths it covers (the same records as a Next.js
// middleware, read by ../nextjs/middleware-scope.ts with SvelteKit's `resolve(event)` and throwing helpers).
import type { FactInput } from '../../../model/types.js';
import type { MiddlewareScope } from '../_lib/middleware-scope-eval.js';
import { calleeName, functionOf, isFunctionLike, memberPath, topLevelReturn, unwrap, unwrapAwait, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { classifyGuard } from '../_lib/routes-guards.js';
import type { MwRef } from '../_lib/routes.js';
import { middlewareScope, type ScopeDialect } from '../nextjs/middleware-scope.js';
import { routeIdGuards } from './route-groups.js';
import { kitCallerCheck } from './session.js';

/** Internal: the `locals` names of clients carrying the caller's credentials (consumed by link). */
export const CALLER_CLIENT = 'sveltekit-caller-client';

/** `request.headers.get('origin')`: the request's Origin read for a comparison. */
const ORIGIN_READ = /headers\.get\(\s*['"`]origin['"`]\s*\)/i;

const KIT_DIALECT: ScopeDialect = { pass: /^resolve$/, throwing: true };

/** A handle given as a function, a same-file name for one, or a factory call returning one (`csrf(['/api'])`). */
function handleFunction(n: AstNode | undefined, index: JsIndex, depth = 0): FunctionLike | undefined {
  if (!n || depth > 3) return undefined;
  const v = unwrap(n);
  const fn = functionOf(v, index);
  if (fn) return fn;
  if (v.type === 'Identifier') {
    const init = index.constInit(v.name);
    return init && unwrap(init) !== v ? handleFunction(init, index, depth + 1) : undefined;
  }
  if (v.type === 'CallExpression') {
    const callee = unwrap(v.callee as AstNode);
    const factory = callee.type === 'Identifier' ? index.functionByName(callee.name) : undefined;
    const ret = factory ? topLevelReturn(factory) : undefined;
    const inner = ret ? unwrap(ret) : undefined;
    return inner && isFunctionLike(inner) ? inner : undefined;
  }
  return undefined;
}

/** The handles `export const handle` runs, in order (`sequence(a, b)` flattened). */
export function handleChain(index: JsIndex): FunctionLike[] {
  const value = index.exports.get('handle');
  if (!value) return [];
  const out: FunctionLike[] = [];
  const visit = (n: AstNode, depth: number): void => {
    let v = unwrap(n);
    if (v.type === 'Identifier' && depth < 3) {
      const init = index.constInit(v.name);
      if (init && unwrap(init).type === 'CallExpression' && /(^|\.)sequence$/.test(calleeName(unwrap(init) as AstNode & { type: 'CallExpression' }) ?? '')) v = unwrap(init);
    }
    if (v.type === 'CallExpression' && /(^|\.)sequence$/.test(calleeName(v) ?? '')) {
      for (const a of v.arguments as AstNode[]) visit(a, depth + 1);
      return;
    }
    const fn = handleFunction(v, index);
    if (fn) out.push(fn);
  };
  visit(value, 0);
  return out;
}

interface HandleGuard {
  guard: MwRef;
  scope?: MiddlewareScope;
  at: FunctionLike;
}

/** What one handle guards: its own path-scoped refusals, or a refusal of every caller without a session. */
function handleGuard(fn: FunctionLike, index: JsIndex): HandleGuard | undefined {
  const scope = middlewareScope(fn, index, KIT_DIALECT);
  const check = kitCallerCheck(fn, index, true);
  const verdict = classifyGuard(fn, index);
  // A role test anywhere in the handle (`if (event.locals.user.role !== 'admin') error(403)` under the path test).
  const admin = kitCallerCheck(fn, index)?.level === 'admin' || verdict?.level === 'admin';
  const name = index.functionName(fn) ?? 'handle';
  const role = admin ? 'auth-admin' : 'auth-user';
  const file = index.file.split('/').pop() ?? index.file;
  if (scope && scope.steps.some((s) => s.outcome === 'guard')) {
    return { guard: { name, role, mechanism: verdict?.mechanism ?? 'session', why: `${file} ${name}: refuses requests without a session for some paths` }, scope, at: fn };
  }
  // A refusal under no path condition guards every route; one whose condition this cannot read (an imported predicate) is not claimed.
  if (check && !scope) return { guard: { name, role, mechanism: 'session', why: `${file} ${name}: ${check.why.replace(/^handler checks: /, 'refuses when ')}` }, at: fn };
  return undefined;
}

/** The app-wide guard facts of a hooks.server file (one per guarding handle, in sequence order). */
export function hookGuardFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const clients = callerClients(index);
  if (clients.at) {
    const names = clients.names;
    out.push({ kind: 'config', setting: CALLER_CLIENT, values: { names: names.join(',') }, summary: `request-scoped backend clients with the caller's credentials: locals.${names.join(', locals.')}`, evidence: index.evidence(clients.at), key: `${index.file}#${CALLER_CLIENT}` });
  }
  for (const fn of handleChain(index)) {
    // A hand-written origin check (the SvelteKit docs' advice when `checkOrigin` is off): CSRF protection.
    const text = index.text(fn as AstNode);
    if (ORIGIN_READ.test(text) && /\b403\b/.test(text) && !out.some((f) => f.kind === 'config' && f.setting === 'csrf')) {
      out.push({ kind: 'config', setting: 'csrf', values: { library: 'sveltekit-hook', mechanism: 'origin-check' }, summary: `hooks.server ${index.functionName(fn) ?? 'handle'} refuses cross-origin form submissions`, evidence: index.evidence(fn as AstNode), key: `${index.file}#config:csrf:sveltekit-hook` });
    }
    if (index.text(fn as AstNode).includes('route.id')) out.push(...routeIdGuards(fn, index, index.functionName(fn) ?? 'handle'));
    const g = handleGuard(fn, index);
    if (!g) continue;
    const record = { framework: 'sveltekit', guard: g.guard, ...(g.scope ? { scope: g.scope } : {}) };
    out.push({
      kind: 'config',
      setting: 'auth-global-guard',
      values: { framework: 'sveltekit', guard: g.guard.name, data: JSON.stringify(record) },
      summary: `SvelteKit hooks.server handle guard (${g.guard.name})${g.scope ? ' for the paths it checks' : ' for every path'}`,
      evidence: index.evidence(g.at as AstNode),
      key: `${index.file}#config:auth-global-guard:sveltekit:${g.guard.name}`,
    });
  }
  return out;
}

/** Names of request-scoped backend clients: set from the request's cookie or authorization header. */
const CREDENTIAL_TEXT = /cookie|authorization|bearer|getAll\(\)/i;

/**
 * `event.locals.pb = pb` after `pb.authStore.loadFromCookie(cookie)`, `event.locals.supabase =
 * createServerClient(url, key, { cookies })`: a backend client carrying the caller's own
 * credentials. Handlers writing through it are checked by the backend (PocketBase collection
 * rules, Supabase row-level security), not by code this repository shows.
 */
export function callerClients(index: JsIndex): { names: string[]; at?: AstNode } {
  const out = new Set<string>();
  let at: AstNode | undefined;
  for (const a of index.nodesOf('AssignmentExpression')) {
    const left = unwrap(a.left as AstNode);
    const path = left.type === 'MemberExpression' ? memberPath(left) : undefined;
    if (!path || path.length !== 3 || path[1] !== 'locals') continue;
    const right = unwrap(a.right as AstNode);
    const made = right.type === 'Identifier' ? unwrap(index.initAt(right.name, right) ?? right) : right;
    const built = unwrapAwait(made) ?? made;
    if (built.type !== 'NewExpression' && built.type !== 'CallExpression') continue;
    let credentialed = CREDENTIAL_TEXT.test(index.text(built));
    if (!credentialed && right.type === 'Identifier') {
      const name = right.name;
      credentialed = index.nodesOf('CallExpression').some((c) => memberPath(unwrap(c.callee as AstNode))?.[0] === name && (c.arguments as AstNode[]).some((x) => CREDENTIAL_TEXT.test(index.text(x))));
    }
    if (credentialed) out.add(path[2]);
    if (credentialed) at ??= a as AstNode;
  }
  return { names: [...out].sort(), at };
}
