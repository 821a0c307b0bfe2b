import { defineRule } from '../types.js';
import { configs, elementsOf, factKey, failOpenRoutes, httpRoutes } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'authorization-fails-open',
    pack: 'web',
    title: 'Access check {{helper}} passes without a session on {{route}}',
    description:
      'The route {{route}} refuses the request only when {{helper}} returns false, and {{helper}} reads the session through optional chaining ({{read}} at {{file}}:{{line}}) straight into a query filter, without refusing when there is no session. For a caller who is not signed in that value is undefined, and Prisma and TypeORM drop undefined keys from a filter, so the owner condition disappears and the check passes for any existing record. Nothing else authenticates the route.',
    stride: ['E', 'T', 'I'],
    cwe: ['CWE-636', 'CWE-863', 'CWE-639'],
    capec: ['CAPEC-1', 'CAPEC-115'],
    attack: ['T1190'],
    owasp: ['A01:2021', 'API1:2023'],
    likelihood: 'high',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'unauthenticated attacker',
      prerequisites: 'who knows or guesses the identifier of a record',
      threatAction: 'call {{route}} without signing in, so the owner condition of {{helper}} is dropped from its query',
      threatImpact: 'reading or changing records of every user',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['records behind {{route}}'],
    },
    mitigation: {
      title: 'Refuse the request when there is no session, before any ownership query',
      content: 'An access check must fail closed: return false (or answer 401) when the session or its user id is missing, and only then query for ownership. Do not pass optionally chained identity values into query filters; ORMs treat an undefined key as no condition.',
      controls: { cwe: ['CWE-636', 'CWE-863'], asvs: ['V4.1.5', 'V4.2.1'], nist80053: ['AC-3', 'AC-6'] },
      remediation: 'In {{helper}}, add `if (!session?.user?.id) return false` before the query at {{file}}:{{line}} and filter with session.user.id; also return 401 from {{route}} when there is no session.',
    },
    references: ['https://cwe.mitre.org/data/definitions/636.html', 'https://www.prisma.io/docs/orm/prisma-client/special-fields-and-types/null-and-undefined', 'https://owasp.org/API-Security/editions/2023/en/0xa1-broken-object-level-authorization/'],
  },
  check(ctx) {
    const facts = configs(ctx, 'authz-fails-open');
    if (facts.length === 0) return;
    for (const [route, f] of failOpenRoutes(httpRoutes(ctx), facts)) {
      if (route.auth !== 'none') continue;
      const label = `${route.method ?? 'ANY'} ${route.path ?? '?'}`;
      ctx.report({
        key: factKey(f),
        evidence: [f.evidence, route.evidence],
        elements: [...new Set([...elementsOf(ctx, route), ...elementsOf(ctx, f)])],
        data: { helper: String(f.values.helper), read: String(f.values.read), route: label },
      });
    }
  },
});
