// JWTs that never expire, or live for months. A bearer token cannot be revoked by the server
// (short of rotating the key), so its lifetime is how long a leaked one (logs, browser storage, a
// shared device) keeps working. Judged from the token-issue facts of js/auth: `jwt.sign` with a
// written-out payload and no `exp`/`expiresIn`, when no verify call of the same component bounds
// the age itself (`maxAge`); and a literal `expiresIn` over 30 days (low).
import type { AuthFact } from '../../model/types.js';
import { defineRule } from '../types.js';
import { elementsOf, factKey, scopeOf } from './_web-routes.js';

const MONTH = 30 * 86400;

function days(seconds: number): string {
  return `${Math.round(seconds / 86400)} days`;
}

export const rule = defineRule({
  meta: {
    id: 'jwt-without-expiry',
    pack: 'web',
    title: 'JWT issued {{lifetime}} in {{file}}',
    description: 'The token signed at {{file}}:{{line}} ({{api}}) {{problem}}. The server cannot revoke a bearer token short of rotating the signing key, so a token leaked once (logs, browser storage, a shared device) keeps working for that long.',
    stride: ['S'],
    cwe: ['CWE-613'],
    capec: ['CAPEC-60', 'CAPEC-593'],
    attack: ['T1550.001'],
    owasp: ['A07:2021', 'API2:2023'],
    // Exploiting it needs a token obtained some other way first.
    likelihood: 'medium',
    impact: 'medium',
    confidence: 'high',
    grammar: {
      threatSource: 'attacker holding a leaked token',
      prerequisites: 'who obtained a JWT issued to a user, at any time in the past',
      threatAction: 'replay the token against the service {{window}}',
      threatImpact: 'lasting access to the victim account that logging out or a password change does not end',
      impactedGoal: ['authenticity', 'confidentiality'],
      impactedAssets: ['user sessions', 'user data'],
    },
    mitigation: {
      title: 'Give tokens a short lifetime',
      content: 'Sign access tokens with a short `expiresIn` (minutes to hours) and renew them through a refresh token the server can revoke; check `maxAge` on verification where old tokens without `exp` may still circulate.',
      controls: { cwe: ['CWE-613'], asvs: ['V3.3.1', 'V3.3.2'], nist80053: ['AC-12', 'SC-23'] },
      remediation: 'At {{file}}:{{line}} pass `{ expiresIn: \'15m\' }` (or the shortest lifetime the product allows) as the sign options, and issue a revocable refresh token for longer sessions.',
    },
    references: ['https://cwe.mitre.org/data/definitions/613.html', 'https://github.com/auth0/node-jsonwebtoken#jwtsignpayload-secretorprivatekey-options-callback', 'https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html'],
  },
  check(ctx) {
    const jwt = ctx.factsOf('auth').filter((f) => f.mechanism === 'jwt');
    // A verifier that bounds the token's age itself makes a missing `exp` harmless.
    const bounded = new Set(jwt.filter((f) => f.role === 'token-verify' && f.details?.maxAge === true).map((f) => scopeOf(ctx, f.evidence.file)));
    for (const f of jwt) {
      const d = f.details ?? {};
      // `JwtModule.register({ signOptions: { expiresIn: '180 days' } })`: every token its JwtService signs.
      if (f.library === '@nestjs/jwt' && d.operation === 'module' && typeof d.lifetimeSeconds === 'number' && d.lifetimeSeconds > MONTH) {
        report(ctx, f, `with a lifetime of ${days(d.lifetimeSeconds)}`, `is valid for ${days(d.lifetimeSeconds)}`, `for up to ${days(d.lifetimeSeconds)}`, true);
        continue;
      }
      if (f.role !== 'token-issue' || f.library !== 'jsonwebtoken' || d.optionsDynamic === true) continue;
      const lifetime = typeof d.lifetimeSeconds === 'number' ? d.lifetimeSeconds : undefined;
      if (d.expiresIn !== true) {
        // Only where the payload is written out: a payload built elsewhere may carry `exp`.
        if (d.payloadLiteral !== true || bounded.has(scopeOf(ctx, f.evidence.file))) continue;
        report(ctx, f, 'without an expiry', 'has no `exp` claim and no `expiresIn`, and no verification of the service bounds its age with `maxAge`: it is valid forever', 'for as long as the signing key stays the same');
      } else if (lifetime !== undefined && lifetime > MONTH) {
        report(ctx, f, `with a lifetime of ${days(lifetime)}`, `is valid for ${days(lifetime)}`, `for up to ${days(lifetime)}`, true);
      }
    }
  },
});

function report(ctx: Parameters<typeof rule.check>[0], f: AuthFact, lifetime: string, problem: string, window: string, long = false): void {
  ctx.report({
    key: factKey(f, 'lifetime'),
    evidence: [f.evidence],
    elements: elementsOf(ctx, f),
    data: { lifetime, problem, api: `${f.library ?? 'jwt'}.sign`, window },
    // A bounded lifetime, only a long one: low.
    ...(long ? { likelihood: 'low' as const, impact: 'low' as const } : {}),
  });
}
