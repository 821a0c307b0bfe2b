import { defineRule } from '../types.js';
import { elementsOf, factKey, httpRoutes, routeAroundSite, routeLabel, routeOfHandler, serverSites } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'password-in-query-string',
    pack: 'web',
    title: 'Password taken from the query string in {{route}}',
    description:
      '{{route}} reads {{what}} from the URL query string ({{read}} at {{file}}:{{line}}). The full URL, password included, is written to the access logs of the server and of every proxy, load balancer and CDN on the way, kept in the browser history when the browser navigated there, and can leave in the Referer of the next request, where anyone who reads them can sign in as the user.',
    stride: ['I', 'S'],
    cwe: ['CWE-598', 'CWE-532'],
    capec: ['CAPEC-37', 'CAPEC-204'],
    attack: ['T1552.001', 'T1078'],
    owasp: ['A04:2021', 'A07:2021', 'API2:2023'],
    likelihood: 'medium',
    impact: 'medium',
    confidence: 'high',
    grammar: {
      threatSource: 'attacker or insider with access to server, proxy or CDN logs, or to the browser history',
      prerequisites: 'who can read the URLs the application receives',
      threatAction: 'copy the password sent in the query string of {{route}} (read at {{file}}:{{line}})',
      threatImpact: 'takeover of the accounts whose passwords were logged',
      impactedGoal: ['confidentiality', 'authenticity'],
      impactedAssets: ['user credentials', 'user accounts'],
    },
    mitigation: {
      title: 'Send passwords in the request body only',
      content: 'Accept passwords (login, sign-up, password change) only in the body of a POST, PUT or PATCH request sent over TLS, never in the path or query string of any method; keep query strings out of logs where they may still carry secrets.',
      controls: { cwe: ['CWE-598'], asvs: ['V8.3.1'], nist80053: ['SC-8', 'AU-9', 'IA-5(1)'] },
      remediation: 'At {{file}}:{{line}} read {{what}} from the request body instead of the query string, and register the route as POST (or PUT/PATCH) so the client sends it in the body.',
    },
    references: ['https://cwe.mitre.org/data/definitions/598.html', 'https://owasp.org/www-community/vulnerabilities/Information_exposure_through_query_strings_in_url'],
  },
  check(ctx) {
    const routes = httpRoutes(ctx);
    for (const { fact: f } of serverSites(ctx, 'credential-in-query')) {
      // A route registered in another file names the handler (or its factory) by line.
      const route = routeOfHandler(routes, f) ?? routeAroundSite(f, routes, 6);
      const field = String(f.values.field);
      const variable = f.values.variable === undefined ? '' : ` into \`${String(f.values.variable)}\``;
      ctx.report({
        key: factKey(f),
        evidence: route && route.evidence.file !== f.evidence.file ? [f.evidence, route.evidence] : [f.evidence],
        elements: elementsOf(ctx, route ?? f),
        data: {
          route: route ? routeLabel(route) : 'a request handler',
          what: `the \`${field}\` parameter${variable}`,
          read: `\`${String(f.values.read)}\``,
        },
      });
    }
  },
});
