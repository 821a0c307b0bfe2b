import type { Evidence, Severity, ThreatModel } from '../../model/types.js';

/** What the attack graph is built from: the model without its outputs (kill chains, diagnostics). */
export type GraphInput = Pick<ThreatModel, 'components' | 'flows' | 'trustBoundaries' | 'entryPoints' | 'assets' | 'dependencies' | 'threats'> &
  Partial<Pick<ThreatModel, 'mitigations'>>;

export type StateKind =
  | 'internet'
  | 'user'
  | 'repo'
  | 'reach'
  | 'net'
  | 'lan'
  | 'lan-http'
  | 'exec'
  | 'secrets'
  | 'admin'
  | 'data'
  | 'access'
  | 'host'
  | 'cluster'
  | 'dos';

/** An attacker state: what the attacker holds or can do. */
export interface AttackState {
  /** `internet`, `user`, `repo`, `host`, `cluster`, or `<kind>:<component name>`. */
  id: string;
  kind: StateKind;
  /** Component id for component states. */
  component?: string;
  label: string;
  /** 0–1: how much an attacker gains by holding this state (targets are the valuable ones). */
  value: number;
  /** Why the value is what it is (shown in chain narratives). */
  valueReason?: string;
  target: boolean;
}

/** Another state that must already be on the path for an edge to be usable (any one of them). */
export interface Requirement {
  anyOf: string[];
  /** State kinds, any state of which on the path also satisfies the requirement. */
  anyKind?: StateKind[];
  why: string;
}

export type EdgeKind = 'threat' | 'advisory' | 'structural';

export interface AttackEdge {
  /** Stable key: from, to and what makes the edge (threat id, advisory id or structural reason). */
  key: string;
  from: string;
  to: string;
  kind: EdgeKind;
  threat?: string;
  advisory?: string;
  /** 0–1 chance that an attacker holding `from` gets `to` through this edge. */
  likelihood: number;
  /** One sentence, lower-case start, that reads after "the attacker ...". */
  description: string;
  requires?: Requirement;
  evidence: Evidence[];
  severity?: Severity;
  /** Effort to remove the edge (1 configuration, 2 code, 3 design); Infinity when it is not a fix. */
  cost: number;
  /** What removes the edge, for the "cheapest break". */
  fix?: string;
  mitigation?: string;
}

export interface AttackGraph {
  states: Map<string, AttackState>;
  edges: AttackEdge[];
  /** Outgoing edges by state id, in key order. */
  out: Map<string, AttackEdge[]>;
  /** Entry states and the likelihood that such an attacker exists and tries. */
  entries: Map<string, number>;
}
