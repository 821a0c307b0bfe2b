import type { ConfigFact, EntrypointFact } from '../../model/types.js';
import { defineRule, type RuleContext } from '../types.js';
import { configs, elementsOf, httpRoutes, routeKey, routeLabel, scopeOf } from './_web-routes.js';

/** A logout route path (same words as js/auth-flaws logout.ts). */
const LOGOUT_PATH = /(^|[/_-])(log[-_]?out|sign[-_]?out)([/_.-]|$)/i;
/**
 * Session middleware that keeps the session on the server, so a copied session id stays good
 * until it is destroyed. cookie-session, client-sessions and @fastify/secure-session keep it in
 * the cookie itself; koa-session does too unless it is given a store.
 */
const SERVER_SESSIONS = new Set(['express-session', '@fastify/session']);
/** Models or fields that hold server-side login state a logout should delete. */
const TOKEN_MODEL = /^(user_?)?(refresh_?tokens?|auth_?tokens?|access_?tokens?|login_?tokens?|user_?tokens?)$/i;
/** A `Session` model holds logins only when it has a token or expiry and a user (analytics apps keep visitor sessions). */
const SESSION_MODEL = /^(user_?|auth_?|login_?)?sessions?$/i;
const TOKEN_FIELD = /^(refresh_?token|refresh_?token_?hash|hashed_?refresh_?token|session_?token|current_?session)$/i;
/** Only on the record of whoever logs in: an integration's `refreshToken` is a third party's OAuth token. */
const ACCOUNT_MODEL = /^(users?|accounts?|members?|admins?|customers?|people|persons?|auth_?users?|app_?users?)$/i;

export const rule = defineRule({
  meta: {
    id: 'session-not-invalidated-on-logout',
    pack: 'web',
    title: 'Logout at {{route}} leaves the {{state}} valid',
    description:
      'The logout handler of {{route}} at {{file}}:{{line}} {{does}}, but the application keeps {{stateLong}} on the server and the handler never destroys or revokes it. A session id or token copied before the logout (from a shared computer, a proxy log, malware or XSS) keeps working afterwards.',
    stride: ['S'],
    cwe: ['CWE-613'],
    capec: ['CAPEC-60', 'CAPEC-593'],
    attack: ['T1550.004'],
    owasp: ['A07:2021', 'API2:2023'],
    likelihood: 'low',
    // What it adds is time: the attacker already holds the session or token, and keeps it past a logout.
    impact: 'low',
    confidence: 'medium',
    grammar: {
      threatSource: 'attacker holding a copy of a user session id or token',
      prerequisites: 'who obtained it before the user logged out',
      threatAction: 'replay the {{state}} after the user pressed logout at {{route}}',
      threatImpact: 'continued access to the user account',
      impactedGoal: ['authenticity', 'confidentiality'],
      impactedAssets: ['user sessions', 'user accounts'],
    },
    mitigation: {
      title: 'End the session on the server at logout',
      content: 'In the logout handler destroy the server-side session (req.session.destroy, or req.logout followed by regenerating the session) and delete or revoke stored refresh and session tokens, then clear the cookie; clearing the cookie alone only forgets the session in this browser.',
      controls: { cwe: ['CWE-613'], asvs: ['V3.3.1'], nist80053: ['AC-12', 'SC-23(1)'] },
      remediation: 'In the handler at {{file}}:{{line}} end the {{state}} on the server before answering: `req.session.destroy(...)` for express-session, or delete the stored token record of this user, and then clear the cookie.',
      remediationByFramework: {
        nestjs: 'In the handler at {{file}}:{{line}} delete or revoke the stored {{state}} of the signed-in user (for example clear the refresh token hash on the user record) before clearing the cookies.',
        fastify: 'In the handler at {{file}}:{{line}} call `await request.session.destroy()` before clearing the cookie.',
      },
    },
    references: ['https://cwe.mitre.org/data/definitions/613.html', 'https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#manual-session-expiration'],
  },
  check(ctx) {
    const handlers = configs(ctx, 'logout-handler');
    if (handlers.length === 0) return;
    for (const r of httpRoutes(ctx)) {
      if (!LOGOUT_PATH.test(r.path ?? '') || r.tags?.includes('dev-only')) continue;
      const h = handlerOf(r, handlers);
      if (!h || h.values.ends !== false) continue;
      const state = serverState(ctx, r.evidence.file);
      if (!state) continue;
      const route = routeLabel(r);
      ctx.report({
        key: routeKey(r, 'logout'),
        evidence: [h.evidence, ...(h.evidence.file === r.evidence.file && h.evidence.line === r.evidence.line ? [] : [r.evidence])],
        elements: elementsOf(ctx, r),
        data: { route, state: state.short, stateLong: state.long, does: h.values.clearsCookie === true ? 'only clears the cookie and answers' : 'only answers or redirects' },
      });
    }
  },
});

/** The logout-handler fact whose function holds the route's handler (or its inline registration). */
function handlerOf(r: EntrypointFact, handlers: readonly ConfigFact[]): ConfigFact | undefined {
  const at = [r.handler ? { file: r.handler.file, line: r.handler.line } : undefined, { file: r.evidence.file, line: r.evidence.line }];
  for (const spot of at) {
    if (!spot) continue;
    const h = handlers.find((f) => f.evidence.file === spot.file && f.evidence.line <= spot.line && spot.line <= (f.evidence.endLine ?? f.evidence.line));
    if (h) return h;
  }
  return undefined;
}

/** What the app keeps on the server that a logout should end, in this route's component. */
function serverState(ctx: RuleContext, file: string): { short: string; long: string } | undefined {
  const scope = scopeOf(ctx, file);
  const session = configs(ctx, 'session').find((s) => scopeOf(ctx, s.evidence.file) === scope && (SERVER_SESSIONS.has(String(s.values.library)) || (s.values.library === 'koa-session' && s.values.store === true)));
  if (session) return { short: 'session', long: `server-side sessions (${String(session.values.library)})` };
  for (const m of ctx.factsOf('data-model')) {
    const own = scopeOf(ctx, m.evidence.file);
    if (own !== scope && own !== '.') continue;
    if (TOKEN_MODEL.test(m.name)) return { short: 'stored token', long: `a ${m.name} table` };
    if (SESSION_MODEL.test(m.name) && m.fields.some((f) => /token|sid|expire/i.test(f)) && m.fields.some((f) => /user/i.test(f))) return { short: 'session', long: `a ${m.name} table` };
    const field = ACCOUNT_MODEL.test(m.name) ? m.fields.find((f) => TOKEN_FIELD.test(f)) : undefined;
    if (field) return { short: 'refresh token', long: `refresh tokens in ${m.name}.${field}` };
  }
  return undefined;
}
