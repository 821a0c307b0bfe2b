import type { ConfigFact } from '../../model/types.js';
import { defineRule } from '../types.js';
import { configs, elementsOf, factKey } from './_web-routes.js';

/** Further write sites kept as evidence of the one finding. */
const MAX_EVIDENCE = 10;

export const rule = defineRule({
  meta: {
    id: 'token-in-localstorage',
    pack: 'web',
    title: 'Authentication token kept in {{storage}} in {{file}}',
    description: 'At {{file}}:{{line}} the front end stores {{key}} in {{storage}}, which every script running in the page can read, so a single cross-site scripting flaw or compromised dependency leaks the user\'s token.{{more}}',
    stride: ['I', 'S'],
    cwe: ['CWE-922'],
    capec: ['CAPEC-593', 'CAPEC-588'],
    attack: ['T1528', 'T1539'],
    owasp: ['A04:2021', 'A07:2021'],
    // Reading Web Storage needs script in the page first (an XSS flaw or a compromised dependency).
    likelihood: 'low',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'attacker who can run script in the application page',
      prerequisites: 'through cross-site scripting or a compromised front-end dependency',
      threatAction: 'read the token from Web Storage and send it elsewhere',
      threatImpact: 'the user\'s session replayed from the attacker\'s machine',
      impactedGoal: ['confidentiality', 'authenticity'],
      impactedAssets: ['access tokens', 'user sessions'],
    },
    mitigation: {
      title: 'Keep tokens out of script-readable storage',
      content: 'Let the server set the session or refresh token as an HttpOnly, Secure, SameSite cookie (backend-for-frontend pattern), keep short-lived access tokens in memory only, and enforce a strict Content-Security-Policy.',
      controls: { cwe: ['CWE-922'], asvs: ['V3.2.3', 'V8.2.2'], nist80053: ['SC-28', 'SC-23'] },
      remediation: 'Remove the Web Storage write at {{file}}:{{line}}; have the API set an HttpOnly cookie on login (credentials: \'include\' on requests) or keep the token in a module-level variable.',
    },
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/HTML5_Security_Cheat_Sheet.html#local-storage', 'https://cwe.mitre.org/data/definitions/922.html'],
  },
  check(ctx) {
    // One finding per front end and storage: the first write cited, the others as evidence. Only
    // the credential itself counts (`authToken`, a value named token or jwt); a profile, flag or
    // timestamp stored beside it (`AUTH_USER`, `isAuthenticated`) gives nothing to replay.
    const groups = new Map<string, ConfigFact[]>();
    for (const f of configs(ctx, 'client-storage')) {
      if (f.values.sensitive !== true || f.values.bearer === false) continue;
      const at = `${ctx.componentOf(f.evidence.file)?.id ?? ''}|${String(f.values.storage)}`;
      groups.set(at, [...(groups.get(at) ?? []), f]);
    }
    for (const writes of groups.values()) {
      writes.sort((a, b) => a.evidence.file.localeCompare(b.evidence.file) || a.evidence.line - b.evidence.line);
      const [f, ...rest] = writes;
      const more = rest.length === 0 ? '' : ` The front end writes credentials to ${String(f.values.storage)} at ${rest.length} other place${rest.length === 1 ? '' : 's'} too.`;
      ctx.report({
        key: factKey(f, 'storage'),
        evidence: [f.evidence, ...rest.slice(0, MAX_EVIDENCE).map((r) => r.evidence)],
        elements: elementsOf(ctx, f),
        data: { storage: String(f.values.storage), key: String(f.values.key), more },
      });
    }
  },
});
