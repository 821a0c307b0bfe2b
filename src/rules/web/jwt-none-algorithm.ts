import type { AuthFact } from '../../model/types.js';
import { defineRule, type RuleContext } from '../types.js';
import { byOptionsObject, byOptionsShape } from './_jwt-options.js';
import { dependencyMajor, elementsOf, scopeOf } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'jwt-none-algorithm',
    pack: 'web',
    title: 'JWT accepted or issued with the none algorithm in {{file}}',
    description:
      'The JWT call at {{file}}:{{line}} ({{api}}) allows the `none` algorithm{{consequence}}.',
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
    // Copies of one options literal across files are one finding (byOptionsShape).
    for (const group of byOptionsShape(byOptionsObject(ctx.factsOf('auth').filter((f) => f.mechanism === 'jwt' && f.details?.none === true)), (f) => scopeOf(ctx, f.evidence.file))) {
      const f = group.facts[0];
      const latent = signatureStillRequired(ctx, f);
      ctx.report({
        key: group.key('none'),
        evidence: group.evidence,
        elements: [...new Set(group.facts.flatMap((u) => elementsOf(ctx, u)))],
        data: {
          api: `${f.library ?? 'jwt'} ${String(f.details?.operation ?? '')}`.trim(),
          consequence: latent
            ? ', but jsonwebtoken rejects a token without a signature whenever a key is passed (since 1.1.1), and a key is passed here: a latent weakness that becomes exploitable if the key is ever empty or the library is replaced'
            : ', so a token without any signature is valid: anyone can write their own claims (user id, role) and be trusted',
        },
        ...(latent ? { likelihood: 'low' as const, confidence: 'low' as const } : {}),
      });
    }
  },
});

/**
 * jsonwebtoken's verify (from 1.1.1, July 2014; 9.x: verify.js "jwt signature is required") fails an
 * unsigned token whenever the key argument is truthy, `algorithms` notwithstanding. A key absent,
 * `null` or the empty string lets it through. A key from the environment counts as passed: with it
 * unset every signed token fails too, so a working deployment has one.
 */
function signatureStillRequired(ctx: RuleContext, f: AuthFact): boolean {
  const d = f.details ?? {};
  if (f.library !== 'jsonwebtoken' || f.role !== 'token-verify' || d.operation !== 'verify') return false;
  const major = dependencyMajor(ctx, f.evidence.file, 'jsonwebtoken');
  if (major === undefined || major < 2) return false;
  return d.secretOrigin !== 'none' && !(d.secretOrigin === 'literal' && d.secretLength === 0);
}
