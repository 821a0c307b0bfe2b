// Mass assignment of the whole request body: reports tainted `mass-assignment` sink facts from the taint extractors.
import { at, reportTaintSinks } from '../../extract/js/_lib/taint-report.js';
import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'mass-assignment',
    pack: 'web',
    title: 'Mass assignment of the whole request body',
    description:
      'The whole request body (or query) is passed to a model create/update call or copied onto a model, so a client can set fields the form never offered, such as role, isAdmin or owner.',
    stride: ['T', 'E'],
    cwe: ['CWE-915'],
    capec: ['CAPEC-77'],
    attack: ['T1190'],
    owasp: ['API3:2023', 'A08:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can send requests to {{route}}',
      threatAction: 'add fields such as role or isAdmin to {{source}}, which {{api}} stores',
      threatImpact: 'raising their privileges or changing data they do not own',
      impactedGoal: ['integrity'],
      impactedAssets: ['user accounts', 'database records'],
    },
    mitigation: {
      title: 'Copy only allow-listed fields from requests',
      content:
        'Destructure or pick the fields a client may set (or validate with a DTO and whitelist: true), and set sensitive fields such as role or owner on the server.',
      controls: { cwe: ['CWE-915'], asvs: ['V5.1.2'], nist80053: ['AC-3', 'SI-10'] },
      remediation: 'At {{file}}:{{line}}, pass only allowed fields to {{api}}, e.g. const { name, email } = req.body; Model.create({ name, email }).',
    },
    references: [
      'https://cheatsheetseries.owasp.org/cheatsheets/Mass_Assignment_Cheat_Sheet.html',
      'https://cwe.mitre.org/data/definitions/915.html',
    ],
  },
  check(ctx) {
    reportTaintSinks(ctx, {
      kind: 'mass-assignment',
      remediation: (f) => `At ${at(f)}, pass only the fields a client may set instead of ${f.source}: const { name, email } = body; ${f.api}({ name, email }) (or _.pick(body, ALLOWED)).`,
    });
  },
});
