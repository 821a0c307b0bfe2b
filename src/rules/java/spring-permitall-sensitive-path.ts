// A Spring Security request rule that opens an administrative or internal path to everyone.
import { configs, elementsOf, factKey } from '../web/_web-routes.js';
import { defineRule } from '../types.js';

interface HttpRuleView {
  patterns: string[];
  anyRequest: boolean;
  level: string;
  access: string;
  line: number;
}

/** Path segments that name administrative, operational or internal functions (actuator has its own rule). */
const SENSITIVE = /(?:^|\/)(?:admin\w*|administration|manage|management|internal|private|backoffice|back-office|staff|superuser|ops|console|h2-console|debug|jolokia|sysadmin|root)(?:\/|$|\*)/i;

export const rule = defineRule({
  meta: {
    id: 'spring-permitall-sensitive-path',
    pack: 'java',
    title: 'Spring Security permits everyone on an administrative path',
    description:
      'The security filter chain declares permitAll for a path that names administrative, internal or console functions, so those endpoints are reachable without logging in unless every handler checks access itself.',
    stride: ['E', 'S'],
    cwe: ['CWE-862'],
    capec: ['CAPEC-1'],
    attack: ['T1190'],
    owasp: ['A01:2021', 'API5:2023'],
    likelihood: 'high',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'unauthenticated attacker',
      prerequisites: 'who can reach {{component}} over the network',
      threatAction: 'call the administrative endpoints under {{pattern}} without logging in, because the rule at {{file}}:{{line}} permits all requests there',
      threatImpact: 'administrative changes to users, data or configuration performed by anyone',
      impactedGoal: ['integrity', 'confidentiality'],
      impactedAssets: ['administrative functions', 'application data'],
    },
    mitigation: {
      title: 'Require an administrator role for administrative paths',
      content:
        'Match administrative and internal paths with hasRole or hasAuthority (or deny them at the edge) and keep permitAll for genuinely public paths such as login, health and static assets; end the chain with anyRequest().authenticated().',
      controls: { cwe: ['CWE-862'], asvs: ['V4.1.1', 'V4.1.3', 'V4.1.5'], nist80053: ['AC-3', 'AC-6'] },
      remediation: 'At {{file}}:{{line}}, replace permitAll on {{pattern}} with hasRole("ADMIN") (or authenticated() plus a method-level check) and keep it before the anyRequest rule.',
      remediationByLanguage: {
        kotlin: 'At {{file}}:{{line}}, replace authorize({{pattern}}, permitAll) with authorize({{pattern}}, hasRole("ADMIN")) in the http DSL and keep it before authorize(anyRequest, authenticated).',
      },
    },
    references: ['https://docs.spring.io/spring-security/reference/servlet/authorization/authorize-http-requests.html', 'https://cwe.mitre.org/data/definitions/862.html'],
  },
  check(ctx) {
    const methodSecurity = new Set(configs(ctx, 'spring-method-security').map((f) => String(f.values.module)));
    for (const f of configs(ctx, 'spring-security')) {
      // With method security on, handlers may carry their own role checks.
      if (methodSecurity.has(String(f.values.module))) continue;
      let rules: HttpRuleView[];
      try {
        rules = JSON.parse(String(f.values.rules)) as HttpRuleView[];
      } catch {
        continue;
      }
      for (const r of rules) {
        if (r.level !== 'none' || r.anyRequest) continue;
        const pattern = r.patterns.find((p) => SENSITIVE.test(p.replace(/^re:/, '')) && !/actuator/i.test(p));
        if (!pattern) continue;
        ctx.report({ key: factKey(f, `permit-all:${pattern}`), evidence: [{ file: f.evidence.file, line: r.line }], elements: elementsOf(ctx, f), data: { pattern } });
      }
    }
  },
});
