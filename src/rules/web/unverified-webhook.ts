import type { EntrypointFact } from '../../model/types.js';
import { defineRule } from '../types.js';
import { elementsOf, httpRoutes, internetFacing, routeKey, routeLabel } from './_web-routes.js';

/** A receiver of another service's events by its path: `/webhooks/stripe`, `/api/stripe-webhook`, `/hooks/github`. */
const WEBHOOK_PATH = /webhook|(^|[/._-])hooks?([/._-]|$)/i;
/**
 * A path parameter other than the sender's name (`/webhooks/:provider`) may be the secret itself
 * (`/hooks/:token`, `/webhooks/flows/:flowId`): a capability URL authenticates the sender.
 */
const PARAM = /[:[{]\.{0,3}(\w*)|\*/g;
const SENDER_PARAM = /^(provider|source|service|type|platform|integration|channel|vendor|gateway|app|name)$/i;
/** Middleware that may check the sender before the handler runs (`verifyStripe`, `webhookAuth`, `express.raw` is not one). */
const CHECKING_MIDDLEWARE = /verif|sign|hmac|hook|secret|svix|stripe|token|key|auth|guard/i;

function capabilityPath(path: string): boolean {
  for (const m of path.matchAll(PARAM)) if (m[0] === '*' || !SENDER_PARAM.test(m[1] ?? '')) return true;
  return false;
}

export const rule = defineRule({
  meta: {
    id: 'unverified-webhook',
    pack: 'web',
    title: 'Webhook {{route}} accepts events without verifying their sender',
    description: 'The webhook endpoint {{route}} ({{file}}:{{line}}) needs no authentication, and its handler cannot verify who sent the event: it reads neither a signature header nor the raw body, and hands the request to no code that could. Anyone who knows the URL can post a forged event ({{effect}}).',
    stride: ['S', 'T'],
    cwe: ['CWE-345', 'CWE-306'],
    capec: ['CAPEC-194', 'CAPEC-385'],
    attack: ['T1190', 'T1565'],
    owasp: ['A08:2021', 'API2:2023', 'API10:2023'],
    // Providers document their event formats and webhook URLs follow a few patterns: easy to forge.
    likelihood: 'high',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'unauthenticated attacker',
      prerequisites: 'who knows or guesses the webhook URL and the provider\'s event format',
      threatAction: 'post a forged event to {{route}}',
      threatImpact: 'the application acting on events the provider never sent ({{effect}})',
      impactedGoal: ['integrity', 'authenticity'],
      impactedAssets: ['application data', 'billing and account state'],
    },
    mitigation: {
      title: 'Verify the signature of every webhook event',
      content: 'Read the provider\'s signature header with the raw request body and verify it with the signing secret before acting on the event (Stripe stripe.webhooks.constructEvent, svix new Webhook(secret).verify, an HMAC-SHA256 of the raw body compared with crypto.timingSafeEqual, Plaid\'s Plaid-Verification JWT checked against its published key), reject stale timestamps, and answer 400 or 401 on a mismatch. Where the provider signs nothing, fetch the object the event names back from the provider\'s API instead of trusting the payload.',
      controls: { cwe: ['CWE-345', 'CWE-347'], asvs: ['V1.9.2', 'V4.1.1'], nist80053: ['SI-7', 'IA-9', 'SC-8'] },
      remediation: 'In the handler of {{route}} at {{file}}:{{line}}, verify the provider\'s signature header against the raw body with the webhook signing secret (or the provider SDK\'s verify call) before any processing, and refuse the request when it does not match.',
    },
    references: ['https://cwe.mitre.org/data/definitions/345.html', 'https://docs.stripe.com/webhooks#verify-events', 'https://owasp.org/API-Security/editions/2023/en/0xaa-unsafe-consumption-of-apis/'],
  },
  check(ctx) {
    for (const r of httpRoutes(ctx)) {
      if (!unverified(r) || !internetFacing(ctx, r)) continue;
      // Effects seen only in the services it calls still count; a handler seen to write nothing does less harm.
      const writes = !r.tags?.includes('no-state-change');
      ctx.report({
        key: routeKey(r, 'unverified-webhook'),
        evidence: [r.evidence],
        elements: elementsOf(ctx, r),
        data: { route: routeLabel(r), effect: writes ? 'it changes stored state on them' : 'it acts on them' },
        ...(writes ? {} : { impact: 'medium' as const }),
      });
    }
  },
});

/**
 * An unauthenticated route at a webhook path whose handler was read whole and took nothing a
 * signature travels in (`unsigned-input`, webhook-input.ts), with no checking middleware in front.
 */
function unverified(r: EntrypointFact): boolean {
  const tags = r.tags ?? [];
  if (r.auth !== 'none' || !tags.includes('unsigned-input') || tags.includes('webhook-signature')) return false;
  if (!r.method || /^(GET|HEAD|OPTIONS)$/.test(r.method) || !WEBHOOK_PATH.test(r.path ?? '')) return false;
  if (tags.includes('dev-only') || tags.includes('mount-unresolved') || capabilityPath(r.path ?? '')) return false;
  return !r.middleware.some((m) => CHECKING_MIDDLEWARE.test(m));
}
