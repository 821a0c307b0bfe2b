// Model patches: the only way anything other than the rule engine changes a model (an agent over
// MCP, a person, the LLM enrichment). A patch is a list of operations; applying it is pure and
// validates every operation on its own, so one bad operation never spoils the others.
import type { Assumption, Level, Mitigation, Severity, StrideLetter, Threat, ThreatStatus } from '../../model/types.js';

/** Who wrote a change, and how sure they were. No wall-clock time: models stay deterministic. */
export interface Provenance {
  source: 'manual' | 'ai';
  /** The LLM that wrote it (`openai:gpt-4o-mini`), for `source: 'ai'`. */
  model?: string;
  /** The LLM that independently confirmed it, for enrichment items. */
  reviewer?: string;
  confidence?: Level;
  /** Free-form name of the person or agent (`claude-code`, `alice@example.com`). */
  author?: string;
  /** Why: the rationale given with the change. */
  reason?: string;
  /** Version of the enrichment prompts, so cached answers from older prompts are told apart. */
  promptVersion?: string;
}

/** One line of an item's history of non-rule changes, stored on the item as `provenance[]`. */
export interface ProvenanceEntry extends Provenance {
  action: 'added' | 'updated';
  /** For updates: the fields that changed. */
  fields?: string[];
}

/**
 * Model items with their provenance. `provenance` is an extra, optional property (the lead may
 * fold it into src/model/types.ts); emitters that do not know it ignore it.
 */
export type ProvenancedThreat = Threat & { provenance?: ProvenanceEntry[] };
export type ProvenancedMitigation = Mitigation & { provenance?: ProvenanceEntry[] };
export type ProvenancedAssumption = Assumption & { provenance?: ProvenanceEntry[] };

export interface EvidenceRef {
  file: string;
  line: number;
  endLine?: number;
}

export interface GrammarInput {
  threatSource?: string;
  prerequisites?: string;
  threatAction?: string;
  threatImpact?: string;
  impactedGoal?: string[];
  impactedAssets?: string[];
}

export interface NewThreat {
  title: string;
  description: string;
  stride: StrideLetter[];
  cwe?: string[];
  capec?: string[];
  attack?: string[];
  owasp?: string[];
  likelihood: Level;
  impact: Level;
  confidence?: Level;
  /** Component ids or names (resolved to ids); required when there is no evidence. */
  elements?: string[];
  /** Code the threat is about; none makes it architectural. */
  evidence?: EvidenceRef[];
  grammar?: GrammarInput;
  /** Ids of existing mitigations to link. */
  mitigations?: string[];
  remediation?: string;
  status?: ThreatStatus;
  statusReason?: string;
  /** Rule-like id of the kind of finding (`ai/business-logic`); default `manual` or `ai`. */
  ruleId?: string;
}

export interface ThreatUpdate {
  status?: ThreatStatus;
  statusReason?: string;
  severity?: Severity;
  title?: string;
  description?: string;
  remediation?: string;
  confidence?: Level;
  /** Mitigation ids to link (added to the existing links). */
  mitigations?: string[];
}

export interface NewMitigation {
  title: string;
  content: string;
  remediation?: string;
  controls?: { cwe?: string[]; asvs?: string[]; nist80053?: string[]; owasp?: string[] };
  status?: Mitigation['status'];
  /** Threat ids this mitigation addresses. */
  threats?: string[];
}

export interface MitigationUpdate {
  title?: string;
  content?: string;
  remediation?: string;
  status?: Mitigation['status'];
  threats?: string[];
}

export interface NewAssumption {
  content: string;
  threats?: string[];
}

export interface AssumptionUpdate {
  content?: string;
  threats?: string[];
}

export type PatchOp =
  | { op: 'add-threat'; threat: NewThreat; provenance: Provenance }
  | { op: 'update-threat'; id: string; set: ThreatUpdate; provenance: Provenance }
  | { op: 'add-mitigation'; mitigation: NewMitigation; provenance: Provenance }
  | { op: 'update-mitigation'; id: string; set: MitigationUpdate; provenance: Provenance }
  | { op: 'add-assumption'; assumption: NewAssumption; provenance: Provenance }
  | { op: 'update-assumption'; id: string; set: AssumptionUpdate; provenance: Provenance };

export interface AppliedOp {
  op: PatchOp;
  /** Id of the item added or changed. */
  id: string;
}

export interface RejectedOp {
  op: PatchOp;
  reason: string;
  /** The target did not exist (an update of something the code no longer produces). */
  stale?: boolean;
}

export interface PatchResult<M> {
  model: M;
  applied: AppliedOp[];
  rejected: RejectedOp[];
}

/** Repository files the operations cite, read at the edge: path → content (undefined: unreadable). */
export type FileLookup = ReadonlyMap<string, string | undefined>;
