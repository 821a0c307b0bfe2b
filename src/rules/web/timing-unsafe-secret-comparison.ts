import { defineRule } from '../types.js';
import { clientRuntime } from './_client-code.js';
import { configs, elementsOf, factKey } from './_web-routes.js';

/** Sites of one secret listed as evidence. */
const MAX_SITES = 20;

export const rule = defineRule({
  meta: {
    id: 'timing-unsafe-secret-comparison',
    pack: 'web',
    title: 'Secret compared with {{operator}} in {{file}}',
    description:
      'At {{file}}:{{line}} the server compares {{secret}} with {{request}}, a value the client sends, using {{operator}}. That comparison stops at the first differing character, so the response time tells an attacker how much of a guess is right and the secret can be recovered piece by piece.',
    stride: ['S', 'I'],
    cwe: ['CWE-208'],
    capec: ['CAPEC-112'],
    attack: ['T1110'],
    owasp: ['A02:2021', 'A07:2021'],
    likelihood: 'low',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can send many requests and measure how long each answer takes',
      threatAction: 'recover the secret compared at {{file}}:{{line}} one character at a time from response timings',
      threatImpact: 'forged webhook calls or API access with the recovered key or signature',
      impactedGoal: ['authenticity', 'confidentiality'],
      impactedAssets: ['API keys and shared secrets', 'webhook signatures'],
    },
    mitigation: {
      title: 'Compare secrets in constant time',
      content: 'Compare keys, tokens and signatures with crypto.timingSafeEqual over equal-length buffers (or compare fixed-length digests of both values), never with === or Buffer#equals; reject values of the wrong length first.',
      controls: { cwe: ['CWE-208'], asvs: ['V6.2.1'], nist80053: ['SC-13', 'IA-5'] },
      remediation: 'At {{file}}:{{line}} compare {{request}} with {{secret}} in constant time instead of {{operator}}: make both Buffers, reject a length mismatch, then call `crypto.timingSafeEqual(a, b)`.',
    },
    references: ['https://cwe.mitre.org/data/definitions/208.html', 'https://nodejs.org/api/crypto.html#cryptotimingsafeequala-b'],
  },
  check(ctx) {
    // One secret compared the same unsafe way in many handlers is one weakness: one finding per
    // secret, its first site first and the others as further evidence.
    const bySecret = new Map<string, ReturnType<typeof configs>>();
    for (const f of configs(ctx, 'secret-comparison')) {
      // Code that runs in a browser holds no server secret worth timing.
      if (clientRuntime(ctx, f.evidence.file) !== undefined) continue;
      const secret = String(f.values.secret);
      bySecret.set(secret, [...(bySecret.get(secret) ?? []), f]);
    }
    for (const facts of bySecret.values()) {
      const sorted = [...facts].sort((a, b) => a.evidence.file.localeCompare(b.evidence.file) || a.evidence.line - b.evidence.line);
      const f = sorted[0];
      const v = f.values;
      ctx.report({
        key: factKey(f),
        evidence: sorted.slice(0, MAX_SITES).map((s) => s.evidence),
        elements: [...new Set(sorted.flatMap((s) => elementsOf(ctx, s)))],
        data: { secret: `\`${String(v.secret)}\``, request: `\`${String(v.request)}\``, operator: String(v.operator) },
      });
    }
  },
});
