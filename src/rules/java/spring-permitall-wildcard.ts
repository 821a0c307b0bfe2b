// A Spring Security rule that makes every request public, with no method security behind it.
import { configs, elementsOf, factKey } from '../web/_web-routes.js';
import { defineRule } from '../types.js';

interface Rule {
  patterns: string[];
  anyRequest: boolean;
  level: string;
  access: string;
  line: number;
}

const WILDCARD = /^(?:\/?\*\*(?:\/\*)?|\/\*\*\/\*\*?|\/\*)$/;

export const rule = defineRule({
  meta: {
    id: 'spring-permitall-wildcard',
    pack: 'java',
    title: 'Spring Security permits every request',
    description:
      'A request rule such as requestMatchers("/**").permitAll() or anyRequest().permitAll() leaves every endpoint without authentication, and method security is not switched on to guard them individually.',
    stride: ['S', 'E'],
    cwe: ['CWE-862', 'CWE-306'],
    capec: ['CAPEC-115', 'CAPEC-1'],
    attack: ['T1190'],
    owasp: ['A01:2021', 'API5:2023'],
    likelihood: 'high',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'unauthenticated attacker',
      prerequisites: 'who can reach {{component}} over the network',
      threatAction: 'call any endpoint without logging in, because {{rule}} at {{file}}:{{line}} permits all requests',
      threatImpact: 'use of every function and piece of data the service exposes',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['application data', 'user accounts'],
    },
    mitigation: {
      title: 'Deny by default in the security filter chain',
      content:
        'List public paths explicitly (login, health, static assets) and end the chain with anyRequest().authenticated() (or denyAll()); if authorization lives on methods, enable @EnableMethodSecurity and annotate every controller.',
      controls: { cwe: ['CWE-862'], asvs: ['V4.1.3', 'V4.1.5'], nist80053: ['AC-3', 'AC-6'] },
      remediation: 'At {{file}}:{{line}}, replace {{rule}} with explicit requestMatchers for the public paths and finish with .anyRequest().authenticated().',
    },
    references: ['https://docs.spring.io/spring-security/reference/servlet/authorization/authorize-http-requests.html', 'https://cwe.mitre.org/data/definitions/862.html'],
  },
  check(ctx) {
    const methodSecurity = new Set(configs(ctx, 'spring-method-security').map((f) => String(f.values.module)));
    for (const f of configs(ctx, 'spring-security')) {
      if (methodSecurity.has(String(f.values.module))) continue;
      let rules: Rule[];
      try {
        rules = JSON.parse(String(f.values.rules)) as Rule[];
      } catch {
        continue;
      }
      const open = rules.find((r) => r.level === 'none' && (r.anyRequest || r.patterns.some((p) => WILDCARD.test(p))));
      if (!open) continue;
      // A wildcard after other rules only opens what they did not claim; the first catch-all decides.
      const label = open.anyRequest ? `anyRequest().${open.access}` : `requestMatchers("${open.patterns.join('", "')}").${open.access}`;
      ctx.report({ key: factKey(f, 'permit-all'), evidence: [{ file: f.evidence.file, line: open.line }], elements: elementsOf(ctx, f), data: { rule: label } });
    }
  },
});
