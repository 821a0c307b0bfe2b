// Strong parameters switched off with params.permit!.
import { configs, elementsOf, factKey } from '../web/_web-routes.js';
import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'rails-mass-assignment-permit-all',
    pack: 'ruby',
    title: 'Rails strong parameters bypassed with permit!',
    description: 'params.permit! marks every request attribute as allowed, so a client can set any column of the model, such as admin, role or owner_id.',
    stride: ['T', 'E'],
    cwe: ['CWE-915'],
    capec: ['CAPEC-77'],
    attack: ['T1190'],
    owasp: ['API3:2023', 'A08:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'authenticated or anonymous client',
      prerequisites: 'who can send parameters to the action at {{file}}:{{line}}',
      threatAction: 'add attributes such as admin or role to the request, which permit! passes to the model',
      threatImpact: 'privilege escalation and changes to fields the user must not control',
      impactedGoal: ['integrity'],
      impactedAssets: ['user accounts', 'application data'],
    },
    mitigation: {
      title: 'Permit only the attributes a client may set',
      content: 'Replace permit! with params.require(:model).permit(:field_a, :field_b) listing the allowed attributes; keep privileged attributes out of the list.',
      controls: { cwe: ['CWE-915'], asvs: ['V5.1.2'], nist80053: ['AC-3', 'SI-10'] },
      remediation: 'At {{file}}:{{line}}, replace {{expression}} with params.require(:record).permit(:name, :email) naming only client-editable attributes.',
    },
    references: ['https://guides.rubyonrails.org/action_controller_overview.html#strong-parameters', 'https://cwe.mitre.org/data/definitions/915.html'],
  },
  check(ctx) {
    for (const f of configs(ctx, 'rails-permit-all')) {
      ctx.report({ key: factKey(f, 'permit-all'), evidence: [f.evidence], elements: elementsOf(ctx, f), data: { expression: String(f.values.expression) } });
    }
  },
});
