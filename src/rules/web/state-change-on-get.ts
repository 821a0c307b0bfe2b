// GET (or HEAD) routes whose handler visibly writes storage, in an application that authenticates
// with a cookie. A link or an image on any page triggers them with the user's cookie, and token
// CSRF middleware (lusca.csrf, csurf, csrf-csrf) skips safe methods, so it protects nothing here.
//
// Not reported, by design:
// - logout routes (`/logout`, `/signout`): logout CSRF is a nuisance, not a state change worth a
//   finding, and the handler writes only the session (which the tag ignores anyway);
// - the link-from-an-e-mail pattern: a GET carrying a one-time token in its path (`/verify/:token`)
//   or query (`req.query.token`), and OAuth or payment callbacks (`/callback`, `/oauth`, `/verify`,
//   `/confirm`, `/activate`, `/unsubscribe`, webhooks): they must write on GET, and the token or
//   the provider's state parameter is what stops a forged request;
// - `dev-only` and `page-only` routes, and apps whose session cookie is SameSite=strict (a
//   cross-site link then arrives without the cookie; Lax still sends it on a top-level GET).
import type { EntrypointFact } from '../../model/types.js';
import type { RuleContext } from '../types.js';
import { defineRule } from '../types.js';
import { cookieSessions, elementsOf, httpRoutes, internetFacing, routeKey, routeLabel, scopeOf } from './_web-routes.js';

const LOGOUT = /(^|\/)(log[-_]?out|sign[-_]?out|log[-_]?off)(\/|$)/i;
const BY_DESIGN = /(^|\/)(callback|callbacks|oauth\d?|oauth2callback|verify|verification|confirm|confirmation|activate|activation|unsubscribe|webhooks?|hooks?|return|success|cancel)(\/|$)/i;
const TOKEN_PARAM = /(^|\/)[:[{](\.\.\.)?\w*(token|code|hash|otp|signature|sig|nonce|ticket)\]?\}?\??(\/|$)/i;

/** Scopes (components) where a browser cookie carries the login, and how strict its SameSite is. */
function cookieScopes(ctx: RuleContext): { cookie: Set<string>; strict: Set<string> } {
  const cookie = new Set<string>();
  const strict = new Set<string>();
  for (const s of cookieSessions(ctx)) {
    const scope = scopeOf(ctx, s.evidence.file);
    cookie.add(scope);
    if (s.kind === 'config' && String(s.values.sameSite ?? '') === 'strict') strict.add(scope);
  }
  return { cookie, strict };
}

function exempt(r: EntrypointFact): boolean {
  const path = r.path ?? '';
  const tags = r.tags ?? [];
  return LOGOUT.test(path) || BY_DESIGN.test(path) || TOKEN_PARAM.test(path) || ['dev-only', 'page-only', 'query-token', 'login', 'mount-unresolved'].some((t) => tags.includes(t));
}

export const rule = defineRule({
  meta: {
    id: 'state-change-on-get',
    pack: 'web',
    title: 'State change on a GET route: {{route}}',
    description: '{{route}} ({{file}}:{{line}}) changes stored data on a safe method while the application authenticates with a cookie. Any page the user visits can trigger it with a link or an image, and CSRF token middleware does not check GET requests.',
    stride: ['T'],
    cwe: ['CWE-352', 'CWE-650'],
    capec: ['CAPEC-62'],
    attack: ['T1190'],
    owasp: ['A01:2021'],
    likelihood: 'medium',
    impact: 'medium',
    confidence: 'medium',
    grammar: {
      threatSource: 'malicious website or message with a crafted link',
      prerequisites: 'opened by a user who is logged in to the application',
      threatAction: 'trigger the GET route with the user\'s session cookie through a link, an image or a redirect',
      threatImpact: 'data of the user changed or deleted without their intent',
      impactedGoal: ['integrity'],
      impactedAssets: ['user accounts', 'user data'],
    },
    mitigation: {
      title: 'Change state only on unsafe methods',
      content: 'Serve state changes on POST, PUT, PATCH or DELETE behind the CSRF token check, keep GET handlers read-only, and set the session cookie to SameSite=Lax or Strict.',
      controls: { cwe: ['CWE-352', 'CWE-650'], asvs: ['V4.2.2', 'V13.1.1'], nist80053: ['SC-23', 'SI-10'] },
      remediation: 'At {{file}}:{{line}} change the route to POST (or DELETE) and submit it from a form that carries the CSRF token; the GET may render a confirmation page instead.',
    },
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html', 'https://cwe.mitre.org/data/definitions/650.html'],
  },
  check(ctx) {
    const { cookie, strict } = cookieScopes(ctx);
    for (const r of httpRoutes(ctx)) {
      const tags = r.tags ?? [];
      if (!tags.includes('get-writes-state') || r.auth === 'none' || exempt(r) || !internetFacing(ctx, r)) continue;
      const scope = scopeOf(ctx, r.evidence.file);
      if (strict.has(scope) || (!cookie.has(scope) && !tags.includes('cookie-auth'))) continue;
      const evidence = [r.evidence];
      if (r.handler && (r.handler.file !== r.evidence.file || r.handler.line !== r.evidence.line)) evidence.push({ file: r.handler.file, line: r.handler.line });
      ctx.report({
        key: routeKey(r, 'get-write'),
        evidence,
        elements: elementsOf(ctx, r),
        data: { route: routeLabel(r) },
      });
    }
  },
});
