import type { ConfigFact, Fact } from '../../model/types.js';
import { defineRule } from '../types.js';
import { configs, elementsOf, factKey, httpRoutes, internetFacing, scopeOf } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'missing-security-headers',
    pack: 'web',
    title: '{{framework}} application in {{file}} sends no {{missing}}',
    description: 'The {{framework}} application at {{file}}:{{line}} serves HTTP routes but sends no {{missing}}: no security header middleware (helmet or equivalent) or hand-written header covers them, so browsers apply fewer framing, MIME-sniffing, transport or script restrictions to its responses.',
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
    const headerFacts = configs(ctx, 'headers');
    const complete = new Set(headerFacts.filter((f) => f.values.partial !== true).map((f) => scopeOf(ctx, f.evidence.file)));
    // Individual header middlewares (helmet.noSniff(), a hand-set X-Frame-Options...), per scope.
    const partial = new Map<string, { headers: Set<string>; first: ConfigFact }>();
    for (const f of [...headerFacts].sort((a, b) => a.evidence.file.localeCompare(b.evidence.file) || a.evidence.line - b.evidence.line)) {
      if (f.values.partial !== true) continue;
      const scope = scopeOf(ctx, f.evidence.file);
      const entry = partial.get(scope) ?? { headers: new Set<string>(), first: f };
      for (const h of String(f.values.headers ?? '').split(',').filter(Boolean)) entry.headers.add(h);
      partial.set(scope, entry);
    }
    const withRoutes = new Set(httpRoutes(ctx).filter((r) => internetFacing(ctx, r)).map((r) => scopeOf(ctx, r.evidence.file)));
    const reported = new Set<string>();
    const report = (anchor: Fact, framework: string) => {
      const scope = scopeOf(ctx, anchor.evidence.file);
      if (complete.has(scope) || !withRoutes.has(scope) || reported.has(scope)) return;
      reported.add(scope);
      const data = { framework: LABELS[framework] ?? framework.charAt(0).toUpperCase() + framework.slice(1), missing: 'security headers' };
      const some = partial.get(scope);
      if (some && some.headers.size > 0) {
        // Some headers are set: report what is missing where they are configured, if it matters.
        const missing = KEY_HEADERS.filter(([h]) => !some.headers.has(h)).map(([, label]) => label);
        if (!missing.some((m) => m === 'Content-Security-Policy' || m === 'Strict-Transport-Security')) return;
        ctx.report({ key: factKey(anchor, 'headers'), evidence: [some.first.evidence, anchor.evidence], elements: elementsOf(ctx, anchor), data: { ...data, missing: `${missing.join(' or ')} header` }, confidence: 'medium' });
        return;
      }
      const fix = FRAMEWORK_FIX[framework];
      ctx.report({ key: factKey(anchor, 'headers'), evidence: [anchor.evidence], elements: elementsOf(ctx, anchor), data, ...(fix ? { remediation: fix(`${anchor.evidence.file}:${anchor.evidence.line}`) } : {}) });
    };
    const byPlace = (a: Fact, b: Fact) => a.evidence.file.localeCompare(b.evidence.file) || a.evidence.line - b.evidence.line;
    const apps = configs(ctx, 'server-app').sort(byPlace);
    for (const app of apps) report(app, String(app.values.framework ?? 'web'));
    // Next.js serves its pages and route handlers without a server object in the app's code: the
    // first page or route of a scope with no custom server stands for the application.
    const appScopes = new Set(apps.map((a) => scopeOf(ctx, a.evidence.file)));
    const pages = httpRoutes(ctx).filter((r) => r.framework === 'nextjs' && internetFacing(ctx, r)).sort(byPlace);
    for (const page of pages) if (!appScopes.has(scopeOf(ctx, page.evidence.file))) report(page, 'nextjs');
  },
});

/** The header middleware of frameworks where Express's `app.use(helmet())` does not apply. */
const FRAMEWORK_FIX: Record<string, (at: string) => string> = {
  koa: (at) => `After creating the app at ${at} add \`app.use(helmet())\` with helmet from koa-helmet before the routers, then tune its contentSecurityPolicy directives.`,
  fastify: (at) => `After creating the app at ${at} register @fastify/helmet (\`await app.register(helmet)\`) before the routes, then tune its contentSecurityPolicy directives.`,
  nextjs: (at) => `The Next.js application (first page or route at ${at}) sets no security headers: return them from \`async headers()\` in next.config.js for \`source: '/(.*)'\` (Content-Security-Policy with frame-ancestors, X-Frame-Options, X-Content-Type-Options: nosniff, Strict-Transport-Security), or set them on the response in middleware.ts.`,
  hapi: (at) => `Where the server is created at ${at} set \`routes: { security: true }\` (HSTS, X-Frame-Options, X-Content-Type-Options) and add a Content-Security-Policy, e.g. with the blankie plugin.`,
};

const LABELS: Record<string, string> = { nextjs: 'Next.js' };

/** The headers a browser-facing application is expected to send, with their display names. */
const KEY_HEADERS: [string, string][] = [
  ['content-security-policy', 'Content-Security-Policy'],
  ['strict-transport-security', 'Strict-Transport-Security'],
  ['x-frame-options', 'X-Frame-Options'],
  ['x-content-type-options', 'X-Content-Type-Options'],
];
