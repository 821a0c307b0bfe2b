// Kill chains: the most likely path from an entry state to each high-value target, ranked by
// combined likelihood × target value, with a narrative, its evidence, an escalation flag and the
// cheapest fix that breaks it. Pure and deterministic.
import { stableId } from '../../model/ids.js';
import type { Evidence, Fact, KillChain, KillChainStep, Severity } from '../../model/types.js';
import { matchAdvisories } from './advisories.js';
import type { AdvisoryMatch, OsvAdvisory } from './advisories.js';
import { buildAttackGraph } from './build.js';
import { cheapestBreak } from './cut.js';
import type { BreakResult, CutUnit } from './cut.js';
import { pathTo, searchFrom } from './search.js';
import type { PathNode, SearchResult } from './search.js';
import { Topology } from './topology.js';
import type { AttackEdge, AttackGraph, AttackState, GraphInput } from './types.js';
import { where } from './words.js';

export interface KillChainOptions {
  /** Raw OSV advisories, matched here against the model's dependencies. */
  advisories?: readonly OsvAdvisory[];
  /** Matches from another matcher (src/ir); used as given, in addition to `advisories`. */
  matches?: readonly AdvisoryMatch[];
  /** Facts of the run (import sites sharpen advisory reachability); absent when reading a model.json. */
  facts?: readonly Fact[];
  /** Entry state: internet, user, repo, or any state id (a what-if: "given code execution in api"). */
  from?: string;
  /** Target filter: a state kind (admin, data, secrets, host, cluster, access), a state id, or a component name. */
  to?: string;
  /** At most this many chains (default 25). */
  limit?: number;
}

export interface KillChainAnalysis {
  graph: AttackGraph;
  chains: KillChain[];
  matches: AdvisoryMatch[];
}

const DEFAULT_LIMIT = 25;
/** Chains less likely than this are noise, not findings. */
const MIN_LIKELIHOOD = 0.01;
const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };
const SEVERITY_BY_RANK: Severity[] = ['low', 'medium', 'high', 'critical'];

/** Likelihood level of a chain (combined probability). */
export function likelihoodLevel(likelihood: number): 'low' | 'medium' | 'high' {
  return likelihood >= 0.3 ? 'high' : likelihood >= 0.1 ? 'medium' : 'low';
}

/** Impact level of a target state (its value). */
export function impactLevel(value: number): 'low' | 'medium' | 'high' {
  return value >= 0.8 ? 'high' : value >= 0.6 ? 'medium' : 'low';
}

/** OWASP risk-rating style matrix: likelihood level × impact level → severity. */
export function chainSeverity(likelihood: number, value: number): Severity {
  const l = { low: 0, medium: 1, high: 2 }[likelihoodLevel(likelihood)];
  const i = { low: 0, medium: 1, high: 2 }[impactLevel(value)];
  const matrix: Severity[][] = [
    ['low', 'low', 'medium'],
    ['low', 'medium', 'high'],
    ['medium', 'high', 'critical'],
  ];
  return matrix[l][i];
}

interface Candidate {
  entry: string;
  target: AttackState;
  nodes: PathNode[];
  likelihood: number;
  result: SearchResult;
}

const TARGET_KINDS = new Set<string>(['data', 'admin', 'secrets', 'access', 'host', 'cluster', 'exec', 'user', 'net', 'reach', 'dos']);

function matchesTarget(state: AttackState, filter: string | undefined, topology: Topology): boolean {
  if (!filter) return state.target;
  const f = filter.toLowerCase();
  if (state.id.toLowerCase() === f) return true;
  if (!state.target) return false;
  // A kind name means the kind, even when a component happens to have that name.
  if (TARGET_KINDS.has(f)) return state.kind === f;
  if (f === 'restricted' || f === 'confidential') return state.kind === 'data' && (state.valueReason ?? '').startsWith(f);
  const component = state.component ? topology.components.get(state.component) : undefined;
  return component !== undefined && (component.name.toLowerCase() === f || topology.nameOf(component.id).toLowerCase() === f);
}

function edgesOf(nodes: readonly PathNode[]): AttackEdge[] {
  return nodes.flatMap((n) => (n.edge ? [n.edge] : []));
}

interface SidePath {
  state: string;
  why?: string;
  edges: AttackEdge[];
}

function sidePaths(candidate: Candidate): SidePath[] {
  return candidate.nodes
    .filter((n) => n.side)
    .map((n) => ({ state: n.side!.state, why: n.edge?.requires?.why, edges: edgesOf(pathTo(candidate.result.base, n.side!.state)) }));
}

/** A chain is redundant when a kept chain walks exactly its path and ends somewhere at least as valuable. */
function dropPrefixes(candidates: Candidate[]): Candidate[] {
  const keys = candidates.map((c) => edgesOf(c.nodes).map((e) => e.key));
  return candidates.filter((c, i) =>
    !candidates.some((other, j) => {
      if (i === j || other.entry !== c.entry || keys[j].length <= keys[i].length || other.target.value < c.target.value) return false;
      return keys[i].every((k, n) => keys[j][n] === k);
    }),
  );
}

function evidenceOf(edges: readonly AttackEdge[]): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  // Findings first: they are what a reviewer opens; structural citations (ports, flows) after.
  for (const edge of [...edges.filter((e) => e.kind !== 'structural'), ...edges.filter((e) => e.kind === 'structural')]) {
    for (const e of edge.evidence) {
      const key = `${e.file}:${e.line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(e);
    }
  }
  return out.slice(0, 12);
}

function clean(text: string): string {
  return text.replace(/[<>&]/g, ' ').replace(/\s+/g, ' ').trim();
}

function narrativeOf(graph: AttackGraph, candidate: Candidate, severity: Severity, escalation: boolean, worstStep: Severity | undefined, sides: SidePath[]): string {
  const entry = graph.states.get(candidate.entry);
  const edges = edgesOf(candidate.nodes);
  const sentences: string[] = [];
  for (let i = 0; i < edges.length; i += 3) {
    const clauses = edges.slice(i, i + 3).map((e) => e.description);
    sentences.push(i === 0 ? `Starting as ${entry?.label ?? candidate.entry}, the attacker ${clauses.join(', then ')}.` : `Next the attacker ${clauses.join(', then ')}.`);
  }
  for (const side of sides) {
    const state = graph.states.get(side.state);
    const how = side.edges.map((e) => e.description).join(', then ');
    sentences.push(`This needs ${state?.label ?? side.state}${side.why ? ` (${side.why})` : ''}${how ? `, which the attacker gets as follows: ${how}` : ''}.`);
  }
  const target = candidate.target;
  const pct = Math.max(1, Math.round(candidate.likelihood * 100));
  const worse = escalation && worstStep ? `, more severe than any single step (the worst alone is ${worstStep})` : '';
  sentences.push(`The chain ends with ${target.label}${target.valueReason ? `, which means ${target.valueReason}` : ''}: ${severity} overall${worse}, with a combined likelihood of about ${pct}%.`);
  return clean(sentences.join(' '));
}

const FULL_CUT_SHOWN = 4;

function breakOf(graph: AttackGraph, result: BreakResult | undefined, edges: readonly AttackEdge[], target: AttackState): KillChain['breakWith'] {
  if (!result) return undefined;
  const label = (unit: CutUnit) => {
    const edge = edges.find((e) => (e.threat ?? e.advisory ?? e.key) === unit.id) ?? graph.edges.find((e) => (e.threat ?? e.advisory ?? e.key) === unit.id);
    if (!edge || edge.kind === 'structural') return 'the missing control';
    const title = /\u201c[^\u201d]*\u201d/.exec(edge.description)?.[0];
    return `${edge.threat ? (title ?? 'the finding') : edge.advisory} (${where(edge.evidence)})`;
  };
  const { unit } = result;
  let description = `Fix ${label(unit)}: ${unit.fix.replace(/\.?$/, '.')}`;
  if (result.disconnects) description += ` That cuts every path to ${target.label}.`;
  else if (result.fullCut && result.fullCut.length <= FULL_CUT_SHOWN) {
    const others = result.fullCut.filter((u) => u.id !== unit.id);
    description += ` It breaks this chain, but other paths lead to ${target.label}; the cheapest cut through all of them fixes ${result.fullCut.length === 1 ? 'one finding' : `${result.fullCut.length} findings`}${others.length > 0 ? `, including ${others.map(label).join(', ')}` : ''}.`;
  } else description += ` It breaks this chain, but ${result.fullCut ? `${result.fullCut.length} fixes` : 'more fixes'} are needed to cut every other path to ${target.label}.`;
  return { ...(unit.mitigation ? { mitigation: unit.mitigation } : {}), threat: unit.id, description: clean(description) };
}

function toChain(graph: AttackGraph, candidate: Candidate): KillChain {
  const edges = edgesOf(candidate.nodes);
  const sides = sidePaths(candidate);
  const all = [...edges, ...sides.flatMap((s) => s.edges)];
  const severity = chainSeverity(candidate.likelihood, candidate.target.value);
  const stepSeverities = all.filter((e) => e.severity).map((e) => SEVERITY_RANK[e.severity!]);
  const worst = stepSeverities.length > 0 ? Math.max(...stepSeverities) : undefined;
  const escalation = worst !== undefined && SEVERITY_RANK[severity] > worst;
  const steps: KillChainStep[] = edges.map((e) => ({
    ...(e.threat ? { threat: e.threat } : {}),
    ...(e.advisory ? { advisory: e.advisory } : {}),
    from: e.from,
    to: e.to,
    description: clean(e.description),
  }));
  const chain: KillChain = {
    id: stableId('killchain', [candidate.entry, ...edges.map((e) => e.key)].join('|')),
    entry: candidate.entry,
    target: candidate.target.id,
    steps,
    likelihood: Math.round(candidate.likelihood * 1000) / 1000,
    severity,
    escalation,
    narrative: narrativeOf(graph, candidate, severity, escalation, worst === undefined ? undefined : SEVERITY_BY_RANK[worst], sides),
    evidence: evidenceOf(all),
  };
  const breakWith = breakOf(graph, cheapestBreak(graph, candidate.entry, candidate.target.id, all), all, candidate.target);
  if (breakWith) chain.breakWith = breakWith;
  return chain;
}

function rank(a: Candidate, b: Candidate): number {
  const score = b.likelihood * b.target.value - a.likelihood * a.target.value;
  if (Math.abs(score) > 1e-9) return score;
  return a.nodes.length - b.nodes.length || (a.target.id < b.target.id ? -1 : a.target.id > b.target.id ? 1 : a.entry < b.entry ? -1 : 1);
}

function advisoryMatches(model: GraphInput, options: KillChainOptions): AdvisoryMatch[] {
  const matches = [...(options.matches ?? [])];
  if (options.advisories && options.advisories.length > 0) {
    const topology = new Topology(model);
    matches.push(...matchAdvisories(options.advisories, model.dependencies, { facts: options.facts, componentOfFile: (file) => topology.componentOfFile(file)?.id }));
  }
  return matches;
}

/** The attack graph and the ranked kill chains of a model. */
export function analyzeKillChains(model: GraphInput, options: KillChainOptions = {}): KillChainAnalysis {
  const matches = advisoryMatches(model, options);
  const graph = buildAttackGraph(model, { advisories: matches });
  const topology = new Topology(model);
  const entries = options.from ? [options.from] : [...graph.entries.keys()];
  const bestByTarget = new Map<string, Candidate>();
  for (const entry of entries) {
    if (!graph.states.has(entry)) continue;
    const result = searchFrom(graph, entry);
    for (const [stateId, node] of result.best) {
      const state = graph.states.get(stateId);
      if (!state || stateId === entry || node.likelihood < MIN_LIKELIHOOD || !matchesTarget(state, options.to, topology)) continue;
      const nodes = pathTo(result.best, stateId);
      if (!nodes.some((n) => n.edge && n.edge.kind !== 'structural')) continue;
      const candidate: Candidate = { entry, target: state, nodes, likelihood: node.likelihood, result };
      const current = bestByTarget.get(stateId);
      if (!current || rank(candidate, current) < 0) bestByTarget.set(stateId, candidate);
    }
  }
  const ranked = dropPrefixes([...bestByTarget.values()].sort(rank)).slice(0, options.limit ?? DEFAULT_LIMIT);
  return { graph, chains: ranked.map((c) => toChain(graph, c)), matches };
}

/** Kill chains of a model (what the pipeline stores in model.json). */
export function computeKillChains(model: GraphInput, options: KillChainOptions = {}): KillChain[] {
  return analyzeKillChains(model, options).chains;
}

