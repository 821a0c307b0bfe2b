import { defineRule } from '../types.js';
import { configs, elementsOf, factKey } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'directory-listing',
    pack: 'web',
    title: 'Directory listing enabled at {{path}}',
    description: 'At {{file}}:{{line}} {{library}} lists the contents of {{dir}} under {{path}} without authentication, letting anyone enumerate and download every file in it, including backups and files never meant to be linked.',
    stride: ['I'],
    cwe: ['CWE-548'],
    capec: ['CAPEC-127'],
    attack: ['T1083', 'T1190'],
    owasp: ['A01:2021', 'A05:2021'],
    likelihood: 'high',
    impact: 'medium',
    confidence: 'high',
    grammar: {
      threatSource: 'unauthenticated attacker',
      prerequisites: 'who browses to the listed path',
      threatAction: 'enumerate and download files from the listed directory',
      threatImpact: 'disclosure of files such as backups, exports and configuration',
      impactedGoal: ['confidentiality'],
      impactedAssets: ['files under {{dir}}'],
    },
    mitigation: {
      title: 'Disable directory listing',
      content: 'Serve only the specific files the application links to (express.static without serve-index), or put the listing behind administrator authentication.',
      controls: { cwe: ['CWE-548'], asvs: ['V4.3.2'], nist80053: ['CM-7', 'AC-3'] },
      remediation: 'Remove the serve-index middleware at {{file}}:{{line}} (keep express.static if the files must be downloadable) or add an admin guard before it.',
    },
    references: ['https://cwe.mitre.org/data/definitions/548.html', 'https://github.com/expressjs/serve-index'],
  },
  check(ctx) {
    for (const f of configs(ctx, 'directory-listing')) {
      if (f.values.guarded === true) continue;
      ctx.report({ key: factKey(f, 'listing'), evidence: [f.evidence], elements: elementsOf(ctx, f), data: { path: String(f.values.path ?? '/'), dir: String(f.values.dir ?? 'a folder'), library: String(f.values.library) } });
    }
  },
});
