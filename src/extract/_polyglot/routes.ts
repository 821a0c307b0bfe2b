// Route judgement shared by the extractors of every non-JS language: auth from a chain of guard
// references (the same `MwRef`/`decideAuth` the JS route extractors use, so auth levels and tags
// mean the same everywhere) and the tag vocabulary (`login`, `upload`, `state-changing`,
// `admin-path`, `id-param`, `rate-limited`...) from method, path and handler name.
import type { EntrypointFact } from '../../model/types.js';
import { decideAuth, routeTags, type MwRef } from '../js/_lib/routes.js';

export type { MwRef };

/** A guard reference that opts a route out of inherited guards (`@login_not_required`, `AllowAny`). */
export function publicRef(name: string, why: string): MwRef {
  return { name, role: 'other', why: `public: ${why}` };
}

export function isPublicRef(ref: MwRef): boolean {
  return ref.role === 'other' && (ref.why ?? '').startsWith('public:');
}

/** A guard that authenticates (`user`) or authorises a privileged role (`admin`). */
export function guardRef(name: string, level: 'user' | 'admin', why: string, mechanism?: string): MwRef {
  return { name, role: level === 'admin' ? 'auth-admin' : 'auth-user', why, mechanism };
}

/**
 * Auth, tags and middleware names of a route from its guard chain, in order. An explicit public
 * opt-out drops the inherited authentication guards. Paths use `:param` segments.
 */
export function judgeRoute(method: string, path: string, refs: readonly MwRef[], handlerName?: string, extraTags: readonly string[] = []): Pick<EntrypointFact, 'auth' | 'authEvidence' | 'tags' | 'middleware'> {
  const explicitPublic = refs.some(isPublicRef);
  const chain = explicitPublic ? refs.filter((r) => r.role !== 'auth-user' && r.role !== 'auth-admin' && r.role !== 'auth-role' && r.role !== 'auth-unknown') : [...refs];
  const decision = decideAuth(chain, undefined, path);
  const tags = routeTags(method, path, chain, handlerName, extraTags);
  // Opted out on purpose (`AllowAny`, `login_not_required`): public by the application's declaration.
  if (explicitPublic && decision.auth === 'none' && !tags.includes('declared-public')) tags.push('declared-public');
  return { auth: decision.auth, authEvidence: decision.evidence, tags, middleware: chain.filter((r) => !isPublicRef(r) && !r.terminal).map((r) => r.name) };
}
