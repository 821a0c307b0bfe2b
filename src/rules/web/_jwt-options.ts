// JWT facts grouped by the options object their calls share (underscore: not a rule), used by the
// rules that judge verify options (jwt-none-algorithm, jwt-ignore-expiration).
import type { AuthFact, Evidence } from '../../model/types.js';
import { factKey } from './_web-routes.js';

export interface OptionsGroup {
  facts: AuthFact[];
  /** The shared declaration first (when there is one), then every call that uses it. */
  evidence: Evidence[];
  key(suffix: string): string;
}

/**
 * JWT facts grouped by the options object they share (`optionsName`/`optionsLine` of js/auth):
 * ten verify calls passing one `options` const are one weakness, cited at its declaration with the
 * calls as further evidence. Facts with inline options stay one group each.
 */
export function byOptionsObject(facts: readonly AuthFact[]): OptionsGroup[] {
  const groups = new Map<string, OptionsGroup>();
  for (const [i, f] of facts.entries()) {
    const d = f.details ?? {};
    const shared = typeof d.optionsName === 'string' && typeof d.optionsLine === 'number';
    const id = shared ? `${f.evidence.file}#${String(d.optionsName)}@${String(d.optionsLine)}` : `#${i}`;
    let g = groups.get(id);
    if (!g) {
      const declared: Evidence | undefined = shared ? { file: f.evidence.file, line: d.optionsLine as number, snippet: String(d.optionsSnippet ?? '') } : undefined;
      const key = shared ? `${f.evidence.file}#jwt-options:${String(d.optionsScope ?? '<module>')}:${String(d.optionsName)}` : factKey(f);
      g = { facts: [], evidence: declared ? [declared] : [], key: (suffix) => `${key}#${suffix}` };
      groups.set(id, g);
    }
    g.facts.push(f);
    g.evidence.push(f.evidence);
  }
  return [...groups.values()];
}
