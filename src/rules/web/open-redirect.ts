// Open redirect from request data: reports tainted `redirect` sink facts from the taint extractors.
import { at, reportTaintSinks } from '../../extract/js/_lib/taint-report.js';
import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'open-redirect',
    pack: 'web',
    title: 'Open redirect from request data',
    description:
      'A redirect target (redirect call or Location header) comes from request data without restricting it to local paths or allowed hosts, so links on the trusted domain can send users to a phishing site.',
    stride: ['S'],
    cwe: ['CWE-601'],
    capec: ['CAPEC-98'],
    attack: ['T1566.002'],
    owasp: ['A01:2021'],
    likelihood: 'medium',
    impact: 'medium',
    confidence: 'high',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can send requests to {{route}}',
      threatAction: 'craft a link whose {{source}} makes {{api}} send users to a site they control',
      threatImpact: 'phishing and theft of credentials or tokens under the trusted domain name',
      impactedGoal: ['authenticity', 'confidentiality'],
      impactedAssets: ['user credentials', 'user sessions'],
    },
    mitigation: {
      title: 'Redirect only to local paths or allow-listed URLs',
      content:
        'Accept only relative paths that start with a single slash, or map a key to a fixed list of destinations; never redirect to a full URL taken from the request.',
      controls: { cwe: ['CWE-601'], asvs: ['V5.1.5'], nist80053: ['SI-10'] },
      remediation: "At {{file}}:{{line}}, redirect only if {{source}} is in an allow-list or a local path (starts with '/' but not '//').",
    },
    references: [
      'https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html',
      'https://cwe.mitre.org/data/definitions/601.html',
    ],
  },
  check(ctx) {
    reportTaintSinks(ctx, {
      kind: 'redirect',
      remediation: (f) => `At ${at(f)}, check ${f.source} before ${f.api}: allow it only if ALLOWED.includes(target) or it starts with '/' and not '//'; otherwise redirect to a default page.`,
    });
  },
});
