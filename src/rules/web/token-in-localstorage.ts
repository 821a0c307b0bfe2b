import { defineRule } from '../types.js';
import { configs, elementsOf, factKey } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'token-in-localstorage',
    pack: 'web',
    title: 'Authentication token kept in {{storage}} in {{file}}',
    description: 'At {{file}}:{{line}} the front end stores {{key}} in {{storage}}, which every script running in the page can read, so a single cross-site scripting flaw or compromised dependency leaks the user\'s token.',
    stride: ['I', 'S'],
    cwe: ['CWE-922'],
    capec: ['CAPEC-593', 'CAPEC-588'],
    attack: ['T1528', 'T1539'],
    owasp: ['A04:2021', 'A07:2021'],
    likelihood: 'medium',
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
    for (const f of configs(ctx, 'client-storage')) {
      if (f.values.sensitive !== true) continue;
      ctx.report({ key: factKey(f, 'storage'), evidence: [f.evidence], elements: elementsOf(ctx, f), data: { storage: String(f.values.storage), key: String(f.values.key) } });
    }
  },
});
