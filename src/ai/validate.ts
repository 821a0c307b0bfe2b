// Whitelisting the author's answer against the request (pure): an item survives only if it cites
// lines it was shown, repeats no existing threat, carries no text aimed at an AI, and (for a
// severity change) names an open threat of this component and moves it one step.
import type { Severity } from '../model/types.js';
import type { ComponentContext, Excerpt } from './context.js';
import { isShown } from './context.js';
import { looksLikeInjection } from './injection.js';
import { MAX_NEW_THREATS } from './prompts.js';
import type { Candidate } from './prompts.js';
import type { AuthorParse } from './schema.js';

const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

const normal = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

export interface Screened {
  candidates: Candidate[];
  /** One line per rejected item. */
  rejected: string[];
}

export function screenAuthorAnswer(context: ComponentContext, answer: AuthorParse): Screened {
  const rejected = [...answer.threats.rejected, ...answer.adjustments.rejected].map((r) => `invalid: ${r}`);
  const candidates: Candidate[] = [];
  const existing = context.facts.existingThreats;
  const existingTitles = new Set(existing.map((t) => normal(t.title)));
  const existingSites = new Set(existing.flatMap((t) => t.cwe.flatMap((cwe) => t.evidence.map((e) => `${cwe}@${e}`))));
  const seenTitles = new Set<string>();
  let kept = 0;
  answer.threats.items.forEach((threat, index) => {
    const label = `threats[${index}] "${threat.title.slice(0, 60)}"`;
    const texts = [threat.title, threat.description, threat.threatSource, threat.prerequisites, threat.threatAction, threat.threatImpact, threat.mitigation];
    if (texts.some(looksLikeInjection)) return rejected.push(`${label}: its text addresses an AI (prompt injection echoed)`);
    const shown = threat.evidence.filter((e) => isShown(context, e.file, e.line));
    if (shown.length === 0) return rejected.push(`${label}: cites no line it was shown (${threat.evidence.map((e) => `${e.file}:${e.line}`).join(', ')})`);
    if (existingTitles.has(normal(threat.title)) || seenTitles.has(normal(threat.title))) return rejected.push(`${label}: repeats a threat already in the model`);
    if (threat.cwe.some((cwe) => shown.some((e) => existingSites.has(`${cwe}@${e.file}:${e.line}`)))) return rejected.push(`${label}: same weakness at the same line as an existing threat`);
    if (kept >= MAX_NEW_THREATS) return rejected.push(`${label}: more than ${MAX_NEW_THREATS} new threats for one component`);
    kept++;
    seenTitles.add(normal(threat.title));
    candidates.push({ id: `c${candidates.length + 1}`, type: 'threat', threat: { ...threat, evidence: shown } });
  });
  const adjusted = new Set<string>();
  answer.adjustments.items.forEach((adjustment, index) => {
    const label = `adjustments[${index}] ${adjustment.threatId}`;
    const target = existing.find((t) => t.id === adjustment.threatId);
    if (!target) return rejected.push(`${label}: not a threat of this component`);
    if (target.status !== 'open') return rejected.push(`${label}: the threat is ${target.status}, a person decided it`);
    if (looksLikeInjection(adjustment.rationale)) return rejected.push(`${label}: its rationale addresses an AI (prompt injection echoed)`);
    const from = RANK[target.severity as Severity];
    const to = RANK[adjustment.severity];
    if (from === to) return rejected.push(`${label}: severity unchanged`);
    if (Math.abs(from - to) > 1) return rejected.push(`${label}: moves ${target.severity} → ${adjustment.severity}, more than one step`);
    if (adjusted.has(target.id)) return rejected.push(`${label}: a second change for the same threat`);
    adjusted.add(target.id);
    candidates.push({ id: `c${candidates.length + 1}`, type: 'adjustment', adjustment, current: { title: target.title, severity: target.severity, evidence: target.evidence } });
  });
  return { candidates, rejected };
}

/** The parts of the author's excerpts the reviewer needs: a few lines around each cited line. */
export function reviewExcerpts(context: ComponentContext, candidates: readonly Candidate[], radius = 8): Excerpt[] {
  const cited = candidates.flatMap((c) =>
    c.type === 'threat'
      ? c.threat.evidence
      : c.current.evidence.map((e) => {
          const i = e.lastIndexOf(':');
          return { file: e.slice(0, i), line: Number(e.slice(i + 1)) };
        }),
  );
  const out: Excerpt[] = [];
  for (const x of context.excerpts) {
    const hits = cited.filter((c) => c.file === x.file && c.line >= x.start && c.line <= x.end).map((c) => c.line);
    if (hits.length === 0) continue;
    const start = Math.max(x.start, Math.min(...hits) - radius);
    const end = Math.min(x.end, Math.max(...hits) + radius);
    out.push({ file: x.file, start, end, lines: x.lines.slice(start - x.start, end - x.start + 1) });
  }
  return out;
}
