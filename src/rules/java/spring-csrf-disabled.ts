// Spring Security with CSRF protection switched off while browsers authenticate with a session cookie.
import { configs, elementsOf, factKey } from '../web/_web-routes.js';
import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'spring-csrf-disabled',
    pack: 'java',
    title: 'Spring Security CSRF protection disabled for session-based login',
    description:
      'The security filter chain calls csrf().disable() while users log in with a form (or nothing marks the API as stateless token-only), so browsers send the session cookie with forged cross-site requests.',
    stride: ['T', 'S'],
    cwe: ['CWE-352'],
    capec: ['CAPEC-62'],
    attack: ['T1189', 'T1185'],
    owasp: ['A01:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'malicious website visited by a logged-in user',
      prerequisites: 'who can lure an authenticated user of {{component}} to a page it controls',
      threatAction: 'submit forged state-changing requests that the browser sends with the session cookie, because CSRF protection is disabled at {{file}}:{{line}}',
      threatImpact: 'changes to accounts and data performed in the name of the victim',
      impactedGoal: ['integrity'],
      impactedAssets: ['user accounts', 'application data'],
    },
    mitigation: {
      title: 'Keep Spring Security CSRF protection on for cookie sessions',
      content:
        'Remove csrf().disable() (or csrf(AbstractHttpConfigurer::disable)). Browser clients read the token from CookieCsrfTokenRepository; endpoints that only serve bearer-token clients can be made stateless (SessionCreationPolicy.STATELESS) or excluded with ignoringRequestMatchers.',
      controls: { cwe: ['CWE-352'], asvs: ['V4.2.2', 'V3.4.3'], nist80053: ['SC-23', 'SI-10'] },
      remediation: 'At {{file}}:{{line}}, delete the csrf disable call and configure http.csrf(c -> c.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())); exempt only token-authenticated paths with ignoringRequestMatchers.',
    },
    references: ['https://docs.spring.io/spring-security/reference/servlet/exploits/csrf.html', 'https://cwe.mitre.org/data/definitions/352.html'],
  },
  check(ctx) {
    for (const f of configs(ctx, 'spring-security')) {
      const v = f.values;
      if (v.csrfDisabled !== true) continue;
      const tokenOnly = v.stateless === true || v.resourceServer === true || (v.customFilter === true && v.formLogin !== true);
      if (tokenOnly) continue;
      const line = typeof v.csrfLine === 'number' ? v.csrfLine : f.evidence.line;
      ctx.report({
        key: factKey(f, 'csrf'),
        evidence: [{ file: f.evidence.file, line }],
        elements: elementsOf(ctx, f),
        confidence: v.formLogin === true ? 'high' : 'medium',
      });
    }
  },
});
