// The model as an AWS Threat Composer workspace (`threatmodel.tc.json`, DESIGN §3.3): a file the
// real app imports without a change. Every string is written the way the importer will store it,
// statements are rendered exactly as the app renders them, links only join existing entities,
// and the same model always gives the same bytes.
import type { ThreatModel } from '../model/types.js';
import { elementNames, emitAssumption, emitMitigation, emitThreat, tcId, uniqueById } from '../tc/emit-entities.js';
import { applicationInfo, architecture, dataflow } from '../tc/emit-sections.js';
import type { TcDocument } from '../tc/schema.js';

export interface ThreatComposerOptions {
  /** The Mermaid data-flow diagram (as written to dfd.mmd); embedded in the descriptions. */
  dfd: string;
}

type MitigationLink = NonNullable<TcDocument['mitigationLinks']>[number];
type AssumptionLink = NonNullable<TcDocument['assumptionLinks']>[number];

/** Threat↔mitigation pairs declared on either side, in threat order then mitigation order. */
function mitigationLinks(model: ThreatModel, threatIds: string[], mitigationIds: string[]): MitigationLink[] {
  const threatIndex = new Map(threatIds.map((id, i) => [id, i]));
  const mitigationIndex = new Map(mitigationIds.map((id, i) => [id, i]));
  const pairs = new Map<string, [number, number]>();
  const add = (threatId: string, mitigationId: string): void => {
    const t = threatIndex.get(tcId(threatId));
    const m = mitigationIndex.get(tcId(mitigationId));
    if (t !== undefined && m !== undefined) pairs.set(`${t} ${m}`, [t, m]);
  };
  for (const threat of model.threats) for (const m of threat.mitigations) add(threat.id, m);
  for (const mitigation of model.mitigations) for (const t of mitigation.threats) add(t, mitigation.id);
  return [...pairs.values()]
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map(([t, m]) => ({ mitigationId: mitigationIds[m], linkedId: threatIds[t] }));
}

function assumptionLinks(model: ThreatModel, threatIds: string[], assumptionIds: string[]): AssumptionLink[] {
  const threatIndex = new Map(threatIds.map((id, i) => [id, i]));
  const links: AssumptionLink[] = [];
  const seen = new Set<string>();
  for (const assumption of model.assumptions) {
    const assumptionId = tcId(assumption.id);
    if (!assumptionIds.includes(assumptionId)) continue;
    const targets = assumption.threats.map((t) => threatIndex.get(tcId(t))).filter((i): i is number => i !== undefined);
    for (const t of [...new Set(targets)].sort((a, b) => a - b)) {
      const key = `${assumptionId} ${t}`;
      if (seen.has(key)) continue;
      seen.add(key);
      links.push({ type: 'Threat', assumptionId, linkedId: threatIds[t] });
    }
  }
  return links;
}

export function renderThreatComposer(model: ThreatModel, options: ThreatComposerOptions): string {
  const names = elementNames(model);
  const threats = uniqueById(model.threats).map((t, i) => emitThreat(t, i + 1, names));
  const mitigations = uniqueById(model.mitigations).map((m, i) => emitMitigation(m, i + 1));
  const assumptions = uniqueById(model.assumptions).map((a, i) => emitAssumption(a, i + 1));
  const threatIds = threats.map((t) => t.id);
  const document: TcDocument = {
    schema: 1,
    applicationInfo: applicationInfo(model),
    architecture: architecture(model, options.dfd),
    dataflow: dataflow(model, options.dfd),
    assumptions,
    mitigations,
    assumptionLinks: assumptionLinks(model, threatIds, assumptions.map((a) => a.id)),
    mitigationLinks: mitigationLinks(model, threatIds, mitigations.map((m) => m.id)),
    threats,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
