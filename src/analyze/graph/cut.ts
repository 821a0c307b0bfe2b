// The cheapest mitigation that breaks a kill chain: a cut through the attack graph between the
// chain's entry and its target. Fixing one finding removes all of its edges at once, so the unit of
// a cut is a finding (threat or advisory) or a fixable structural edge, never a single edge.
// 1. Single fixes, cheapest first, are tested exactly (AND edges included) with `reachable`.
// 2. If none suffices: minimum-cost cut by max-flow on a network where each finding is a node pair
//    (in → out with capacity = its fix cost), then verified with `reachable`.
import { reachable } from './search.js';
import { pushTo } from './topology.js';
import type { AttackEdge, AttackGraph } from './types.js';

export interface CutUnit {
  /** Threat id, advisory id or structural edge key. */
  id: string;
  kind: 'threat' | 'advisory' | 'structural';
  cost: number;
  fix: string;
  mitigation?: string;
  /** Position of the unit's first edge in the chain (earlier breaks stop the attacker sooner). */
  position: number;
}

export function unitOf(edge: AttackEdge, position: number): CutUnit | undefined {
  if (!Number.isFinite(edge.cost)) return undefined;
  const id = edge.threat ?? edge.advisory ?? edge.key;
  const kind = edge.threat ? 'threat' : edge.advisory ? 'advisory' : 'structural';
  return { id, kind, cost: edge.cost, fix: edge.fix ?? edge.description, position, ...(edge.mitigation ? { mitigation: edge.mitigation } : {}) };
}

/** Units of the edges a chain uses (path and side paths), cheapest first, then earliest. */
export function candidateUnits(edges: readonly AttackEdge[]): CutUnit[] {
  const units = new Map<string, CutUnit>();
  edges.forEach((edge, i) => {
    const unit = unitOf(edge, i);
    if (unit && !units.has(unit.id)) units.set(unit.id, unit);
  });
  return [...units.values()].sort((a, b) => a.cost - b.cost || a.position - b.position || (a.id < b.id ? -1 : 1));
}

const INF = 1e9;

interface Arc {
  to: number;
  cap: number;
  rev: number;
}

class FlowNetwork {
  readonly arcs: Arc[][] = [];
  private readonly index = new Map<string, number>();

  node(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.arcs.length;
      this.index.set(name, i);
      this.arcs.push([]);
    }
    return i;
  }

  has(name: string): number | undefined {
    return this.index.get(name);
  }

  arc(from: number, to: number, cap: number): void {
    this.arcs[from].push({ to, cap, rev: this.arcs[to].length });
    this.arcs[to].push({ to: from, cap: 0, rev: this.arcs[from].length - 1 });
  }

  /** Edmonds–Karp; stops early once the flow exceeds `limit` (the cut is then too big to show). */
  maxFlow(s: number, t: number, limit = INF): number {
    let flow = 0;
    for (;;) {
      const prev: ([number, number] | undefined)[] = new Array(this.arcs.length);
      const queue = [s];
      prev[s] = [s, -1];
      for (let qi = 0; qi < queue.length && prev[t] === undefined; qi++) {
        const u = queue[qi];
        this.arcs[u].forEach((a, i) => {
          if (a.cap > 0 && prev[a.to] === undefined) {
            prev[a.to] = [u, i];
            queue.push(a.to);
          }
        });
      }
      if (prev[t] === undefined) return flow;
      let push = INF;
      for (let v = t; v !== s; v = prev[v]![0]) push = Math.min(push, this.arcs[prev[v]![0]][prev[v]![1]].cap);
      for (let v = t; v !== s; v = prev[v]![0]) {
        const arc = this.arcs[prev[v]![0]][prev[v]![1]];
        arc.cap -= push;
        this.arcs[v][arc.rev].cap += push;
      }
      flow += push;
      if (flow > limit || flow >= INF) return flow;
    }
  }

  /** Nodes reachable from s in the residual network. */
  sourceSide(s: number): Set<number> {
    const seen = new Set([s]);
    const queue = [s];
    for (let head = 0; head < queue.length; head++) {
      const u = queue[head];
      for (const a of this.arcs[u]) if (a.cap > 0 && !seen.has(a.to)) {
        seen.add(a.to);
        queue.push(a.to);
      }
    }
    return seen;
  }
}

/** States on some path from `entry` to `target` (AND requirements ignored): all a cut can touch. */
function between(graph: AttackGraph, entry: string, target: string): AttackEdge[] {
  const forward = new Set([entry]);
  const queue = [entry];
  for (let head = 0; head < queue.length; head++) {
    for (const e of graph.out.get(queue[head]) ?? []) if (!forward.has(e.to)) {
      forward.add(e.to);
      queue.push(e.to);
    }
  }
  const into = new Map<string, AttackEdge[]>();
  for (const e of graph.edges) if (forward.has(e.from)) pushTo(into, e.to, e);
  const backward = new Set([target]);
  const back = [target];
  for (let head = 0; head < back.length; head++) {
    for (const e of into.get(back[head]) ?? []) if (!backward.has(e.from)) {
      backward.add(e.from);
      back.push(e.from);
    }
  }
  return graph.edges.filter((e) => forward.has(e.from) && backward.has(e.to));
}

/** Cuts costing more than this are not spelled out (the description says how many fixes instead). */
const CUT_LIMIT = 12;

function minCut(graph: AttackGraph, entry: string, target: string): CutUnit[] | undefined {
  const net = new FlowNetwork();
  const units = new Map<string, CutUnit>();
  for (const edge of between(graph, entry, target)) {
    const from = net.node(`s:${edge.from}`);
    const to = net.node(`s:${edge.to}`);
    const unit = unitOf(edge, 0);
    if (!unit) {
      net.arc(from, to, INF);
      continue;
    }
    const known = net.has(`in:${unit.id}`);
    const uin = net.node(`in:${unit.id}`);
    const uout = net.node(`out:${unit.id}`);
    if (known === undefined) {
      net.arc(uin, uout, unit.cost);
      units.set(unit.id, unit);
    }
    net.arc(from, uin, INF);
    net.arc(uout, to, INF);
  }
  const s = net.has(`s:${entry}`);
  const t = net.has(`s:${target}`);
  if (s === undefined || t === undefined) return undefined;
  if (net.maxFlow(s, t, CUT_LIMIT) > CUT_LIMIT) return undefined;
  const side = net.sourceSide(s);
  const cut: CutUnit[] = [];
  for (const unit of units.values()) {
    const uin = net.has(`in:${unit.id}`)!;
    const uout = net.has(`out:${unit.id}`)!;
    if (side.has(uin) && !side.has(uout)) cut.push(unit);
  }
  return cut.sort((a, b) => (a.id < b.id ? -1 : 1));
}

export interface BreakResult {
  /** The cheapest fix on the chain: fixing it breaks this chain. */
  unit: CutUnit;
  /** Whether that fix also cuts every path from the entry to the target. */
  disconnects: boolean;
  /** When it does not: a minimum-cost set of fixes that cuts every path (verified), if one exists. */
  fullCut?: CutUnit[];
}

/**
 * The cheapest fix that breaks a chain, preferring one that cuts every path to the target (a fix
 * that only moves the attacker to the next path is worth less); otherwise the chain's cheapest fix
 * plus the minimum cut through the whole graph.
 */
export function cheapestBreak(graph: AttackGraph, entry: string, target: string, chainEdges: readonly AttackEdge[]): BreakResult | undefined {
  const units = candidateUnits(chainEdges);
  if (units.length === 0) return undefined;
  for (const unit of units) {
    if (!reachable(graph, entry, target, new Set([unit.id]))) return { unit, disconnects: true };
  }
  const result: BreakResult = { unit: units[0], disconnects: false };
  const cut = minCut(graph, entry, target);
  if (cut && cut.length > 0 && !reachable(graph, entry, target, new Set(cut.map((u) => u.id)))) {
    const positions = new Map(units.map((u) => [u.id, u.position]));
    result.fullCut = cut.map((u) => ({ ...u, position: positions.get(u.id) ?? Number.MAX_SAFE_INTEGER })).sort((a, b) => a.cost - b.cost || a.position - b.position || (a.id < b.id ? -1 : 1));
  }
  return result;
}
