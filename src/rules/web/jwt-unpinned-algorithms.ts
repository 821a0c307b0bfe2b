import { defineRule } from '../types.js';
import { dependencyMajor, elementsOf, factKey } from './_web-routes.js';

const LIBRARIES = new Set(['jsonwebtoken', 'express-jwt', 'koa-jwt', 'passport-jwt', 'jwt-simple', 'jws']);

export const rule = defineRule({
  meta: {
    id: 'jwt-unpinned-algorithms',
    pack: 'web',
    title: 'JWT verified without pinning the algorithm in {{file}}',
    description:
      'The JWT verification at {{file}}:{{line}} ({{api}}) does not restrict `algorithms`, so the token header chooses how it is checked. With the library versions in use this enables algorithm confusion (an RSA public key used as an HMAC secret) and, with an empty key, unsigned tokens.',
    stride: ['S'],
    cwe: ['CWE-347', 'CWE-757'],
    capec: ['CAPEC-475', 'CAPEC-196'],
    attack: ['T1606', 'T1550.001'],
    owasp: ['A02:2021', 'A07:2021', 'API2:2023'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'unauthenticated attacker',
      prerequisites: 'who knows or can obtain the verification key, such as a published RSA public key',
      threatAction: 'craft a JWT whose header selects a different algorithm than the issuer uses',
      threatImpact: 'a forged token accepted as any user',
      impactedGoal: ['authenticity'],
      impactedAssets: ['user sessions'],
    },
    mitigation: {
      title: 'Pin the JWT algorithm on verification',
      content: 'Pass the exact algorithm list the issuer uses to every verify call and JWT middleware, and keep jsonwebtoken at 9.x or later, which rejects mismatched key types.',
      controls: { cwe: ['CWE-347'], asvs: ['V3.5.3'], nist80053: ['SC-23', 'IA-5'] },
      remediation: 'At {{file}}:{{line}} add `algorithms: [\'RS256\']` (or your issuer\'s single algorithm) to the verification options, and upgrade jsonwebtoken to ^9.',
    },
    references: [
      'https://github.com/auth0/node-jsonwebtoken/security/advisories/GHSA-hjrf-2m68-5959',
      'https://github.com/auth0/node-jsonwebtoken/security/advisories/GHSA-8cf7-32gw-wr33',
      'https://cwe.mitre.org/data/definitions/347.html',
    ],
  },
  check(ctx) {
    for (const f of ctx.factsOf('auth')) {
      const d = f.details ?? {};
      if (f.mechanism !== 'jwt' || !LIBRARIES.has(f.library ?? '')) continue;
      const verifying = (f.role === 'token-verify' && d.operation === 'verify') || (f.role === 'config' && (d.operation === 'middleware' || d.operation === 'strategy'));
      if (!verifying || d.optionsDynamic === true || d.none === true) continue;
      if (d.algorithms !== null && d.algorithms !== undefined) continue;
      if (f.library === 'jwt-simple') continue;
      // jws.verify(token, key): before jws 3 the token's header picks the algorithm, `none` included,
      // whatever the key (CVE-2016-1000223); jws 3+ has no two-argument form.
      if (f.library === 'jws') {
        const jws = dependencyMajor(ctx, f.evidence.file, 'jws');
        if (jws === undefined || jws < 3) ctx.report({ key: factKey(f, 'unpinned'), evidence: [f.evidence], elements: elementsOf(ctx, f), data: { api: 'jws verify' } });
        continue;
      }
      // Exploitable with jsonwebtoken before 9 (CVE-2022-23540, CVE-2022-23541): an asymmetric key
      // lets a token switch to HMAC, an empty key lets it use none. passport-jwt 4.0.1+ and
      // express-jwt 6+ bring jsonwebtoken 9 or refuse to start without algorithms.
      const jsonwebtoken = dependencyMajor(ctx, f.evidence.file, 'jsonwebtoken');
      const own = dependencyMajor(ctx, f.evidence.file, f.library ?? '');
      if (f.library === 'passport-jwt' && (own === undefined || own >= 4)) continue;
      if (f.library === 'express-jwt' && own !== undefined && own >= 6) continue;
      if (f.library === 'jsonwebtoken' && jsonwebtoken !== undefined && jsonwebtoken >= 9) continue;
      const asymmetric = d.secretOrigin === 'public-key' || d.secretOrigin === 'file' || d.keyIsJwks === true || /public|\bpub\b|\.pem|cert|jwks|getKey|secretOrKeyProvider/i.test(String(d.keyHint ?? ''));
      const oldLibrary = f.library === 'jsonwebtoken' ? jsonwebtoken !== undefined && jsonwebtoken < 9 : own !== undefined;
      if (!oldLibrary && !asymmetric) continue;
      // With an HMAC secret the header cannot switch key types; the old-library risk left is an
      // empty key (unsigned tokens pass). express-jwt, koa-jwt and passport-jwt refuse to start
      // without a secret, so only a bare verify whose key may be unset at run time stays exposed.
      const mayBeEmpty = d.secretOrigin === 'none' || d.secretOrigin === 'env' || (d.secretOrigin === 'literal' && d.secretLength === 0);
      if (!asymmetric && !(f.library === 'jsonwebtoken' && mayBeEmpty)) continue;
      // An HMAC key from the environment is exploitable only on a deployment that leaves it unset.
      const likelihood = asymmetric ? undefined : 'low';
      ctx.report({ key: factKey(f, 'unpinned'), evidence: [f.evidence], elements: elementsOf(ctx, f), data: { api: `${f.library} ${String(d.operation)}` }, likelihood });
    }
  },
});
