import { FORMATS } from '../../util/secret-formats.js';
import { isNonProductionCode } from '../container/_shared.js';
import { defineRule } from '../types.js';
import { elementsOf, factKey } from './_web-routes.js';

/** Secret types a provider issues (`aws-access-key-id`, `stripe-secret-key`...): live keys wherever they are written. */
const PROVIDER_TYPES = new Set(FORMATS.map((f) => f.type).filter((t) => t !== 'jwt' && t !== 'private-key'));

export const rule = defineRule({
  meta: {
    id: 'hardcoded-credentials',
    pack: 'web',
    title: 'Hard-coded {{type}} in {{file}}',
    description: 'A {{type}} ({{redacted}}) is written in the source at {{file}}:{{line}}. Everyone who can read the repository, its history or a build artifact holds this credential.',
    stride: ['I', 'S', 'E'],
    cwe: ['CWE-798', 'CWE-259'],
    capec: ['CAPEC-191', 'CAPEC-70'],
    attack: ['T1552.001', 'T1078'],
    owasp: ['A07:2021', 'A02:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'attacker with access to the source code, its history or a build artifact',
      prerequisites: 'who reads the credential committed in the repository',
      threatAction: 'use the credential against the system or third-party service it unlocks',
      threatImpact: 'unauthorized access to data and services behind the credential',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['credentials', 'systems the credential unlocks'],
    },
    mitigation: {
      title: 'Move credentials out of the code and rotate them',
      content: 'Read credentials from the environment or a secret manager, keep them out of version control (and out of history), rotate every credential that was committed, and add secret scanning to CI.',
      controls: { cwe: ['CWE-798'], asvs: ['V2.10.4', 'V6.4.1'], nist80053: ['IA-5(7)', 'SC-28', 'SC-12'] },
      remediation: 'At {{file}}:{{line}} replace the literal with an environment lookup (for example `process.env.DB_PASSWORD`), rotate the exposed value at its provider, and purge it from git history.',
    },
    references: ['https://cwe.mitre.org/data/definitions/798.html', 'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html'],
  },
  check(ctx) {
    // A literal JWT key inside a sign/verify call or JWT middleware options is reported by
    // jwt-hardcoded-secret; the secret scanner sees the same literal without that context.
    const jwtKeys = ctx.factsOf('auth').filter((a) => a.mechanism === 'jwt' && (a.details?.secretOrigin === 'literal' || a.details?.secretOrigin === 'env-fallback'));
    for (const f of ctx.factsOf('secret')) {
      if (!f.extractor.startsWith('js/')) continue;
      // JWT and session secrets have their own rules.
      if (f.usage === 'jwt' || f.usage === 'session') continue;
      if (jwtKeys.some((k) => k.evidence.file === f.evidence.file && k.evidence.line <= f.evidence.line && f.evidence.line <= (k.evidence.endLine ?? k.evidence.line))) continue;
      // Tests, mocks, seed scripts, benchmarks, CI and dev entry points (`server-dev.ts`) log into a
      // developer's database or a test double, and no deployed component carries them: low. A key a
      // provider issued stays a live key wherever it is committed: only the component's exposure goes.
      const devCode = isNonProductionCode(f.evidence.file);
      // A default production refuses (it throws there first) signs only development tokens: low.
      // The fallback of a JWT secret variable is the key of every deployment that leaves it unset,
      // and with it anyone forges any user's token: likely, not just possible. So is a setting's
      // literal fallback that a cipher or HMAC keys with (`cfg.salt || 'abcde'`, key-fallback.ts).
      // The image's own default account of a database on a local or Compose service host
      // (`postgres:postgres@db`) needs a foothold inside that network first: low as well.
      const cap = (devCode && !PROVIDER_TYPES.has(f.secretType)) || f.usage === 'dev-default' || f.usage === 'local-default' ? { likelihood: 'low' as const, impact: 'low' as const } : f.usage === 'jwt-default' || f.usage === 'key-default' ? { likelihood: 'high' as const } : {};
      ctx.report({
        key: factKey(f),
        evidence: [f.evidence],
        elements: devCode ? [] : elementsOf(ctx, f),
        data: { type: f.usage === 'jwt-default' ? 'JWT secret default' : f.usage === 'key-default' ? `${f.secretType.replace(/-/g, ' ')} default` : f.usage === 'dev-default' ? `development default ${f.secretType.replace(/-/g, ' ')}` : f.usage === 'local-default' ? 'default database account password' : f.secretType.replace(/-/g, ' '), redacted: f.redacted },
        confidence: f.secretType === 'password' || f.secretType === 'secret' || f.secretType === 'token' ? 'medium' : 'high',
        ...cap,
      });
    }
  },
});
