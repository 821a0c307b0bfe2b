// The I/O side of `threatcode tickets`: pre-flight (read the tickets of earlier runs, say which are
// open and which resolved, feed their state back into the model), then plan (pure, planner.ts) and,
// with `apply`, carry the plan out action by action. A failure that would repeat for every call
// (credentials, permissions, rate limit, network) stops the run; any other failure costs only its
// action, which the next run plans again.
import type { ThreatModel } from '../model/types.js';
import { fixedComment, notVerifiedComment, resolvedComment, ticketContent, type ContentContext } from './content.js';
import { TrackerError } from './errors.js';
import { applyTicketState, summarizeTickets, type MitigationChange, type PreflightTicket, type ThreatChange, type TicketVerdict } from './feedback.js';
import { planSync } from './planner.js';
import type { Severity } from '../model/types.js';
import type { AppliedAction, Plan, PlanAction, Ticket, TrackerClient } from './types.js';

export interface ProductInput {
  /** Catalog slug. */
  slug: string;
  model: ThreatModel;
  /** CODEOWNERS lookup for a file, when known (catalog reach.json). */
  ownersFor?: (file: string) => string[];
}

export interface PreflightReport {
  tracker: TrackerClient['kind'];
  target: string;
  product: string;
  tickets: PreflightTicket[];
  counts: Record<TicketVerdict, number>;
  mitigationChanges: MitigationChange[];
  threatChanges: ThreatChange[];
  /** The loaded model with ticket state written in (mitigation and threat status). */
  model: ThreatModel;
}

export interface PreflightOptions {
  /** Ids of threats in the current code, when the model given is an older one. */
  present?: ReadonlySet<string>;
}

function countVerdicts(tickets: PreflightTicket[]): Record<TicketVerdict, number> {
  const counts: Record<TicketVerdict, number> = { open: 0, resolved: 0, 'fix-not-verified': 0, 'not-planned': 0, closed: 0, unmatched: 0 };
  for (const t of tickets) counts[t.verdict]++;
  return counts;
}

/** Reads the tickets of earlier runs and feeds their state back into the model. */
export async function preflight(client: TrackerClient, input: ProductInput, options: PreflightOptions = {}): Promise<PreflightReport & { raw: Ticket[] }> {
  const raw = await client.listTickets({ product: input.slug });
  const present = options.present ?? new Set(input.model.threats.map((t) => t.id));
  const tickets = summarizeTickets(raw, present);
  const feedback = applyTicketState(input.model, raw, { present });
  return { tracker: client.kind, target: client.target, product: input.slug, tickets, counts: countVerdicts(tickets), mitigationChanges: feedback.mitigations, threatChanges: feedback.threats, model: feedback.model, raw };
}

export interface SyncOptions {
  minSeverity: Severity;
  reopen: boolean;
  apply: boolean;
  onApplied?: (result: AppliedAction) => void;
}

export interface ProductSyncResult {
  product: string;
  name: string;
  commit?: string;
  preflight: PreflightReport;
  plan: Plan;
  applied: AppliedAction[];
  /** The failure that stopped this product's run, when one did. */
  error?: string;
}

function context(input: ProductInput): ContentContext {
  return { model: input.model, product: input.slug, ...(input.ownersFor ? { ownersFor: input.ownersFor } : {}) };
}

async function createOnce(client: TrackerClient, input: ProductInput, action: PlanAction & { type: 'create' }): Promise<AppliedAction> {
  const threat = input.model.threats.find((t) => t.id === action.threatId);
  if (!threat) return { action, outcome: 'failed', detail: 'threat not in the model' };
  const content = ticketContent(threat, context(input));
  try {
    const { ticket, detail } = await client.create(content);
    return { action, outcome: 'done', ticket: ticket.key, url: ticket.url, ...(detail ? { detail } : {}) };
  } catch (error) {
    // A create that failed with 5xx or a dropped connection may still have gone through: look
    // before trying again, so an unlucky error never turns into a duplicate ticket.
    if (!(error instanceof TrackerError) || !['server', 'network'].includes(error.kind)) throw error;
    const existing = (await client.listTickets({ product: input.slug })).find((t) => t.threatId === action.threatId);
    if (existing) return { action, outcome: 'done', ticket: existing.key, url: existing.url, detail: `the tracker reported ${error.status ?? 'a network error'} but had created the ticket` };
    const { ticket, detail } = await client.create(content);
    return { action, outcome: 'done', ticket: ticket.key, url: ticket.url, detail: `created on the second attempt${detail ? `; ${detail}` : ''}` };
  }
}

async function applyOne(client: TrackerClient, input: ProductInput, action: PlanAction, tickets: Map<string, Ticket>): Promise<AppliedAction> {
  if (action.type === 'create') return createOnce(client, input, action);
  const ticket = tickets.get(action.ticket);
  if (!ticket) return { action, outcome: 'failed', ticket: action.ticket, detail: 'ticket not found in the listing' };
  const base = { action, ticket: ticket.key, url: ticket.url };
  const threat = input.model.threats.find((t) => t.id === action.threatId);
  switch (action.type) {
    case 'update': {
      if (!threat) return { ...base, outcome: 'failed', detail: 'threat not in the model' };
      await client.update(ticket, ticketContent(threat, context(input)));
      return { ...base, outcome: 'done' };
    }
    case 'close': {
      const comment = action.because === 'gone' || !threat ? fixedComment(input.model) : resolvedComment(input.model, threat);
      const { closed, detail } = await client.close(ticket, comment);
      return { ...base, outcome: closed ? 'done' : 'partial', ...(detail ? { detail } : {}) };
    }
    case 'reopen': {
      if (!threat) return { ...base, outcome: 'failed', detail: 'threat not in the model' };
      const { reopened, detail } = await client.reopen(ticket, notVerifiedComment(input.model, threat, action.mode === 'reopen'), action.mode);
      return { ...base, outcome: reopened || action.mode === 'comment' ? 'done' : 'partial', ...(detail ? { detail } : {}) };
    }
  }
}

/** Carries out a plan. Stops at the first failure that would repeat (auth, permission, rate limit). */
export async function applyPlan(client: TrackerClient, input: ProductInput, plan: Plan, tickets: readonly Ticket[], onApplied?: (r: AppliedAction) => void): Promise<{ applied: AppliedAction[]; fatal?: TrackerError }> {
  const byKey = new Map(tickets.map((t) => [t.key, t]));
  const applied: AppliedAction[] = [];
  for (const action of plan.actions) {
    let result: AppliedAction;
    try {
      result = await applyOne(client, input, action, byKey);
    } catch (error) {
      if (error instanceof TrackerError && error.fatal) return { applied, fatal: error };
      result = { action, outcome: 'failed', ...('ticket' in action ? { ticket: action.ticket } : {}), detail: error instanceof Error ? error.message : String(error) };
    }
    applied.push(result);
    onApplied?.(result);
  }
  return { applied };
}

/** Pre-flight, plan and (with `apply`) apply, for one product. */
export async function syncProduct(client: TrackerClient, input: ProductInput, options: SyncOptions): Promise<ProductSyncResult> {
  const pre = await preflight(client, input);
  const { raw, ...report } = pre;
  const plan = planSync(input.model.threats, raw, { product: input.slug, ...(input.model.product.commit ? { commit: input.model.product.commit } : {}), minSeverity: options.minSeverity, reopen: options.reopen });
  const result: ProductSyncResult = { product: input.slug, name: input.model.product.name, ...(input.model.product.commit ? { commit: input.model.product.commit } : {}), preflight: report, plan, applied: [] };
  if (!options.apply || plan.actions.length === 0) return result;
  const { applied, fatal } = await applyPlan(client, input, plan, raw, options.onApplied);
  result.applied = applied;
  if (fatal) result.error = fatal.message;
  return result;
}
