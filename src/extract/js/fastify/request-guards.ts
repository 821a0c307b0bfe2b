// Route-option hooks that call a guard decorated onto the request
// (`fastify.decorateRequest('isAdmin', fn)`, then `preHandler: (request, reply) => request.isAdmin(reply)`):
// the generic classifier sees an inline function with no check of its own. A call of a request
// method with an admin name (isAdmin, requireSuperuser) is an admin check; another role's name
// (isModerator, requireManager) or an auth-like name (isAuthenticated, verifyUser) a user check
// (the model has no level between). The guard joins the route's chain.
import type { FactInput } from '../../../model/types.js';
import { calleeProperty, isFunctionLike, memberPath, nodesUnder, objectProp, resolveObject, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';
import { adminLikeText, authLikeName, decodeMeta, encodeMeta, HTTP_METHODS, ROUTE_TAG, type MwRef } from '../_lib/routes.js';

const ROUTE_CALLS = new Set<string>([...HTTP_METHODS, 'route']);
/** Names that ask for an administrator, not merely some role (moderator, manager, staff). */
const ADMIN_NAME = /admin|superuser|super_user|sysop|root/i;

/** `isModerator` → `moderator`. */
function roleWord(name: string): string {
  return name.replace(/^(is|has|require|requires|ensure|check|verify|must|only)(?=[A-Z_])/, '').replace(/^_/, '').toLowerCase();
}
const HOOK_OPTIONS = ['onRequest', 'preValidation', 'preHandler'];

/** Request-decorator guards named in the hook options of the route registered at each line. */
function guardsByLine(index: JsIndex): Map<number, MwRef[]> {
  const out = new Map<number, MwRef[]>();
  for (const call of index.nodesOf('CallExpression')) {
    const prop = calleeProperty(call);
    if (!prop || !ROUTE_CALLS.has(prop)) continue;
    const args = call.arguments as AstNode[];
    const opts = resolveObject(prop === 'route' ? args[0] : args.length >= 3 ? args[1] : undefined, index);
    const refs: MwRef[] = [];
    for (const hook of HOOK_OPTIONS) {
      const value = unwrap(objectProp(opts, hook));
      const fns = value?.type === 'ArrayExpression' ? value.elements.map((e) => unwrap(e as AstNode)) : value ? [value] : [];
      for (const fn of fns) {
        if (!isFunctionLike(fn) || !fn.body) continue;
        const request = (fn.params[0] as AstNode | undefined)?.type === 'Identifier' ? (fn.params[0] as { name: string }).name : undefined;
        for (const c of nodesUnder(fn.body as AstNode, 'CallExpression')) {
          const path = memberPath(c.callee as AstNode);
          if (!path || path.length !== 2 || path[0] !== request) continue;
          const name = `${path[0]}.${path[1]}`;
          // `isModerator`, `requireManager`: a role below administrator; any signed-in holder of it passes.
          if (ADMIN_NAME.test(path[1])) refs.push({ name, role: 'auth-admin', why: `${name}() in ${hook}` });
          else if (adminLikeText(path[1])) refs.push({ name, role: 'auth-user', why: `${name}() in ${hook} (${roleWord(path[1])} role)` });
          else if (authLikeName(path[1])) refs.push({ name, role: 'auth-user', why: `${name}() in ${hook}` });
        }
      }
    }
    if (refs.length > 0) out.set(index.evidence(call).line, refs);
  }
  return out;
}

export function addRequestGuards(facts: FactInput[], index: JsIndex): FactInput[] {
  const byLine = guardsByLine(index);
  if (byLine.size === 0) return facts;
  return facts.map((f) => {
    if (f.kind !== 'entrypoint') return f;
    const refs = byLine.get(f.evidence.line);
    const meta = refs ? decodeMeta(f.tags) : undefined;
    if (!refs || !meta) return f;
    meta.mw = [...meta.mw, ...refs];
    return { ...f, tags: [...(f.tags ?? []).filter((t) => !t.startsWith(ROUTE_TAG)), encodeMeta(meta)] };
  });
}
