// Matches the tool's flows to labelled ones. A tool flow matches a labelled flow when both of its
// ends resolve (through the component matching, duplicates included) to the labelled flow's ends in
// the same direction; when either labelled end is a queue the direction is ignored, because a
// model may draw a consumer's connection to the broker as data flowing out of it. Protocol
// agreement is scored separately on the matched flows.
import type { LabelComponent, LabelFlow } from './labels.js';
import type { ComponentMatching, Ratio } from './match-components.js';
import type { ToolComponent, ToolFlow } from './tool-model.js';

/** Spellings of the same wire protocol; anything else compares as written (lower case). */
const PROTOCOL_SYNONYMS: Record<string, string> = {
  https: 'http', http2: 'http', 'http/1.1': 'http', 'http/2': 'http', h2: 'http', rest: 'http', 'http/protobuf': 'http',
  'grpc-web': 'grpc', grpcs: 'grpc',
  postgresql: 'postgres', pg: 'postgres', pgsql: 'postgres',
  valkey: 'redis', resp: 'redis', rediss: 'redis',
  ws: 'websocket', wss: 'websocket',
  amqps: 'amqp',
};

export function normProtocol(p: string): string {
  const s = p.trim().toLowerCase();
  return PROTOCOL_SYNONYMS[s] ?? s;
}

/** A tool flow end may be a component id or, failing that, a component name. */
export function resolveComponent(ref: string, tools: readonly ToolComponent[]): ToolComponent | undefined {
  return tools.find((t) => t.id === ref) ?? tools.find((t) => t.name === ref);
}

export interface FlowMatching {
  /** Labelled flow key -> tool flows credited to it. */
  toolFlowsOf: Map<string, ToolFlow[]>;
  /** Tool flows whose both ends resolve to labels but no labelled flow joins them. */
  wrong: { flow: ToolFlow; from: string; to: string }[];
  /** Tool flows with an end that resolves to no label. */
  unresolved: { flow: ToolFlow; from: string; to: string }[];
  /** Tool flows whose two ends resolve to the same label (artefacts of duplicate components). */
  selfLoops: number;
}

export const flowKey = (f: { from: string; to: string }): string => `${f.from} -> ${f.to}`;

export function matchFlows(labels: readonly LabelFlow[], labelComponents: readonly LabelComponent[], tools: readonly ToolComponent[], toolFlows: readonly ToolFlow[], cm: ComponentMatching): FlowMatching {
  const kindOf = new Map(labelComponents.map((c) => [c.name, c.kind]));
  const byKey = new Map(labels.map((f) => [flowKey(f), f]));
  const toolFlowsOf = new Map<string, ToolFlow[]>();
  const wrong: FlowMatching['wrong'] = [];
  const unresolved: FlowMatching['unresolved'] = [];
  let selfLoops = 0;
  for (const flow of toolFlows) {
    const fromTool = resolveComponent(flow.from, tools);
    const toTool = resolveComponent(flow.to, tools);
    const from = fromTool ? cm.labelOfTool.get(fromTool.id) : undefined;
    const to = toTool ? cm.labelOfTool.get(toTool.id) : undefined;
    const names = { from: fromTool?.name ?? flow.from, to: toTool?.name ?? flow.to };
    if (!from || !to) {
      unresolved.push({ flow, ...names });
      continue;
    }
    if (from === to) {
      selfLoops += 1;
      continue;
    }
    const queueEnd = kindOf.get(from) === 'queue' || kindOf.get(to) === 'queue';
    const label = byKey.get(flowKey({ from, to })) ?? (queueEnd ? byKey.get(flowKey({ from: to, to: from })) : undefined);
    if (!label) {
      wrong.push({ flow, from, to });
      continue;
    }
    const list = toolFlowsOf.get(flowKey(label)) ?? [];
    list.push(flow);
    toolFlowsOf.set(flowKey(label), list);
  }
  return { toolFlowsOf, wrong, unresolved, selfLoops };
}

export interface FlowScore {
  /** Core labelled flows found / core labelled flows. */
  recall: Ratio;
  /** Per tag (`application` = untagged), core flows only. */
  recallByTag: Record<string, Ratio>;
  optionalFound: number;
  /** Tool flows credited to a label / all tool flows (self loops excluded). */
  precision: Ratio;
  /** Same, over tool flows whose both ends resolve to labelled components. */
  precisionResolvedEnds: Ratio;
  /** Found labelled flows where some crediting tool flow carries the labelled protocol. */
  protocolAgreement: Ratio;
  selfLoops: number;
  missed: string[];
  wrong: string[];
  unresolved: string[];
  protocolMismatches: string[];
}

const tagOf = (f: LabelFlow): string => (f.tags && f.tags.length > 0 ? f.tags[0] : 'application');

export function scoreFlows(labels: readonly LabelFlow[], fm: FlowMatching, toolFlowCount: number): FlowScore {
  const core = labels.filter((f) => !f.optional);
  const recallByTag: Record<string, Ratio> = {};
  for (const f of core) {
    const r = (recallByTag[tagOf(f)] ??= { hit: 0, of: 0 });
    r.of += 1;
    if (fm.toolFlowsOf.has(flowKey(f))) r.hit += 1;
  }
  const credited = [...fm.toolFlowsOf.values()].reduce((n, l) => n + l.length, 0);
  const protocolAgreement: Ratio = { hit: 0, of: 0 };
  const protocolMismatches: string[] = [];
  for (const f of labels) {
    const found = fm.toolFlowsOf.get(flowKey(f));
    if (!found) continue;
    protocolAgreement.of += 1;
    const accepted = new Set([f.protocol, ...(f.protocolAlternatives ?? [])].map(normProtocol));
    if (found.some((t) => accepted.has(normProtocol(t.protocol)))) protocolAgreement.hit += 1;
    else protocolMismatches.push(`${flowKey(f)}: ${f.protocol} -> ${[...new Set(found.map((t) => t.protocol || '(none)'))].join('/')}`);
  }
  const scored = toolFlowCount - fm.selfLoops;
  return {
    recall: { hit: core.filter((f) => fm.toolFlowsOf.has(flowKey(f))).length, of: core.length },
    recallByTag,
    optionalFound: labels.filter((f) => f.optional && fm.toolFlowsOf.has(flowKey(f))).length,
    precision: { hit: credited, of: scored },
    precisionResolvedEnds: { hit: credited, of: credited + fm.wrong.length },
    protocolAgreement,
    selfLoops: fm.selfLoops,
    missed: core.filter((f) => !fm.toolFlowsOf.has(flowKey(f))).map((f) => `${flowKey(f)} (${f.protocol}${f.tags ? `, ${f.tags.join(',')}` : ''})`),
    wrong: fm.wrong.map((w) => `${w.from} -> ${w.to} (${w.flow.protocol})`),
    unresolved: fm.unresolved.map((u) => `${u.from} -> ${u.to} (${u.flow.protocol})`),
    protocolMismatches,
  };
}
