import { defineRule } from '../types.js';
import { dynamicPath, elementsOf, httpRoutes, internetFacing, routeKey, routeLabel, scopeOf } from './_web-routes.js';

const LOGIN_PAGE = /\/(log-?in|sign-?in|log-?out|sign-?out|auth)\/?$/i;
/** Accepting an invitation (`/admin/invites/accept`): the step by which an invited user joins, before any role. */
const INVITE_ACCEPT = /\/invit(e|es|ation|ations)(\/[^/]+)?\/(accept|redeem|claim)\/?$/i;

export const rule = defineRule({
  meta: {
    id: 'admin-route-without-admin-check',
    pack: 'web',
    title: 'Administrative route {{route}} has no administrator check',
    description: 'The route {{route}} ({{file}}:{{line}}) sits under an admin path but {{why}}: no middleware or handler code checks a role, admin flag or permission before it runs.',
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
    for (const r of httpRoutes(ctx)) {
      if (!r.tags?.includes('admin-path') || (r.auth !== 'none' && r.auth !== 'user')) continue;
      // A server-rendered page of an app with no data of its own (a docs site's "Admin API" page)
      // renders content, not an administrative function.
      if (r.method === 'GET' && r.tags.includes('server-rendered-page') && r.tags.includes('no-state-change') && !holdsData(r.evidence.file)) continue;
      // `permission-checked`: the route declares a permission its framework checks (express controller DSLs).
      if (r.tags.includes('permission-checked') || r.tags.includes('login') || r.tags.includes('dev-only') || r.tags.includes('mount-unresolved') || r.tags.includes('method-not-allowed') || (r.method === 'GET' && r.tags.includes('page-only')) || LOGIN_PAGE.test(r.path ?? '') || INVITE_ACCEPT.test(r.path ?? '') || dynamicPath(r)) continue;
      if (!internetFacing(ctx, r)) continue;
      ctx.report({
        key: routeKey(r, 'admin'),
        evidence: [r.evidence],
        elements: elementsOf(ctx, r),
        data: { route: routeLabel(r), why: r.auth === 'none' ? 'it is not even authenticated' : 'it only requires a logged-in user', actor: r.auth === 'none' ? 'unauthenticated attacker' : 'authenticated non-admin user' },
      });
    }
  },
});
