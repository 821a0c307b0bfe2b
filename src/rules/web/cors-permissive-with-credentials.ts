import { defineRule } from '../types.js';
import { configs, elementsOf, factKey, httpRoutes, scopeOf } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'cors-permissive-with-credentials',
    pack: 'web',
    title: 'CORS allows any origin with credentials in {{file}}',
    description: 'The CORS policy at {{file}}:{{line}} ({{library}}) {{origin}} and allows credentials, so a page on any website can make authenticated requests with the visitor\'s cookies and read the responses.',
    stride: ['I', 'T', 'S'],
    cwe: ['CWE-942', 'CWE-346'],
    capec: ['CAPEC-111', 'CAPEC-468'],
    attack: ['T1189', 'T1185'],
    owasp: ['A05:2021', 'A01:2021', 'API8:2023'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'malicious website',
      prerequisites: 'visited by a logged-in user of this service',
      threatAction: 'send credentialed cross-origin requests and read the responses',
      threatImpact: 'theft of the user\'s data and actions performed in their name',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['user data', 'user sessions'],
    },
    mitigation: {
      title: 'Allow credentials only for a fixed list of trusted origins',
      content: 'Configure CORS with an explicit allow-list of your own front-end origins when credentials are allowed; never reflect the request Origin or accept every origin together with credentials.',
      controls: { cwe: ['CWE-942'], asvs: ['V14.5.3'], nist80053: ['AC-4', 'SC-7'] },
      remediation: 'At {{file}}:{{line}} replace the origin setting with `origin: [\'https://app.example.com\']` (your real front-end origins) or drop `credentials: true`.',
      remediationByLanguage: {
        python: "At {{file}}:{{line}} list the real front-end origins (CORS_ALLOWED_ORIGINS, or allow_origins=['https://app.example.com']) instead of a wildcard or reflected origin, or turn credentials off.",
      },
    },
    references: ['https://portswigger.net/web-security/cors', 'https://cwe.mitre.org/data/definitions/942.html'],
  },
  check(ctx) {
    // Scopes where the browser holds the credential: a session or auth cookie, which a credentialed
    // cross-origin request carries. A bearer token in an Authorization header is not sent that way.
    const cookieScopes = new Set([
      ...configs(ctx, 'session').map((f) => scopeOf(ctx, f.evidence.file)),
      ...ctx.factsOf('auth').filter((a) => a.mechanism === 'session').map((a) => scopeOf(ctx, a.evidence.file)),
      ...httpRoutes(ctx).filter((r) => r.tags?.includes('cookie-auth')).map((r) => scopeOf(ctx, r.evidence.file)),
    ]);
    for (const f of configs(ctx, 'cors')) {
      const v = f.values;
      if (v.credentials !== true || (v.origin !== 'reflect' && v.origin !== '*')) continue;
      // @koa/cors (kcors) answers a credentialed request with the caller's origin instead of `*`.
      const reflects = v.origin === 'reflect' || REFLECT_STAR.has(String(v.library));
      const cookies = cookieScopes.has(scopeOf(ctx, f.evidence.file));
      ctx.report({
        key: factKey(f, 'cors'),
        evidence: [f.evidence],
        elements: elementsOf(ctx, f),
        data: { library: String(v.library), origin: reflects ? 'reflects any request origin' : 'allows every origin' },
        confidence: !cookies ? 'low' : reflects ? 'high' : 'medium',
        ...(cookies ? {} : { likelihood: 'low' as const }),
      });
    }
  },
});

/** Libraries that turn `origin: '*'` into the request's origin when credentials are allowed. */
const REFLECT_STAR = new Set(['@koa/cors', 'kcors']);
