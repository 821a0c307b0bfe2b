import { defineRule } from '../types.js';
import { configs, elementsOf, factKey } from './_web-routes.js';

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
    for (const f of configs(ctx, 'cors')) {
      const v = f.values;
      if (v.credentials !== true || (v.origin !== 'reflect' && v.origin !== '*')) continue;
      ctx.report({
        key: factKey(f, 'cors'),
        evidence: [f.evidence],
        elements: elementsOf(ctx, f),
        data: { library: String(v.library), origin: v.origin === 'reflect' ? 'reflects any request origin' : 'allows every origin' },
        confidence: v.origin === 'reflect' ? 'high' : 'medium',
      });
    }
  },
});
