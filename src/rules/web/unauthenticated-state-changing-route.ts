import type { EntrypointFact } from '../../model/types.js';
import { isNonProductionCode } from '../../util/development-paths.js';
import { defineRule, type Finding, type RuleContext } from '../types.js';
import { graphqlOperations, publicByDesignOperation } from './_graphql-operations.js';
import { configs, dynamicPath, failOpenRoutes, elementsOf, httpRoutes, internetFacing, routeKey, routeLabel, scopeOf } from './_web-routes.js';

// `nextauth-catch-all`: NextAuth's own endpoint (sign-in, OAuth callbacks, session), public by design.
// `mails-token`: the handler mails a token it just generated (a reset or sign-in link), whatever the path says.
const PUBLIC_BY_DESIGN = ['login', 'logout', 'signup', 'password-reset', 'otp', 'magic-link', 'email-verification', 'debug', 'nextauth-catch-all', 'mails-token'];
// Webmention, Pingback and Trackback receivers take other sites' notifications: public by protocol.
// RPC-style names (`/api/github.webhooks`, `hooks.slack`) separate words with a dot as paths do with a slash.
const PUBLIC_PATH = /(^|\/|\.)(webhooks?|hooks?|callbacks?|stripe|paypal|ipn|notify|notifications?\/incoming|csp-?report|reports?\/csp|webmentions?|pingbacks?|trackbacks?|contacts?|contact-us|subscribe|subscriptions?|unsubscribe|newsletters?|feedbacks?|track|tracking|analytics|telemetry|events|beacon|health|healthz|ping|logout|log-out|signout|sign-out|(?:back|front)[-_]?channel[-_]?logout|refresh|refresh-?tokens?|tokens?|verify-email|verify|confirm|confirm-email|resend|resend-[\w-]+|inbox|outbox|interaction|passkeys?|search|graphql|oauth|sso|saml|acs|public)(\/|\.|$)/i;

export const rule = defineRule({
  meta: {
    id: 'unauthenticated-state-changing-route',
    pack: 'web',
    title: 'State-changing route {{route}} needs no authentication',
    description: 'The route {{route}} ({{file}}:{{line}}) changes state but runs without any authentication, while other routes of {{component}} require a logged-in user. Anyone on the internet can call it, and its effects cannot be attributed to a user.',
    stride: ['S', 'T', 'R', 'E'],
    cwe: ['CWE-306', 'CWE-862'],
    capec: ['CAPEC-36', 'CAPEC-115', 'CAPEC-1'],
    attack: ['T1190'],
    owasp: ['A01:2021', 'A07:2021', 'API2:2023', 'API5:2023'],
    likelihood: 'high',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'unauthenticated attacker',
      prerequisites: 'who can reach the service',
      threatAction: 'call {{route}} without logging in',
      threatImpact: 'unauthorized changes to application data that cannot be traced to a user',
      impactedGoal: ['integrity', 'accountability'],
      impactedAssets: ['application data'],
    },
    mitigation: {
      title: 'Require authentication on every state-changing route',
      content: 'Apply the authentication guard at the router or application level (deny by default) and list the few intentionally public endpoints explicitly, so a forgotten route fails closed.',
      controls: { cwe: ['CWE-306'], asvs: ['V4.1.1', 'V4.1.3'], nist80053: ['AC-3', 'IA-2', 'AC-14'] },
      remediation: 'Add the application\'s authentication middleware to the route at {{file}}:{{line}} (or mount its router behind it); if it must stay public, document why and protect it otherwise (signature, token, rate limit).',
      remediationByLanguage: {
        python: "Require authentication on the route at {{file}}:{{line}}: login_required or a DRF IsAuthenticated permission (Django), a login decorator (Flask), or Depends(get_current_user) (FastAPI).",
        go: "Wrap the handler at {{file}}:{{line}} in the service's authentication middleware, or register it on the authenticated router group.",
        java: "Require authentication for the route at {{file}}:{{line}}: anyRequest().authenticated() in the SecurityFilterChain without a permitAll for this path, or @PreAuthorize(\"isAuthenticated()\").",
        csharp: "Add [Authorize] to the action at {{file}}:{{line}} (or its controller), or RequireAuthorization() on the endpoint, and remove [AllowAnonymous].",
        ruby: "Add before_action :authenticate_user! (or the app's authentication filter) for the action at {{file}}:{{line}}.",
        php: "Put the route at {{file}}:{{line}} in the auth middleware group (Route::middleware('auth')) or check the session user before changing state.",
      },
      remediationByFramework: {
        nestjs: 'Put the application\'s guard on the handler at {{file}}:{{line}} (@UseGuards(AuthGuard) on it or its controller, or a global APP_GUARD), or add the route to the consumer.apply(AuthMiddleware).forRoutes(...) list; if it must stay public, mark it so explicitly and protect it otherwise (signature, token, rate limit).',
        fastify: 'Add the authentication hook to the route at {{file}}:{{line}} (onRequest: [app.authenticate] in its options, or register it in a plugin scope whose onRequest hook verifies the caller); if it must stay public, document why and protect it otherwise (signature, token, rate limit).',
        koa: 'Put the authentication middleware in front of the route at {{file}}:{{line}} (router.post(path, auth, handler), or router.use(auth) before it); if it must stay public, document why and protect it otherwise (signature, token, rate limit).',
        moleculer: "Require a caller for the action at {{file}}:{{line}}: declare it (auth: 'required' or a permissions list) where the gateway's authorize() or a broker middleware refuses anonymous calls, or switch the mixin's CRUD action off (remove: false) or hide it (visibility: 'public'); set mappingPolicy: 'restrict' so only listed aliases are reachable.",
      },
    },
    references: ['https://cwe.mitre.org/data/definitions/306.html', 'https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/'],
  },
  check(ctx) {
    const routes = httpRoutes(ctx);
    const authenticated = new Set(routes.filter((r) => r.auth !== 'none').map((r) => scopeOf(ctx, r.evidence.file)));
    for (const g of configs(ctx, 'auth-global-guard')) authenticated.add(scopeOf(ctx, g.evidence.file));
    // A route whose only check fails open is reported by authorization-fails-open, with its cause.
    const failingOpen = failOpenRoutes([...routes, ...graphqlOperations(ctx)], configs(ctx, 'authz-fails-open'));
    const mounts = new MountGroups();
    for (const r of routes) {
      if (!r.tags || r.auth !== 'none' || !(r.tags.includes('state-changing') || getWrite(r)) || failingOpen.has(r)) continue;
      // The verb alone is no evidence: a handler seen to write nothing is not reported.
      if (r.tags.includes('no-state-change') || (r.tags.includes('crud-generated') && r.tags.includes('crud-action:read'))) continue;
      // `optional-auth`: the route reads the caller's identity when there is one, public on purpose.
      // `capability-token`: the handler admits whoever holds a token it was given (a signing link, an invite).
      // Only the caller's own session changes (abandoning a half-finished sign-in): nobody else's data.
      if (r.tags.includes('session-only')) continue;
      // An HMAC of the body checked against a signature (or an SDK handler built with the secret and
      // strict authentication): only the holder of the shared secret gets through.
      if (r.tags.includes('webhook-signature')) continue;
      if (PUBLIC_BY_DESIGN.some((t) => r.tags?.includes(t)) || r.tags.includes('optional-auth') || r.tags.includes('capability-token') || r.tags.includes('mount-unresolved') || r.tags.includes('method-not-allowed') || r.tags.includes('dev-only') || dynamicPath(r) || CAPABILITY_PARAM.test(r.path ?? '')) continue;
      if (PUBLIC_PATH.test(r.path ?? '') || rpcAuthFlow(r) || !authenticated.has(scopeOf(ctx, r.evidence.file)) || !internetFacing(ctx, r)) continue;
      // Resource routing (Rails resources, Laravel Route::resource) maps PUT and PATCH to one
      // update action: one finding, on PATCH.
      if (r.method === 'PUT' && routes.some((o) => o.method === 'PATCH' && o.auth === 'none' && o.path === r.path && sameHandler(o, r))) continue;
      // Other methods of the same path that do require a login show where the guard was meant to be.
      const siblings = routes.filter((o) => o !== r && o.path === r.path && o.method !== r.method && o.auth !== 'none' && o.evidence.file === r.evidence.file && o.evidence.line !== r.evidence.line);
      // Declared public (`@Public()`, `auth: false`, `{ skipAuth: true }`): still reported — it
      // changes state without a login — but as the application's stated intent to confirm, not a
      // forgotten guard: low confidence and medium at most.
      // Refused unless the caller's session holds what an earlier step stored (a pending sign-in from
      // an identity provider): rated like a route its authors declared public.
      const declared = r.tags.includes('declared-public') || r.tags.includes('session-precondition');
      // First-run setup (`POST /setup`, `/install/finalize`, `/onboarding/config`): open until the
      // instance is configured, a takeover window for whoever comes first rather than an open door.
      const firstRun = FIRST_RUN.test(r.path ?? '') || r.tags.includes('bootstrap-once');
      // Refuses first on the application's own configuration (`if (config.auth !== 'none') throw`):
      // open only in a mode the operator chose.
      const configGated = r.tags.includes('config-gated');
      // Its only effect is an e-mail (a report-abuse or contact form): mail spam at most.
      const mailOnly = r.tags.includes('mail-only');
      if (mailOnly) {
        mounts.add(r, { key: routeKey(r, 'unauthenticated'), evidence: [r.evidence], elements: elementsOf(ctx, r), data: { route: routeLabel(r), component: ctx.componentOf(r.evidence.file)?.name ?? 'the service' }, likelihood: 'low', impact: 'low' });
        continue;
      }
      // The handler authorises the caller against the data itself (`role > view.min_role` refuses,
      // `is_owner(user, row)`, a permission asked for the caller): open to whoever the record's role
      // admits, the anonymous role included. A check to confirm, not a forgotten guard: medium at most.
      if (r.tags.includes('handler-authz')) {
        mounts.add(r, { key: routeKey(r, 'unauthenticated'), evidence: [r.evidence], elements: elementsOf(ctx, r), data: { route: routeLabel(r), component: ctx.componentOf(r.evidence.file)?.name ?? 'the service' }, confidence: 'low', likelihood: 'low', impact: 'medium', remediation: handlerAuthzFix(r) });
        continue;
      }
      mounts.add(r, { key: routeKey(r, 'unauthenticated'), evidence: [r.evidence, ...siblings.map((o) => o.evidence)], elements: elementsOf(ctx, r), data: { route: routeLabel(r), component: ctx.componentOf(r.evidence.file)?.name ?? 'the service' }, ...(declared ? { confidence: 'low' as const, likelihood: 'low' as const, impact: 'medium' as const } : configGated ? { confidence: 'low' as const, likelihood: 'low' as const } : firstRun ? { likelihood: 'low' as const } : {}) });
    }
    // GraphQL mutations change state by definition. Judged only when resolved to a handler with an
    // auth decision (schema-only fields say nothing about the resolver), in a component where other
    // operations or routes require a login. Declared public or part of the login flow: by design.
    mounts.report(ctx);
    const operations = graphqlOperations(ctx);
    const guarded = new Set(authenticated);
    for (const o of operations) if (o.auth !== 'none' && o.auth !== 'unknown') guarded.add(scopeOf(ctx, o.evidence.file));
    const seen = new Set<string>();
    for (const op of operations) {
      if (op.method !== 'MUTATION' || op.auth !== 'none' || !op.handler || failingOpen.has(op)) continue;
      // Declared in code that never runs in production (a development server's test plugins): like `dev-only`.
      if (op.tags?.includes('declared-public') || op.tags?.includes('no-state-change') || op.tags?.includes('dev-only') || isNonProductionCode(op.evidence.file) || publicByDesignOperation(op)) continue;
      if (!guarded.has(scopeOf(ctx, op.evidence.file)) || !internetFacing(ctx, op)) continue;
      const key = routeKey(op, 'unauthenticated');
      if (seen.has(key)) continue;
      seen.add(key);
      // The resolver asks itself whether the caller holds a permission: a check to confirm, as for routes.
      const authz = op.tags?.includes('handler-authz') ? { confidence: 'low' as const, likelihood: 'low' as const, impact: 'medium' as const, remediation: handlerAuthzFix(op) } : {};
      ctx.report({ key, evidence: [op.evidence], elements: elementsOf(ctx, op), data: { route: routeLabel(op), component: ctx.componentOf(op.evidence.file)?.name ?? 'the service' }, ...authz });
    }
  },
});

/**
 * An RPC procedure (tRPC `/trpc/auth.signInEmail`, `/api/auth.login`) of the authentication flow
 * itself: log in, sign up, start an identity provider's sign-in, refresh or end the caller's own
 * session. Judged by the procedure name as GraphQL operations are, since the path has no words.
 */
function rpcAuthFlow(r: EntrypointFact): boolean {
  const last = (r.path ?? '').split('/').filter(Boolean).pop() ?? '';
  if (!r.tags?.includes('trpc-procedure') && !/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/.test(last)) return false;
  return publicByDesignOperation({ ...r, path: last.split('.').pop() ?? '' });
}

/** Token in the path or the query (`/verify/:token`, `?token=`): the link-from-an-e-mail pattern. */
const TOKEN_PARAM = /(^|\/)[:[{](\.\.\.)?\w*(token|code|hash|otp|signature|sig|nonce|ticket)\]?\}?\??(\/|$)/i;

/**
 * A safe method (GET, or `all` that serves GET) whose handler visibly writes storage: it changes
 * state like a POST, and a link or an image triggers it. Links from an e-mail that carry a
 * one-time token write on GET by design.
 */
function getWrite(r: EntrypointFact): boolean {
  const tags = r.tags ?? [];
  if (!tags.includes('get-writes-state') || tags.includes('query-token') || tags.includes('page-only') || TOKEN_PARAM.test(r.path ?? '')) return false;
  // Updates only (a view counter, a last-seen time on a public page): bookkeeping, not a change
  // an anonymous caller gains from. And e-mail links (`shares.confirmSubscription`) by their words.
  return !tags.includes('writes-updates-only') && !LINK_WORDS.test(r.path ?? '');
}

/**
 * A secret in the path authorises the call (`/invites/:inviteCode/accept`, `/share/:token`): whoever
 * holds the link may act, by design. Not a plain `:code` (a product or coupon code is no secret).
 */
const CAPABILITY_PARAM = /(^|\/)[:[{](\.\.\.)?\w*(token|signature|secret|nonce|ticket|invite\w*code|invitation\w*|hash)\]?\}?\??(\/|$)|(^|\/)invit\w*\/[:[{]\w*(code|id)\b/i;

const handlerAuthzFix = (r: EntrypointFact): string => `The handler of ${routeLabel(r)} (${r.handler?.file ?? r.evidence.file}:${r.handler?.line ?? r.evidence.line}) decides access itself from stored data (a minimum role on the record or a setting, an ownership or permission check). Confirm that the role an anonymous caller gets cannot pass that check for records that should need a login, and default new records to a signed-in role; put the authentication middleware in front where no anonymous use is intended.`;

const FIRST_RUN = /(^|[/._-])(setup|install|installation|onboard|onboarding|finali[sz]e|bootstrap|first[-_]?run)([/._-]|$)/i;

const LINK_WORDS = /(^|[/._-])(confirm|verify|activate|unsubscribe|callback|oauth)/i;

type Report = Finding;

/**
 * One handler mounted at several prefixes (`app.route('/v1/devices', devices)` and
 * `app.route('/devices', devices)`, or one sub-app served by two deployments) is one weakness: a
 * single finding on the longest path, naming the other mounts, instead of one per prefix.
 */
class MountGroups {
  private readonly groups = new Map<string, { r: EntrypointFact; finding: Report }[]>();

  add(r: EntrypointFact, finding: Report): void {
    const site = `${r.evidence.file}:${r.evidence.line}:${r.method}`;
    const list = this.groups.get(site) ?? [];
    list.push({ r, finding });
    this.groups.set(site, list);
  }

  report(ctx: RuleContext): void {
    for (const list of this.groups.values()) {
      const sorted = [...list].sort((a, b) => (b.r.path ?? '').length - (a.r.path ?? '').length || (a.r.path ?? '').localeCompare(b.r.path ?? ''));
      // Mounts of one handler end alike (`/v1/devices/x`, `/devices/x`, or `/` where the sub-app's
      // own base path is unknown); one line generating routes for several models in a loop
      // (`/api/Products/:id`, `/api/Hints/:id`) gives different resources, each its own finding.
      const clusters: { r: EntrypointFact; finding: Report }[][] = [];
      for (const item of sorted) {
        const home = clusters.find((c) => sameMount(c[0].r.path ?? '/', item.r.path ?? '/'));
        if (home) home.push(item);
        else clusters.push([item]);
      }
      for (const [first, ...rest] of clusters) {
        if (rest.length === 0) {
          ctx.report(first.finding);
          continue;
        }
        const also = [...new Set(rest.map((o) => o.r.path ?? '/'))].join(', ');
        ctx.report({ ...first.finding, data: { ...first.finding.data, route: `${routeLabel(first.r)} (also mounted at ${also})` } });
      }
    }
  }
}

/** Is `shorter` the same route as `longer` under another (or no) mount prefix? */
function sameMount(longer: string, shorter: string): boolean {
  const tail = shorter.replace(/\/+$/, '');
  return tail === '' || longer === shorter || longer.endsWith(tail.startsWith('/') ? tail : `/${tail}`);
}

function sameHandler(a: EntrypointFact, b: EntrypointFact): boolean {
  return a.handler !== undefined && b.handler !== undefined && a.handler.file === b.handler.file && a.handler.name === b.handler.name;
}
