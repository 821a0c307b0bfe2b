// Auth an AdonisJS handler shows itself: `await auth.authenticate()` / `auth.getUserOrFail()` (throw
// E_UNAUTHORIZED_ACCESS for guests), `auth.user!.x` (no user, no answer), bouncer `authorize()`
// (throws for guests and for callers the ability refuses), and `if (!auth.user ...) return / throw`.
// A test or ability naming a role or the administrator is an administrator check.
import { nodesUnder, orParts, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { adminLikeText, type RouteMeta } from '../_lib/routes.js';
import { exits } from '../nextjs/session-check.js';

type Inline = NonNullable<RouteMeta['inline']>;

const AUTH_OBJ = String.raw`(?:\bctx\.|\bthis\.ctx\.|^|[^.\w])auth\b`;
/** `auth.authenticate()`, `auth.use('api').authenticate()`, `ctx.auth.getUserOrFail()`. */
const AUTH_THROWS = new RegExp(`${AUTH_OBJ}[\\s\\S]*\\.(authenticate|authenticateUsing|getUserOrFail)$`);
/** `bouncer.authorize('x')`, `bouncer.with(PostPolicy).authorize('update', post)`, v5 `bouncer.forPolicy(P).authorize`. */
const BOUNCER_THROWS = /(?:^|[^.\w]|\bctx\.)bouncer\b[\s\S]*\.authorize$/;
/** `!auth.user`, `!(await auth.check())`, `!ctx.auth.isAuthenticated`, `!auth.user?.isAdmin`: the caller is absent (or lacks the flag). */
const ABSENT = /^!\s*\(?\s*(?:await\s+)?(?:ctx\.)?auth\s*\.\s*(?:user|isAuthenticated|isLoggedIn|check\(\s*\))((?:\s*[?!]?\.\s*\w+)*)\s*\)?$/;
const NULL_USER = /^(?:ctx\.)?auth\.user\s*={2,3}\s*(?:null|undefined)$/;
/** `auth.user!.role !== 'admin'`, `auth.user?.isAdmin === false`: a role test that refuses. */
const ROLE_TEST = /^(?:ctx\.)?auth\s*\.\s*user\s*[?!]?\.\s*(\w+)(?:\s*[?!]?\.\s*\w+)*\s*(?:!==?|===?\s*false)/;
const ROLE = /\b(isAdmin|is_admin|admin|role|roles|isSuperAdmin|superAdmin|isStaff|isModerator|permissions?)\b/i;
/** Handlers that sign the caller in themselves: `auth.user!` after `login()` is the new user. */
const SIGNS_IN = /\.\s*(login|attempt|loginViaId|verifyCredentials|createToken)\s*\(/;

/** What one part of an `if` test (split at `||`) says about the caller, when it refuses. */
function absence(part: string): 'user' | 'admin' | undefined {
  const t = part.replace(/\s+/g, ' ').trim().replace(/^\((.*)\)$/, '$1').trim();
  const a = ABSENT.exec(t);
  if (a) return a[1] && ROLE.test(a[1]) ? 'admin' : 'user';
  if (NULL_USER.test(t)) return 'user';
  const r = ROLE_TEST.exec(t);
  if (r && ROLE.test(t)) return 'admin';
  return undefined;
}

const RANK: Record<Inline['level'], number> = { unknown: 0, role: 1, user: 1, admin: 2 };

/** The stronger of two inline verdicts. */
export function strongest(a: RouteMeta['inline'], b: RouteMeta['inline']): RouteMeta['inline'] {
  if (!a) return b;
  if (!b) return a;
  return RANK[b.level] > RANK[a.level] ? b : a;
}

function own(fn: FunctionLike, node: AstNode, index: JsIndex): boolean {
  return index.enclosingFunction(node) === fn;
}

export function adonisAuth(fn: FunctionLike, index: JsIndex): RouteMeta['inline'] {
  if (!fn.body || !/\b(auth|bouncer)\b/.test(index.text(fn.body as AstNode))) return undefined;
  let best: RouteMeta['inline'];
  const raise = (v: Inline) => {
    best = strongest(best, v);
  };
  for (const call of nodesUnder(fn.body as AstNode, 'CallExpression')) {
    if (!own(fn, call, index)) continue;
    const callee = index.text(call.callee as AstNode);
    if (AUTH_THROWS.test(callee)) raise({ level: 'user', why: `handler calls ${callee.replace(/\s+/g, '')}() (throws for guests)` });
    else if (BOUNCER_THROWS.test(callee)) {
      const text = `${callee} ${call.arguments.map((a) => index.text(a as AstNode)).join(' ')}`;
      raise({ level: adminLikeText(text) ? 'admin' : 'user', why: `handler calls ${callee.replace(/\s+/g, '')}() (refuses guests and callers the policy denies)` });
    }
  }
  for (const s of nodesUnder(fn.body as AstNode, 'IfStatement')) {
    if (!own(fn, s, index) || !exits(s.consequent as AstNode, index)) continue;
    for (const part of orParts(s.test as AstNode)) {
      const level = absence(index.text(part));
      if (level) raise({ level, why: `handler refuses when ${index.text(part).replace(/\s+/g, ' ').slice(0, 80)}` });
    }
  }
  // `auth.user!.id`, `this.handle(auth.user!)`: the handler cannot answer a guest (the v6 idiom behind
  // the auth middleware; without it a guest's request fails).
  if (!best && !SIGNS_IN.test(index.text(fn.body as AstNode))) {
    for (const n of nodesUnder(fn.body as AstNode, 'TSNonNullExpression')) {
      const inner = unwrap(n.expression as AstNode);
      if (/^(ctx\.)?auth\.user$/.test(index.text(inner)) && own(fn, n, index)) {
        raise({ level: 'user', why: 'handler uses auth.user! (fails for guests)' });
        break;
      }
    }
  }
  return best;
}

/** `auth.user?.id`, `auth.user && ...`, `auth.user || session`, `if (auth.isAuthenticated)`: the caller, when there is one. */
const OPTIONAL_CALLER = /(?:^|[^.\w])(?:ctx\.)?auth\s*\.\s*(?:user\s*(?:\?\.|&&|\|\||\?\?)|isAuthenticated\b)/;

/**
 * A handler without a check of its own that serves guests and signed-in callers alike, using the
 * caller only when present (what `silentAuth` is for): tagged `optional-auth` like a route behind
 * optional-auth middleware.
 */
export function optionalCaller(fn: FunctionLike, index: JsIndex): boolean {
  return !!fn.body && OPTIONAL_CALLER.test(index.text(fn.body as AstNode));
}
