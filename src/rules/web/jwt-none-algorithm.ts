import type { AuthFact } from '../../model/types.js';
import { defineRule } from '../types.js';
import { elementsOf, factKey } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'jwt-none-algorithm',
    pack: 'web',
    title: 'JWT accepted or issued with the none algorithm in {{file}}',
    description:
      'The JWT call at {{file}}:{{line}} ({{api}}) allows the `none` algorithm, so a token without any signature is valid: anyone can write their own claims (user id, role) and be trusted.',
    stride: ['S', 'E'],
    cwe: ['CWE-347', 'CWE-327'],
    capec: ['CAPEC-196', 'CAPEC-475'],
    attack: ['T1606', 'T1550.001'],
    owasp: ['A02:2021', 'A07:2021', 'API2:2023'],
    likelihood: 'high',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'unauthenticated attacker',
      prerequisites: 'who can send a bearer token to the service',
      threatAction: 'forge an unsigned JWT with alg none and arbitrary claims',
      threatImpact: 'impersonation of any user, including administrators',
      impactedGoal: ['authenticity', 'integrity'],
      impactedAssets: ['user sessions', 'authorization decisions'],
    },
    mitigation: {
      title: 'Allow only the signing algorithms you use',
      content: 'Verify JWTs with an explicit allow-list of strong algorithms (HS256 with a random secret, or RS256/ES256/EdDSA with a key pair) and never list or issue `none`.',
      controls: { cwe: ['CWE-347'], asvs: ['V3.5.3'], nist80053: ['SC-23', 'IA-5'] },
      remediation: 'At {{file}}:{{line}} remove `none` and pass `{ algorithms: [\'RS256\'] }` (or the single algorithm your issuer uses) to the verify call; sign with that algorithm too.',
      remediationByLanguage: {
        java: "At {{file}}:{{line}}, accept only signed tokens: drop unsecured parsing (alg none, Algorithm.none(), parseClaimsJwt) and verify with the single algorithm your issuer uses.",
        python: "At {{file}}:{{line}}, remove none from the algorithms list and pass algorithms=['RS256'] (your issuer's single algorithm) to jwt.decode.",
        go: "At {{file}}:{{line}}, never accept jwt.UnsafeAllowNoneSignatureType; check token.Method against the expected signing method in the key function.",
      },
    },
    references: [
      'https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html',
      'https://cwe.mitre.org/data/definitions/347.html',
      'https://auth0.com/blog/critical-vulnerabilities-in-json-web-token-libraries/',
    ],
  },
  check(ctx) {
    for (const f of ctx.factsOf('auth')) {
      if (f.mechanism !== 'jwt' || f.details?.none !== true) continue;
      report(f);
    }
    function report(f: AuthFact) {
      ctx.report({ key: factKey(f, 'none'), evidence: [f.evidence], elements: elementsOf(ctx, f), data: { api: `${f.library ?? 'jwt'} ${String(f.details?.operation ?? '')}`.trim() } });
    }
  },
});
