// Ticket state flows back into the model (pure): a threat with an open ticket has its mitigations
// `in-progress`; a threat whose ticket was closed as done while its evidence is gone from the code is
// `resolved`. Also the pre-flight summary of which tickets of earlier runs are open or resolved.
import type { Mitigation, ThreatModel } from '../model/types.js';
import type { Ticket } from './types.js';

export type TicketVerdict = 'open' | 'resolved' | 'fix-not-verified' | 'not-planned' | 'closed' | 'unmatched';

export interface PreflightTicket {
  key: string;
  url: string;
  threatId?: string;
  state: Ticket['state'];
  status: string;
  resolution?: Ticket['resolution'];
  /** Whether the threat is in the current code. */
  threat: 'present' | 'gone' | 'unknown';
  verdict: TicketVerdict;
}

export interface MitigationChange {
  mitigation: string;
  title: string;
  from: Mitigation['status'];
  to: Mitigation['status'];
  because: string;
}

export interface ThreatChange {
  threat: string;
  title: string;
  from: string;
  to: 'resolved';
  because: string;
}

export interface TicketFeedback {
  model: ThreatModel;
  mitigations: MitigationChange[];
  threats: ThreatChange[];
}

function verdictOf(ticket: Ticket, present: boolean | undefined): TicketVerdict {
  if (!ticket.threatId) return 'unmatched';
  if (ticket.state === 'open') return 'open';
  if (ticket.resolution === 'not-planned') return 'not-planned';
  if (ticket.resolution === 'done') return present ? 'fix-not-verified' : 'resolved';
  return 'closed';
}

/** Which tickets of earlier runs are open, which resolved (closed as done and the threat gone). */
export function summarizeTickets(tickets: readonly Ticket[], present: ReadonlySet<string>): PreflightTicket[] {
  return tickets.map((t) => {
    const isPresent = t.threatId ? present.has(t.threatId) : undefined;
    return {
      key: t.key,
      url: t.url,
      ...(t.threatId ? { threatId: t.threatId } : {}),
      state: t.state,
      status: t.status,
      ...(t.resolution ? { resolution: t.resolution } : {}),
      threat: isPresent === undefined ? 'unknown' : isPresent ? 'present' : 'gone',
      verdict: verdictOf(t, isPresent),
    };
  });
}

export interface FeedbackOptions {
  /**
   * Ids of the threats in the current code. Defaults to the model's own threats (the model is
   * current); pass the fresh analysis' ids when the model you load is an older one.
   */
  present?: ReadonlySet<string>;
}

/** Returns a copy of the model with ticket state written into mitigation and threat status. */
export function applyTicketState(model: ThreatModel, tickets: readonly Ticket[], options: FeedbackOptions = {}): TicketFeedback {
  const out = structuredClone(model);
  const present = options.present ?? new Set(model.threats.map((t) => t.id));
  const byThreat = new Map<string, Ticket[]>();
  for (const t of tickets) if (t.threatId) byThreat.set(t.threatId, [...(byThreat.get(t.threatId) ?? []), t]);
  const mitigations = new Map(out.mitigations.map((m) => [m.id, m]));
  const result: TicketFeedback = { model: out, mitigations: [], threats: [] };

  for (const threat of out.threats) {
    const own = byThreat.get(threat.id) ?? [];
    const open = own.find((t) => t.state === 'open');
    const done = own.find((t) => t.state === 'closed' && t.resolution === 'done');
    if (open && threat.status === 'open') {
      for (const id of threat.mitigations) {
        const m = mitigations.get(id);
        if (m?.status !== 'proposed') continue;
        m.status = 'in-progress';
        result.mitigations.push({ mitigation: m.id, title: m.title, from: 'proposed', to: 'in-progress', because: `${open.key} is ${open.status.toLowerCase().startsWith('open') ? open.status : `open (${open.status})`}` });
      }
    } else if (!open && done && !present.has(threat.id) && threat.status !== 'resolved') {
      result.threats.push({ threat: threat.id, title: threat.title, from: threat.status, to: 'resolved', because: `${done.key} was closed as done and the evidence is gone from the code` });
      threat.status = 'resolved';
      threat.statusReason = `fixed: ${done.key} closed as done; the evidence is gone from the code`;
    }
  }
  // A mitigation whose every threat is resolved this way is implemented.
  const resolved = new Set(result.threats.map((t) => t.threat));
  for (const m of out.mitigations) {
    if (m.status === 'implemented' || m.status === 'wont-fix' || m.threats.length === 0) continue;
    if (!m.threats.some((id) => resolved.has(id))) continue;
    const statuses = m.threats.map((id) => out.threats.find((t) => t.id === id)?.status ?? 'resolved');
    if (statuses.every((s) => s === 'resolved')) {
      result.mitigations.push({ mitigation: m.id, title: m.title, from: m.status, to: 'implemented', because: 'every threat it addresses was fixed (tickets closed as done, evidence gone)' });
      m.status = 'implemented';
    }
  }
  return result;
}
