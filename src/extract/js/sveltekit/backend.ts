// Handlers that reach the app's data through a request-scoped backend client carrying the caller's
// own credentials (hooks.ts `callerClients`: `locals.pb`, `locals.supabase`): with no check of
// their own, the backend's rules (PocketBase collection rules, Supabase row-level security) decide
// who may read or write. Such routes are `unknown`, not `none`: the check exists, outside this code.
import type { ConfigFact, EntrypointFact, Fact } from '../../../model/types.js';
import { memberPath, nodesUnder, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { CALLER_CLIENT } from './hooks.js';
import { eventNames } from './session.js';

const LOCALS_TAG = 'kit-locals:';
const PASSES_EVENT = 'kit-passes-event';
const PUBLIC_BY_NATURE = new Set(['login', 'signup', 'register', 'password-reset', 'logout']);

/** Marker tags of a handler: the `locals` members it reads, and whether it hands its whole event to a helper. */
export function localsTags(fn: FunctionLike, index: JsIndex): string[] {
  const tags = new Set<string>();
  const names = eventNames(fn);
  const eventName = names.event;
  for (const member of names.members.values()) tags.add(`${LOCALS_TAG}${member}`);
  for (const m of nodesUnder(fn.body as AstNode, 'MemberExpression')) {
    const path = memberPath(m);
    if (!path) continue;
    const at = path.indexOf('locals');
    if (at >= 0 && at <= 1 && path[at + 1] && ((at === 0 && names.locals === 'locals') || path[0] === eventName)) tags.add(`${LOCALS_TAG}${path[at + 1]}`);
  }
  for (const c of index.nodesOf('CallExpression')) {
    if (c.start < fn.start || c.end > fn.end) continue;
    if ((c.arguments as AstNode[]).some((a) => {
      const v = unwrap(a);
      return v.type === 'Identifier' && (v.name === eventName || v.name === names.locals);
    })) tags.add(PASSES_EVENT);
  }
  return [...tags].sort();
}

/** Routes without a check of their own that go through a caller-credentialed client become `unknown`; marker tags removed. */
export function linkBackendChecks(facts: Fact[]): Fact[] {
  const clients = new Set(facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === CALLER_CLIENT).flatMap((f) => String(f.values.names).split(',')));
  return facts.flatMap((f): Fact[] => {
    if (f.kind === 'config' && f.setting === CALLER_CLIENT) return [];
    if (f.kind !== 'entrypoint' || f.framework !== 'sveltekit') return [f];
    const markers = (f.tags ?? []).filter((t) => t.startsWith(LOCALS_TAG) || t === PASSES_EVENT);
    if (markers.length === 0) return [f];
    const tags = (f.tags ?? []).filter((t) => !markers.includes(t));
    const used = markers.filter((t) => t.startsWith(LOCALS_TAG)).map((t) => t.slice(LOCALS_TAG.length)).filter((n) => clients.has(n));
    const through = used.length > 0 ? `locals.${used.join(', locals.')}` : clients.size > 0 && markers.includes(PASSES_EVENT) ? `a helper given the request event (the app's backend client: locals.${[...clients].join(', locals.')})` : undefined;
    // Sign-in, sign-up and password-reset endpoints are public by nature, whoever checks the password.
    if (f.auth !== 'none' || !through || tags.some((t) => PUBLIC_BY_NATURE.has(t))) return [{ ...f, tags }];
    const linked: EntrypointFact = {
      ...f,
      auth: 'unknown',
      authEvidence: [...(f.authEvidence ?? []), `reaches data through ${through}, a backend client carrying the caller's credentials: the backend's access rules decide`],
      tags: [...tags, 'backend-authorized'].sort(),
    };
    return [linked];
  });
}
