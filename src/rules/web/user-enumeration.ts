import { defineRule } from '../types.js';
import { elementsOf, factKey, routeLabel, serverSites } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'user-enumeration',
    pack: 'web',
    title: '{{what}} tells whether an account exists in {{file}}',
    description: '{{detail}} Anyone can therefore test a list of e-mail addresses or user names and learn which ones have an account, the first step of password spraying, credential stuffing and targeted phishing.',
    stride: ['I'],
    cwe: ['CWE-204', 'CWE-203'],
    capec: ['CAPEC-575'],
    attack: ['T1589.002', 'T1087'],
    owasp: ['A07:2021', 'API2:2023'],
    likelihood: 'medium',
    impact: 'low',
    confidence: 'medium',
    grammar: {
      threatSource: 'unauthenticated remote attacker',
      prerequisites: 'who has a list of candidate e-mail addresses or user names',
      threatAction: 'tell existing accounts from unknown ones by the different answers at {{file}}:{{line}}',
      threatImpact: 'a list of valid accounts for password spraying, credential stuffing and phishing',
      impactedGoal: ['confidentiality'],
      impactedAssets: ['user identities'],
    },
    mitigation: {
      title: 'Answer the same whether or not the account exists',
      content: 'Return one message and status for an unknown account and a wrong password ("Invalid e-mail or password"); have reset and sign-up requests always answer "if an account exists, we sent an e-mail"; keep the work done on both paths similar (hash a dummy password when no user is found) and rate-limit these endpoints.',
      controls: { cwe: ['CWE-204'], asvs: ['V2.2.1', 'V3.2.3'], nist80053: ['AC-7', 'SI-11'] },
      remediation: 'At {{file}}:{{line}} answer exactly as the wrong-password branch does (same status and message, for example 401 "Invalid e-mail or password"), or for a reset request answer 200 "If the account exists, an e-mail is on its way" in both cases.',
    },
    references: ['https://cwe.mitre.org/data/definitions/204.html', 'https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#authentication-and-error-messages'],
  },
  check(ctx) {
    for (const { fact: f, route } of serverSites(ctx, 'login-enumeration')) {
      const v = f.values;
      // A signed-in caller learns nothing about other accounts from its own lookup.
      if (route && route.auth !== 'none' && route.auth !== 'unknown') continue;
      if (v.flow === 'login') {
        const how = v.how === 'status' ? 'a different status code' : v.how === 'error' ? 'a different error' : 'a different message';
        ctx.report({
          key: factKey(f),
          evidence: [f.evidence, { file: f.evidence.file, line: Number(v.passwordLine) }],
          elements: elementsOf(ctx, f),
          data: {
            what: route ? `Login at ${routeLabel(route)}` : 'The login check',
            detail: `At ${f.evidence.file}:${f.evidence.line} a login whose account lookup (by ${String(v.lookup)}) finds nobody answers ${String(v.userAnswer)}, while a wrong password (line ${String(v.passwordLine)}) answers ${String(v.passwordAnswer)}: ${how}.`,
          },
        });
        continue;
      }
      // An account lookup without a password: only reset and forgot-password requests must not tell.
      if (!route || !route.tags?.includes('password-reset') || route.auth !== 'none') continue;
      ctx.report({
        key: factKey(f),
        evidence: [f.evidence],
        elements: elementsOf(ctx, f),
        data: {
          what: `Password reset at ${routeLabel(route)}`,
          detail: `At ${f.evidence.file}:${f.evidence.line} the password-reset request ${routeLabel(route)} looks the account up by ${String(v.lookup)} and answers ${String(v.userAnswer)} when there is none, and something else when there is.`,
        },
      });
    }
  },
});
