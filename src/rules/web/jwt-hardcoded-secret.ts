import type { AuthFact, ConfigFact } from '../../model/types.js';
import { defineRule, type RuleContext } from '../types.js';
import { configs, elementsOf, factKey, scopeOf } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'jwt-hardcoded-secret',
    pack: 'web',
    title: 'JWT signing secret hard-coded in {{file}}',
    description:
      'The JWT secret used at {{file}}:{{line}} ({{api}}) is {{origin}}. Anyone with the code (a former employee, a leaked repository, a public fork) can sign valid tokens for any user.',
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
    // One secret is one finding: every sign and verify site that uses the same literal (the same
    // definition line, the same `env || 'literal'` expression, the same node-config setting) is an
    // evidence line of it.
    const groups = new Map<string, { facts: AuthFact[]; literal?: ConfigFact; origin: string; confidence: 'high' | 'medium' }>();
    const fromConfig = nodeConfigLiterals(ctx);
    const fromEnvFile = committedEnvSecrets(ctx);
    for (const f of ctx.factsOf('auth')) {
      const origin = f.details?.secretOrigin;
      if (f.mechanism !== 'jwt') continue;
      const line = f.details?.secretLine;
      const hint = f.details?.keyHint;
      let same: string;
      let entry: { literal?: ConfigFact; origin: string; confidence: 'high' | 'medium' };
      if (origin === 'literal' || origin === 'env-fallback') {
        same = typeof line === 'number' && line !== f.evidence.line ? `${f.evidence.file}:${line}` : origin === 'env-fallback' && typeof hint === 'string' ? `${origin}:${hint}` : factKey(f, 'secret');
        entry = origin === 'literal' ? { origin: 'a string literal in the source code', confidence: 'high' } : { origin: 'a literal fallback in the source code, used when the environment variable is missing', confidence: 'medium' };
      } else if (origin === 'config' && typeof hint === 'string') {
        const found = fromConfig(scopeOf(ctx, f.evidence.file), configPathOf(hint));
        if (!found) continue;
        same = `${found.literal.evidence.file}:${found.literal.evidence.line}`;
        entry = found;
      } else if (origin === 'env' && typeof hint === 'string') {
        const found = fromEnvFile(scopeOf(ctx, f.evidence.file), envVariableOf(hint));
        if (!found) continue;
        same = `${found.literal.evidence.file}:${found.literal.evidence.line}`;
        entry = found;
      } else continue;
      const group = groups.get(same);
      if (group) group.facts.push(f);
      else groups.set(same, { facts: [f], ...entry });
    }
    for (const { facts: group, literal, origin, confidence } of groups.values()) {
      const [f] = group;
      // The line that holds the literal comes first; the signing and verifying calls after it.
      const line = f.details?.secretLine;
      const defined = literal ? [literal.evidence] : typeof line === 'number' && line !== f.evidence.line ? [{ file: f.evidence.file, line }] : [];
      ctx.report({
        key: factKey(f, 'secret'),
        evidence: [...defined, ...group.map((g) => g.evidence)],
        elements: [...new Set(group.flatMap((g) => elementsOf(ctx, g)))],
        data: { api: `${f.library} ${String(f.details?.operation ?? '')}`.trim(), origin },
        confidence,
      });
    }
  },
});

/** The setting path a `config.get('jwt.secret')` / `config.jwt.secret` expression reads. */
function configPathOf(hint: string): string | undefined {
  const call = /^\w*\.get\(\s*['"`]([\w.-]+)['"`]\s*\)$/.exec(hint.trim());
  if (call) return call[1];
  const member = /^\w*config\w*\.([\w.]+)$/i.exec(hint.trim());
  return member?.[1];
}

/** The variable a `process.env.JWT_SECRET` / `process.env['JWT_SECRET']` expression reads. */
function envVariableOf(hint: string): string | undefined {
  return /^process\.env(?:\.([A-Za-z_]\w*)|\[\s*['"`]([A-Za-z_]\w*)['"`]\s*\])$/.exec(hint.trim())?.slice(1).find(Boolean);
}

/**
 * Weak secrets of committed dotenv files (js/secrets dotenv.ts) by component and variable: the
 * value every deployment that keeps the committed file signs with. The value is never shown.
 */
function committedEnvSecrets(ctx: RuleContext): (scope: string, variable: string | undefined) => { literal: ConfigFact; origin: string; confidence: 'high' | 'medium' } | undefined {
  const secrets = configs(ctx, 'env-file-secret').sort((a, b) => a.evidence.file.localeCompare(b.evidence.file));
  return (scope, variable) => {
    if (!variable) return undefined;
    const mine = secrets.filter((s) => s.values.variable === variable && scopeOf(ctx, s.evidence.file) === scope);
    // `.env` itself is what dotenv loads by default; another profile only where it is selected.
    const found = mine.find((s) => s.evidence.file.endsWith('/.env') || s.evidence.file === '.env') ?? mine[0];
    if (!found) return undefined;
    const why = found.values.weakness === 'short' ? `a short value (${String(found.values.length)} characters)` : 'a dictionary word';
    return { literal: found, origin: `read from ${variable}, which ${found.evidence.file} commits with ${why}`, confidence: found === mine[0] && mine.length === 1 ? 'high' : 'medium' };
  };
}

/**
 * node-config literals by component and setting path: one in `production` is always used; one in
 * `default` whenever no other profile or environment variable overrides it.
 */
function nodeConfigLiterals(ctx: RuleContext): (scope: string, path: string | undefined) => { literal: ConfigFact; origin: string; confidence: 'high' | 'medium' } | undefined {
  const literals = configs(ctx, 'node-config-literal');
  const overrides = configs(ctx, 'node-config-env');
  return (scope, path) => {
    if (!path) return undefined;
    const mine = literals.filter((l) => l.values.path === path && scopeOf(ctx, l.evidence.file) === scope);
    const production = mine.find((l) => l.values.profile === 'production');
    if (production) return { literal: production, origin: `a string literal in ${production.evidence.file} (setting ${path})`, confidence: 'high' };
    const fallback = mine.find((l) => l.values.profile === 'default');
    if (!fallback) return undefined;
    const env = overrides.find((o) => o.values.path === path && scopeOf(ctx, o.evidence.file) === scope);
    const variable = env ? String(env.values.variable) : undefined;
    return {
      literal: fallback,
      origin: variable ? `a literal default in ${fallback.evidence.file} (setting ${path}), used whenever ${variable} is not set` : `a string literal in ${fallback.evidence.file} (setting ${path}), used unless another configuration file overrides it`,
      confidence: 'medium',
    };
  };
}
