import { defineRule, type RuleContext } from '../types.js';
import { elementsOf, factKey } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'jwt-decode-without-verify',
    pack: 'web',
    title: 'JWT decoded without signature verification in {{file}}',
    description:
      'At {{file}}:{{line}} a token from the request is decoded with {{api}} and trusted without verifying its signature in the same function, so any client can put whatever identity or role it likes in the token.',
    stride: ['S', 'E'],
    cwe: ['CWE-347'],
    capec: ['CAPEC-196', 'CAPEC-475'],
    attack: ['T1606', 'T1550.001'],
    owasp: ['A07:2021', 'A02:2021', 'API2:2023'],
    likelihood: 'high',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'unauthenticated attacker',
      prerequisites: 'who can send a token to this code path',
      threatAction: 'send a self-made JWT whose claims name another user or an admin role',
      threatImpact: 'impersonation and privilege escalation',
      impactedGoal: ['authenticity', 'integrity'],
      impactedAssets: ['user sessions', 'authorization decisions'],
    },
    mitigation: {
      title: 'Verify tokens before trusting their claims',
      content: 'Use the verify API (jwt.verify, jose jwtVerify) with a pinned algorithm and key wherever claims drive authentication or authorization; keep decode only for reading headers before verification (for example to select a key by kid).',
      controls: { cwe: ['CWE-347'], asvs: ['V3.5.3'], nist80053: ['SC-23', 'IA-5'] },
      remediation: 'At {{file}}:{{line}} replace the decode call with `jwt.verify(token, key, { algorithms: [...] })` and reject the request when it throws.',
      remediationByLanguage: {
        java: "At {{file}}:{{line}}, verify the signature: Jwts.parser().verifyWith(key).build().parseSignedClaims(token) (jjwt) or JWT.require(algorithm).build().verify(token) (java-jwt) instead of reading the payload unverified.",
        python: "At {{file}}:{{line}}, call jwt.decode(token, key, algorithms=['RS256']) without options that turn off verify_signature.",
        go: "At {{file}}:{{line}}, use jwt.Parse with a key function that checks the signing method instead of ParseUnverified.",
        csharp: "At {{file}}:{{line}}, validate with JsonWebTokenHandler.ValidateTokenAsync and TokenValidationParameters (ValidateIssuerSigningKey = true) instead of ReadJwtToken.",
        ruby: "At {{file}}:{{line}}, call JWT.decode(token, key, true, algorithm: 'RS256') with verification on.",
        php: "At {{file}}:{{line}}, decode with JWT::decode($token, new Key($key, 'RS256')) (firebase/php-jwt) so the signature is checked.",
      },
    },
    references: ['https://github.com/auth0/node-jsonwebtoken#jwtdecodetoken--options', 'https://cwe.mitre.org/data/definitions/347.html'],
  },
  check(ctx) {
    const guardedUpstream = verifiedByRouteGuards(ctx);
    for (const f of ctx.factsOf('auth')) {
      const d = f.details ?? {};
      if (f.mechanism !== 'jwt' || d.operation !== 'decode' || d.verified !== false) continue;
      if (d.inRequestPath !== true || d.verifiedNearby === true) continue;
      // Only the lifetime is read (`const { exp } = jwt.decode(token)` to deny-list it until then): no identity is trusted.
      if (d.claimsRead === 'timing') continue;
      // Inside a Nest guard that passes every route without its metadata, which no route sets: never runs.
      if (typeof d.inertGuard === 'string') continue;
      // Every route to this handler verified the same header token in a guard before it runs.
      if (d.tokenFrom === 'header' && typeof d.handler === 'string' && guardedUpstream(d.handler)) continue;
      ctx.report({ key: factKey(f, 'decode'), evidence: [f.evidence], elements: elementsOf(ctx, f), data: { api: `${f.library}.decode` } });
    }
  },
});

/**
 * Does every route whose handler is `Class.method` (or a function of that name) pass a guard that
 * verifies a JWT (`jsonwebtoken.verify` in the guard's body) first? Then the handler's decode of
 * the same Authorization header reads claims the guard has already checked, the documented use of
 * decode. Routes are matched by their handler reference: `this.teamController.invite` or
 * `teamController.invite` for `TeamController.invite`, `invite` or `x.invite` for a function.
 */
function verifiedByRouteGuards(ctx: RuleContext): (handler: string) => boolean {
  const jwtGuards = new Set<string>();
  for (const g of ctx.factsOf('auth')) {
    if (g.role !== 'guard-definition' || g.mechanism !== 'jwt' || !/^(user|admin|role)$/.test(String(g.details?.level ?? ''))) continue;
    if (g.name) jwtGuards.add(g.name);
    for (const e of String(g.details?.exports ?? '').split(',')) if (e) jwtGuards.add(e);
  }
  if (jwtGuards.size === 0) return () => false;
  const guarded = (mw: string) => jwtGuards.has(mw.replace(/\(.*$/s, '').split('.').pop() ?? '');
  return (handler) => {
    const [owner, method] = handler.includes('.') ? handler.split('.').slice(-2) : [undefined, handler];
    const routes = ctx.system.entryPoints.filter((ep) => {
      const parts = (ep.handler?.name ?? '').split('.');
      if (parts[parts.length - 1] !== method) return false;
      return owner === undefined ? parts.length <= 2 : parts.length >= 2 && parts[parts.length - 2].toLowerCase() === owner.toLowerCase();
    });
    return routes.length > 0 && routes.every((ep) => ep.auth !== 'none' && ep.middleware.some(guarded));
  };
}
