import { defineRule } from '../types.js';
import { elementsOf, evidenceAt, key, resources } from './_shared.js';

export const rule = defineRule({
  meta: {
    id: 'cloud-api-route-without-authorizer',
    pack: 'cloud',
    title: 'API route {{route}} has no authorizer',
    description: 'The API Gateway route {{route}} of {{api}} is deployed with authorization NONE{{target}}. Anyone on the internet can invoke it; any authentication left to the function itself is invisible to the gateway.',
    stride: ['S', 'E'],
    cwe: ['CWE-306'],
    capec: ['CAPEC-115'],
    attack: ['T1190'],
    owasp: ['API2:2023', 'API5:2023'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'unauthenticated internet user',
      prerequisites: 'who knows the API endpoint',
      threatAction: 'invoke {{route}} without credentials',
      threatImpact: 'function logic and data reached without an identity',
      impactedGoal: ['integrity', 'confidentiality'],
      impactedAssets: ['{{api}}'],
    },
    mitigation: {
      title: 'Put an authorizer on every route',
      content: 'Attach a JWT, Cognito, IAM or Lambda authorizer to each route (or as the API default) and make the few public routes explicit.',
      controls: { cwe: ['CWE-306'], asvs: ['V4.1.1'], nist80053: ['AC-3', 'IA-2'] },
      remediation: 'At {{file}}:{{line}} set authorization_type (AuthorizationType) to JWT, AWS_IAM or CUSTOM with an authorizer_id, or declare the route public on purpose.',
    },
    references: ['https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control.html'],
  },
  check(ctx) {
    for (const f of resources(ctx, 'api-route')) {
      const a = f.attributes ?? {};
      if (a.authorized !== false && a.authorized !== null) continue;
      const target = String(a.routesTo ?? '');
      ctx.report({ key: key(f, 'noauth'), evidence: [evidenceAt(f, 'routeLine')], elements: elementsOf(ctx, f), data: { route: String(a.route || f.workload), api: String(a.api || 'the API'), target: target ? ` and forwards to ${target}` : '' } });
    }
  },
});
