import { posix } from 'node:path';
import type { ConfigFact, EntrypointFact } from '../../model/types.js';
import type { RuleContext } from '../types.js';
import { defineRule } from '../types.js';
import { fileNoExt } from '../../extract/js/_lib/routes.js';
import { configs, dynamicPath, elementsOf, httpRoutes, internetFacing, routeKey, routeLabel, scopeOf } from './_web-routes.js';

const LOGIN_PAGE = /\/(log-?in|sign-?in|log-?out|sign-?out|auth)\/?$/i;
/** Accepting an invitation (`/admin/invites/accept`): the step by which an invited user joins, before any role. */
/** A sign-in provider's redirect back (`/admin/auth/oidc/callback`, `/api/admin/sso/google/callback`): a login step. */
const SIGN_IN_CALLBACK = /\/(auth|oauth2?|sso|oidc|saml|log-?in|sign-?in)\/([^/]+\/){0,2}callback\/?$/i;
const INVITE_ACCEPT = /\/invit(e|es|ation|ations)(\/[^/]+)?\/(accept|redeem|claim)\/?$/i;

export const rule = defineRule({
  meta: {
    id: 'admin-route-without-admin-check',
    pack: 'web',
    title: 'Administrative route {{route}} has no administrator check',
    description: 'The route {{route}} ({{file}}:{{line}}) {{what}} but {{why}}: no middleware or handler code checks a role, admin flag or permission before it runs.',
    stride: ['E'],
    cwe: ['CWE-862', 'CWE-863'],
    capec: ['CAPEC-1', 'CAPEC-58'],
    attack: ['T1190', 'T1078'],
    owasp: ['API5:2023', 'A01:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: '{{actor}}',
      prerequisites: 'who can reach {{route}}',
      threatAction: 'call the administrative function {{route}}',
      threatImpact: 'administrative actions and data available to non-administrators',
      impactedGoal: ['integrity', 'confidentiality'],
      impactedAssets: ['administrative functions'],
    },
    mitigation: {
      title: 'Enforce an administrator role on admin routes',
      content: 'Mount admin routers behind an authorization middleware that checks the user\'s role or permission on the server (deny by default), and test that ordinary users get 403.',
      controls: { cwe: ['CWE-862'], asvs: ['V4.1.3', 'V4.1.1'], nist80053: ['AC-3', 'AC-6'] },
      remediation: 'Add an admin guard (for example `requireRole(\'admin\')` that returns 403 unless `req.user.role === \'admin\'`) before the handler at {{file}}:{{line}}, or where the admin router is mounted.',
      remediationByLanguage: {
        python: "Before the handler at {{file}}:{{line}} require an admin role: Django user_passes_test on is_staff or a DRF IsAdminUser permission, or a Flask decorator that aborts with 403 unless the user is an admin.",
        go: "Wrap the handler at {{file}}:{{line}} in a middleware that reads the caller's role and responds 403 unless it is admin (for example requireRole(\"admin\", h)).",
        java: "At {{file}}:{{line}} restrict the route to admins: requestMatchers(\"/admin/**\").hasRole(\"ADMIN\") in the SecurityFilterChain or @PreAuthorize(\"hasRole('ADMIN')\") on the handler.",
        csharp: "At {{file}}:{{line}} add [Authorize(Roles = \"Admin\")] (or an admin policy) to the action or controller, or RequireAuthorization(\"Admin\") on the endpoint.",
        ruby: "At {{file}}:{{line}} add a before_action that responds 403 unless current_user.admin? (or a Pundit / CanCanCan authorize call).",
        php: "At {{file}}:{{line}} put the route behind an admin gate (route middleware can:admin, or a policy check that aborts with 403).",
      },
    },
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/', 'https://cheatsheetseries.owasp.org/cheatsheets/Authorization_Cheat_Sheet.html'],
  },
  check(ctx) {
    // Components that hold data: a datastore client or a data model in their source.
    let dataScopes: Set<string> | undefined;
    const holdsData = (file: string) => (dataScopes ??= new Set([...ctx.factsOf('datastore-client'), ...ctx.factsOf('data-model')].map((f) => scopeOf(ctx, f.evidence.file)))).has(scopeOf(ctx, file));
    const reported = new Set<EntrypointFact>();
    for (const r of httpRoutes(ctx)) {
      if (!r.tags?.includes('admin-path') || (r.auth !== 'none' && r.auth !== 'user')) continue;
      // A server-rendered page of an app with no data of its own (a docs site's "Admin API" page)
      // renders content, not an administrative function.
      if (r.method === 'GET' && r.tags.includes('server-rendered-page') && r.tags.includes('no-state-change') && !holdsData(r.evidence.file)) continue;
      // `permission-checked`: the route declares a permission its framework checks (express controller DSLs).
      // `owner-check`: the handler lets the record's owner or an administrator through (`record.owner !== me && !isAdmin`): it checks the role for everyone else.
      // `bootstrap-once`: a first-run step (the first administrator's sign-up) that refuses once the
      // installation is set up; unauthenticated-state-changing-route rates that takeover window.
      if (r.tags.includes('bootstrap-once')) continue;
      if (r.tags.includes('permission-checked') || r.tags.includes('admin-checked') || r.tags.includes('owner-check') || r.tags.includes('login') || r.tags.includes('dev-only') || r.tags.includes('mount-unresolved') || r.tags.includes('method-not-allowed') || ((r.method === 'GET' || r.method === 'ALL') && r.tags.includes('page-only')) || LOGIN_PAGE.test(r.path ?? '') || SIGN_IN_CALLBACK.test(r.path ?? '') || INVITE_ACCEPT.test(r.path ?? '') || dynamicPath(r)) continue;
      if (!internetFacing(ctx, r)) continue;
      reported.add(r);
      ctx.report({
        key: routeKey(r, 'admin'),
        evidence: [r.evidence],
        elements: elementsOf(ctx, r),
        data: { route: routeLabel(r), what: 'sits under an admin path', why: r.auth === 'none' ? 'it is not even authenticated' : 'it only requires a logged-in user', actor: r.auth === 'none' ? 'unauthenticated attacker' : 'authenticated non-admin user' },
      });
    }
    accountListings(ctx, reported);
  },
});

/** Route tags that show an authorization decision beyond the login: permissions, owner or record checks in the handler. */
const DECIDED = /^(permission-checked|admin-checked|handler-authz|owner-check|access-checked|dev-only|mount-unresolved|deny-all)$/;

/**
 * Routes any logged-in user may call whose handler answers with the whole records of every
 * account (`UserModel.findAll()`, a DAO method doing `users.find({ isAdmin: { $ne: true } })`):
 * a user directory with everything stored about each user is an administrative function. Less
 * sure where the application has no administrator routes at all to compare with.
 */
function accountListings(ctx: RuleContext, reported: Set<EntrypointFact>): void {
  const routes = httpRoutes(ctx);
  const defs = configs(ctx, 'record-listing-def');
  const admins = new Set(routes.filter((r) => r.auth === 'admin').map((r) => scopeOf(ctx, r.evidence.file)));
  const listings = configs(ctx, 'record-listing').sort((a, b) => a.evidence.file.localeCompare(b.evidence.file) || a.evidence.line - b.evidence.line);
  for (const l of listings) {
    const route = routes.find((r) => r.evidence.file === l.values.routeFile && r.evidence.line === l.values.routeLine && (typeof l.values.routePath !== 'string' || r.path === l.values.routePath));
    if (!route || reported.has(route) || route.auth !== 'user' || route.tags?.some((t) => DECIDED.test(t)) || !internetFacing(ctx, route)) continue;
    const model = typeof l.values.model === 'string' ? l.values.model : definedListing(ctx, l, defs);
    if (!model) continue;
    reported.add(route);
    const api = String(l.values.api);
    ctx.report({
      key: routeKey(route, 'admin'),
      evidence: [route.evidence, l.evidence],
      elements: elementsOf(ctx, route),
      data: { route: routeLabel(route), what: `answers with the whole records of every account (${api} reads the ${model} records with no filter on the caller)`, why: 'it only requires a logged-in user', actor: 'authenticated non-admin user' },
      // The list of everyone's account data, not an administrative action.
      impact: 'medium',
      confidence: admins.has(scopeOf(ctx, route.evidence.file)) ? 'medium' : 'low',
      remediation: `Put an administrator check before the handler of ${routeLabel(route)} (${route.evidence.file}:${route.evidence.line}), or if every user may list accounts, answer from ${api} with the public fields only (a projection or a mapping to name and avatar).`,
    });
  }
}

/** The account model a data-layer call reads, from the `record-listing-def` of the component that defines the method. */
function definedListing(ctx: RuleContext, l: ConfigFact, defs: readonly ConfigFact[]): string | undefined {
  const { method, owner, module, moduleFrom } = l.values;
  const target = typeof module === 'string' && typeof moduleFrom === 'string' ? posix.normalize(posix.join(posix.dirname(moduleFrom), fileNoExt(module))) : undefined;
  const scope = scopeOf(ctx, l.evidence.file);
  for (const d of defs) {
    if (scopeOf(ctx, d.evidence.file) !== scope) continue;
    const file = fileNoExt(d.evidence.file);
    let list: { name: string; owner: string; model: string }[];
    try {
      list = JSON.parse(String(d.values.data)) as typeof list;
    } catch {
      continue;
    }
    const hit = list.find((x) => x.name === method && ((!!owner && x.owner === owner) || (!!target && (file === target || file === `${target}/index`))));
    if (hit) return hit.model;
  }
  return undefined;
}
