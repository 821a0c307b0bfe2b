// The planner is pure: (threats of one product, tickets of earlier runs, options) → plan. It never
// looks at titles; a ticket belongs to the threat whose id its marker carries. Running it again
// after the plan was applied yields an empty plan, which is what makes `tickets sync` idempotent.
import type { Severity, Threat } from '../model/types.js';
import { ticketTitle, threatLocation } from './content.js';
import { atLeast, bySeverity } from './severity.js';
import type { Plan, PlanAction, Ticket } from './types.js';

export interface PlanOptions {
  /** Catalog slug of the product; tickets of other products are not looked at. */
  product: string;
  /** The commit the model was built from, quoted in closing comments. */
  commit?: string;
  minSeverity: Severity;
  /** Reopen tickets closed as done whose threat is still present (default), or only comment. */
  reopen: boolean;
}

const ACTION_ORDER: PlanAction['type'][] = ['close', 'reopen', 'update', 'create'];

/** `SEC-12` / `#12` → 12, for picking the oldest of duplicates. */
function ticketNumber(key: string): number {
  const n = /(\d+)$/.exec(key);
  return n ? Number(n[1]) : Number.MAX_SAFE_INTEGER;
}

/** Of several tickets for one threat, the one kept in step: an open one first, then the oldest. */
function primaryTicket(tickets: Ticket[]): Ticket {
  return [...tickets].sort((a, b) => (a.state === b.state ? 0 : a.state === 'open' ? -1 : 1) || ticketNumber(a.key) - ticketNumber(b.key))[0];
}

export function shortCommit(commit: string | undefined): string {
  return commit ? commit.slice(0, 12) : 'the analysed version (commit unknown)';
}

export function planSync(threats: readonly Threat[], tickets: readonly Ticket[], options: PlanOptions): Plan {
  const plan: Plan = { product: options.product, ...(options.commit ? { commit: options.commit } : {}), minSeverity: options.minSeverity, actions: [], unchanged: 0, belowThreshold: 0, notOpen: 0, notes: [] };
  const byThreat = new Map<string, Ticket[]>();
  for (const ticket of tickets) {
    if (ticket.product !== undefined && ticket.product !== options.product) continue;
    if (!ticket.threatId) {
      plan.notes.push(`${ticket.key} carries the threatcode label but no threat marker (was it edited?); it is ignored`);
      continue;
    }
    byThreat.set(ticket.threatId, [...(byThreat.get(ticket.threatId) ?? []), ticket]);
  }
  const primary = new Map<string, Ticket>();
  for (const [threatId, group] of byThreat) {
    const kept = primaryTicket(group);
    primary.set(threatId, kept);
    if (group.length > 1) {
      const others = group.filter((t) => t !== kept).map((t) => t.key).sort((a, b) => ticketNumber(a) - ticketNumber(b));
      plan.notes.push(`${others.join(', ')} track the same threat as ${kept.key}; only ${kept.key} is kept in step (close the others as duplicates)`);
    }
  }

  const present = new Set<string>();
  for (const threat of threats) {
    present.add(threat.id);
    const ticket = primary.get(threat.id);
    const active = threat.status === 'open';
    if (!ticket) {
      if (!active) plan.notOpen++;
      else if (!atLeast(threat.severity, options.minSeverity)) plan.belowThreshold++;
      else plan.actions.push({ type: 'create', threatId: threat.id, severity: threat.severity, title: ticketTitle(threat), reason: `open ${threat.severity} threat (threshold ${options.minSeverity}) without a ticket` });
      continue;
    }
    if (ticket.state === 'open') {
      if (threat.status === 'resolved' || threat.status === 'mitigated') {
        plan.actions.push({ type: 'close', threatId: threat.id, ticket: ticket.key, title: ticket.title, because: 'resolved', reason: `the model marks the threat ${threat.status}${threat.statusReason ? ` (${threat.statusReason})` : ''}` });
      } else if (!active) {
        plan.notOpen++;
        plan.notes.push(`${ticket.key} stays open although the threat is ${threat.status}${threat.statusReason ? ` (${threat.statusReason})` : ''}: its owner decides`);
      } else if (ticket.severity !== undefined && ticket.severity !== threat.severity) {
        plan.actions.push({ type: 'update', threatId: threat.id, ticket: ticket.key, title: ticketTitle(threat), from: ticket.severity, to: threat.severity, reason: `severity changed from ${ticket.severity} to ${threat.severity}` });
      } else plan.unchanged++;
      continue;
    }
    // Closed ticket.
    if (!active) {
      plan.notOpen++;
    } else if (ticket.resolution === 'not-planned') {
      plan.unchanged++;
      plan.notes.push(`${ticket.key} was closed as not planned although the threat is still present; left alone (a person decided)`);
    } else if (!options.reopen && ticket.fixNotVerified) {
      plan.unchanged++;
    } else {
      plan.actions.push({ type: 'reopen', threatId: threat.id, ticket: ticket.key, title: ticket.title, mode: options.reopen ? 'reopen' : 'comment', reason: `closed as done, but the threat is still present at ${threatLocation(threat)}: fix not verified` });
    }
  }

  for (const [threatId, ticket] of primary) {
    if (present.has(threatId) || ticket.state !== 'open') continue;
    plan.actions.push({ type: 'close', threatId, ticket: ticket.key, title: ticket.title, because: 'gone', reason: `the threat's evidence is gone from the code at ${shortCommit(options.commit)}: fix verified` });
  }

  const severityOf = (a: PlanAction): Severity => (a.type === 'create' ? a.severity : a.type === 'update' ? a.to : 'low');
  plan.actions.sort((a, b) => ACTION_ORDER.indexOf(a.type) - ACTION_ORDER.indexOf(b.type) || bySeverity(severityOf(a), severityOf(b)) || (a.threatId < b.threatId ? -1 : a.threatId > b.threatId ? 1 : 0));
  return plan;
}
