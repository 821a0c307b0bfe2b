import { defineRule } from '../types.js';
import { configs, elementsOf, factKey, httpRoutes, internetFacing, scopeOf } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'missing-security-headers',
    pack: 'web',
    title: '{{framework}} application in {{file}} sets no security headers',
    description: 'The {{framework}} application created at {{file}}:{{line}} serves HTTP routes but no security header middleware (helmet or equivalent) and no hand-written CSP, X-Frame-Options, HSTS or nosniff headers were found in its code, so browsers apply no framing, MIME-sniffing, transport or content restrictions to its responses.',
    stride: ['T', 'I'],
    cwe: ['CWE-1021', 'CWE-319'],
    capec: ['CAPEC-103', 'CAPEC-63'],
    attack: ['T1189', 'T1185'],
    owasp: ['A05:2021', 'API8:2023'],
    likelihood: 'low',
    impact: 'medium',
    confidence: 'medium',
    grammar: {
      threatSource: 'malicious website or network attacker',
      prerequisites: 'when a user opens the application in a browser',
      threatAction: 'frame the application for clickjacking, downgrade the connection, or exploit content sniffing and missing script restrictions',
      threatImpact: 'user actions performed unknowingly and injected script running with fewer browser defences',
      impactedGoal: ['integrity', 'confidentiality'],
      impactedAssets: ['user sessions'],
    },
    mitigation: {
      title: 'Send standard security headers on every response',
      content: 'Add helmet (or koa-helmet, @fastify/helmet) early in the middleware chain, with a Content-Security-Policy suited to the front end, frame-ancestors / X-Frame-Options, Strict-Transport-Security and X-Content-Type-Options: nosniff; or set them at the reverse proxy and record that decision.',
      controls: { cwe: ['CWE-1021'], asvs: ['V14.4.3', 'V14.4.4', 'V14.4.5', 'V14.4.7'], nist80053: ['CM-6', 'SC-8', 'SC-18'] },
      remediation: 'After creating the app at {{file}}:{{line}} add `app.use(helmet())` before the routes (install helmet), then tune its contentSecurityPolicy directives.',
    },
    references: ['https://helmetjs.github.io/', 'https://owasp.org/www-project-secure-headers/', 'https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Headers_Cheat_Sheet.html'],
  },
  check(ctx) {
    const withHeaders = new Set(configs(ctx, 'headers').filter((f) => f.values.partial !== true || String(f.values.headers ?? '').length > 0).map((f) => scopeOf(ctx, f.evidence.file)));
    const withRoutes = new Set(httpRoutes(ctx).filter((r) => internetFacing(ctx, r)).map((r) => scopeOf(ctx, r.evidence.file)));
    const reported = new Set<string>();
    const apps = configs(ctx, 'server-app').sort((a, b) => a.evidence.file.localeCompare(b.evidence.file) || a.evidence.line - b.evidence.line);
    for (const app of apps) {
      const scope = scopeOf(ctx, app.evidence.file);
      if (withHeaders.has(scope) || !withRoutes.has(scope) || reported.has(scope)) continue;
      reported.add(scope);
      const framework = String(app.values.framework ?? 'web');
      ctx.report({ key: factKey(app, 'headers'), evidence: [app.evidence], elements: elementsOf(ctx, app), data: { framework: framework.charAt(0).toUpperCase() + framework.slice(1) } });
    }
  },
});
