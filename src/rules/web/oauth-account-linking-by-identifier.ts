import { defineRule } from '../types.js';
import { configs, elementsOf, factKey } from './_web-routes.js';

/**
 * Providers whose addresses the attacker rarely controls: Google verifies nearly every account's,
 * and a single identity provider the operator configures (OIDC issuer, SAML, Keycloak, Okta) holds
 * addresses its administrators manage. Public social providers hand out unverified or
 * tenant-set addresses (GitHub secondary emails, Azure AD `mail`).
 */
const VERIFIED_MAIL = /google|openid|oidc|saml|azure-ad|keycloak|okta|auth0/;

export const rule = defineRule({
  meta: {
    id: 'oauth-account-linking-by-identifier',
    pack: 'web',
    title: 'OAuth sign-in takes over the local account with the same {{key}} in {{file}}',
    description:
      'At {{file}}:{{line}} the {{strategy}} verify callback looks up an existing local account by the {{key}} the identity provider reported ({{lookup}}) and logs the caller into it (line {{returnLine}}) without matching a stored provider id. {{why}}',
    stride: ['S', 'E'],
    cwe: ['CWE-287', 'CWE-290'],
    capec: ['CAPEC-151'],
    attack: ['T1078'],
    owasp: ['A07:2021'],
    likelihood: 'high',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'remote attacker with an account at the identity provider',
      prerequisites: 'who knows the victim\'s {{key}} in the application',
      threatAction: 'sign in through the provider with a profile whose {{key}} equals the victim\'s',
      threatImpact: 'a full takeover of the victim\'s account, password-only and administrator accounts included',
      impactedGoal: ['authenticity', 'confidentiality', 'integrity'],
      impactedAssets: ['user accounts'],
    },
    mitigation: {
      title: 'Link federated logins by the provider\'s subject id',
      content:
        'Store the provider name and its stable subject id (`sub`, `profile.id`) with the account at sign-up or when the signed-in user links the provider, and log in only the account holding that pair. Never log in an existing account because its email or username equals the profile\'s; if accounts are linked by email at all, require the provider\'s `email_verified` claim and a confirmation from the signed-in account owner.',
      controls: { cwe: ['CWE-287', 'CWE-290'], asvs: ['V2.1.1', 'V3.7.1'], nist80053: ['IA-2', 'IA-8', 'IA-5'] },
      remediation: 'At {{file}}:{{line}} look the account up by `{ provider, providerId: profile.id }`; when none exists and an account with the same {{key}} does, refuse the sign-in and ask the user to log in with their password and link the provider from their settings.',
    },
    references: [
      'https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html',
      'https://www.descope.com/blog/post/noauth',
      'https://cwe.mitre.org/data/definitions/290.html',
    ],
  },
  check(ctx) {
    for (const f of configs(ctx, 'oauth-identifier-linking')) {
      const v = f.values;
      const byUsername = v.key === 'username';
      const strategy = String(v.strategy);
      const verifiedMail = !byUsername && VERIFIED_MAIL.test(strategy);
      ctx.report({
        key: factKey(f, 'oauth-linking'),
        evidence: [f.evidence],
        elements: elementsOf(ctx, f),
        // A login name is picked freely on the provider: anyone can register the victim's. An address
        // needs a provider that reports unverified or tenant-set emails (GitHub secondary addresses,
        // Azure AD `mail`, a self-hosted IdP whose users edit their profile).
        likelihood: byUsername ? 'high' : verifiedMail ? 'low' : 'medium',
        confidence: byUsername ? 'high' : 'medium',
        data: {
          key: String(v.key),
          strategy,
          lookup: String(v.lookup),
          returnLine: String(v.returnLine),
          why: byUsername
            ? 'Usernames on the provider are chosen by whoever registers them, so an attacker who registers the victim\'s username there is logged in as the victim.'
            : verifiedMail
              ? 'The callback reads no email_verified flag; this provider usually vouches for its addresses, but an account whose address it did not verify (or whose user may edit it) is logged in as the local user with that address.'
              : 'The callback reads no email_verified flag, so a provider account carrying the victim\'s address (unverified, or set by a tenant administrator) is logged in as the victim.',
        },
      });
    }
  },
});
