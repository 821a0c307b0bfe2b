import type { ConfigFact } from '../../model/types.js';
import { defineRule, type RuleContext } from '../types.js';
import { configs, elementsOf, factKey, scopeOf } from './_web-routes.js';

/**
 * The shipped default (`config.default.js`) of the setting a signing secret reads
 * (`config.session_secret` with `config = require('../config')`), when it is a literal secret.
 */
export function shippedSecret(ctx: RuleContext, secret: ConfigFact): ConfigFact | undefined {
  const { secretModule, secretPath } = secret.values;
  if (typeof secretModule !== 'string' || typeof secretPath !== 'string') return undefined;
  return configs(ctx, 'shipped-default').find((d) => d.values.kind === 'secret' && d.values.module === secretModule && d.values.path === secretPath);
}

export const rule = defineRule({
  meta: {
    id: 'forgeable-identity-cookie',
    pack: 'web',
    title: 'Login cookie forgeable with a known signing secret in {{file}}',
    description:
      'At {{file}}:{{line}} the login cookie holds only the user id, and its signature is all that stops a client from changing it. It is signed with the cookie secret at {{secretAt}}, which is {{origin}}. Whoever knows that secret can sign a cookie for any user id (user ids are rarely secret) and is logged in as that user, administrators included.',
    stride: ['S', 'E'],
    cwe: ['CWE-565', 'CWE-798', 'CWE-1392'],
    capec: ['CAPEC-226', 'CAPEC-196'],
    attack: ['T1606.001', 'T1552.001'],
    owasp: ['A07:2021', 'A02:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'attacker who knows the cookie signing secret from the source code or its shipped default configuration',
      prerequisites: 'who knows the id of the user to impersonate',
      threatAction: 'sign a login cookie that names another user id',
      threatImpact: 'login as any user, administrators included, without their password',
      impactedGoal: ['authenticity', 'confidentiality', 'integrity'],
      impactedAssets: ['user accounts', 'login cookie'],
    },
    mitigation: {
      title: 'Keep the cookie secret out of the code and make login cookies unguessable',
      content: 'Read the cookie signing secret from the environment or a secret store and refuse to start without it (no literal in the code or in a shipped default configuration). Put a random session identifier or a token the server can revoke in the login cookie, not the bare user id.',
      controls: { cwe: ['CWE-565', 'CWE-798'], asvs: ['V3.2.2', 'V2.10.4', 'V6.4.1'], nist80053: ['SC-23', 'IA-5(7)', 'SC-12'] },
      remediation: 'At {{secretAt}} read the cookie secret from the environment (throw at startup when unset) and rotate it; at {{file}}:{{line}} store a random session id or a revocable token in the cookie instead of the user id.',
    },
    references: ['https://cwe.mitre.org/data/definitions/565.html', 'https://github.com/expressjs/cookie-parser#cookieparsersecret-options', 'https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html'],
  },
  check(ctx) {
    // The secrets anyone can read: a literal (or a literal fallback) in the code, or the literal of
    // a shipped default configuration the code reads it from.
    const known = new Map<string, { secret: ConfigFact; shipped?: ConfigFact; origin: string }[]>();
    for (const s of configs(ctx, 'signing-secret')) {
      const shipped = shippedSecret(ctx, s);
      const origin =
        s.values.secretOrigin === 'literal'
          ? 'a string literal in the source code'
          : s.values.secretOrigin === 'env-fallback'
            ? 'a literal fallback used whenever the environment variable is unset'
            : shipped
              ? `read from ${String(s.values.secretModule)}, whose shipped default ${shipped.evidence.file}:${shipped.evidence.line} sets it to a literal that deployments keep unless they change it`
              : undefined;
      if (!origin) continue;
      const scope = scopeOf(ctx, s.evidence.file);
      known.set(scope, [...(known.get(scope) ?? []), { secret: s, shipped, origin }]);
    }
    if (known.size === 0) return;
    for (const c of configs(ctx, 'cookie')) {
      if (c.values.signed !== true || c.values.carries !== 'user-id') continue;
      const k = known.get(scopeOf(ctx, c.evidence.file))?.[0];
      if (!k) continue;
      ctx.report({
        key: factKey(c, 'forgeable'),
        evidence: [c.evidence, k.secret.evidence, ...(k.shipped ? [k.shipped.evidence] : [])],
        elements: elementsOf(ctx, c),
        // A literal in the code itself is certain; a shipped default is kept by some deployments only.
        confidence: k.shipped ? 'medium' : 'high',
        data: { secretAt: `${k.secret.evidence.file}:${k.secret.evidence.line}`, origin: k.origin },
      });
    }
  },
});
