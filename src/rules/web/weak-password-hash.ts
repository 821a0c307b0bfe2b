import { defineRule } from '../types.js';
import { elementsOf, factKey } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'weak-password-hash',
    pack: 'web',
    title: 'Passwords hashed with {{algorithm}} in {{file}}',
    description: 'At {{file}}:{{line}} passwords are hashed with {{algorithm}}: {{reason}}. {{speed}}',
    stride: ['I', 'S'],
    cwe: ['CWE-916', 'CWE-328', 'CWE-759'],
    capec: ['CAPEC-55', 'CAPEC-16'],
    attack: ['T1110.002'],
    owasp: ['A02:2021', 'A07:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'attacker who obtains a copy of the user database',
      prerequisites: 'through SQL injection, a leaked backup or an insider',
      threatAction: 'crack the stored password hashes offline',
      threatImpact: 'recovered user passwords reused to take over accounts here and on other sites',
      impactedGoal: ['confidentiality', 'authenticity'],
      impactedAssets: ['user passwords'],
    },
    mitigation: {
      title: 'Hash passwords with a slow, salted password hashing function',
      content: 'Store passwords with argon2id, scrypt or bcrypt (cost 10 or more) with a per-user random salt, and rehash existing hashes on next login.',
      controls: { cwe: ['CWE-916'], asvs: ['V2.4.1', 'V2.4.4'], nist80053: ['IA-5(1)', 'SC-13'] },
      remediation: 'At {{file}}:{{line}} replace the hash with `await argon2.hash(password)` (or `bcrypt.hash(password, 12)`) and verify with the matching verify/compare function.',
    },
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html', 'https://cwe.mitre.org/data/definitions/916.html'],
  },
  check(ctx) {
    for (const f of ctx.factsOf('crypto')) {
      if (f.purpose !== 'password' || !f.weak) continue;
      // A slow, salted function at a cost below today's advice is a hardening item, not a fast hash.
      const slowButCheap = /^(bcrypt|argon2|scrypt|pbkdf2)$/.test(f.algorithm);
      ctx.report({
        key: factKey(f, 'password-hash'),
        evidence: [f.evidence],
        elements: elementsOf(ctx, f),
        ...(slowButCheap ? { likelihood: 'low' as const, impact: 'medium' as const } : {}),
        data: {
          algorithm: f.algorithm,
          reason: f.reason ?? 'weak for passwords',
          speed: slowButCheap ? 'Each guess still costs a salted slow hash, but fewer rounds than recommended make offline cracking of a stolen user table proportionally cheaper.' : 'A stolen user table can be cracked offline at billions of guesses per second.',
        },
      });
    }
  },
});
