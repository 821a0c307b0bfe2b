import { defineRule } from '../types.js';
import { elementsOf, factKey } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'jwt-hardcoded-secret',
    pack: 'web',
    title: 'JWT signing secret hard-coded in {{file}}',
    description:
      'The JWT secret used at {{file}}:{{line}} ({{api}}) is {{origin}} in the source code. Anyone with the code (a former employee, a leaked repository, a public fork) can sign valid tokens for any user.',
    stride: ['S', 'E', 'I'],
    cwe: ['CWE-798', 'CWE-321'],
    capec: ['CAPEC-191', 'CAPEC-196'],
    attack: ['T1552.001', 'T1606'],
    owasp: ['A02:2021', 'A07:2021', 'API2:2023'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'attacker with read access to the source code or a copy of it',
      prerequisites: 'who knows the secret committed in the repository',
      threatAction: 'sign JWTs with arbitrary claims using the hard-coded secret',
      threatImpact: 'impersonation of any user and persistent access that survives password resets',
      impactedGoal: ['authenticity', 'confidentiality'],
      impactedAssets: ['JWT signing key', 'user accounts'],
    },
    mitigation: {
      title: 'Load JWT keys from a secret store',
      content: 'Read the signing secret or private key from the environment or a secret manager at startup, fail closed when it is missing (no literal fallback), rotate the leaked value, and prefer asymmetric keys so verifiers never hold signing material.',
      controls: { cwe: ['CWE-798', 'CWE-321'], asvs: ['V2.10.4', 'V6.4.1'], nist80053: ['IA-5(7)', 'SC-12', 'SC-28'] },
      remediation: 'At {{file}}:{{line}} replace the literal with `process.env.JWT_SECRET` (throw at startup when unset, no `||` default) and rotate the secret that was committed.',
      remediationByLanguage: {
        java: "At {{file}}:{{line}}, read the signing key from the environment or a secret store (System.getenv(\"JWT_SECRET\"), failing at startup when unset) and rotate the secret that was committed.",
        python: "At {{file}}:{{line}}, read the signing key with os.environ['JWT_SECRET'] (no default) and rotate the secret that was committed.",
        go: "At {{file}}:{{line}}, read the signing key with os.Getenv(\"JWT_SECRET\") and exit at startup when it is empty; rotate the secret that was committed.",
        csharp: "At {{file}}:{{line}}, read the signing key from configuration backed by a secret store (user secrets, Key Vault) and rotate the secret that was committed.",
        ruby: "At {{file}}:{{line}}, read the signing key with ENV.fetch('JWT_SECRET') or Rails credentials and rotate the secret that was committed.",
        php: "At {{file}}:{{line}}, read the signing key with env('JWT_SECRET') or getenv() (no literal default) and rotate the secret that was committed.",
      },
    },
    references: ['https://cwe.mitre.org/data/definitions/798.html', 'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html'],
  },
  check(ctx) {
    for (const f of ctx.factsOf('auth')) {
      const origin = f.details?.secretOrigin;
      if (f.mechanism !== 'jwt' || (origin !== 'literal' && origin !== 'env-fallback')) continue;
      // The line that holds the literal comes first; the signing or verifying call second.
      const line = f.details?.secretLine;
      const defined = typeof line === 'number' && line !== f.evidence.line ? [{ file: f.evidence.file, line }] : [];
      ctx.report({
        key: factKey(f, 'secret'),
        evidence: [...defined, f.evidence],
        elements: elementsOf(ctx, f),
        data: { api: `${f.library} ${String(f.details?.operation ?? '')}`.trim(), origin: origin === 'literal' ? 'a string literal' : 'a literal fallback used when the environment variable is missing,' },
        confidence: origin === 'literal' ? 'high' : 'medium',
      });
    }
  },
});
