import { defineRule } from '../types.js';
import { configs, elementsOf, factKey } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'upload-without-limits',
    pack: 'web',
    title: 'File uploads without a size limit in {{file}}',
    description: 'The {{library}} upload handler configured at {{file}}:{{line}} sets no file size limit, and the library has none by default, so a client can stream arbitrarily large files into memory or onto disk.',
    stride: ['D'],
    cwe: ['CWE-770'],
    capec: ['CAPEC-130', 'CAPEC-125'],
    attack: ['T1499.003', 'T1499'],
    owasp: ['API4:2023', 'A04:2021'],
    likelihood: 'medium',
    impact: 'medium',
    confidence: 'high',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can reach the upload endpoint',
      threatAction: 'upload very large or many files',
      threatImpact: 'exhausted memory or disk and an unavailable service',
      impactedGoal: ['availability'],
      impactedAssets: ['service availability', 'upload storage'],
    },
    mitigation: {
      title: 'Bound upload size and count',
      content: 'Configure limits (fileSize, files, fields) on the multipart parser, reject oversize requests at the reverse proxy as well, and validate file types.',
      controls: { cwe: ['CWE-770'], asvs: ['V12.1.1'], nist80053: ['SC-5', 'SI-10'] },
      remediation: 'At {{file}}:{{line}} add `limits: { fileSize: 5 * 1024 * 1024, files: 1 }` (sized to what the feature needs) to the options.',
    },
    references: ['https://github.com/expressjs/multer#limits', 'https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/'],
  },
  check(ctx) {
    for (const f of configs(ctx, 'upload')) {
      if (f.values.unlimitedByDefault !== true || f.values.fileSizeLimit !== null) continue;
      ctx.report({ key: factKey(f, 'limits'), evidence: [f.evidence], elements: elementsOf(ctx, f), data: { library: String(f.values.library) } });
    }
  },
});
