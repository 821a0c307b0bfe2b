// A Rails controller that skips the CSRF token check.
import { configs, elementsOf, factKey } from '../web/_web-routes.js';
import { defineRule } from '../types.js';

/** Actions an identity provider posts back to after sign-in (OmniAuth `auth_success`, `callback`, SAML `consume`). */
const PROVIDER_RETURN = /^(?:auth_)?(?:success|callback|failure)$|^(?:\w+_)?callback$|^(?:saml_)?(?:consume|acs)$/;

export const rule = defineRule({
  meta: {
    id: 'rails-csrf-skip',
    pack: 'ruby',
    title: 'Rails controller skips CSRF verification',
    description: 'skip_before_action :verify_authenticity_token turns off Rails CSRF protection for the controller, so forged cross-site requests carrying the session cookie are accepted.',
    stride: ['T', 'S'],
    cwe: ['CWE-352'],
    capec: ['CAPEC-62'],
    attack: ['T1189', 'T1185'],
    owasp: ['A01:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'malicious website visited by a logged-in user',
      prerequisites: 'who can lure a signed-in user to a page it controls',
      threatAction: 'submit forged requests to {{controller}}, which skips the authenticity token check at {{file}}:{{line}}',
      threatImpact: 'changes performed in the name of the victim',
      impactedGoal: ['integrity'],
      impactedAssets: ['user accounts', 'application data'],
    },
    mitigation: {
      title: 'Keep verify_authenticity_token for cookie-authenticated actions',
      content: 'Remove the skip; for API endpoints authenticated by tokens, inherit from ActionController::API or use protect_from_forgery with: :null_session only where no session cookie authenticates.',
      controls: { cwe: ['CWE-352'], asvs: ['V4.2.2'], nist80053: ['SC-23', 'SI-10'] },
      remediation: 'At {{file}}:{{line}}, delete skip_before_action :verify_authenticity_token (or limit it with only: to token-authenticated webhook actions that verify a signature).',
    },
    references: ['https://guides.rubyonrails.org/security.html#cross-site-request-forgery-csrf', 'https://cwe.mitre.org/data/definitions/352.html'],
  },
  check(ctx) {
    for (const f of configs(ctx, 'rails-csrf')) {
      if (f.values.skipped !== true) continue;
      // Skipped only for an identity provider's return (`only: [:auth_success]`, `:callback`): the
      // provider posts cross-site by design and OmniAuth checks its `state` instead of the token.
      const only = typeof f.values.only === 'string' && f.values.only !== '' ? f.values.only.split(',') : [];
      if (only.length > 0 && only.every((a) => PROVIDER_RETURN.test(a))) continue;
      ctx.report({ key: factKey(f, 'csrf-skip'), evidence: [f.evidence], elements: elementsOf(ctx, f), data: { controller: String(f.values.controller) } });
    }
  },
});
