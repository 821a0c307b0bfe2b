// GraphQL root operations for the web rules (underscore: not a rule). `httpRoutes()` keeps only
// HTTP entry points; resolver-backed GraphQL operations (js/nestjs `@Mutation`/`@Query`, with a
// handler and an auth decision) are judged here like routes, labelled `MUTATION name`.
import type { EntrypointFact } from '../../model/types.js';
import type { RuleContext } from '../types.js';

export function graphqlOperations(ctx: RuleContext): EntrypointFact[] {
  return ctx.factsOf('entrypoint').filter((f) => f.protocol === 'graphql' && (f.method === 'QUERY' || f.method === 'MUTATION' || f.method === 'SUBSCRIPTION'));
}

/**
 * Operations that are public by design: the authentication flow itself (log in, sign up, refresh a
 * token, reset a password, verify an e-mail or a code) and the few public-facing actions the HTTP
 * rule also lets through by path (subscribe, contact). Checking a password given for a protected
 * page or share (`verifyPassword`) is a sign-in of its own. Matched on the leading words of the field
 * name so `loginUser` or `refreshAccessToken` count, and `registerPayment`-like names do not
 * unless they start the same way (a missed finding is preferred to a false alarm here).
 */
// A leading subject (`userLogin`, `customerSignUp`, `adminLogin`) names whose flow it is.
const AUTH_FLOW_NAME = /^((user|account|customer|member|admin|client|staff)-)?(log-?in|sign-?in|log-?out|sign-?out|sign-?up|register|authenticate|(refresh|extend|renew)(-\w+)?-(token|tokens|session|auth)|(forgot|reset|recover|request)(-\w+)?-password|(request-)?password-reset|(verify|confirm|resend)(-\w+)?-(email|account|phone|code|otp|token|verification)|(verify|check)(-\w+)?-password|send-magic-link|magic-link|otp|(un)?subscribe|contact(-us)?)(-|$)/;

/** Tags the extractors set on authentication-flow entry points (as in the HTTP rule). */
const PUBLIC_TAGS = ['login', 'signup', 'password-reset', 'otp', 'magic-link'];

export function publicByDesignOperation(op: EntrypointFact): boolean {
  return PUBLIC_TAGS.some((t) => op.tags?.includes(t)) || AUTH_FLOW_NAME.test(kebab(op.path ?? ''));
}

/** `refreshAccessToken` → `refresh-access-token`, `sign_up` → `sign-up`. */
export function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .join('-');
}
