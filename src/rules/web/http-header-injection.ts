// HTTP response header built from request data: reports tainted `header` sink facts from the taint extractors.
import { at, reportTaintSinks } from '../../extract/js/_lib/taint-report.js';
import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'http-header-injection',
    pack: 'web',
    title: 'HTTP response header built from request data',
    description:
      'Request data is written into a response header value; header values that carry CR/LF or delimiters can split responses or inject cookies and parameters, depending on the server and proxies in front of it.',
    stride: ['T', 'S'],
    cwe: ['CWE-113'],
    capec: ['CAPEC-34'],
    attack: ['T1190'],
    owasp: ['A03:2021'],
    likelihood: 'low',
    impact: 'medium',
    confidence: 'medium',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can send requests to {{route}}',
      threatAction: 'inject header delimiters through {{source}} into the header set by {{api}}',
      threatImpact: 'splitting responses, setting cookies or poisoning caches for other users',
      impactedGoal: ['integrity'],
      impactedAssets: ['HTTP responses', 'user sessions'],
    },
    mitigation: {
      title: 'Validate or encode header values',
      content:
        'Allow-list header values or encode them (encodeURIComponent for filenames in Content-Disposition), and reject values with CR or LF.',
      controls: { cwe: ['CWE-113'], asvs: ['V5.3.1'], nist80053: ['SI-10'] },
      remediation: 'At {{file}}:{{line}}, validate {{source}} against an allow-list or encode it (encodeURIComponent) before {{api}}.',
      remediationByLanguage: {
        python: "At {{file}}:{{line}}, reject CR and LF in {{source}} (or check it against an allow-list) before {{api}}; quote it with urllib.parse.quote when it is part of a URL.",
        java: "At {{file}}:{{line}}, reject CR and LF in {{source}} (or check it against an allow-list) before {{api}}; encode it with URLEncoder.encode when it is part of a URL.",
        php: "At {{file}}:{{line}}, reject CR and LF in {{source}} (or check it against an allow-list) before header(); encode it with rawurlencode when it is part of a URL.",
      },
    },
    references: [
      'https://owasp.org/www-community/attacks/HTTP_Response_Splitting',
      'https://cwe.mitre.org/data/definitions/113.html',
    ],
  },
  check(ctx) {
    reportTaintSinks(ctx, {
      kind: 'header',
      remediation: (f) => `At ${at(f)}, encode ${f.source} (encodeURIComponent) or check it against an allow-list before ${f.api}.`,
    });
  },
});
