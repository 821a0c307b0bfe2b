import type { Severity } from '../model/types.js';
import type { GateLevel, GateResult, GateTrigger, ModelDelta } from './types.js';

const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };
export const GATE_LEVELS: readonly GateLevel[] = ['critical', 'high', 'medium', 'low', 'none'];

export function isGateLevel(value: string): value is GateLevel {
  return (GATE_LEVELS as readonly string[]).includes(value);
}

const atOrAbove = (severity: Severity, level: GateLevel): boolean => level !== 'none' && RANK[severity] >= RANK[level];

/**
 * Whether a change must be blocked: an open threat at or above `failOn` appears that was not
 * there at that level before. That is a new threat, an existing one whose severity rose to the
 * level, or one that was suppressed, accepted or mitigated and is open again. Threats that only
 * moved, or got better, never fail the gate.
 */
export function evaluateGate(delta: ModelDelta, failOn: GateLevel): GateResult {
  const triggers: GateTrigger[] = [];
  if (failOn !== 'none') {
    for (const threat of delta.new) {
      if (threat.status === 'open' && atOrAbove(threat.severity, failOn)) {
        triggers.push({ id: threat.id, title: threat.title, severity: threat.severity, reason: 'new' });
      }
    }
    delta.changed.forEach((threat, i) => {
      if (threat.status !== 'open' || !atOrAbove(threat.severity, failOn)) return;
      const fields = delta.threatChanges[i]?.fields ?? [];
      const status = fields.find((f) => f.field === 'status');
      const severity = fields.find((f) => f.field === 'severity');
      if (status && status.before !== 'open') triggers.push({ id: threat.id, title: threat.title, severity: threat.severity, reason: 'reopened' });
      else if (severity && !atOrAbove(severity.before as Severity, failOn)) triggers.push({ id: threat.id, title: threat.title, severity: threat.severity, reason: 'escalated' });
    });
  }
  return { failOn, failed: triggers.length > 0, triggers };
}
