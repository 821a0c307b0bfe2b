// Code injection from request data: reports tainted `code-eval` sink facts from the taint extractors.
import { at, reportTaintSinks } from '../../extract/js/_lib/taint-report.js';
import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'code-injection',
    pack: 'web',
    title: 'Code injection from request data',
    description:
      'Request data is evaluated as JavaScript (eval, Function, vm, string timers, dynamic require), so a client can run code inside the server process.',
    stride: ['T', 'I', 'E'],
    cwe: ['CWE-94', 'CWE-95'],
    capec: ['CAPEC-242'],
    attack: ['T1190', 'T1059.007'],
    owasp: ['A03:2021'],
    likelihood: 'high',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can send requests to {{route}}',
      threatAction: 'run JavaScript on the server by sending code in {{source}}, which reaches {{api}}',
      threatImpact: 'full control of the server process, its secrets and its data',
      impactedGoal: ['confidentiality', 'integrity', 'availability'],
      impactedAssets: ['server process', 'application secrets'],
    },
    mitigation: {
      title: 'Never evaluate request data as code',
      content:
        'Replace dynamic evaluation with data parsing (JSON.parse), a lookup table of allowed operations, or a purpose-built expression parser; pass functions, not strings, to timers; load modules from a fixed list.',
      controls: { cwe: ['CWE-94', 'CWE-95'], asvs: ['V5.2.4'], nist80053: ['SI-10'] },
      remediation: 'At {{file}}:{{line}}, remove {{api}} on {{source}}; parse the data (JSON.parse) or map it to an allow-listed operation.',
      remediationByLanguage: {
        python: "At {{file}}:{{line}}, remove {{api}} on {{source}}; parse data with json.loads or ast.literal_eval, or map it to an allow-listed operation.",
        java: "At {{file}}:{{line}}, do not evaluate {{source}} as a script or expression; use a SimpleEvaluationContext for SpEL or map the value to an allow-listed operation.",
        csharp: "At {{file}}:{{line}}, do not compile or evaluate {{source}} as a script; map the value to an allow-listed operation.",
        ruby: "At {{file}}:{{line}}, remove {{api}} on {{source}}; map the value to an allow-listed method or class (a Hash of allowed names) instead of eval, send or constantize.",
        php: "At {{file}}:{{line}}, remove {{api}} on {{source}}; decode data with json_decode and dispatch only to allow-listed functions, never eval, assert or include of request data.",
      },
    },
    references: [
      'https://cheatsheetseries.owasp.org/cheatsheets/Nodejs_Security_Cheat_Sheet.html',
      'https://cwe.mitre.org/data/definitions/95.html',
    ],
  },
  check(ctx) {
    reportTaintSinks(ctx, {
      kind: 'code-eval',
      // An expression language (mathjs) rather than JavaScript: code execution needs an old or
      // misconfigured version, so the finding is likely but not certain.
      confidence: (f) => (f.api.startsWith('mathjs.') ? 'medium' : undefined),
      remediation: (f) =>
        f.api === 'require' || f.api === 'import'
          ? `At ${at(f)}, load modules from a fixed map of allowed names instead of ${f.api}(${f.source}).`
          : `At ${at(f)}, remove ${f.api} on ${f.source}; parse it as data (JSON.parse) or select an allow-listed operation.`,
    });
  },
});
