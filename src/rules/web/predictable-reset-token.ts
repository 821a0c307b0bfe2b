import type { Level } from '../../model/types.js';
import { defineRule } from '../types.js';
import { elementsOf, factKey, routeLabel, serverSites } from './_web-routes.js';

const INPUT_WORDS: Record<string, string> = { request: 'values sent in the request', identity: "the account's own identifiers", time: 'the current time' };

export const rule = defineRule({
  meta: {
    id: 'predictable-reset-token',
    pack: 'web',
    title: 'Predictable {{what}} token in {{file}}',
    description:
      'At {{file}}:{{line}} {{detail}} It is built only from {{inputs}}, which an attacker knows or can guess, with no random or secret part, so the attacker computes a valid token for any account without ever receiving the e-mail and {{gain}}.',
    stride: ['S', 'E'],
    cwe: ['CWE-640', 'CWE-340'],
    capec: ['CAPEC-50', 'CAPEC-59'],
    attack: ['T1078', 'T1098'],
    owasp: ['A07:2021', 'A02:2021', 'API2:2023'],
    likelihood: 'high',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'unauthenticated remote attacker',
      prerequisites: 'who knows the login, e-mail or id of a target account',
      threatAction: 'compute the {{what}} token of the target account from public values and submit it at {{route}}',
      threatImpact: 'takeover of any account, administrators included',
      impactedGoal: ['authenticity', 'confidentiality', 'integrity'],
      impactedAssets: ['user accounts', 'user credentials'],
    },
    mitigation: {
      title: 'Make reset and verification tokens random, stored and expiring',
      content: 'Generate the token with a CSPRNG (crypto.randomBytes(32)), store only its hash with the account and an expiry, compare the hash of the submitted token in constant time, and delete it after one use. Never derive it from the login, e-mail, id or a timestamp.',
      controls: { cwe: ['CWE-640', 'CWE-330'], asvs: ['V2.5.1', 'V2.5.2', 'V3.2.2'], nist80053: ['IA-5(1)', 'SC-13'] },
      remediation: 'At {{file}}:{{line}} replace {{derivation}} by a random token: create it with `crypto.randomBytes(32).toString("hex")` when the reset is requested, store its SHA-256 and an expiry on the account, and compare the hash of the submitted token with the stored one (crypto.timingSafeEqual) before it expires.',
    },
    references: ['https://cwe.mitre.org/data/definitions/640.html', 'https://cheatsheetseries.owasp.org/cheatsheets/Forgot_Password_Cheat_Sheet.html#url-tokens'],
  },
  check(ctx) {
    for (const { fact: f, route } of serverSites(ctx, 'predictable-token')) {
      const v = f.values;
      const inputs = String(v.inputs).split(',').filter((i) => INPUT_WORDS[i]);
      const verification = /verif|confirm|activat/i.test(`${route?.path ?? ''} ${String(v.target ?? '')} ${(route?.tags ?? []).join(' ')}`) && !route?.tags?.includes('password-reset');
      // A token only the signed-in owner can submit (confirming their own e-mail) proves less;
      // a time-based input must be guessed within a window, which takes many tries.
      const behindLogin = route !== undefined && (route.auth === 'user' || route.auth === 'admin');
      const likelihood: Level | undefined = behindLogin || inputs.includes('time') ? 'medium' : undefined;
      const what = verification ? 'verification' : 'password-reset';
      ctx.report({
        key: factKey(f),
        evidence: [f.evidence],
        elements: elementsOf(ctx, route ?? f),
        ...(likelihood ? { likelihood } : {}),
        ...(verification ? { impact: 'medium' as Level } : {}),
        data: {
          what,
          route: route ? routeLabel(route) : 'the reset endpoint',
          derivation: `\`${String(v.derivation)}\``,
          inputs: inputs.map((i) => INPUT_WORDS[i]).join(' and '),
          detail: v.flow === 'compare'
            ? `the token the client sends (\`${String(v.request)}\`) is checked against \`${String(v.derivation)}\`${route ? ` in ${routeLabel(route)}` : ''}.`
            : `the ${what} token \`${String(v.target)}\` is made as \`${String(v.derivation)}\`.`,
          gain: verification ? 'confirms addresses or activates accounts it does not control' : 'sets a new password for it',
        },
      });
    }
  },
});
