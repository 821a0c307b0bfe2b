// Handlers guarded by @PreAuthorize / @Secured / @RolesAllowed in a module that never switches the
// matching method security on: Spring ignores the annotations and the handler runs for anyone the
// filter chain lets through.
import { elementsOf, httpRoutes, routeKey, routeLabel } from '../web/_web-routes.js';
import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'spring-method-security-disabled',
    pack: 'java',
    title: 'Method security annotations on {{route}} are not enforced',
    description:
      'The handler is annotated with @PreAuthorize, @Secured or @RolesAllowed, but its module has no @EnableMethodSecurity (or the switch for that annotation family is off), so Spring never evaluates the check.',
    stride: ['E'],
    cwe: ['CWE-862'],
    capec: ['CAPEC-1'],
    attack: ['T1190'],
    owasp: ['A01:2021', 'API5:2023'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'authenticated or anonymous user without the required role',
      prerequisites: 'who can send requests to {{route}}',
      threatAction: 'run the handler at {{file}}:{{line}} whose role check is never evaluated because method security is not enabled',
      threatImpact: 'privileged operations performed by users who lack the role the annotation names',
      impactedGoal: ['integrity', 'confidentiality'],
      impactedAssets: ['privileged functions', 'application data'],
    },
    mitigation: {
      title: 'Enable method security for the annotations in use',
      content:
        'Annotate a configuration class with @EnableMethodSecurity (pre/post annotations on by default; add securedEnabled = true for @Secured and jsr250Enabled = true for @RolesAllowed), or move the checks into the filter chain with hasRole. Test that a user without the role gets 403.',
      controls: { cwe: ['CWE-862'], asvs: ['V4.1.1', 'V4.1.5'], nist80053: ['AC-3', 'AC-6'] },
      remediation: 'Add @EnableMethodSecurity (with securedEnabled = true or jsr250Enabled = true when the handler at {{file}}:{{line}} uses @Secured or @RolesAllowed) to a @Configuration class of the module, and add a test that {{route}} answers 403 without the role.',
    },
    references: ['https://docs.spring.io/spring-security/reference/servlet/authorization/method-security.html', 'https://cwe.mitre.org/data/definitions/862.html'],
  },
  check(ctx) {
    for (const r of httpRoutes(ctx)) {
      if (!r.tags?.includes('method-security-off')) continue;
      ctx.report({ key: routeKey(r, 'method-security-off'), evidence: [r.evidence], elements: elementsOf(ctx, r), data: { route: routeLabel(r) } });
    }
  },
});
