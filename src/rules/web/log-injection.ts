// Log injection from request data: reports tainted `log` sink facts from the taint extractors.
import { at, reportTaintSinks } from '../../extract/js/_lib/taint-report.js';
import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'log-injection',
    pack: 'web',
    title: 'Log injection from request data',
    description:
      'Request strings are written to logs without removing line breaks, so a client can forge log entries or break log parsing.',
    stride: ['R', 'T'],
    cwe: ['CWE-117'],
    capec: ['CAPEC-93'],
    attack: ['T1070'],
    owasp: ['A09:2021'],
    likelihood: 'medium',
    impact: 'low',
    confidence: 'medium',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can send requests to {{route}}',
      threatAction: 'write forged log lines through {{source}} logged by {{api}}',
      threatImpact: 'misleading investigations or hiding their activity',
      impactedGoal: ['accountability', 'integrity'],
      impactedAssets: ['audit logs'],
    },
    mitigation: {
      title: 'Log request data as structured fields',
      content:
        'Log request values as fields of a structured (JSON) logger entry, or strip CR and LF characters before writing them into a message.',
      controls: { cwe: ['CWE-117'], asvs: ['V7.3.1'], nist80053: ['AU-9', 'SI-10'] },
      remediation: 'At {{file}}:{{line}}, log {{source}} as a structured field ({{api}}({ value })) or remove CR/LF from it first.',
    },
    references: [
      'https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html',
      'https://cwe.mitre.org/data/definitions/117.html',
    ],
  },
  check(ctx) {
    reportTaintSinks(ctx, {
      kind: 'log',
      remediation: (f) => `At ${at(f)}, pass ${f.source} as a structured field (${f.api}({ value })) or strip line breaks first (value.replace(/[\\r\\n]/g, ' ')).`,
    });
  },
});
