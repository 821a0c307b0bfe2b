// Boundary assignment agreement. Labelled and tool boundaries have different names and the tool may
// nest them, so agreement is measured on pairs of matched components: do the labels and the tool
// agree on whether the two sit in the same boundary? Each tool component's assignment is its
// innermost boundary (the one with the fewest members containing it); a component in no tool
// boundary is alone. Flow crossing agreement asks the same question per matched flow: the labels
// say a flow crosses when its ends sit in different boundaries, the tool when `crosses` is not
// empty.
import type { LabelBoundary, LabelFlow } from './labels.js';
import type { ComponentMatching, Ratio } from './match-components.js';
import { flowKey, type FlowMatching } from './match-flows.js';
import type { ToolBoundary } from './tool-model.js';

export interface BoundaryScore {
  /** Matched components placed in at least one tool boundary / matched components. */
  coverage: Ratio;
  /** Pairs on which labels and tool agree (same vs different boundary) / all pairs. */
  pairAgreement: Ratio;
  /** Pairs the labels put together that the tool also puts together. */
  samePairs: Ratio;
  /** Pairs the labels keep apart that the tool also keeps apart. */
  differentPairs: Ratio;
  /** Matched labelled flows whose crossing status (labels) equals the tool's. */
  crossingAgreement: Ratio;
  /** For each labelled boundary: the tool boundaries (name/kind) holding its matched members. */
  mapping: Record<string, string[]>;
  crossingMismatches: string[];
}

function innermost(boundaries: readonly ToolBoundary[]): Map<string, ToolBoundary> {
  const out = new Map<string, ToolBoundary>();
  for (const b of boundaries) {
    for (const id of b.components) {
      const prev = out.get(id);
      if (!prev || b.components.length < prev.components.length || (b.components.length === prev.components.length && b.id < prev.id)) out.set(id, b);
    }
  }
  return out;
}

export function scoreBoundaries(labels: readonly LabelBoundary[], labelFlows: readonly LabelFlow[], toolBoundaries: readonly ToolBoundary[], cm: ComponentMatching, fm: FlowMatching): BoundaryScore {
  const labelBoundaryOf = new Map<string, string>();
  for (const b of labels) for (const c of b.components) labelBoundaryOf.set(c, b.name);
  const toolBoundaryOf = innermost(toolBoundaries);

  const matched = [...cm.toolOfLabel.entries()].map(([label, tool]) => ({ label, tool }));
  const assign = (toolId: string): string => toolBoundaryOf.get(toolId)?.id ?? `(none:${toolId})`;
  const coverage: Ratio = { hit: matched.filter((m) => toolBoundaryOf.has(m.tool.id)).length, of: matched.length };

  const pairAgreement: Ratio = { hit: 0, of: 0 };
  const samePairs: Ratio = { hit: 0, of: 0 };
  const differentPairs: Ratio = { hit: 0, of: 0 };
  for (let i = 0; i < matched.length; i++) {
    for (let j = i + 1; j < matched.length; j++) {
      const labelSame = labelBoundaryOf.get(matched[i].label) === labelBoundaryOf.get(matched[j].label);
      const toolSame = assign(matched[i].tool.id) === assign(matched[j].tool.id);
      pairAgreement.of += 1;
      if (labelSame === toolSame) pairAgreement.hit += 1;
      const side = labelSame ? samePairs : differentPairs;
      side.of += 1;
      if (labelSame === toolSame) side.hit += 1;
    }
  }

  const mapping: Record<string, string[]> = {};
  for (const b of labels) {
    const held = new Set<string>();
    for (const c of b.components) {
      const tool = cm.toolOfLabel.get(c);
      if (!tool) continue;
      const tb = toolBoundaryOf.get(tool.id);
      held.add(tb ? `${tb.name} [${tb.kind}]` : '(none)');
    }
    if (held.size > 0) mapping[`${b.name} [${b.kind}]`] = [...held].sort();
  }

  const crossingAgreement: Ratio = { hit: 0, of: 0 };
  const crossingMismatches: string[] = [];
  for (const f of labelFlows) {
    const found = fm.toolFlowsOf.get(flowKey(f));
    if (!found) continue;
    const labelCrosses = labelBoundaryOf.get(f.from) !== labelBoundaryOf.get(f.to);
    const toolCrosses = found.some((t) => t.crosses.length > 0);
    crossingAgreement.of += 1;
    if (labelCrosses === toolCrosses) crossingAgreement.hit += 1;
    else crossingMismatches.push(`${flowKey(f)}: labels ${labelCrosses ? 'cross' : 'stay'}, tool ${toolCrosses ? 'crosses' : 'stays'}`);
  }
  return { coverage, pairAgreement, samePairs, differentPairs, crossingAgreement, mapping, crossingMismatches };
}
