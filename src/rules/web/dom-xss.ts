// DOM-based cross-site scripting: browser code renders data from the page URL (location, router
// parameters) as HTML through an API that skips the framework's escaping (dangerouslySetInnerHTML,
// Angular bypassSecurityTrust*, v-html, {@html}). Facts come from js/frontend, which follows the
// value back through the component (see frontend/origin.ts).
import { URL_SOURCE } from '../../extract/js/frontend/origin.js';
import { defineRule } from '../types.js';
import { elementsOf, factKey } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'dom-xss',
    pack: 'web',
    title: 'DOM-based cross-site scripting from the page URL in {{file}}',
    description:
      'Browser code takes part of the page URL ({{source}}) and renders it as HTML through {{api}}, which bypasses the framework escaping, so a crafted link runs script in the application origin.',
    stride: ['S', 'T', 'I'],
    cwe: ['CWE-79'],
    capec: ['CAPEC-588'],
    attack: ['T1189'],
    owasp: ['A03:2021'],
    likelihood: 'high',
    impact: 'medium',
    confidence: 'medium',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can get a user to open a crafted link',
      threatAction: 'put markup with script in the URL so that {{api}} renders it in the page',
      threatImpact: 'script running in the victim session, token theft and actions performed as the victim',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['user sessions', 'user data'],
    },
    mitigation: {
      title: 'Render URL data as text, or sanitise it before bypassing escaping',
      content:
        'Bind URL-derived values as text (interpolation, textContent) instead of HTML; where HTML is really needed, pass it through DOMPurify or the framework sanitiser instead of bypassSecurityTrust*/dangerouslySetInnerHTML.',
      controls: { cwe: ['CWE-79'], asvs: ['V5.3.3'], nist80053: ['SI-10', 'SI-15'] },
      remediation: 'At {{file}}:{{line}}, render {{source}} as text or sanitise it with DOMPurify.sanitize() instead of passing it to {{api}}.',
    },
    references: ['https://owasp.org/www-community/attacks/DOM_Based_XSS', 'https://cheatsheetseries.owasp.org/cheatsheets/DOM_based_XSS_Prevention_Cheat_Sheet.html'],
  },
  check(ctx) {
    for (const f of ctx.factsOf('sink')) {
      if (f.sink !== 'html' || f.extractor !== 'js/frontend' || !f.tainted || !f.source?.startsWith(URL_SOURCE)) continue;
      ctx.report({
        key: factKey(f, 'dom-xss'),
        evidence: [f.evidence],
        elements: elementsOf(ctx, f),
        data: { source: f.source.slice(URL_SOURCE.length).replace(/[&<>]/g, ''), api: f.api },
      });
    }
  },
});
