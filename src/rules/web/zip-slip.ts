// Zip slip: archive entries written outside the target folder: reports tainted `archive` sink facts from the taint extractors.
import { at, reportTaintSinks } from '../../extract/js/_lib/taint-report.js';
import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'zip-slip',
    pack: 'web',
    title: 'Zip slip: archive entries written outside the target folder',
    description:
      'Entry names from an archive are joined into a destination path and written without checking that the result stays inside the extraction folder, so a crafted archive (entries such as ../../app.js) can overwrite any file the process can write.',
    stride: ['T', 'E'],
    cwe: ['CWE-22'],
    capec: ['CAPEC-126'],
    attack: ['T1190'],
    owasp: ['A01:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can send requests to {{route}}',
      threatAction: 'upload an archive whose entry names ({{source}}) contain ../ so that {{api}} writes outside the extraction folder',
      threatImpact: 'overwriting application code or configuration and running their own code',
      impactedGoal: ['integrity', 'availability'],
      impactedAssets: ['server files', 'application code'],
    },
    mitigation: {
      title: 'Check every archive entry path before writing it',
      content:
        'Resolve each entry path against the destination and skip entries whose resolved path does not start with the destination folder; reject absolute paths and symlinks; keep archive libraries up to date.',
      controls: { cwe: ['CWE-22'], asvs: ['V12.3.1'], nist80053: ['SI-10'] },
      remediation: 'At {{file}}:{{line}}, resolve the entry path and skip it unless it stays in the destination: const p = path.resolve(dest, entry.path); if (!p.startsWith(dest + path.sep)) continue.',
    },
    references: [
      'https://security.snyk.io/research/zip-slip-vulnerability',
      'https://cwe.mitre.org/data/definitions/22.html',
    ],
  },
  check(ctx) {
    reportTaintSinks(ctx, {
      kind: 'archive',
      remediation: (f) =>
        f.api.startsWith('adm-zip')
          ? `At ${at(f)}, upgrade adm-zip to 0.4.11 or later, or extract entry by entry after checking that each resolved path stays in the destination folder.`
          : `At ${at(f)}, resolve the entry path and skip it unless it stays in the destination: const p = path.resolve(dest, name); if (!p.startsWith(dest + path.sep)) continue; then call ${f.api}(p).`,
    });
  },
});
