// SECRET_KEY written in the settings (or as the default of an environment lookup).
import { defineRule } from '../types.js';
import { elementsOf, overriddenInProduction, pythonConfigs } from './_python.js';

export const rule = defineRule({
  meta: {
    id: 'django-hardcoded-secret-key',
    pack: 'python',
    title: 'Django SECRET_KEY is written in the source code',
    description: 'The settings at {{file}}:{{line}} take SECRET_KEY from {{origin}}. Anyone who can read the repository can sign session cookies, password-reset tokens and other signed values the application trusts.',
    stride: ['S', 'T', 'E'],
    cwe: ['CWE-798', 'CWE-321'],
    capec: ['CAPEC-191'],
    attack: ['T1552.001'],
    owasp: ['A02:2021', 'A07:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'attacker with access to the source code',
      prerequisites: 'who obtains the repository, a leaked image or a backup',
      threatAction: 'forge signed session cookies and password-reset tokens for {{component}}',
      threatImpact: 'impersonation of any user, including administrators',
      impactedGoal: ['authenticity', 'integrity'],
      impactedAssets: ['user sessions', 'signing keys'],
    },
    mitigation: {
      title: 'Load SECRET_KEY from a secret store',
      content: 'Read the key from the environment or a secret manager without a literal fallback, rotate the key that was committed, and fail at start-up when it is missing.',
      controls: { cwe: ['CWE-798'], asvs: ['V2.10.4', 'V6.4.1'], nist80053: ['IA-5', 'SC-12'] },
      remediation: "At {{file}}:{{line}}, use SECRET_KEY = os.environ['DJANGO_SECRET_KEY'] (no default) and rotate the committed key.",
    },
    references: ['https://docs.djangoproject.com/en/stable/ref/settings/#secret-key', 'https://cwe.mitre.org/data/definitions/798.html'],
  },
  check(ctx) {
    for (const f of pythonConfigs(ctx, 'django-secret-key')) {
      const origin = f.values.origin;
      if (origin !== 'literal' && origin !== 'env-fallback') continue;
      if (overriddenInProduction(ctx, f, (v) => v.origin !== 'literal' && v.origin !== 'env-fallback')) continue;
      ctx.report({
        key: `${f.evidence.file}#secret-key`,
        evidence: [f.evidence],
        elements: elementsOf(ctx, f.evidence.file),
        data: { origin: origin === 'literal' ? 'a string literal' : 'a literal default used when the environment variable is missing' },
        confidence: origin === 'literal' ? 'high' : 'medium',
      });
    }
  },
});
