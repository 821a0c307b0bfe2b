import type { ConfigFact } from '../../model/types.js';
import { defineRule } from '../types.js';
import { configs, elementsOf, factKey } from './_web-routes.js';

/**
 * What the missing flags expose. Without HttpOnly, any injected script reads the cookie; with it,
 * the cookie can only leak over plain HTTP (Secure) or ride along on cross-site requests
 * (SameSite), which needs a network position or a CSRF-able route: a smaller impact.
 */
function consequence(noHttpOnly: boolean): { consequence: string; vector: string } {
  return noHttpOnly
    ? { consequence: 'Without HttpOnly any injected script can read it; without Secure it is sent over plain HTTP where it can be sniffed.', vector: 'through a cross-site scripting flaw or an unencrypted connection' }
    : { consequence: 'HttpOnly is set, so script cannot read it, but without Secure it is sent over plain HTTP where it can be sniffed, and without SameSite it rides along on cross-site requests.', vector: 'on the network path of a plain HTTP request' };
}

export const rule = defineRule({
  meta: {
    id: 'cookie-missing-flags',
    pack: 'web',
    title: 'Sensitive cookie {{name}} set without {{missing}} in {{file}}',
    description: 'The cookie {{name}} written at {{file}}:{{line}} carries authentication or session data but is missing {{missing}}. {{consequence}}',
    stride: ['I', 'S'],
    cwe: ['CWE-1004', 'CWE-614'],
    capec: ['CAPEC-31', 'CAPEC-102'],
    attack: ['T1539', 'T1557'],
    owasp: ['A05:2021', 'A07:2021', 'API8:2023'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'attacker who can run script in the page or observe network traffic',
      prerequisites: '{{vector}}',
      threatAction: 'steal the authentication cookie',
      threatImpact: 'hijacked user sessions',
      impactedGoal: ['confidentiality', 'authenticity'],
      impactedAssets: ['session cookies', 'user accounts'],
    },
    mitigation: {
      title: 'Set HttpOnly, Secure and SameSite on session and token cookies',
      content: 'Write authentication cookies with httpOnly: true, secure: true (behind TLS, with trust proxy configured when TLS ends at a proxy) and sameSite: lax or strict.',
      controls: { cwe: ['CWE-1004', 'CWE-614'], asvs: ['V3.4.1', 'V3.4.2', 'V3.4.3'], nist80053: ['SC-8', 'SC-23'] },
      remediation: 'At {{file}}:{{line}} pass `{ httpOnly: true, secure: true, sameSite: \'lax\' }` as the cookie options.',
    },
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#cookies', 'https://expressjs.com/en/api.html#res.cookie'],
  },
  check(ctx) {
    // Options built by a helper: its returned object, when one helper of that name exists.
    const helpers = new Map<string, ConfigFact['values'] | null>();
    for (const h of configs(ctx, 'cookie-options-helper')) {
      const name = String(h.values.name);
      helpers.set(name, helpers.has(name) ? null : h.values);
    }
    for (const f of configs(ctx, 'cookie')) {
      const helper = typeof f.values.optionsHelper === 'string' ? helpers.get(f.values.optionsHelper.split('.').pop() ?? '') : undefined;
      const v = helper ? { ...f.values, optionsDynamic: false, httpOnly: helper.httpOnly, secure: helper.secure } : f.values;
      if (v.sensitive !== true || v.optionsDynamic === true) continue;
      const missing: string[] = [];
      // A CSRF token cookie is written for script to read (double-submit): only Secure applies.
      if (v.httpOnly === false && v.csrfToken !== true) missing.push('HttpOnly');
      if (v.secure === false) missing.push('Secure');
      if (missing.length === 0) continue;
      ctx.report({ key: factKey(f, 'flags'), evidence: [f.evidence], elements: elementsOf(ctx, f), data: { name: String(v.name ?? 'cookie'), missing: missing.join(' and '), ...consequence(v.httpOnly === false) }, ...(v.httpOnly === false ? {} : { impact: 'medium' as const }) });
    }
    // Server-side session middleware left at its cookie defaults: no Secure flag and no SameSite,
    // so the session id travels over plain HTTP and rides along on cross-site requests.
    for (const f of configs(ctx, 'session')) {
      const v = f.values;
      if (v.optionsDynamic === true || v.secure !== false || v.secureExplicit === true || (v.sameSite !== null && v.sameSite !== undefined)) continue;
      // Session middleware (express-session, cookie-session, @fastify/session) sets HttpOnly by
      // default: only an explicit `httpOnly: false` lets script read the cookie.
      const noHttpOnly = v.httpOnly === false;
      const missing = noHttpOnly ? 'HttpOnly, Secure and SameSite' : 'Secure and SameSite';
      ctx.report({ key: factKey(f, 'session-flags'), evidence: [f.evidence], elements: elementsOf(ctx, f), data: { name: `of ${String(v.library ?? 'the session middleware')}`, missing, ...consequence(noHttpOnly) }, confidence: 'medium', ...(noHttpOnly ? {} : { impact: 'medium' as const }) });
    }
  },
});
