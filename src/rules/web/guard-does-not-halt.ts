import { defineRule } from '../types.js';
import { configs, elementsOf, httpRoutes, routeKey, routeLabel } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'guard-does-not-halt',
    pack: 'web',
    title: 'Execution continues after {{guard}} refuses the caller on {{route}}',
    description:
      'The handler of {{route}} calls the guard {{guard}} (defined at {{guardFile}}:{{guardLine}}) as a plain statement at {{file}}:{{line}}. When the caller is not signed in the guard writes a redirect or an error response, but it neither throws nor returns a value the handler checks, and the handler does not return after the call. Execution continues after the redirect: {{after}} for every caller, signed in or not. The browser follows the redirect, but a client that ignores it receives or triggers whatever the handler does next.',
    stride: ['E', 'I', 'T'],
    cwe: ['CWE-698', 'CWE-306'],
    capec: ['CAPEC-87'],
    attack: ['T1190'],
    owasp: ['A01:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'unauthenticated attacker',
      prerequisites: 'who sends requests to {{route}} and ignores the redirect it answers with',
      threatAction: 'have the handler of {{route}} run past the failed {{guard}} check',
      threatImpact: 'reading or changing data the route was meant to keep for signed-in users',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['data behind {{route}}'],
    },
    mitigation: {
      title: 'Stop the handler when the guard refuses',
      content: 'A guard must end the request when it refuses: run it as route middleware (`router.get(path, requireLogin, handler)`) that calls next() only for signed-in users, or make the helper return a boolean the handler checks (`if (!checkLogin(req, res)) return;`), or throw. Never rely on a redirect alone: the code after it still runs.',
      controls: { cwe: ['CWE-698', 'CWE-306'], asvs: ['V4.1.1', 'V4.1.5'], nist80053: ['AC-3', 'AC-14'] },
      remediation: 'At {{file}}:{{line}} write `if (!{{guard}}(req, res)) return;` and make {{guard}} ({{guardFile}}:{{guardLine}}) return false after its redirect and true otherwise; or register it as middleware in front of the handler.',
    },
    references: ['https://cwe.mitre.org/data/definitions/698.html', 'https://owasp.org/Top10/A01_2021-Broken_Access_Control/', 'https://expressjs.com/en/guide/writing-middleware.html'],
  },
  check(ctx) {
    const sites = configs(ctx, 'handler-site').filter((f) => f.values.site === 'guard-continues');
    if (sites.length === 0) return;
    for (const r of httpRoutes(ctx)) {
      // Another guard (middleware, an inline check) in front of the route decides for it.
      if (r.auth !== 'none') continue;
      const site = sites.find((s) => s.values.routeFile === r.evidence.file && s.values.routeLine === r.evidence.line && (s.values.routePath === undefined || s.values.routePath === r.path));
      if (!site) continue;
      const v = site.values;
      const data = v.after === 'data';
      ctx.report({
        key: routeKey(r, 'guard-continues'),
        evidence: [site.evidence, { file: String(v.guardFile), line: Number(v.guardLine) }, r.evidence],
        elements: elementsOf(ctx, r),
        // A handler that only answers (renders a page) after the guard discloses that page, no data.
        impact: data ? 'high' : 'medium',
        data: {
          route: routeLabel(r),
          guard: String(v.guard),
          guardFile: String(v.guardFile),
          guardLine: String(v.guardLine),
          after: data ? 'the queries and writes that follow run' : 'the page that follows is rendered',
        },
      });
    }
  },
});
