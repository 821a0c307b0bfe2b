// Collects states and edges: dedupes edges by key (keeping the likelier), and hands every new state
// to the structural expansion exactly once (a worklist), so only states that some edge touches exist.
import type { Component } from '../../model/types.js';
import { StateSet } from './states.js';
import { pushTo } from './topology.js';
import type { Topology } from './topology.js';
import type { AttackEdge, AttackGraph, AttackState, StateKind } from './types.js';

export class GraphBuilder {
  readonly states: StateSet;
  private readonly edges = new Map<string, AttackEdge>();
  /** `from>to` → edge kinds present, so hasEdge is a lookup, not a scan. */
  private readonly pairs = new Map<string, Set<AttackEdge['kind']>>();
  private readonly pending: AttackState[] = [];
  private readonly expanded = new Set<string>();

  constructor(readonly topology: Topology) {
    this.states = new StateSet(topology);
  }

  state(kind: StateKind, component?: Component): AttackState {
    const before = this.states.states.size;
    const state = this.states.get(kind, component);
    if (this.states.states.size > before) this.pending.push(state);
    return state;
  }

  add(edge: Omit<AttackEdge, 'key'> & { key?: string }): void {
    if (edge.from === edge.to || edge.likelihood <= 0) return;
    const source = edge.threat ? `threat:${edge.threat}` : edge.advisory ? `advisory:${edge.advisory}` : `structural:${edge.key ?? edge.description}`;
    const key = `${edge.from}>${edge.to}|${source}`;
    const likelihood = Math.round(Math.min(1, edge.likelihood) * 1000) / 1000;
    const existing = this.edges.get(key);
    if (existing && existing.likelihood >= likelihood) return;
    this.edges.set(key, { ...edge, key, likelihood });
    const pair = `${edge.from}>${edge.to}`;
    const kinds = this.pairs.get(pair) ?? new Set<AttackEdge['kind']>();
    kinds.add(edge.kind);
    this.pairs.set(pair, kinds);
  }

  hasEdge(from: string, to: string, kind?: AttackEdge['kind']): boolean {
    const kinds = this.pairs.get(`${from}>${to}`);
    return kinds !== undefined && (!kind || kinds.has(kind));
  }

  /** Expands states until no new one appears. */
  expand(expandState: (state: AttackState) => void): void {
    for (let head = 0; head < this.pending.length; head++) {
      const state = this.pending[head];
      if (this.expanded.has(state.id)) continue;
      this.expanded.add(state.id);
      expandState(state);
    }
  }

  finish(entries: Map<string, number>): AttackGraph {
    const edges = [...this.edges.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const out = new Map<string, AttackEdge[]>();
    for (const e of edges) pushTo(out, e.from, e);
    const states = new Map([...this.states.states.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
    return { states, edges, out, entries };
  }
}
