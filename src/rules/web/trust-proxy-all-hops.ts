import { defineRule } from '../types.js';
import { configs, elementsOf, factKey } from './_web-routes.js';

// Reported only where something keys on the client address (a rate limiter in the same component):
// that is what a forged X-Forwarded-For defeats. Without one, trusting every hop is a smell, not a threat.
export const rule = defineRule({
  meta: {
    id: 'trust-proxy-all-hops',
    pack: 'web',
    title: 'Client address taken from a header the client writes ({{framework}} trusts every proxy hop)',
    description: 'At {{file}}:{{line}} {{framework}} is told to trust every X-Forwarded-For hop, so the client address it reports is the left-most entry, which the client sets itself (a proxy appends to the header, it does not replace it). The rate limiting of this service is keyed on that address, so one client can send each request under a new address and never be limited.',
    stride: ['S', 'D'],
    cwe: ['CWE-348', 'CWE-307'],
    capec: ['CAPEC-49'],
    attack: ['T1110'],
    owasp: ['A04:2021', 'A07:2021', 'API4:2023'],
    likelihood: 'medium',
    impact: 'medium',
    confidence: 'medium',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can add an X-Forwarded-For header to requests',
      threatAction: 'send each request under a forged client address',
      threatImpact: 'password guessing and abuse past the rate limits and lockouts keyed on the address',
      impactedGoal: ['integrity', 'availability'],
      impactedAssets: ['user accounts'],
    },
    mitigation: {
      title: 'Trust only the proxies in front of the service',
      content: 'Set trust proxy to the number of proxies in front (1 behind one load balancer) or their addresses, so the client address is read from the right of X-Forwarded-For; in Koa set maxIpsCount; key login limits on the account as well as the address.',
      controls: { cwe: ['CWE-348'], asvs: ['V11.1.4', 'V2.2.1'], nist80053: ['AC-7', 'SC-5'] },
      remediation: "At {{file}}:{{line}}, replace `true` with the hop count of your proxies (`app.set('trust proxy', 1)`; Koa: `app.proxy = true; app.maxIpsCount = 1`; Fastify: `trustProxy: 1`).",
    },
    references: ['https://expressjs.com/en/guide/behind-proxies.html', 'https://cwe.mitre.org/data/definitions/348.html', 'https://express-rate-limit.mintlify.app/reference/error-codes#err-erl-permissive-trust-proxy'],
  },
  check(ctx) {
    // Limiters keyed on the account (a keyGenerator that reads no address) are not escaped by a forged header.
    const limited = new Set(configs(ctx, 'rate-limit').filter((f) => f.values.keyedOnAccount !== true).map((f) => ctx.componentOf(f.evidence.file)?.id ?? ''));
    // Routes behind @nestjs/throttler's own ThrottlerGuard (`@UseGuards(ThrottlerGuard)` on a
    // controller): its default tracker is `req.ip`. A subclass may key on the user and is not counted.
    for (const e of ctx.factsOf('entrypoint')) if (e.middleware?.includes('ThrottlerGuard') && e.tags?.includes('rate-limited')) limited.add(ctx.componentOf(e.evidence.file)?.id ?? '');
    for (const f of configs(ctx, 'trust-proxy')) {
      if (!limited.has(ctx.componentOf(f.evidence.file)?.id ?? '')) continue;
      ctx.report({ key: factKey(f, 'trust-proxy'), evidence: [f.evidence], elements: elementsOf(ctx, f), data: { framework: String(f.values.framework) } });
    }
  },
});
