import { isNonProductionCode } from '../../util/development-paths.js';
import { defineRule } from '../types.js';
import { clientRuntime } from './_client-code.js';
import { elementsOf, factKey } from './_web-routes.js';

/**
 * Seed data, fixtures, tests and one-off scripts: their values never protect a deployed system
 * (`scripts/seed/**` drawing synthetic sessions is not a session id generator); test helpers under
 * other folder names (`test-utils/`, `integration-tests/`) too, by the shared path rules.
 */
const NOT_PRODUCTION = /(^|\/)(seeds?|seeders?|seeding|fixtures?|__fixtures__|mocks?|__mocks__|tests?|__tests__|spec|e2e|cypress|playwright|scripts|examples?|demo|benchmarks?|bench)\//i;
const NOT_PRODUCTION_FILE = /\.(test|spec|stories|fixture|seed)\.[cm]?[jt]sx?$/i;

/**
 * A nonce or request id sent next to a signature or in a request needs uniqueness, not secrecy:
 * guessing it gives nothing on its own. Low, unless a secret word names it as well.
 */
const UNIQUENESS_ONLY = /nonce|request_?id|requestId|correlation|trace_?id|traceId|idempotency/i;

export const rule = defineRule({
  meta: {
    id: 'insecure-randomness-token',
    pack: 'web',
    title: 'Security token generated with Math.random() in {{file}}',
    description: 'At {{file}}:{{line}} {{reason}}. Math.random() is not a cryptographic generator: its output can be predicted from a few observed values, so the token can be guessed.',
    stride: ['S', 'E'],
    cwe: ['CWE-338'],
    capec: ['CAPEC-59', 'CAPEC-112'],
    attack: ['T1110', 'T1606'],
    owasp: ['A02:2021', 'A07:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can observe or request tokens produced by the same generator',
      threatAction: 'predict the next reset, session or verification token',
      threatImpact: 'account takeover through a guessed token',
      impactedGoal: ['authenticity', 'confidentiality'],
      impactedAssets: ['user accounts', 'security tokens'],
    },
    mitigation: {
      title: 'Use a cryptographically secure random generator',
      content: 'Generate tokens, secrets, salts and codes with crypto.randomBytes, crypto.randomUUID, crypto.randomInt or crypto.getRandomValues, with at least 128 bits of entropy for tokens.',
      controls: { cwe: ['CWE-338'], asvs: ['V6.3.1', 'V3.2.2'], nist80053: ['SC-13', 'SC-23(3)'] },
      remediation: 'At {{file}}:{{line}} replace Math.random() with `crypto.randomBytes(32).toString(\'hex\')` (or `crypto.randomInt` for numeric codes).',
    },
    references: ['https://cwe.mitre.org/data/definitions/338.html', 'https://nodejs.org/api/crypto.html#cryptorandombytessize-callback'],
  },
  check(ctx) {
    // One finding per line: `Math.random().toString(36).slice(2) + Math.random()...` is one token.
    const lines = new Set<string>();
    for (const f of ctx.factsOf('crypto')) {
      if (f.algorithm !== 'Math.random' || !f.weak) continue;
      const at = `${f.evidence.file}:${f.evidence.line}`;
      if (lines.has(at) || NOT_PRODUCTION.test(f.evidence.file) || NOT_PRODUCTION_FILE.test(f.evidence.file) || isNonProductionCode(f.evidence.file)) continue;
      lines.add(at);
      const usedFor = /used for (\S+)/.exec(f.reason ?? '')?.[1] ?? '';
      const uniqueness = UNIQUENESS_ONLY.test(usedFor) && !/secret|token|pass|key|csrf|xsrf|session|otp/i.test(usedFor.replace(UNIQUENESS_ONLY, ''));
      // In a front end or CLI the value protects at most the user's own machine (a pairing code
      // shown on screen); guessing it needs a foothold there already. Server tokens keep the rating.
      const client = clientRuntime(ctx, f.evidence.file) !== undefined;
      ctx.report({
        key: factKey(f, 'random'),
        evidence: [f.evidence],
        elements: elementsOf(ctx, f),
        data: { reason: f.reason ?? 'Math.random() produces a security value' },
        ...(uniqueness || client ? { likelihood: 'low' as const, impact: 'low' as const } : {}),
      });
    }
  },
});
