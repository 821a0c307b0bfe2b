// start/kernel.ts: middleware every request runs through (v5 `Server.middleware.register([...])`,
// v6 `server.use([...])` / `router.use([...])`). One named like a guard (as at routes) guards every
// route of the application, unless its own file lets some requests through before its check
// (`if (skipped(request.url())) { await next(); return }`): then which routes it guards is not
// known here, and it counts as `unknown`. Link (linkGlobalGuards) turns the records into
// `auth-global-guard` facts for the shared linkRoutes.
import type { ConfigFact, Fact, FactInput } from '../../../model/types.js';
import { fileNoExt, type MwRef } from '../_lib/routes.js';
import { memberPath, nodesUnder, unwrap, unwrapAwait, type AstNode, type Class, type JsIndex } from '../_lib/ast.js';
import { importedMiddlewareName, importedMiddlewareSpec, namedRole } from './middleware.js';
import { handleOf, scanNamed } from './named.js';
import { moduleTarget } from './routes.js';

const SERVER_MODULES = ['@ioc:Adonis/Core/Server', '@adonisjs/core/services/server', '@adonisjs/core/services/router'];
export const GLOBAL_GUARD = 'adonis-global-guard';
export const MIDDLEWARE_PASSES = 'adonis-middleware-passes';

interface GlobalGuardData {
  guard: MwRef;
  /** The middleware's file (repository path without extension), when the import names one of the application's. */
  target?: string;
}

export function scanKernel(index: JsIndex): FactInput[] {
  const names = new Set<string>();
  for (const [local, b] of index.bindings) if (SERVER_MODULES.includes(b.module)) names.add(local);
  if (names.size === 0) return [];
  const out: FactInput[] = scanNamed(index, names);
  for (const call of index.nodesOf('CallExpression')) {
    const path = memberPath(call.callee as AstNode);
    if (!path || !names.has(path[0])) continue;
    const global = (path.length === 2 && path[1] === 'use') || (path.length === 3 && path[1] === 'middleware' && path[2] === 'register');
    const list = unwrap(call.arguments[0] as AstNode | undefined);
    if (!global || list?.type !== 'ArrayExpression') continue;
    for (const e of list.elements) {
      const name = e && e.type !== 'SpreadElement' ? importedMiddlewareName(e as AstNode, index) : undefined;
      if (!name) continue;
      const judged = namedRole(name);
      if (judged.role !== 'auth-user' && judged.role !== 'auth-admin' && judged.role !== 'auth-unknown') continue;
      const spec = importedMiddlewareSpec(e as AstNode, index);
      const data: GlobalGuardData = { guard: { name, role: judged.role, why: judged.why ?? `${name} (global middleware)` }, target: spec ? moduleTarget(spec, index.file) : undefined };
      out.push({ kind: 'config', setting: GLOBAL_GUARD, values: { data: JSON.stringify(data) }, summary: `global middleware ${name}`, evidence: index.evidence(e as AstNode), key: `${index.file}#${GLOBAL_GUARD}:${name}` });
    }
  }
  return out;
}

/** Does a branch call `next()` and end there (`await next(); return`, `return next()`)? */
function passesOn(branch: AstNode | null | undefined, next: string): boolean {
  if (!branch) return false;
  const stmts = branch.type === 'BlockStatement' ? (branch.body as AstNode[]) : [branch];
  const callsNext = stmts.some((st) => {
    const e = st.type === 'ExpressionStatement' ? unwrapAwait(st.expression as AstNode) : st.type === 'ReturnStatement' ? unwrapAwait((st as { argument?: AstNode }).argument) : undefined;
    return e?.type === 'CallExpression' && memberPath(e.callee as AstNode)?.join('.') === next;
  });
  const last = stmts[stmts.length - 1];
  return callsNext && (last?.type === 'ReturnStatement');
}

/** A middleware class (`handle(ctx, next)`) that lets requests through before it has checked them. */
export function scanMiddleware(index: JsIndex, cls: Class): FactInput[] {
  const { handle, fn } = handleOf(cls);
  const nextParam = fn?.params[1] ? unwrap(fn.params[1] as AstNode) : undefined;
  if (!fn?.body || nextParam?.type !== 'Identifier') return [];
  const passes = nodesUnder(fn.body as AstNode, 'IfStatement').some((s) => index.enclosingFunction(s) === fn && passesOn(s.consequent as AstNode, nextParam.name));
  if (!passes) return [];
  return [{ kind: 'config', setting: MIDDLEWARE_PASSES, values: { file: fileNoExt(index.file) }, evidence: index.evidence(handle as AstNode), key: `${index.file}#${MIDDLEWARE_PASSES}` }];
}

/**
 * The global guards as `auth-global-guard` facts (what linkRoutes reads); a guard whose file lets
 * requests through first becomes `unknown`. Touches only this extractor's records.
 */
export function linkGlobalGuards(facts: Fact[]): Fact[] {
  if (!facts.some((f) => f.kind === 'config' && (f.setting === GLOBAL_GUARD || f.setting === MIDDLEWARE_PASSES))) return facts;
  const passing = new Set(facts.flatMap((f) => (f.kind === 'config' && f.setting === MIDDLEWARE_PASSES ? [String(f.values.file)] : [])));
  const out: Fact[] = [];
  for (const f of facts) {
    if (f.kind !== 'config' || (f.setting !== GLOBAL_GUARD && f.setting !== MIDDLEWARE_PASSES)) {
      out.push(f);
      continue;
    }
    if (f.setting === MIDDLEWARE_PASSES) continue;
    const data = JSON.parse(String(f.values.data)) as GlobalGuardData;
    const guard: MwRef = data.target && passing.has(data.target) ? { ...data.guard, role: 'auth-unknown', why: `${data.guard.name} lets some requests through before its check (which is not read)` } : data.guard;
    const fact: ConfigFact = { ...f, setting: 'auth-global-guard', values: { framework: 'adonis', guard: guard.name, data: JSON.stringify({ framework: 'adonis', guard }) } };
    out.push(fact);
  }
  return out;
}
