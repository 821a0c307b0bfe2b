// From reviewed candidates to patch operations (pure). Only candidates the reviewer confirmed
// become operations; a missing verdict, a duplicate verdict that disagrees, or a reject drops it.
import type { Level } from '../model/types.js';
import type { PatchOp, Provenance } from '../mcp/patch/types.js';
import type { ComponentContext } from './context.js';
import type { Candidate } from './prompts.js';
import type { AiVerdict } from './schema.js';

const LEVEL_RANK: Record<Level, number> = { low: 0, medium: 1, high: 2 };
const lower = (a: Level, b: Level): Level => (LEVEL_RANK[a] <= LEVEL_RANK[b] ? a : b);

export interface Judged {
  kept: { candidate: Candidate; verdict: AiVerdict }[];
  dropped: { candidate: Candidate; reason: string }[];
}

export function judge(candidates: readonly Candidate[], verdicts: readonly AiVerdict[]): Judged {
  const out: Judged = { kept: [], dropped: [] };
  for (const candidate of candidates) {
    const mine = verdicts.filter((v) => v.id === candidate.id);
    if (mine.length === 0) out.dropped.push({ candidate, reason: 'the reviewer gave no verdict' });
    else if (mine.some((v) => v.verdict === 'reject')) out.dropped.push({ candidate, reason: `the reviewer rejected it: ${mine.find((v) => v.verdict === 'reject')?.reason ?? ''}` });
    else out.kept.push({ candidate, verdict: mine[0] });
  }
  return out;
}

export interface ModelNames {
  author: string;
  reviewer: string;
  promptVersion: string;
}

export function toOps(context: ComponentContext, kept: Judged['kept'], names: ModelNames): PatchOp[] {
  return kept.map(({ candidate, verdict }): PatchOp => {
    const authorConfidence = candidate.type === 'threat' ? candidate.threat.confidence : candidate.adjustment.confidence;
    const provenance: Provenance = {
      source: 'ai',
      model: names.author,
      reviewer: names.reviewer,
      confidence: lower(authorConfidence, verdict.confidence),
      reason: candidate.type === 'threat' ? `reviewer: ${verdict.reason}` : `${candidate.adjustment.rationale} (reviewer: ${verdict.reason})`,
      promptVersion: names.promptVersion,
    };
    if (candidate.type === 'adjustment') return { op: 'update-threat', id: candidate.adjustment.threatId, set: { severity: candidate.adjustment.severity }, provenance };
    const t = candidate.threat;
    return {
      op: 'add-threat',
      threat: {
        title: t.title,
        description: t.description,
        stride: t.stride,
        cwe: t.cwe,
        likelihood: t.likelihood,
        impact: t.impact,
        confidence: provenance.confidence,
        elements: [context.component.id],
        evidence: t.evidence.map((e) => ({ file: e.file, line: e.line })),
        grammar: { threatSource: t.threatSource, prerequisites: t.prerequisites, threatAction: t.threatAction, threatImpact: t.threatImpact },
        ...(t.mitigation.trim() ? { remediation: t.mitigation } : {}),
        ruleId: `ai/${t.kind}`,
      },
      provenance,
    };
  });
}
