import type { Level } from '../../model/types.js';
import { defineRule } from '../types.js';
import { configs, elementsOf, factKey } from './_web-routes.js';

/** What a forged message achieves, by where the listener puts its data. */
const OUTCOME: Record<string, { impact: Level; cwe: string[]; what: string }> = {
  code: { impact: 'high', cwe: ['CWE-346', 'CWE-95'], what: 'runs it as code' },
  html: { impact: 'high', cwe: ['CWE-346', 'CWE-79'], what: 'writes it into the page as HTML' },
  navigation: { impact: 'medium', cwe: ['CWE-346', 'CWE-601'], what: 'navigates the page to it' },
  request: { impact: 'medium', cwe: ['CWE-346', 'CWE-352'], what: 'sends it to the server in a request made with the user\'s credentials' },
};

export const rule = defineRule({
  meta: {
    id: 'postmessage-listener-without-origin-check',
    pack: 'web',
    title: 'Message listener without an origin check in {{file}}',
    description:
      'The `message` listener registered at {{file}}:{{listenerLine}} never checks `event.origin` (or `event.source`) and {{what}} ({{api}} at {{file}}:{{line}}). Any website that opens the application in a window or a frame can post it a message, so the attacker\'s page decides what the listener does in the user\'s session.',
    stride: ['T', 'S'],
    cwe: ['CWE-346', 'CWE-79'],
    capec: ['CAPEC-63', 'CAPEC-111'],
    attack: ['T1189', 'T1185'],
    owasp: ['A03:2021', 'A01:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'malicious website',
      prerequisites: 'that opens or frames the application while the user is signed in',
      threatAction: 'post a crafted message to the listener at {{file}}:{{listenerLine}}',
      threatImpact: 'script or requests of the attacker\'s choosing in the user\'s session',
      impactedGoal: ['integrity', 'confidentiality'],
      impactedAssets: ['user sessions'],
    },
    mitigation: {
      title: 'Accept messages only from the origins you expect',
      content: 'Start every `message` listener with `if (event.origin !== EXPECTED_ORIGIN) return;` (an exact comparison, not `indexOf` or `startsWith`), check `event.source` where the sender is a known window, and treat `event.data` as untrusted: set text with `textContent`, never `innerHTML`, and validate it before navigating or sending it on.',
      controls: { cwe: ['CWE-346'], asvs: ['V14.5.2', 'V5.3.3'], nist80053: ['SI-10', 'SC-18'] },
      remediation: 'At {{file}}:{{listenerLine}} return early unless `event.origin` equals the sending site\'s exact origin, and at {{file}}:{{line}} stop passing `event.data` to {{api}} (use `textContent` for text).',
    },
    references: ['https://developer.mozilla.org/en-US/docs/Web/API/Window/postMessage#security_concerns', 'https://cwe.mitre.org/data/definitions/346.html', 'https://cheatsheetseries.owasp.org/cheatsheets/HTML5_Security_Cheat_Sheet.html#cross-origin-resource-sharing'],
  },
  check(ctx) {
    for (const f of configs(ctx, 'message-listener-unchecked')) {
      const outcome = OUTCOME[String(f.values.sink)] ?? OUTCOME.request;
      ctx.report({
        key: factKey(f),
        evidence: [f.evidence],
        elements: elementsOf(ctx, f),
        data: { what: outcome.what, api: `\`${String(f.values.api)}\``, listenerLine: String(f.values.listenerLine) },
        impact: outcome.impact,
        cwe: outcome.cwe,
      });
    }
  },
});
