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

/** What a verify/sign call's options decide, for comparing copies of one options object. */
const SHAPE_DETAILS = ['operation', 'algorithms', 'algorithm', 'none', 'ignoreExpiration', 'secretOrigin', 'keyHint', 'secretLength'] as const;

/**
 * Groups of declared options objects whose options say the same (the same library, operation, algorithms, expiry switch and
 * key) within one component merge into one: an options literal pasted into six controllers is one
 * setting to fix, cited at every copy and call. The merged group keeps the key of its first copy
 * (by file and line), so the finding's id does not move when a copy is added elsewhere.
 */
export function byOptionsShape(groups: readonly OptionsGroup[], scope: (f: AuthFact) => string): OptionsGroup[] {
  // Declared options objects only: an inline literal at one call stays its own finding.
  const shapeOf = (g: OptionsGroup, i: number) => {
    const f = g.facts[0];
    if (typeof f.details?.optionsName !== 'string') return `#${i}`;
    return JSON.stringify([scope(f), f.library ?? '', f.role, ...SHAPE_DETAILS.map((k) => f.details?.[k] ?? null)]);
  };
  const first = (g: OptionsGroup) => `${g.evidence[0]?.file ?? ''}\u0000${String(g.evidence[0]?.line ?? 0).padStart(8, '0')}`;
  const merged = new Map<string, OptionsGroup[]>();
  for (const [i, g] of groups.entries()) merged.set(shapeOf(g, i), [...(merged.get(shapeOf(g, i)) ?? []), g]);
  return [...merged.values()].map((gs) => {
    if (gs.length === 1) return gs[0];
    const sorted = [...gs].sort((a, b) => (first(a) < first(b) ? -1 : first(a) > first(b) ? 1 : 0));
    return { facts: sorted.flatMap((g) => g.facts), evidence: sorted.flatMap((g) => g.evidence), key: sorted[0].key };
  });
}
