// Broken function-level authorization on membership: a route that changes a member's role or
// removes a member from the organisation (team, project) is open to every signed-in user, in an
// application that reserves other functions to a role. Any member can make themselves (or anyone)
// an administrator, or remove the others.
import type { EntrypointFact } from '../../model/types.js';
import { defineRule } from '../types.js';
import { kebab } from './_graphql-operations.js';
import { dynamicPath, elementsOf, httpRoutes, internetFacing, routeKey, routeLabel, scopeOf } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'member-role-change-without-role-check',
    pack: 'web',
    title: 'Any signed-in user can {{action}} through {{route}}',
    description: 'The route {{route}} ({{file}}:{{line}}) {{what}}, and neither its middleware nor its handler checks the caller\'s role or permission: only a login is required. Other routes of {{component}} do require an administrator role, so this one was left out of that policy. A member can grant themselves or an accomplice administrator rights, or remove the other members.',
    stride: ['E', 'T'],
    cwe: ['CWE-862', 'CWE-269'],
    capec: ['CAPEC-1', 'CAPEC-122'],
    attack: ['T1078', 'T1098'],
    owasp: ['API5:2023', 'A01:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'authenticated member without an administrator role',
      prerequisites: 'with any account in the organisation',
      threatAction: '{{action}} through {{route}}',
      threatImpact: 'privilege escalation to administrator, or the lock-out of legitimate members',
      impactedGoal: ['integrity', 'availability'],
      impactedAssets: ['organisation memberships and roles'],
    },
    mitigation: {
      title: 'Require an administrator role to change memberships',
      content: 'Check on the server that the caller holds an administrator (or owner) role in the organisation before changing a member\'s role or removing a member, with the same guard the other administrative routes use; never let a member raise their own role.',
      controls: { cwe: ['CWE-862'], asvs: ['V4.1.3', 'V4.2.1'], nist80053: ['AC-3', 'AC-6', 'AC-2'] },
      remediation: 'Put the application\'s role guard (the one its administrator routes use) on the route at {{file}}:{{line}}, or check the caller\'s role in the organisation in the handler and answer 403 unless it is an administrator.',
    },
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa5-broken-function-level-authorization/', 'https://cwe.mitre.org/data/definitions/269.html'],
  },
  check(ctx) {
    const routes = httpRoutes(ctx);
    // The application decides by role elsewhere: some route of the same component needs an administrator.
    const roleGated = new Set(routes.filter((r) => r.auth === 'admin' && !r.tags?.includes('deny-all')).map((r) => scopeOf(ctx, r.evidence.file)));
    for (const r of routes) {
      if (r.auth !== 'user' || !roleGated.has(scopeOf(ctx, r.evidence.file))) continue;
      const tags = r.tags ?? [];
      // The handler checks the caller against the record (owner, shared access check, permission,
      // a policy the action authorises the loaded record with: Pundit's `authorize membership`).
      if (['owner-check', 'ownership-check', 'access-checked', 'permission-checked', 'deny-all', 'dev-only', 'test-only', 'mount-unresolved', 'method-not-allowed'].some((t) => tags.includes(t)) || dynamicPath(r)) continue;
      // A guard of its own after sign-in (`ensureListAtLeastOwner`, `groupReAuthAdminOnly`,
      // `requirePermission('members:write')`): the decision is that guard's, judged elsewhere.
      if ((r.middleware ?? []).some((m) => ROLE_GUARD.test(m.split('(')[0].split('.').pop() ?? ''))) continue;
      const kind = membershipChange(r);
      if (!kind || !internetFacing(ctx, r)) continue;
      // The members of an object nested inside other objects of the tenant (a group of a project of
      // an organisation) are that object's audience, not the organisation's roles: worth
      // confirming, not a way to administrator rights.
      const nested = nestedMembership(r);
      ctx.report({
        ...(nested ? { likelihood: 'low' as const, impact: 'medium' as const, confidence: 'low' as const } : {}),
        key: routeKey(r, 'member-role'),
        evidence: [r.evidence, ...(r.handler ? [{ file: r.handler.file, line: r.handler.line }] : [])],
        elements: elementsOf(ctx, r),
        data: {
          route: routeLabel(r),
          action: kind === 'role' ? 'change a member\'s role' : 'remove members',
          what: kind === 'role' ? 'changes the role of the member it names' : 'removes the member it names',
          component: ctx.componentOf(r.evidence.file)?.name ?? 'the service',
        },
      });
    }
  },
});

const MEMBER = /^(members?|memberships?|collaborators?|teammates?)$/i;
const ROLE_GUARD = /[Oo]wner|[Aa]dmin|[Rr]oles?\b|[Rr]ole[A-Z]|[Pp]ermission|[Pp]rivilege|[Aa]uthori[sz]|ensure\w*(At|Can|Has|Is)|^(can|has|is)[A-Z]/;
const ROLE = /^(roles?|permissions?|privileges?|access|access-?level)$/i;
const PARAM = /^[:{[]/;
/** RPC procedures and handlers named for the change (`organization.updateMemberAccess`, `change_member_role`). */
const ROLE_NAME = /(^|-)(change|update|set|assign|grant|edit|modify)-(member|user|collaborator)s?-(roles?|permissions?|access|privileges?)$/;
const REMOVE_NAME = /(^|-)(remove|delete|del|kick)-(member|collaborator)s?$/;

/** Path parameters before the `members` segment: three or more (`/orgs/:o/projects/:p/groups/:g/members/:m`) is a nested object's membership. */
function nestedMembership(r: EntrypointFact): boolean {
  const segs = (r.path ?? '').split('/').filter(Boolean);
  const at = segs.findIndex((s, i) => MEMBER.test(s) && PARAM.test(segs[i + 1] ?? ''));
  return at > 0 && segs.slice(0, at).filter((s) => PARAM.test(s)).length >= 3;
}

/**
 * What a route does to a membership, by its path: a role of a member (`PUT /orgs/:id/members/:memberId/roles`),
 * the removal of a member (`DELETE /orgs/:id/members/:memberId`); or by the last word of an
 * RPC-style path (`/trpc/organization.updateMemberAccess`, `/api/group/change_member_role`).
 */
function membershipChange(r: EntrypointFact): 'role' | 'remove' | undefined {
  const method = (r.method ?? '').toUpperCase();
  if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) return undefined;
  const segs = (r.path ?? '').split('/').filter(Boolean);
  const at = segs.findIndex((s, i) => MEMBER.test(s) && PARAM.test(segs[i + 1] ?? ''));
  if (at >= 0 && !/^(me|self|current)$/i.test(segs[at + 1] ?? '')) {
    const rest = segs.slice(at + 2);
    if (rest.length === 1 && ROLE.test(rest[0]) && method !== 'DELETE') return 'role';
    // Removing a member of something (`/organizations/members/:id`), not deleting an account.
    if (rest.length === 0 && method === 'DELETE' && at > 0) return 'remove';
  }
  const last = kebab(segs[segs.length - 1]?.split('.').pop() ?? '');
  if (ROLE_NAME.test(last)) return 'role';
  if (REMOVE_NAME.test(last) && method !== 'GET') return 'remove';
  return undefined;
}
