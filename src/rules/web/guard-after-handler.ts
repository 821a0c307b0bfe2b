import { defineRule } from '../types.js';
import { elementsOf, httpRoutes, routeKey, routeLabel } from './_web-routes.js';

// A guard in an Express route's argument list after the handler (`.get(auth, controller.list,
// guard.check(['notes:read']))`) never runs: a guard lets the request on with next() and only the
// handler before it answers. The extractor tags such routes `guard-after-handler` (express readme).
export const rule = defineRule({
  meta: {
    id: 'guard-after-handler',
    pack: 'web',
    title: 'Authorization guard after the handler of {{route}} never runs',
    description:
      'The route {{route}} ({{file}}:{{line}}) lists a guard configured with permissions or roles after its handler. Express runs the functions of a route in order and the handler answers the request, so the guard is never called: whatever it was meant to check is not checked, and every caller the earlier middleware admits reaches the handler.',
    stride: ['E'],
    cwe: ['CWE-696', 'CWE-862'],
    capec: ['CAPEC-1'],
    attack: ['T1190'],
    owasp: ['A01:2021', 'API5:2023'],
    likelihood: 'medium',
    impact: 'medium',
    confidence: 'high',
    grammar: {
      threatSource: 'caller without the required permission',
      prerequisites: 'who passes the middleware in front of the handler of {{route}}',
      threatAction: 'call {{route}}, whose permission check is listed after the handler',
      threatImpact: 'using an operation the missing permission check was meant to reserve',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['data behind {{route}}'],
    },
    mitigation: {
      title: 'Put guards before the handler',
      content: 'List every guard of a route before its handler (`router.get(path, authenticate, requirePermission(...), handler)`), or apply it with `router.use(...)` ahead of the routes it protects.',
      controls: { cwe: ['CWE-862'], asvs: ['V4.1.3', 'V4.1.5'], nist80053: ['AC-3', 'AC-6'] },
      remediation: 'At {{file}}:{{line}} move the guard in front of the handler.',
    },
    references: ['https://cwe.mitre.org/data/definitions/696.html', 'https://expressjs.com/en/guide/using-middleware.html'],
  },
  check(ctx) {
    for (const r of httpRoutes(ctx)) {
      // Only where the handler was found: it is the one that answers.
      if (!r.tags?.includes('guard-after-handler') || !r.handler?.file) continue;
      ctx.report({ key: routeKey(r, 'guard-after-handler'), evidence: [r.evidence], elements: elementsOf(ctx, r), data: { route: routeLabel(r) } });
    }
  },
});
