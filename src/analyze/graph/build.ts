import type { AdvisoryMatch } from './advisories.js';
import { addAdvisoryEdges } from './advisory-edges.js';
import { GraphBuilder } from './builder.js';
import { ENTRY_LIKELIHOOD } from './states.js';
import { expandState } from './structural.js';
import { addThreatEdges } from './threat-edges.js';
import { Topology } from './topology.js';
import type { AttackGraph, GraphInput } from './types.js';

export interface GraphOptions {
  advisories?: readonly AdvisoryMatch[];
}

/**
 * The attack graph of a model: attacker states as nodes; threats, vulnerable dependencies and the
 * system's structure as edges. Pure and deterministic (edges and states sorted by key).
 */
export function buildAttackGraph(model: GraphInput, options: GraphOptions = {}): AttackGraph {
  const b = new GraphBuilder(new Topology(model));
  b.state('internet');
  b.state('user');
  b.state('repo');
  const implemented = new Set((model.mitigations ?? []).filter((m) => m.status === 'implemented').map((m) => m.id));
  for (const threat of model.threats) addThreatEdges(b, threat, implemented);
  for (const match of options.advisories ?? []) addAdvisoryEdges(b, match);
  b.expand((state) => expandState(b, state));
  return b.finish(new Map(Object.entries(ENTRY_LIKELIHOOD)));
}
