import { defineRule } from '../types.js';
import { configs, cookieCredentialReaders, elementsOf, factKey, httpRoutes, routeLabel, routeOfHandler } from './_web-routes.js';
import { clientRuntime } from './_client-code.js';

export const rule = defineRule({
  meta: {
    id: 'jsonp-authenticated-response',
    pack: 'web',
    title: 'Signed-in data served as JSONP by {{route}}',
    description:
      'The handler of {{route}} answers with `res.jsonp(…)` at {{file}}:{{line}} although it answers a signed-in caller with their own data. A JSONP answer is a script: any website can include the URL in a `<script>` tag, the browser sends the visitor\'s cookies with it, and the page reads the data through its own callback. Only a cookie carries a login into a script request, so an authenticated JSONP route is readable cross-site by design.',
    stride: ['I'],
    cwe: ['CWE-346', 'CWE-200'],
    capec: ['CAPEC-111'],
    attack: ['T1185', 'T1539'],
    owasp: ['A01:2021', 'A05:2021', 'API3:2023'],
    likelihood: 'medium',
    impact: 'medium',
    confidence: 'medium',
    grammar: {
      threatSource: 'malicious website',
      prerequisites: 'visited by a signed-in user of the application',
      threatAction: 'include {{route}} as a script with its own callback name and read the answer',
      threatImpact: 'disclosure of the signed-in user\'s data to another website',
      impactedGoal: ['confidentiality'],
      impactedAssets: ['user data'],
    },
    mitigation: {
      title: 'Serve authenticated data as JSON behind CORS, not as JSONP',
      content: 'Answer with `res.json` and let cross-origin clients read it through an explicit CORS allow-list; keep JSONP for public data only, and set the session cookie to SameSite=Lax or Strict so script includes from other sites carry no login.',
      controls: { cwe: ['CWE-346'], asvs: ['V13.1.3', 'V3.4.3'], nist80053: ['AC-4', 'SC-8'] },
      remediation: 'At {{file}}:{{line}} replace `res.jsonp(…)` with `res.json(…)` and allow the origins that need the data with the `cors` middleware; set `sameSite: \'lax\'` on the session cookie.',
    },
    references: ['https://capec.mitre.org/data/definitions/111.html', 'https://cwe.mitre.org/data/definitions/346.html', 'https://expressjs.com/en/api.html#res.jsonp'],
  },
  check(ctx) {
    const facts = configs(ctx, 'jsonp-response').filter((f) => clientRuntime(ctx, f.evidence.file) === undefined);
    if (facts.length === 0) return;
    const routes = httpRoutes(ctx);
    // Handlers that identify the caller from a cookie themselves (`req.cookies.token`): an open
    // route that answers a signed-in visitor with their own data.
    const cookieReadOf = cookieCredentialReaders(ctx);
    for (const f of facts) {
      const route = routeOfHandler(routes, f);
      // Otherwise an open route's JSONP shares only what anyone may read; `unknown` is not judged.
      if (!route || (route.auth !== 'user' && route.auth !== 'admin' && !(route.auth === 'none' && cookieReadOf(route)))) continue;
      // An open route is rated up for anyone reaching it, but the leak still needs a signed-in victim.
      const likelihood = route.auth === 'none' ? ('low' as const) : undefined;
      ctx.report({ key: factKey(f), evidence: [f.evidence, route.evidence], elements: elementsOf(ctx, route), data: { route: routeLabel(route) }, likelihood });
    }
  },
});
