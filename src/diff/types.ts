import type { Asset, Component, Dependency, EntryPoint, Flow, KillChain, Severity, Threat, TrustBoundary } from '../model/types.js';

export const DELTA_SCHEMA = 'threatcode.delta/v1';

/** One field of an element that differs between the two models. Values are JSON. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** An element present in both models with different properties. */
export interface Changed<T> {
  before: T;
  after: T;
  fields: FieldChange[];
}

export interface ElementDelta<T> {
  added: T[];
  removed: T[];
  changed: Changed<T>[];
}

/** A package whose set of versions in one component changed (an upgrade or downgrade). */
export interface DependencyChange {
  ecosystem: string;
  name: string;
  component: string;
  before: string[];
  after: string[];
}

export interface DependencyDelta {
  added: Dependency[];
  removed: Dependency[];
  changed: DependencyChange[];
}

export interface ArchitectureDelta {
  components: ElementDelta<Component>;
  entryPoints: ElementDelta<EntryPoint>;
  flows: ElementDelta<Flow>;
  trustBoundaries: ElementDelta<TrustBoundary>;
  assets: ElementDelta<Asset>;
  dependencies: DependencyDelta;
}

export interface KillChainDelta {
  /** Chains only the head model has. */
  new: KillChain[];
  /** Chains in both whose path got longer or whose severity or likelihood rose. */
  grown: Changed<KillChain>[];
  /** Chains only the base model has. */
  resolved: KillChain[];
}

/** What changed about a threat that is in both models (the threat itself is in `changed`). */
export interface ThreatChange {
  id: string;
  fields: FieldChange[];
}

export interface ModelSide {
  ref?: string;
  commit?: string;
  /** Open threats per severity. */
  open: Record<Severity, number>;
}

/**
 * The delta between two models of the same product, threats matched by their stable id (rule +
 * element key, never a line number), so code that moved is not new.
 */
export interface ModelDelta {
  schema: typeof DELTA_SCHEMA;
  product: string;
  base: ModelSide;
  head: ModelSide;
  /** Threats only the head model has, as in model.json (head version). */
  new: Threat[];
  /** Threats only the base model has, as in model.json (base version). */
  resolved: Threat[];
  /** Threats in both whose severity, score, status, title, elements, confidence or cited files differ (head version). */
  changed: Threat[];
  /** For each threat in `changed`, what changed. Same order. */
  threatChanges: ThreatChange[];
  /** Threats in both whose only difference is where their evidence lines are: moved code. */
  moved: string[];
  architecture: ArchitectureDelta;
  killChains: KillChainDelta;
}

export type GateLevel = Severity | 'none';

export interface GateTrigger {
  id: string;
  title: string;
  severity: Severity;
  /** new: appeared in this change; escalated: rose to the level; reopened: was suppressed, accepted or mitigated before. */
  reason: 'new' | 'escalated' | 'reopened';
}

export interface GateResult {
  failOn: GateLevel;
  failed: boolean;
  triggers: GateTrigger[];
}
