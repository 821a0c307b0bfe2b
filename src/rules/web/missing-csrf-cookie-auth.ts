import type { ConfigFact } from '../../model/types.js';
import { defineRule } from '../types.js';
import { configs, cookieCredentialReaders, cookieSessions, elementsOf, factKey, httpRoutes, internetFacing, routeKey, routeLabel, scopeOf } from './_web-routes.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const rule = defineRule({
  meta: {
    id: 'missing-csrf-cookie-auth',
    pack: 'web',
    title: 'Cookie-authenticated state changes without CSRF protection in {{component}}',
    description: '{{credential}} ({{file}}:{{line}}) authenticates {{count}} state-changing route(s) such as {{route}}, but {{gap}} and the cookie does not set SameSite to lax or strict, so another website can submit requests that the browser sends with the user\'s cookie.',
    stride: ['T', 'S'],
    cwe: ['CWE-352', 'CWE-1275'],
    capec: ['CAPEC-62'],
    attack: ['T1189', 'T1185'],
    owasp: ['A01:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'malicious website',
      prerequisites: 'visited by a user who is logged in to the application',
      threatAction: 'submit forged state-changing requests that ride on the session cookie',
      threatImpact: 'changes made in the user\'s name, such as transfers, email or password changes',
      impactedGoal: ['integrity'],
      impactedAssets: ['user accounts', 'user data'],
    },
    mitigation: {
      title: 'Protect cookie-authenticated requests against CSRF',
      content: 'Use a CSRF token (csrf-csrf double submit, csrf-sync, lusca.csrf) on every state-changing route, set the session cookie to SameSite=Lax or Strict, and check the Origin header on unsafe methods.',
      controls: { cwe: ['CWE-352'], asvs: ['V4.2.2', 'V3.4.3'], nist80053: ['SC-23', 'SI-10'] },
      remediation: 'At {{file}}:{{line}} set `cookie: { sameSite: \'lax\', httpOnly: true, secure: true }` and add a CSRF middleware (for example csrf-csrf doubleCsrfProtection) before the state-changing routes.',
      remediationByFramework: {
        fastify: 'At {{file}}:{{line}} set the session cookie to sameSite: \'lax\', httpOnly and secure, and register @fastify/csrf-protection, checking the token (onRequest: app.csrfProtection) on the state-changing routes.',
        koa: 'At {{file}}:{{line}} set the session cookie to sameSite: \'lax\', httpOnly and secure, and add a CSRF middleware such as koa-csrf (or @koa/csrf) before the state-changing routes.',
      },
    },
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html', 'https://cwe.mitre.org/data/definitions/352.html'],
  },
  check(ctx) {
    const sessions = cookieSessions(ctx);
    // CSRF middleware applied only when a debug switch is off (`if (!config.debug)`) protects nothing
    // in deployments that keep a shipped default turning it on (`config.default.js`: `debug: true`).
    const shippedFlags = configs(ctx, 'shipped-default').filter((d) => d.values.kind === 'flag');
    const offByDefault = new Map<string, string>();
    const csrfScopes = new Set<string>();
    for (const f of configs(ctx, 'csrf')) {
      const flag = f.values.gateModule === undefined ? undefined : shippedFlags.find((d) => d.values.module === f.values.gateModule && d.values.path === f.values.gatePath);
      if (flag && flag.values.value !== f.values.gateAppliedWhen) {
        offByDefault.set(scopeOf(ctx, f.evidence.file), `the CSRF middleware at ${f.evidence.file}:${f.evidence.line} runs only when ${String(f.values.gatePath)} is ${f.values.gateAppliedWhen ? 'on' : 'off'}, and the shipped default ${flag.evidence.file}:${flag.evidence.line} sets it ${flag.values.value ? 'on' : 'off'}`);
      } else csrfScopes.add(scopeOf(ctx, f.evidence.file));
    }
    const gapOf = (scope: string) => offByDefault.get(scope) ?? 'no CSRF token middleware is used';
    // The route's `csrf-protected` tag comes from that same switched-off middleware there.
    const csrfProtected = (r: { tags?: string[]; evidence: { file: string } }) => !!r.tags?.includes('csrf-protected') && !offByDefault.has(scopeOf(ctx, r.evidence.file));
    const jwtScopes = new Set(ctx.factsOf('auth').filter((a) => a.mechanism === 'jwt' && (a.role === 'token-verify' || a.role === 'config')).map((a) => scopeOf(ctx, a.evidence.file)));
    const done = new Set<string>();
    const reportedRoutes = new Set<object>();
    const ordered = sessions.sort((a, b) => (a.kind === 'config' ? 0 : 1) - (b.kind === 'config' ? 0 : 1) || a.evidence.file.localeCompare(b.evidence.file) || a.evidence.line - b.evidence.line);
    for (const s of ordered) {
      const scope = scopeOf(ctx, s.evidence.file);
      if (done.has(scope) || csrfScopes.has(scope)) continue;
      const sameSite = s.kind === 'config' ? String((s as ConfigFact).values.sameSite ?? '') : '';
      if (sameSite === 'lax' || sameSite === 'strict' || sameSite === 'dynamic') {
        done.add(scope);
        continue;
      }
      const candidates = httpRoutes(ctx).filter(
        (r) =>
          scopeOf(ctx, r.evidence.file) === scope &&
          (r.tags?.includes('state-changing') || (UNSAFE.has(r.method ?? '') && r.tags?.includes('no-state-change'))) &&
          !csrfProtected(r) &&
          !r.tags.includes('login') &&
          internetFacing(ctx, r) &&
          (r.tags.includes('cookie-auth') || (r.auth !== 'none' && !jwtScopes.has(scope))),
      );
      // Routes seen to change state; else unsafe-method routes whose handler showed no write of its
      // own (it may write through calls the extractor did not follow): still forgeable requests.
      const changing = candidates.filter((r) => r.tags?.includes('state-changing'));
      const routes = changing.length > 0 ? changing : candidates;
      if (routes.length === 0) continue;
      done.add(scope);
      // Cite a route a plain cross-site form can always reach: an upload takes multipart bodies,
      // which need no preflight, where a JSON-only route may refuse a form.
      // Else one the cookie is seen to authenticate (an API route may take a token instead).
      const cited = routes.find((r) => r.tags?.includes('upload')) ?? routes.find((r) => r.tags?.includes('cookie-auth')) ?? routes[0];
      ctx.report({
        key: factKey(s, 'csrf'),
        evidence: [s.evidence, cited.evidence],
        elements: elementsOf(ctx, s),
        data: { component: ctx.componentOf(s.evidence.file)?.name ?? 'the service', count: String(routes.length), route: routeLabel(cited), credential: 'The session cookie', gap: gapOf(scope) },
      });
      for (const r of routes) reportedRoutes.add(r);
    }
    // Handlers that authenticate from a token cookie read by hand (`req.cookies.token`), where no
    // session middleware is configured: each such state-changing route is open to CSRF.
    const cookieReadOf = cookieCredentialReaders(ctx);
    for (const r of httpRoutes(ctx)) {
      const tags = r.tags ?? [];
      if (reportedRoutes.has(r) || !tags.includes('cookie-auth') || !tags.includes('state-changing') || csrfProtected(r) || tags.includes('login') || r.auth === 'none') continue;
      if (csrfScopes.has(scopeOf(ctx, r.evidence.file)) || !internetFacing(ctx, r)) continue;
      const read = cookieReadOf(r);
      if (!read) continue;
      ctx.report({
        key: routeKey(r, 'csrf'),
        evidence: [r.evidence, read.evidence],
        elements: elementsOf(ctx, r),
        data: { component: ctx.componentOf(r.evidence.file)?.name ?? 'the service', count: '1', route: routeLabel(r), credential: `The token cookie read by the handler of ${routeLabel(r)}`, gap: gapOf(scopeOf(ctx, r.evidence.file)) },
      });
    }
  },
});
