// Spring Boot actuator endpoints all exposed over HTTP.
import { configs, elementsOf, factKey } from '../web/_web-routes.js';
import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'spring-actuator-exposed',
    pack: 'java',
    title: 'All Spring Boot actuator endpoints exposed over HTTP',
    description:
      'management.endpoints.web.exposure.include=* publishes every actuator endpoint (env, configprops, heapdump, threaddump, loggers, mappings...), which reveal secrets and memory and can change the running application.',
    stride: ['I', 'E'],
    cwe: ['CWE-215', 'CWE-200'],
    capec: ['CAPEC-121'],
    attack: ['T1190', 'T1082'],
    owasp: ['A05:2021', 'API8:2023'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can reach the management endpoints of {{component}}',
      threatAction: 'download /actuator/env, /actuator/heapdump and similar endpoints exposed by {{file}}:{{line}}',
      threatImpact: 'disclosure of credentials, tokens and memory contents, and changes to logging or configuration at run time',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['secrets', 'application memory'],
    },
    mitigation: {
      title: 'Expose only health and info, and protect the rest',
      content:
        'Set management.endpoints.web.exposure.include=health,info, serve management endpoints on a separate internal port (management.server.port) and require an admin role for /actuator/** in the security filter chain.',
      controls: { cwe: ['CWE-215'], asvs: ['V14.3.2'], nist80053: ['CM-7', 'AC-3'] },
      remediation: 'At {{file}}:{{line}}, change the value to health,info and add requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole("ADMIN") to the security configuration.',
    },
    references: ['https://docs.spring.io/spring-boot/reference/actuator/endpoints.html', 'https://cwe.mitre.org/data/definitions/215.html'],
  },
  check(ctx) {
    for (const f of configs(ctx, 'spring-actuator')) {
      if (f.values.devOnly === true || (f.values.exposeAll !== true && f.values.securityDisabled !== true)) continue;
      ctx.report({ key: factKey(f, 'actuator'), evidence: [f.evidence], elements: elementsOf(ctx, f) });
    }
  },
});
