// `ownership` facts from CODEOWNERS (GitHub: .github/, root, docs/; GitLab also .gitlab/): one per
// rule, so findings and incident-response verdicts can name the team that owns the code.
import type { FactInput } from '../../../model/types.js';
import type { Extractor } from '../../types.js';
import { CODEOWNERS_LOCATIONS } from './match.js';
import { parseCodeowners } from './parse.js';

export const extractor: Extractor = {
  id: 'repo/codeowners',
  title: 'Code owners (CODEOWNERS rules)',
  matches: (path) => CODEOWNERS_LOCATIONS.includes(path),
  extract(file, ctx) {
    const { rules, problems } = parseCodeowners(file.content);
    for (const p of problems) ctx.diagnostic({ level: 'info', code: 'codeowners-owner', message: p.message, line: p.line });
    const lines = file.content.split(/\r?\n/);
    return rules.map(
      (rule): FactInput => ({
        kind: 'ownership',
        pattern: rule.pattern,
        owners: rule.owners,
        source: file.path,
        ...(rule.section ? { section: rule.section } : {}),
        evidence: { file: file.path, line: rule.line, snippet: (lines[rule.line - 1] ?? '').trim().slice(0, 200) },
        key: `${file.path}#ownership:${rule.section ?? ''}:${rule.pattern}`,
      }),
    );
  },
};
