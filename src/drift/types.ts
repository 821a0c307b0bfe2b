import type { Component, EntryPoint, Evidence, Flow, Severity, Threat, TrustBoundary } from '../model/types.js';
import type { Changed } from '../diff/types.js';

export const DRIFT_SCHEMA = 'threatcode.drift/v1';

/** A threat as a stored model records it, from model.json or a Threat Composer file. */
export interface StoredThreat {
  /** threatcode's stable id when known (model.json, or `custom:threatcodeId` in a .tc.json). */
  id?: string;
  /** The id in the stored file (Threat Composer's own id for .tc.json). */
  storedId: string;
  title: string;
  ruleId?: string;
  severity?: Severity;
  status: string;
  /** Evidence the stored model cites (repository-relative file and line). */
  evidence: Evidence[];
  source: 'rule' | 'ai' | 'manual' | 'unknown';
}

export interface StoredModel {
  format: 'model' | 'threat-composer';
  /** Name of the product as stored. */
  product?: string;
  commit?: string;
  threats: StoredThreat[];
  /** Architecture lists; absent for Threat Composer files, which keep the architecture as prose. */
  architecture?: {
    components: Component[];
    entryPoints: EntryPoint[];
    flows: Flow[];
    trustBoundaries: TrustBoundary[];
  };
}

export interface GoneThreat {
  threat: StoredThreat;
  /** Why its evidence is gone, in words. */
  reason: string;
}

export interface ElementDrift<T> {
  /** In the code, not in the stored model. */
  unrecorded: T[];
  /** In the stored model, no longer in the code. */
  stale: T[];
  /** In both, recorded differently (e.g. an entry point now without authentication). */
  changed: Changed<T>[];
}

export interface DriftReport {
  schema: typeof DRIFT_SCHEMA;
  against: { file: string; format: StoredModel['format']; commit?: string };
  current: { commit?: string };
  /** False for Threat Composer files: their architecture is prose and cannot be compared. */
  architectureCompared: boolean;
  components: ElementDrift<Component>;
  dataStores: ElementDrift<Component>;
  entryPoints: ElementDrift<EntryPoint>;
  flows: ElementDrift<Flow>;
  trustBoundaries: ElementDrift<TrustBoundary>;
  /** Threats the code gives that the stored model does not record (open ones). */
  unrecordedThreats: Threat[];
  /** Stored threats whose evidence is gone from the code. */
  goneThreats: GoneThreat[];
  /** Stored threats that cite no evidence and no threatcode id, so they cannot be checked. */
  uncheckedThreats: number;
  /** Whether anything at all drifted. */
  drifted: boolean;
}
