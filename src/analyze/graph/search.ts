// Most likely paths: a max-product best-first search (Dijkstra over -log likelihood) from one entry
// state. Edges with a requirement ("the store must be reachable") are AND nodes: pass 1 finds the
// best likelihood of every state without them; pass 2 allows them, at no extra cost when the
// required state is already on the path, else at the cost of reaching it separately (pass 1).
import { pushTo } from './topology.js';
import type { AttackEdge, AttackGraph, AttackState } from './types.js';

export interface PathNode {
  state: string;
  /** Probability of holding the state along this path, entry likelihood included. */
  likelihood: number;
  steps: number;
  edge?: AttackEdge;
  prev?: string;
  /** A requirement met off the path: the state and the likelihood of reaching it on its own. */
  side?: { state: string; likelihood: number };
}

export interface SearchOptions {
  /** Threat ids, advisory ids or structural edge keys whose edges are left out (what-if for cuts). */
  removed?: ReadonlySet<string>;
  /** Stop once this state is settled. */
  stopAt?: string;
}

const EPSILON = 1e-12;

class Heap {
  private readonly items: PathNode[] = [];

  get size(): number {
    return this.items.length;
  }

  private static before(a: PathNode, b: PathNode): boolean {
    if (Math.abs(a.likelihood - b.likelihood) > EPSILON) return a.likelihood > b.likelihood;
    if (a.steps !== b.steps) return a.steps < b.steps;
    return a.state < b.state;
  }

  push(node: PathNode): void {
    const items = this.items;
    items.push(node);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!Heap.before(items[i], items[parent])) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }

  pop(): PathNode | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && Heap.before(items[l], items[m])) m = l;
        if (r < items.length && Heap.before(items[r], items[m])) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m], items[i]];
        i = m;
      }
    }
    return top;
  }
}

export function edgeRemoved(edge: AttackEdge, removed: ReadonlySet<string> | undefined): boolean {
  if (!removed || removed.size === 0) return false;
  return (edge.threat !== undefined && removed.has(edge.threat)) || (edge.advisory !== undefined && removed.has(edge.advisory)) || removed.has(edge.key);
}

function better(candidate: PathNode, current: PathNode | undefined): boolean {
  if (!current) return true;
  if (Math.abs(candidate.likelihood - current.likelihood) > EPSILON) return candidate.likelihood > current.likelihood;
  if (candidate.steps !== current.steps) return candidate.steps < current.steps;
  return (candidate.edge?.key ?? '') < (current.edge?.key ?? '');
}

function satisfies(state: AttackState | undefined, edge: AttackEdge): boolean {
  const req = edge.requires;
  if (!req || !state) return false;
  return req.anyOf.includes(state.id) || (req.anyKind?.includes(state.kind) ?? false);
}

function onPath(graph: AttackGraph, best: Map<string, PathNode>, from: string, edge: AttackEdge): boolean {
  let cursor: string | undefined = from;
  let guard = 0;
  while (cursor !== undefined && guard++ < 10_000) {
    if (satisfies(graph.states.get(cursor), edge)) return true;
    cursor = best.get(cursor)?.prev;
  }
  return false;
}

/** Pass-1 results indexed for AND edges: by state id, and the best state of each kind. */
interface BaseIndex {
  byState: Map<string, PathNode>;
  bestOfKind: Map<string, PathNode>;
}

function indexBase(graph: AttackGraph, base: Map<string, PathNode>): BaseIndex {
  const bestOfKind = new Map<string, PathNode>();
  for (const node of base.values()) {
    const kind = graph.states.get(node.state)?.kind;
    if (!kind) continue;
    const current = bestOfKind.get(kind);
    if (!current || node.likelihood > current.likelihood + EPSILON || (Math.abs(node.likelihood - current.likelihood) <= EPSILON && node.state < current.state)) bestOfKind.set(kind, node);
  }
  return { byState: base, bestOfKind };
}

function sideCondition(index: BaseIndex, edge: AttackEdge, entryLikelihood: number): { state: string; likelihood: number } | undefined {
  const req = edge.requires!;
  const candidates = [...req.anyOf.map((s) => index.byState.get(s)), ...(req.anyKind ?? []).map((k) => index.bestOfKind.get(k))].filter((n): n is PathNode => n !== undefined);
  let found: PathNode | undefined;
  for (const node of candidates) {
    if (!found || node.likelihood > found.likelihood + EPSILON || (Math.abs(node.likelihood - found.likelihood) <= EPSILON && node.state < found.state)) found = node;
  }
  return found ? { state: found.state, likelihood: found.likelihood / entryLikelihood } : undefined;
}

function dijkstra(graph: AttackGraph, entry: string, options: SearchOptions, base: Map<string, PathNode> | undefined): Map<string, PathNode> {
  const entryLikelihood = graph.entries.get(entry) ?? 1;
  const index = base ? indexBase(graph, base) : undefined;
  const best = new Map<string, PathNode>();
  const settled = new Set<string>();
  const heap = new Heap();
  const sides = new Map<string, PathNode['side'] | null>();
  const start: PathNode = { state: entry, likelihood: entryLikelihood, steps: 0 };
  best.set(entry, start);
  heap.push(start);
  while (heap.size > 0) {
    const node = heap.pop()!;
    if (settled.has(node.state) || best.get(node.state) !== node) continue;
    settled.add(node.state);
    if (node.state === options.stopAt) break;
    for (const edge of graph.out.get(node.state) ?? []) {
      if (settled.has(edge.to) || edgeRemoved(edge, options.removed)) continue;
      let factor = 1;
      let side: PathNode['side'];
      if (edge.requires) {
        if (!index) continue;
        if (!onPath(graph, best, node.state, edge)) {
          if (!sides.has(edge.key)) sides.set(edge.key, sideCondition(index, edge, entryLikelihood) ?? null);
          side = sides.get(edge.key) ?? undefined;
          if (!side) continue;
          factor = side.likelihood;
        }
      }
      const candidate: PathNode = { state: edge.to, likelihood: node.likelihood * edge.likelihood * factor, steps: node.steps + 1, edge, prev: node.state, ...(side ? { side } : {}) };
      if (better(candidate, best.get(edge.to))) {
        best.set(edge.to, candidate);
        heap.push(candidate);
      }
    }
  }
  return best;
}

export interface SearchResult {
  entry: string;
  best: Map<string, PathNode>;
  /** Pass 1 (no AND edges): used to rebuild side paths. */
  base: Map<string, PathNode>;
}

export function searchFrom(graph: AttackGraph, entry: string, options: SearchOptions = {}): SearchResult {
  const base = dijkstra(graph, entry, { removed: options.removed }, undefined);
  const best = dijkstra(graph, entry, options, base);
  return { entry, best, base };
}

/** The edges of the best path to `state`, entry first. */
export function pathTo(result: Map<string, PathNode>, state: string): PathNode[] {
  const nodes: PathNode[] = [];
  let cursor: string | undefined = state;
  let guard = 0;
  while (cursor !== undefined && guard++ < 10_000) {
    const node = result.get(cursor);
    if (!node) return [];
    nodes.push(node);
    cursor = node.prev;
  }
  return nodes.reverse();
}

/**
 * Whether `target` can be reached from `entry` at all with some edges removed (AND edges need any
 * of their required states reached too). Linear in the graph size; used to test cuts.
 */
export function reachable(graph: AttackGraph, entry: string, target: string, removed: ReadonlySet<string>): boolean {
  const reached = new Set<string>([entry]);
  const queue = [entry];
  const parked = new Map<string, AttackEdge[]>();
  const reach = (state: string) => {
    if (reached.has(state)) return;
    reached.add(state);
    queue.push(state);
  };
  const requirementMet = (edge: AttackEdge) => {
    const req = edge.requires!;
    if (req.anyOf.some((s) => reached.has(s))) return true;
    if (req.anyKind) for (const s of reached) if (req.anyKind.includes(graph.states.get(s)?.kind ?? 'internet')) return true;
    return false;
  };
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head];
    if (state === target) return true;
    const kind = graph.states.get(state)?.kind;
    for (const key of [state, `kind:${kind}`]) {
      const waiting = parked.get(key);
      if (!waiting) continue;
      parked.delete(key);
      for (const edge of waiting) if (reached.has(edge.from)) reach(edge.to);
    }
    for (const edge of graph.out.get(state) ?? []) {
      if (edgeRemoved(edge, removed)) continue;
      if (edge.requires && !requirementMet(edge)) {
        for (const key of [...edge.requires.anyOf, ...(edge.requires.anyKind ?? []).map((k) => `kind:${k}`)]) pushTo(parked, key, edge);
        continue;
      }
      reach(edge.to);
    }
  }
  return reached.has(target);
}
