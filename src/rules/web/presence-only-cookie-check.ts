import type { ConfigFact } from '../../model/types.js';
import { defineRule } from '../types.js';
import { configs, elementsOf, factKey } from './_web-routes.js';

/** Do a written name and a checked name denote the same cookie (`shared-dashboard-*` and `shared-dashboard-*`)? */
function sameCookie(a: string, b: string): boolean {
  if (a === b) return true;
  const prefix = (p: string) => (p.endsWith('*') ? p.slice(0, -1) : undefined);
  const pa = prefix(a);
  const pb = prefix(b);
  return (pa !== undefined && b.startsWith(pa)) || (pb !== undefined && a.startsWith(pb));
}

export const rule = defineRule({
  meta: {
    id: 'presence-only-cookie-check',
    pack: 'web',
    title: 'Access granted on the mere presence of cookie {{cookie}} in {{file}}',
    description:
      'At {{file}}:{{line}} access depends only on whether the cookie {{cookie}} is present. The application sets that cookie to a constant value without a signature ({{setAt}}), so a client that knows the name can send it and pass the check, skipping the password or verification step that normally sets it.',
    stride: ['S', 'E'],
    cwe: ['CWE-565', 'CWE-302'],
    capec: ['CAPEC-226', 'CAPEC-31'],
    attack: ['T1606.001'],
    owasp: ['A01:2021', 'A07:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'remote attacker who knows the cookie name',
      prerequisites: 'who can reach the protected resource (for example a shared link)',
      threatAction: 'send the capability cookie with the constant value instead of passing the check that sets it',
      threatImpact: 'access to password-protected or verified-only resources',
      impactedGoal: ['confidentiality', 'authenticity'],
      impactedAssets: ['protected shares and resources'],
    },
    mitigation: {
      title: 'Make capability cookies unforgeable',
      content: 'Sign the cookie (signed: true with a secret, and read it through the signed-cookie API), or store a random token the server looks up, and verify its value rather than its presence.',
      controls: { cwe: ['CWE-565'], asvs: ['V3.2.2', 'V4.1.3'], nist80053: ['SC-23', 'AC-3'] },
      remediation: 'Set the cookie at {{setAt}} with signed: true (or to a random token kept server-side) and at {{file}}:{{line}} verify the signature or look the value up instead of testing for presence.',
    },
    references: ['https://cwe.mitre.org/data/definitions/565.html', 'https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html'],
  },
  check(ctx) {
    const all = configs(ctx, 'constant-cookie');
    const writes = all.filter((w) => w.values.signed !== true);
    if (writes.length === 0) return;
    const namesOf = (w: ConfigFact) => String(w.values.names).split('|');
    // One finding per unsigned constant write (the cookie to fix), citing every check that trusts it.
    const byWrite = new Map<ConfigFact, ConfigFact[]>();
    for (const c of configs(ctx, 'cookie-presence-check')) {
      const name = String(c.values.name);
      // A signed write of the same cookie elsewhere means the check may read a verified value.
      if (all.some((w) => w.values.signed === true && namesOf(w).some((n) => sameCookie(n, name)))) continue;
      // Any package of the repository may write it: a monorepo sets the cookie in its API router
      // and checks it in a shared service.
      const w = writes.find((x) => namesOf(x).some((n) => sameCookie(n, name)));
      if (w) byWrite.set(w, [...(byWrite.get(w) ?? []), c]);
    }
    for (const [w, checks] of byWrite) {
      const sorted = [...checks].sort((a, b) => a.evidence.file.localeCompare(b.evidence.file) || a.evidence.line - b.evidence.line);
      const names = [...new Set(sorted.map((c) => String(c.values.name).replace(/\*$/, '…')))];
      ctx.report({
        key: factKey(w, 'presence'),
        evidence: [sorted[0].evidence, w.evidence, ...sorted.slice(1).map((c) => c.evidence)],
        elements: [...new Set(sorted.flatMap((c) => elementsOf(ctx, c)))],
        data: { cookie: names.join(', '), setAt: `${w.evidence.file}:${w.evidence.line}` },
      });
    }
  },
});
