// Matches threatcode findings against labelled weaknesses and non-findings (rules in README.md).
// Each label is credited to at most one finding (maximum bipartite matching), so one finding
// cannot recall two neighbouring labels; further correct findings count as duplicates.
import { categoryMatch, type CategoryMatch } from './categories.js';
import type { LabelNonFinding, LabelWeakness } from './labels.js';

/** Line tolerance around a label's `line` (and around the start of an `alsoAt` span). */
export const LINE_TOLERANCE = 3;
/** Added to alsoAt distances so the label's own location is always preferred. */
const ALSO_AT_RANK = 1_000_000;

export interface FindingInput {
  id: string;
  ruleId: string;
  title: string;
  cwe: string[];
  evidence: { file: string; line: number }[];
  architectural: boolean;
}

export type FindingVerdict = 'tp' | 'duplicate' | 'fp' | 'unlabelled' | 'architectural';

export interface FindingResult {
  finding: FindingInput;
  verdict: FindingVerdict;
  /** The label it was credited to (tp) or also matches (duplicate). */
  label?: string;
  matchedBy?: CategoryMatch;
  /** `file:line` of the non-finding it hit (fp). */
  nonFinding?: string;
}

export interface LabelResult {
  label: LabelWeakness;
  found: boolean;
  finding?: string;
  matchedBy?: CategoryMatch;
}

export interface Tally {
  labels: number;
  found: number;
  foundViaSynonym: number;
}

export interface RuleTally {
  findings: number;
  tp: number;
  duplicate: number;
  fp: number;
  unlabelled: number;
  architectural: number;
}

export interface WeaknessScore {
  labels: LabelResult[];
  findings: FindingResult[];
  counts: { labels: number; found: number; findings: number } & Omit<RuleTally, 'findings'>;
  recall: number;
  /** (tp + duplicate) / (tp + duplicate + fp). */
  precision: number;
  /** (tp + duplicate) / (tp + duplicate + fp + unlabelled): unlabelled findings treated as wrong. */
  precisionWithUnlabelled: number;
  byCategory: Record<string, Tally>;
  byRule: Record<string, RuleTally>;
}

interface Candidate {
  finding: number;
  strength: CategoryMatch;
  distance: number;
}

function near(line: number, anchor: number): boolean {
  return Math.abs(line - anchor) <= LINE_TOLERANCE;
}

/** Smallest distance from any evidence line to the label, or undefined when no evidence lies on it. */
export function labelDistance(label: LabelWeakness, evidence: readonly { file: string; line: number }[]): number | undefined {
  let best: number | undefined;
  const consider = (d: number) => { best = best === undefined ? d : Math.min(best, d); };
  for (const ev of evidence) {
    if (ev.file === label.file) {
      const [start, end] = label.lines ?? [label.line, label.line];
      if ((ev.line >= start && ev.line <= end) || near(ev.line, label.line)) consider(Math.abs(ev.line - label.line));
    }
    for (const at of label.alsoAt ?? []) {
      if (ev.file !== at.file) continue;
      const [start, end] = at.lines;
      // Evidence at an alsoAt place ranks after any evidence at the label's own location.
      if ((ev.line >= start && ev.line <= end) || near(ev.line, start)) consider(ALSO_AT_RANK + Math.abs(ev.line - start));
    }
  }
  return best;
}

function onNonFinding(nf: LabelNonFinding, f: FindingInput): boolean {
  return f.evidence.some((ev) => ev.file === nf.file && near(ev.line, nf.line)) && categoryMatch({ category: nf.category }, f.ruleId, f.cwe) !== undefined;
}

function candidatesFor(label: LabelWeakness, findings: readonly FindingInput[]): Candidate[] {
  const out: Candidate[] = [];
  findings.forEach((f, i) => {
    const strength = categoryMatch(label, f.ruleId, f.cwe);
    if (!strength) return;
    const distance = labelDistance(label, f.evidence);
    if (distance !== undefined) out.push({ finding: i, strength, distance });
  });
  return out.sort((a, b) => compareCandidates(a, b) || a.finding - b.finding);
}

function compareCandidates(a: Candidate, b: Candidate): number {
  return (a.strength === b.strength ? 0 : a.strength === 'exact' ? -1 : 1) || a.distance - b.distance;
}

/** Kuhn's augmenting paths: maximum number of labels credited, preferring exact and near candidates. */
function assign(candidates: Candidate[][]): Map<number, number> {
  const ownerOf = new Map<number, number>(); // finding → label
  const tryLabel = (label: number, seen: Set<number>): boolean => {
    for (const c of candidates[label]) {
      if (seen.has(c.finding)) continue;
      seen.add(c.finding);
      const owner = ownerOf.get(c.finding);
      if (owner === undefined || tryLabel(owner, seen)) {
        ownerOf.set(c.finding, label);
        return true;
      }
    }
    return false;
  };
  // Labels with the best candidates claim first: the matching stays maximum, but where two labels
  // contend for one finding, the exact, on-the-line match wins over a synonym a few lines away.
  const order = candidates.map((_, label) => label).filter((label) => candidates[label].length > 0);
  order.sort((a, b) => compareCandidates(candidates[a][0], candidates[b][0]) || a - b);
  for (const label of order) tryLabel(label, new Set());
  return ownerOf;
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

export function scoreWeaknesses(labels: readonly LabelWeakness[], nonFindings: readonly LabelNonFinding[], findings: readonly FindingInput[]): WeaknessScore {
  const located = findings.map((f) => !f.architectural && f.evidence.length > 0);
  const candidates = labels.map((l) => candidatesFor(l, findings).filter((c) => located[c.finding]));
  const ownerOf = assign(candidates);

  const labelResults: LabelResult[] = labels.map((label, li) => {
    const entry = [...ownerOf.entries()].find(([, owner]) => owner === li);
    if (!entry) return { label, found: false };
    const cand = candidates[li].find((c) => c.finding === entry[0]);
    return { label, found: true, finding: findings[entry[0]].id, matchedBy: cand?.strength };
  });

  const findingResults: FindingResult[] = findings.map((finding, fi) => {
    if (!located[fi]) return { finding, verdict: 'architectural' };
    const owner = ownerOf.get(fi);
    if (owner !== undefined) {
      return { finding, verdict: 'tp', label: labels[owner].id, matchedBy: candidates[owner].find((c) => c.finding === fi)?.strength };
    }
    const also = candidates.findIndex((list) => list.some((c) => c.finding === fi));
    if (also >= 0) return { finding, verdict: 'duplicate', label: labels[also].id, matchedBy: candidates[also].find((c) => c.finding === fi)?.strength };
    const nf = nonFindings.find((n) => onNonFinding(n, finding));
    if (nf) return { finding, verdict: 'fp', nonFinding: `${nf.file}:${nf.line}` };
    return { finding, verdict: 'unlabelled' };
  });

  const byCategory: Record<string, Tally> = {};
  for (const r of labelResults) {
    const t = (byCategory[r.label.category] ??= { labels: 0, found: 0, foundViaSynonym: 0 });
    t.labels++;
    if (r.found) t.found++;
    if (r.found && r.matchedBy === 'synonym') t.foundViaSynonym++;
  }
  const byRule: Record<string, RuleTally> = {};
  for (const r of findingResults) {
    const t = (byRule[r.finding.ruleId] ??= { findings: 0, tp: 0, duplicate: 0, fp: 0, unlabelled: 0, architectural: 0 });
    t.findings++;
    t[r.verdict]++;
  }

  const count = (v: FindingVerdict) => findingResults.filter((r) => r.verdict === v).length;
  const tp = count('tp');
  const duplicate = count('duplicate');
  const fp = count('fp');
  const unlabelled = count('unlabelled');
  const found = labelResults.filter((r) => r.found).length;
  return {
    labels: labelResults,
    findings: findingResults,
    counts: { labels: labels.length, found, findings: findings.length, tp, duplicate, fp, unlabelled, architectural: count('architectural') },
    recall: ratio(found, labels.length),
    precision: ratio(tp + duplicate, tp + duplicate + fp),
    precisionWithUnlabelled: ratio(tp + duplicate, tp + duplicate + fp + unlabelled),
    byCategory,
    byRule,
  };
}
