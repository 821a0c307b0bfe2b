import { defineRule } from '../types.js';
import { configs, elementsOf, factKey } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'postmessage-credential-to-any-origin',
    pack: 'web',
    title: 'Credential posted to any origin in {{file}}',
    description:
      'At {{file}}:{{line}} the page posts {{credential}} to another window with target origin `*`. The browser delivers it to whatever page that window holds, so a website that opened this page (or framed it, or navigated the frame elsewhere) receives the credential.',
    stride: ['I'],
    cwe: ['CWE-201', 'CWE-346'],
    capec: ['CAPEC-37'],
    attack: ['T1528', 'T1185'],
    owasp: ['A01:2021', 'A04:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'malicious website',
      prerequisites: 'that opens or frames the page while the user is signed in',
      threatAction: 'receive {{credential}} posted with target origin `*` at {{file}}:{{line}}',
      threatImpact: 'a stolen credential used as the user',
      impactedGoal: ['confidentiality'],
      impactedAssets: ['credentials', 'user sessions'],
    },
    mitigation: {
      title: 'Name the receiving origin when posting secrets',
      content: 'Pass the exact origin of the intended receiver as the second argument of `postMessage` (never `*` for anything secret), and prefer handing credentials over through the server (an HttpOnly cookie, or a one-time code exchanged by the receiver).',
      controls: { cwe: ['CWE-201'], asvs: ['V14.5.2', 'V3.5.2'], nist80053: ['SC-8', 'AC-4'] },
      remediation: 'At {{file}}:{{line}} replace `\'*\'` with the receiver\'s exact origin (for example `window.location.origin` when the opener is the same site), or stop sending {{credential}} through postMessage.',
    },
    references: ['https://developer.mozilla.org/en-US/docs/Web/API/Window/postMessage#security_concerns', 'https://cwe.mitre.org/data/definitions/201.html'],
  },
  check(ctx) {
    for (const f of configs(ctx, 'message-credential-any-origin')) {
      ctx.report({ key: factKey(f), evidence: [f.evidence], elements: elementsOf(ctx, f), data: { credential: `\`${String(f.values.credential)}\`` } });
    }
  },
});
