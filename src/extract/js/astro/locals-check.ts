// In-handler auth of Astro endpoints, pages and actions: the signed-in user that middleware (or an
// auth integration: lucia, auth-astro, better-auth, Clerk) puts in `locals` is tested, and the
// handler leaves when it is missing (`if (!locals.user) return new Response(null, { status: 401 })`,
// `if (!Astro.locals.session) return Astro.redirect('/login')`, `throw new ActionError(...)`), or
// when it lacks a role (`locals.user?.role !== 'admin'`: admin).
import { nodesUnder, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import type { RouteMeta } from '../_lib/routes.js';

/** `!locals.user`, `!context.locals.session?.id`, `Astro.locals.user == null`, `!user` for `const user = locals.user`. */
const LOCALS_READ = /\blocals\??\.(user|session|auth|currentUser|member|account|userId|me)\b/;
const ROLE = /\b(role|roles|isAdmin|is_admin|admin|isSuperuser|superuser|isStaff|permissions?)\b/;

function exits(branch: AstNode, index: JsIndex): boolean {
  const last = branch.type === 'BlockStatement' ? (branch.body[branch.body.length - 1] as AstNode | undefined) : branch;
  if (!last) return false;
  if (last.type === 'ReturnStatement' || last.type === 'ThrowStatement') return true;
  return /\.redirect\(|status\s*:\s*40[13]\b/.test(index.text(branch));
}

/** Local names holding a `locals` read (`const user = locals.user`, `const { user } = Astro.locals`). */
function localsNames(fn: FunctionLike, index: JsIndex): Set<string> {
  const out = new Set<string>();
  for (const d of nodesUnder(fn.body as AstNode, 'VariableDeclarator')) {
    const init = d.init ? index.text(unwrap(d.init as AstNode)) : '';
    if (d.id.type === 'Identifier' && LOCALS_READ.test(init)) out.add(d.id.name);
    if (d.id.type === 'ObjectPattern' && /\blocals$/.test(init)) {
      for (const p of d.id.properties) if (p.type === 'Property' && p.value.type === 'Identifier' && /^(user|session|auth|currentUser|me)$/.test(p.value.name)) out.add(p.value.name);
    }
  }
  return out;
}

/** The handler's own check of the caller kept in `locals`, or undefined. */
export function localsCheck(fn: FunctionLike, index: JsIndex): RouteMeta['inline'] | undefined {
  if (!fn.body) return undefined;
  const names = localsNames(fn, index);
  const read = names.size > 0 ? new RegExp(`${LOCALS_READ.source}|\\b(${[...names].join('|')})\\b`) : LOCALS_READ;
  let found: RouteMeta['inline'] | undefined;
  for (const s of nodesUnder(fn.body as AstNode, 'IfStatement')) {
    if (index.enclosingFunction(s) !== fn || !exits(s.consequent as AstNode, index)) continue;
    const test = index.text(s.test as AstNode).replace(/\s+/g, ' ');
    if (!read.test(test)) continue;
    const absent = new RegExp(`!\\s*\\(?\\s*(?:await\\s+)?(?:[\\w$]+\\.)*(?:${read.source})|(?:${read.source})[\\w$.?]*\\s*={2,3}\\s*(?:null|undefined)`).test(test);
    const role = ROLE.test(test) && /!==?|!\s*[\w$]/.test(test);
    if (role) return { level: /admin|superuser/i.test(test) ? 'admin' : 'role', why: `handler checks: ${test.slice(0, 100)}` };
    if (absent) found ??= { level: 'user', why: `handler refuses without a signed-in user: ${test.slice(0, 100)}` };
  }
  return found;
}
