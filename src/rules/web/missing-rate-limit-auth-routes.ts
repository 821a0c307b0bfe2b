import { isNonProductionCode } from '../container/_shared.js';
import { defineRule } from '../types.js';
import { clientRuntime } from './_client-code.js';
import { configs, elementsOf, httpRoutes, internetFacing, routeKey, routeLabel, scopeOf, underPrefix } from './_web-routes.js';

const SENSITIVE = ['login', 'password-reset', 'otp', 'magic-link', 'signup'] as const;

/**
 * A login that exchanges an identity provider's signed token (`POST /auth/google/login`,
 * `/oauth/callback`): there is no password or code to guess.
 */
const FEDERATED_SEGMENT = /^(google|apple|facebook|github|gitlab|microsoft|azure(ad)?|twitter|linkedin|discord|slack|oauth2?|oidc|openid|saml|sso)$/i;
/**
 * A second-factor check reached with the password-only session (`POST /auth/2fa/verify`,
 * `/2fa/backup`, `/mfa/challenge`): its route needs a signed-in user, yet the code is still guessed.
 * Setting a factor up or turning it on or off is not a guess at someone else's code.
 */
const VERIFIES_CODE = /^(verify|validate|check|confirm|backup|backup[-_]?codes?|recover|recovery|challenge|authenticate|login|sign-?in)$/i;
const MANAGES_FACTOR = /^(setup|set-?up|enable|disable|generate|regenerate|send|resend|register|enroll|activate|deactivate)$/i;

function verifiesSecondFactor(path: string | undefined): boolean {
  const segments = (path ?? '').split('/').filter((s) => s !== '' && !/^[:{[]/.test(s));
  return segments.some((s) => VERIFIES_CODE.test(s)) && !segments.some((s) => MANAGES_FACTOR.test(s));
}

/** `forgot`-style reset requests send mail; they guess nothing. */
const SENDS_RESET_MAIL = /forgot|request[-_]?reset|send[-_]?reset/i;

/** What unlimited requests to each kind of route let an attacker do. */
const WHAT_IS_GUESSED: Record<(typeof SENSITIVE)[number], (route: string) => { action: string; impact: string }> = {
  login: (route) => ({ action: `automate password guessing or credential stuffing against ${route}`, impact: 'compromised user accounts and load on the service' }),
  'password-reset': (route) => ({ action: `guess reset codes or answers, or flood users with reset mail, through ${route}`, impact: 'taken-over accounts and mail flooding' }),
  otp: (route) => ({ action: `guess one-time codes against ${route}`, impact: 'a bypassed second factor and compromised accounts' }),
  'magic-link': (route) => ({ action: `make ${route} send sign-in mail to any address, over and over`, impact: 'mail flooding of users, mail-provider costs and a damaged sender reputation' }),
  signup: (route) => ({ action: `create accounts in bulk through ${route}`, impact: 'spam or fake accounts and load on the service' }),
};

export const rule = defineRule({
  meta: {
    id: 'missing-rate-limit-auth-routes',
    pack: 'web',
    title: '{{headline}} on {{route}}',
    description: 'The {{kind}} endpoint {{route}} registered at {{file}}:{{line}} {{limiter}}, so it accepts unlimited requests.',
    stride: ['S', 'D'],
    cwe: ['CWE-307', 'CWE-770'],
    capec: ['CAPEC-49', 'CAPEC-600', 'CAPEC-16'],
    attack: ['T1110.001', 'T1110.004'],
    owasp: ['A07:2021', 'API4:2023', 'API2:2023'],
    likelihood: 'high',
    impact: 'medium',
    confidence: 'medium',
    grammar: {
      threatSource: 'remote attacker with a list of leaked credentials or a wordlist',
      prerequisites: 'who can reach the endpoint from the internet',
      threatAction: '{{action}}',
      threatImpact: '{{impact}}',
      impactedGoal: ['authenticity', 'availability'],
      impactedAssets: ['user accounts'],
    },
    mitigation: {
      title: 'Throttle authentication endpoints',
      content: 'Put a rate limiter (express-rate-limit, rate-limiter-flexible keyed by IP and account, @nestjs/throttler, @fastify/rate-limit) in front of login, registration, password reset and code verification, and add account-level lockout or step-up challenges after repeated failures.',
      controls: { cwe: ['CWE-307'], asvs: ['V2.2.1'], nist80053: ['AC-7', 'SC-5'] },
      remediation: 'On the route at {{file}}:{{line}} add a limiter middleware, e.g. `rateLimit({ windowMs: 15 * 60 * 1000, limit: 10 })`, before the handler.',
      remediationByLanguage: {
        python: "On the route at {{file}}:{{line}} add a rate limit, e.g. Flask-Limiter limiter.limit('10/minute'), django-ratelimit ratelimit(key='ip', rate='10/m') or slowapi for FastAPI.",
      },
      remediationByFramework: {
        koa: 'On the route at {{file}}:{{line}} add a limiter middleware before the handler, e.g. koa-ratelimit with a Redis or in-memory store and max: 10 per 15 minutes.',
        fastify: 'Register @fastify/rate-limit (global: false) and give the route at {{file}}:{{line}} its own limit: config: { rateLimit: { max: 10, timeWindow: \'15 minutes\' } }.',
        nestjs: 'Add ThrottlerModule.forRoot with a ThrottlerGuard, and put @Throttle({ default: { limit: 10, ttl: 900000 } }) on the handler at {{file}}:{{line}}.',
        nextjs: 'Throttle {{route}} before the handler at {{file}}:{{line}} runs: check a limiter keyed by client IP and account (for example @upstash/ratelimit or rate-limiter-flexible) in middleware.ts for that path, or wrap the exported handler, and answer 429 past about 10 attempts per 15 minutes.',
        hapi: 'Register hapi-rate-limit and set plugins: { \'hapi-rate-limit\': { pathLimit: 10 } } in the options of the route at {{file}}:{{line}}.',
      },
    },
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#protect-against-automated-attacks', 'https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/'],
  },
  check(ctx) {
    const limits = configs(ctx, 'rate-limit');
    const globalScopes = new Set(limits.filter((f) => f.values.scope === 'global').map((f) => scopeOf(ctx, f.evidence.file)));
    // A JS password check that locks the account after repeated failures (js/auth-flaws lockout.ts):
    // the login routes of its application are bounded per account like an ASP.NET `lockoutOnFailure`.
    const lockoutScopes = new Set(configs(ctx, 'account-lockout').filter((f) => !isNonProductionCode(f.evidence.file)).map((f) => scopeOf(ctx, f.evidence.file)));
    const pathLimits = limits.filter((f) => f.values.scope === 'path' && typeof f.values.path === 'string');
    // A password sign-in event on a websocket is guessed as fast as a login route.
    const socketLogins = ctx.factsOf('entrypoint').filter((f) => f.protocol === 'websocket' && f.tags?.includes('login'));
    for (const r of [...httpRoutes(ctx), ...socketLogins]) {
      // A sign-up that logs the new account in (passport's signup strategy) guesses nothing: a sign-up.
      const kind = r.tags?.includes('signup') && r.tags.includes('login') ? 'signup' : SENSITIVE.find((t) => r.tags?.includes(t));
      // A NextAuth catch-all stands for all of its sign-in routes; js/nextjs-auth lists those that take passwords or send mail.
      if (!kind || !r.method || ['GET', 'HEAD', 'OPTIONS', 'ALL'].includes(r.method) || r.tags?.includes('nextauth-catch-all')) continue;
      const secondFactor = kind === 'otp' && r.auth === 'user' && verifiesSecondFactor(r.path);
      if ((r.auth !== 'none' && !secondFactor) || r.tags?.includes('rate-limited') || r.tags?.includes('dev-only') || !internetFacing(ctx, r)) continue;
      // An identity provider's one-time code redeemed (a NextAuth credentials provider that makes an
      // OAuth `authorization_code` grant): nothing short enough to guess.
      if (kind === 'login' && ((r.path ?? '').split('/').some((seg) => FEDERATED_SEGMENT.test(seg)) || r.tags?.includes('federated'))) continue;
      // Only a server verifies credentials: a route seen in a front end's or a test suite's code is
      // a call to one (`api.post('/users')` in an integration-test helper), not a door of its own.
      if (isNonProductionCode(r.evidence.file) || clientRuntime(ctx, r.evidence.file) !== undefined) continue;
      const mailOnly = kind === 'password-reset' && SENDS_RESET_MAIL.test(r.path ?? '');
      const scope = scopeOf(ctx, r.evidence.file);
      if (globalScopes.has(scope)) continue;
      if (pathLimits.some((l) => scopeOf(ctx, l.evidence.file) === scope && underPrefix(r.path ?? '', String(l.values.path)))) continue;
      const route = routeLabel(r);
      // A limiter that runs only when a setting switches it on (NextAuth authorize(): `if
      // (config.rateLimiting.enabled)`): unlimited wherever the setting is left off.
      const switched = r.tags?.includes('rate-limit-switched') === true;
      // The sign-in locks the account after repeated failures (ASP.NET Identity `lockoutOnFailure`):
      // guessing one account's password is bounded; spraying many accounts is not.
      const lockout = kind === 'login' && (r.tags?.includes('account-lockout') === true || lockoutScopes.has(scope));
      ctx.report({
        key: routeKey(r, 'rate-limit'),
        evidence: [r.evidence],
        elements: elementsOf(ctx, r),
        data: {
          route,
          kind: kind.replace('-', ' '),
          headline: switched ? 'Rate limit off unless configured' : 'No rate limit',
          limiter: switched
            ? 'checks its rate limiter only when a setting switches it on; where the setting is left off'
            : 'has no rate limiter on the route and none applies to the whole application',
          ...WHAT_IS_GUESSED[mailOnly ? 'magic-link' : kind](route),
        },
        // Unlimited sign-ups give spam accounts and load, not a way into someone else's account:
        // medium at most.
        // A reset that redeems an e-mailed token guesses a random secret (impractical) or floods
        // mail: medium too. Short codes are `otp` routes and stay high.
        // A switched-off limiter is a configuration gap: medium, as deployments that turn it on are covered.
        // Neither opens an account by itself, so they stay medium where the score adds the
        // internet's reach on top: there they start one step lower.
        ...(lockout ? { likelihood: 'low' as const } : kind === 'magic-link' || kind === 'password-reset' ? { likelihood: ctx.entryPointAt(r.evidence.file, r.evidence.line)?.exposure === 'internet' ? ('low' as const) : ('medium' as const) } : switched ? { likelihood: 'medium' as const } : kind === 'signup' ? { likelihood: 'low' as const } : {}),
      });
    }
  },
});
