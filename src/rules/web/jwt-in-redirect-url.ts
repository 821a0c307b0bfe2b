import { defineRule } from '../types.js';
import { elementsOf, factKey, serverSites } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'jwt-in-redirect-url',
    pack: 'web',
    title: 'Bearer token placed in a redirect URL in {{file}}',
    description:
      'At {{file}}:{{line}} {{call}} sends the browser to a URL that carries {{token}} in its path or query. The token then sits in the browser history, in the access logs of proxies, CDNs and the receiving server, and can leave in the Referer of the next page, where anyone who reads them can replay it as the user.',
    stride: ['I', 'S'],
    cwe: ['CWE-598', 'CWE-532'],
    capec: ['CAPEC-593', 'CAPEC-60'],
    attack: ['T1550.001', 'T1528'],
    owasp: ['A07:2021', 'A04:2021', 'API2:2023'],
    likelihood: 'low',
    impact: 'medium',
    confidence: 'medium',
    grammar: {
      threatSource: 'attacker with access to browser history, proxy or server logs, or a Referer',
      prerequisites: 'who reads a URL the user was redirected to after signing in',
      threatAction: 'replay the bearer token copied from the redirect URL written at {{file}}:{{line}}',
      threatImpact: 'access to the user account for as long as the token stays valid',
      impactedGoal: ['confidentiality', 'authenticity'],
      impactedAssets: ['user sessions', 'bearer tokens'],
    },
    mitigation: {
      title: 'Hand tokens over outside the URL',
      content: 'After a server-side login (an OAuth callback) set the token in an HttpOnly, Secure, SameSite cookie, or redirect with a short-lived one-time code that the client exchanges for the token by POST; if the token must travel in the URL, put it in the fragment (#), which is never sent to a server, and set Referrer-Policy: no-referrer.',
      controls: { cwe: ['CWE-598'], asvs: ['V3.1.1', 'V8.3.1'], nist80053: ['SC-8', 'SC-23', 'AU-9'] },
      remediation: 'At {{file}}:{{line}} stop writing {{token}} into the redirect URL: set it as an HttpOnly Secure cookie (or redirect with a one-time code the client exchanges by POST) and redirect to the plain page.',
    },
    references: ['https://cwe.mitre.org/data/definitions/598.html', 'https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#session-id-exchange-mechanism'],
  },
  check(ctx) {
    // A browser script navigating with a token it holds is the same leak, but a server redirect
    // is where the token is minted and handed over.
    for (const { fact: f, route } of serverSites(ctx, 'token-in-redirect', 6)) {
      ctx.report({
        key: factKey(f),
        evidence: [f.evidence],
        elements: elementsOf(ctx, route ?? f),
        data: { token: `\`${String(f.values.token)}\``, call: `\`${String(f.values.call)}()\`` },
      });
    }
  },
});
