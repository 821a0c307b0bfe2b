// Drift (pure): what a stored model lacks or still claims compared with a model of the code now.
import { architectureDelta } from '../diff/delta.js';
import type { ElementDelta } from '../diff/types.js';
import type { Component, ThreatModel } from '../model/types.js';
import type { DriftReport, ElementDrift, GoneThreat, StoredModel, StoredThreat } from './types.js';
import { DRIFT_SCHEMA } from './types.js';

/** Number of lines of a repository file, or undefined when the file does not exist. */
export type LineCounter = (file: string) => number | undefined;

const STORE_KINDS = new Set<Component['kind']>(['datastore', 'storage', 'queue']);

function asDrift<T>(delta: ElementDelta<T>): ElementDrift<T> {
  return { unrecorded: delta.added, stale: delta.removed, changed: delta.changed };
}

function empty<T>(): ElementDrift<T> {
  return { unrecorded: [], stale: [], changed: [] };
}

function split(drift: ElementDrift<Component>, stores: boolean): ElementDrift<Component> {
  const keep = (c: Component): boolean => STORE_KINDS.has(c.kind) === stores;
  return { unrecorded: drift.unrecorded.filter(keep), stale: drift.stale.filter(keep), changed: drift.changed.filter((c) => keep(c.after)) };
}

/** Why a stored threat's evidence is gone, or undefined when it still stands. */
function goneReason(threat: StoredThreat, current: ThreatModel, knownRules: ReadonlySet<string> | undefined, lines: LineCounter): string | undefined {
  if (threat.status === 'resolved') return undefined;
  const currentIds = new Set(current.threats.map((t) => t.id));
  if (threat.id !== undefined && threat.source === 'rule') {
    if (currentIds.has(threat.id)) return undefined;
    if (threat.ruleId && knownRules && !knownRules.has(threat.ruleId)) return `rule ${threat.ruleId} is not in this version of threatcode`;
    const files = [...new Set(threat.evidence.map((e) => e.file))];
    const missing = files.filter((f) => lines(f) === undefined);
    if (missing.length > 0) return `${missing.join(', ')} no longer exist${missing.length === 1 ? 's' : ''}`;
    return `${threat.ruleId ? `rule ${threat.ruleId}` : 'the rule'} no longer finds it in the code`;
  }
  // AI or hand-written threats are not re-derived: they stand while what they cite still exists.
  for (const e of threat.evidence) {
    const count = lines(e.file);
    if (count === undefined) return `${e.file} no longer exists`;
    if (e.line > count) return `${e.file} has ${count} lines, the model cites line ${e.line}`;
  }
  return undefined;
}

/**
 * Compares a stored model with the current one. `lines` answers for evidence files of threats
 * that are not re-derived by rules; `knownRules` (rule ids of this threatcode) tells "the rule is
 * gone" from "the code is fixed".
 */
export function computeDrift(stored: StoredModel, current: ThreatModel, options: { file: string; lines: LineCounter; knownRules?: ReadonlySet<string> }): DriftReport {
  const arch = stored.architecture
    ? architectureDelta(
        { ...current, components: stored.architecture.components, entryPoints: stored.architecture.entryPoints, flows: stored.architecture.flows, trustBoundaries: stored.architecture.trustBoundaries, assets: current.assets, dependencies: current.dependencies },
        current,
      )
    : undefined;
  const components = arch ? asDrift(arch.components) : empty<Component>();

  const storedIds = new Set(stored.threats.map((t) => t.id).filter((id): id is string => id !== undefined));
  const unrecordedThreats = current.threats.filter((t) => t.status === 'open' && !storedIds.has(t.id));
  const goneThreats: GoneThreat[] = [];
  let uncheckedThreats = 0;
  for (const threat of stored.threats) {
    if (threat.id === undefined && threat.evidence.length === 0) {
      uncheckedThreats++;
      continue;
    }
    const reason = goneReason(threat, current, options.knownRules, options.lines);
    if (reason) goneThreats.push({ threat, reason });
  }

  const report: DriftReport = {
    schema: DRIFT_SCHEMA,
    against: { file: options.file, format: stored.format, ...(stored.commit ? { commit: stored.commit } : {}) },
    current: current.product.commit ? { commit: current.product.commit } : {},
    architectureCompared: arch !== undefined,
    components: split(components, false),
    dataStores: split(components, true),
    entryPoints: arch ? asDrift(arch.entryPoints) : empty(),
    flows: arch ? asDrift(arch.flows) : empty(),
    trustBoundaries: arch ? asDrift(arch.trustBoundaries) : empty(),
    unrecordedThreats,
    goneThreats,
    uncheckedThreats,
    drifted: false,
  };
  const lists = [report.components, report.dataStores, report.entryPoints, report.flows, report.trustBoundaries];
  report.drifted = unrecordedThreats.length > 0 || goneThreats.length > 0 || lists.some((d) => d.unrecorded.length + d.stale.length + d.changed.length > 0);
  return report;
}
