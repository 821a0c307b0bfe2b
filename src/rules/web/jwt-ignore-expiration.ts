import { defineRule } from '../types.js';
import { elementsOf, scopeOf } from './_web-routes.js';
import { byOptionsObject, byOptionsShape } from './_jwt-options.js';

export const rule = defineRule({
  meta: {
    id: 'jwt-ignore-expiration',
    pack: 'web',
    title: 'JWT expiry not checked in {{file}}',
    description:
      'The JWT verification at {{file}}:{{line}} ({{api}}) sets `ignoreExpiration: true`, so a token stays valid forever after its `exp` passes: a token leaked once (logs, browser storage, a proxy) keeps working, and logging out or shortening lifetimes has no effect.',
    stride: ['S', 'E'],
    cwe: ['CWE-613'],
    capec: ['CAPEC-60', 'CAPEC-593'],
    attack: ['T1550.001'],
    owasp: ['A07:2021', 'API2:2023'],
    // Exploiting it needs a token obtained some other way first (a leak, a shared device).
    likelihood: 'low',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'attacker holding an old token',
      prerequisites: 'who obtained a JWT issued to a user at any time in the past',
      threatAction: 'replay the expired token against the service',
      threatImpact: 'lasting access to the victim account long after the session should have ended',
      impactedGoal: ['authenticity', 'confidentiality'],
      impactedAssets: ['user sessions', 'user data'],
    },
    mitigation: {
      title: 'Let the verifier enforce token expiry',
      content: 'Keep expiry checking on (the default of jsonwebtoken and passport-jwt), issue tokens with a short `expiresIn`, and refresh them through a revocable refresh token instead of accepting expired ones.',
      controls: { cwe: ['CWE-613'], asvs: ['V3.3.1'], nist80053: ['AC-12', 'SC-23'] },
      remediation: 'At {{file}}:{{line}} remove `ignoreExpiration: true` (or set it to false) and sign tokens with `expiresIn` (for example `\'15m\'`).',
    },
    references: ['https://cwe.mitre.org/data/definitions/613.html', 'https://github.com/auth0/node-jsonwebtoken#jwtverifytoken-secretorpublickey-options-callback', 'https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html'],
  },
  check(ctx) {
    // One finding per options object: a shared `options` passed to every verify call is one setting.
    const ignoring = ctx.factsOf('auth').filter((f) => f.mechanism === 'jwt' && f.details?.ignoreExpiration === true);
    for (const group of byOptionsShape(byOptionsObject(ignoring), (f) => scopeOf(ctx, f.evidence.file))) {
      const f = group.facts[0];
      ctx.report({
        key: group.key('ignore-expiration'),
        evidence: group.evidence,
        elements: [...new Set(group.facts.flatMap((u) => elementsOf(ctx, u)))],
        data: { api: `${f.library ?? 'jwt'} ${String(f.details?.operation ?? '')}`.trim() },
      });
    }
  },
});
