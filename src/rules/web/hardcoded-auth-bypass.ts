import { defineRule } from '../types.js';
import { configs, elementsOf, factKey } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'hardcoded-auth-bypass',
    pack: 'web',
    title: 'Hard-coded bypass token in the guard of {{file}}',
    description:
      'At {{file}}:{{line}} the guard `{{guard}}` lets a request through whenever {{request}} equals a string literal written in the source ({{literal}}), before or instead of checking it against a real account. That literal is a master key: everyone who can read the repository, its history or a build artifact passes the guard. {{state}}',
    stride: ['S', 'E'],
    cwe: ['CWE-798', 'CWE-288'],
    capec: ['CAPEC-191', 'CAPEC-115'],
    attack: ['T1078', 'T1552.001'],
    owasp: ['A07:2021'],
    likelihood: 'high',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who has read the literal in the source code, its history or a build artifact',
      threatAction: 'send the literal in the header, parameter or cookie the guard compares',
      threatImpact: 'access to every route behind the guard without an account',
      impactedGoal: ['authenticity', 'confidentiality', 'integrity'],
      impactedAssets: ['user accounts', 'routes behind the authentication guard'],
    },
    mitigation: {
      title: 'Remove hard-coded bypass tokens from guards',
      content: 'Take test and debug shortcuts out of authentication middleware. A service that needs a key issues it per deployment (read from the environment or a secret store, compared in constant time) or as a real token tied to an account; tests authenticate with fixtures instead of a literal the production guard accepts.',
      controls: { cwe: ['CWE-798', 'CWE-288'], asvs: ['V2.10.4', 'V14.3.2'], nist80053: ['IA-2', 'IA-5(7)', 'CM-7'] },
      remediation: 'Delete the branch at {{file}}:{{line}} that accepts the literal; if a machine client needs access, compare with a per-deployment key from the environment using crypto.timingSafeEqual, and rotate anything the literal unlocked.',
    },
    references: ['https://cwe.mitre.org/data/definitions/798.html', 'https://cwe.mitre.org/data/definitions/288.html'],
  },
  check(ctx) {
    for (const f of configs(ctx, 'auth-bypass-literal')) {
      const v = f.values;
      const devOnly = v.devOnly === true;
      ctx.report({
        key: factKey(f),
        evidence: [f.evidence],
        elements: elementsOf(ctx, f),
        // A bypass that also needs a development switch is open only where that switch is left on.
        ...(devOnly ? { likelihood: 'low' as const } : {}),
        data: {
          guard: String(v.guard),
          request: `\`${String(v.request)}\``,
          literal: `\`${String(v.literal)}\``,
          state: devOnly ? 'The same condition also requires a development or debug switch, so deployments that leave it off are not open.' : 'No other condition limits it, so every deployment is open.',
        },
      });
    }
  },
});
