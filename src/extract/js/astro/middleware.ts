// Astro middleware (`src/middleware.ts` or `src/middleware/*.ts`): `onRequest` runs before every
// page, endpoint and action, alone or chained with `sequence(a, b, c)`. Each middleware function of
// these files that refuses callers without a session (a redirect, a 401/403 response) is an
// app-wide guard, scoped by the path tests it makes first (`if (pathname.startsWith('/api/auth'))
// return next()`, `PUBLIC.includes(pathname)`): the same scope reading as Next.js middleware.
// A branch that tests a path and a role before refusing (`isAdminPath(p) && user.role !== 'admin'`)
// is an admin guard for those paths.
import type { FactInput } from '../../../model/types.js';
import { calleeName, isFunctionLike, nodesUnder, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import type { MiddlewareScope, PathCond } from '../_lib/middleware-scope-eval.js';
import { classifyGuard } from '../_lib/routes-guards.js';
import type { MwRef } from '../_lib/routes.js';
import { middlewareScope, pathCond } from '../nextjs/middleware-scope.js';

/** `defineMiddleware(fn)` and the functions `(context, next)` a middleware file declares. */
function middlewareFunctions(index: JsIndex): FunctionLike[] {
  const out = new Set<FunctionLike>();
  for (const call of index.nodesOf('CallExpression')) {
    if (!/(^|\.)defineMiddleware$/.test(calleeName(call) ?? '')) continue;
    const a = unwrap(call.arguments[0] as AstNode | undefined);
    if (a && isFunctionLike(a)) out.add(a);
    else if (a?.type === 'Identifier') {
      const fn = index.functionByName(a.name);
      if (fn) out.add(fn);
    }
  }
  for (const fn of [...index.nodesOf('FunctionDeclaration'), ...index.nodesOf('ArrowFunctionExpression'), ...index.nodesOf('FunctionExpression')] as FunctionLike[]) {
    if (out.has(fn) || index.enclosingFunction(fn)) continue;
    const names = fn.params.map((p) => (p.type === 'Identifier' ? p.name : p.type === 'ObjectPattern' ? '{}' : ''));
    const handlerTyped = /^[^=]*:\s*MiddlewareHandler\b/.test(index.text(index.parent(fn) ?? fn).slice(0, 200));
    if ((names.length === 2 && names[1] === 'next') || handlerTyped || index.functionName(fn) === 'onRequest') out.add(fn);
  }
  return [...out];
}

/** `if (!user) return next()`: requests without a caller go on (a later check, or none, decides). */
const ANONYMOUS_TEST = /!\s*\(?\s*(?:await\s+)?[\w$.?]*\b(user|session|auth|token|currentUser)\b|\b(user|session)\s*={2,3}\s*(null|undefined)/i;

function letsAnonymousThrough(fn: FunctionLike, index: JsIndex): boolean {
  return nodesUnder(fn.body as AstNode, 'IfStatement').some((s) => {
    if (index.enclosingFunction(s) !== fn || !ANONYMOUS_TEST.test(index.text(s.test as AstNode))) return false;
    const cons = s.consequent as AstNode;
    const last = cons.type === 'BlockStatement' ? (cons.body[cons.body.length - 1] as AstNode | undefined) : cons;
    return !!last && last.type === 'ReturnStatement' && /^(await\s+)?next\(\s*\)$/.test(index.text(last.argument as AstNode));
  });
}

const ROLE_TEST = /\b(role|roles|isAdmin|admin|is_admin|isSuperuser|superuser|permission|permissions|isStaff)\b/;
const REFUSAL = /\.redirect\(|status\s*:\s*40[13]\b|\bnew\s+Response\([^)]*40[13]/;

/** `a && b` → its parts. */
function conjuncts(n: AstNode): AstNode[] {
  const v = unwrap(n);
  return v.type === 'LogicalExpression' && v.operator === '&&' ? [...conjuncts(v.left as AstNode), ...conjuncts(v.right as AstNode)] : [v];
}

/** Paths an `if (<path test> && <role test>) refuse` of the function reserves to administrators. */
function adminPaths(fn: FunctionLike, index: JsIndex): PathCond[] {
  const out: PathCond[] = [];
  const ctx = { index, fn, pathNames: new Set<string>(), depth: 0 };
  for (const s of nodesUnder(fn.body as AstNode, 'IfStatement')) {
    if (index.enclosingFunction(s) !== fn) continue;
    const parts = conjuncts(s.test as AstNode);
    const paths = parts.map((p) => pathCond(p, ctx)).filter((c): c is PathCond => !!c);
    const rest = parts.filter((p) => !pathCond(p, ctx));
    if (paths.length === 0 || rest.length === 0 || !rest.some((r) => ROLE_TEST.test(index.text(r)))) continue;
    const cons = s.consequent as AstNode;
    if (!nodesUnder(cons, 'ReturnStatement').some((r) => REFUSAL.test(index.text(r)))) continue;
    out.push(paths.length === 1 ? paths[0] : { all: paths });
  }
  return out;
}

function guardFact(index: JsIndex, at: AstNode, name: string, guard: MwRef, scope: MiddlewareScope | undefined): FactInput {
  const record = { framework: 'astro', guard, ...(scope ? { scope } : {}) };
  return {
    kind: 'config',
    setting: 'auth-global-guard',
    values: { framework: 'astro', guard: guard.name, data: JSON.stringify(record) },
    summary: `Astro middleware ${name} guards ${scope ? 'the paths it checks' : 'every path'}`,
    evidence: index.evidence(at),
    key: `${index.file}#config:auth-global-guard:astro:${name}:${guard.role}`,
  };
}

/** `const auth = defineMiddleware(...)` is `auth`; `export const onRequest = defineMiddleware(...)` is `onRequest`. */
function middlewareName(fn: FunctionLike, index: JsIndex): string {
  for (const a of index.ancestors(fn)) {
    if (a.type === 'VariableDeclarator' && a.id.type === 'Identifier') return a.id.name;
    if (a.type !== 'CallExpression' && a.type !== 'TSAsExpression' && a.type !== 'TSSatisfiesExpression' && a.type !== 'ParenthesizedExpression') break;
  }
  const own = index.functionName(fn);
  return own && own !== 'defineMiddleware' ? own : `middleware@${index.line(fn)}`;
}

/** The app-wide guards of one middleware file. */
export function middlewareGuards(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const file = index.file.split('/').pop() ?? index.file;
  for (const fn of middlewareFunctions(index)) {
    const name = middlewareName(fn, index);
    // A CSRF check refuses forged requests, not anonymous ones.
    if (/csrf|xsrf/i.test(name)) {
      out.push(guardFact(index, fn, name, { name, role: 'csrf', why: `${file}: ${name}` }, undefined));
      continue;
    }
    const verdict = classifyGuard(fn, index);
    const scope = middlewareScope(fn, index);
    const own = scope?.fallback === 'pass';
    if (((verdict && verdict.level !== 'unknown') || own) && !(letsAnonymousThrough(fn, index) && !own)) {
      // A verdict of `admin` for the whole function is only taken when no path test scopes it.
      const level = verdict?.level === 'admin' && !own ? 'auth-admin' : 'auth-user';
      out.push(guardFact(index, fn, name, { name, role: level, mechanism: verdict?.mechanism ?? 'session', why: `${file}: ${verdict?.why ?? 'redirects or refuses requests without a session'}` }, scope));
    }
    for (const [i, cond] of adminPaths(fn, index).entries()) {
      const adminScope: MiddlewareScope = { steps: [{ when: [cond], outcome: 'guard' }], fallback: 'pass' };
      out.push(guardFact(index, fn, `${name}#admin${i}`, { name: `${name} (admin paths)`, role: 'auth-admin', mechanism: 'session', why: `${file}: refuses non-administrators on the paths it tests` }, adminScope));
    }
  }
  return out;
}
