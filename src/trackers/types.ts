// The tracker-neutral contracts: what a ticket looks like once read back from Jira or GitHub, what
// the planner decides, and the one interface both clients implement. Plain data, so a plan can be
// printed, written as JSON and compared in tests.
import type { Severity } from '../model/types.js';
import type { Doc } from './doc.js';

export type TrackerKind = 'jira' | 'github';

/** How a closed ticket was closed: fixed (done), or a person decided not to fix it. */
export type Resolution = 'done' | 'not-planned';

/** A ticket of an earlier run, as read back from the tracker (people may have changed it since). */
export interface Ticket {
  /** `SEC-12` (Jira) or `#12` (GitHub). */
  key: string;
  /** Browser URL. */
  url: string;
  /** From the threat-id label or hidden marker; absent when a person removed it. */
  threatId?: string;
  /** Catalog slug of the product the ticket belongs to. */
  product?: string;
  title: string;
  state: 'open' | 'closed';
  /** Only for closed tickets. */
  resolution?: Resolution;
  /** The tracker's own status name (`In Progress`, `open`...), for reports. */
  status: string;
  /** The severity threatcode last wrote; absent when the record was removed. */
  severity?: Severity;
  labels: string[];
  assignees: string[];
  /** threatcode already said "fix not verified" on this closed ticket (comment-only mode). */
  fixNotVerified: boolean;
}

/** What a client needs to create or update a ticket; rendered to Markdown or ADF by the client. */
export interface TicketContent {
  threatId: string;
  product: string;
  severity: Severity;
  title: string;
  body: Doc;
  /** Owners named in the model (`@team`, e-mail); the client maps them to tracker users. */
  owners: string[];
}

export type ActionType = 'create' | 'update' | 'close' | 'reopen';

interface ActionBase {
  type: ActionType;
  threatId: string;
  /** Why, in one sentence a person can check. */
  reason: string;
  /** The title (new) or current ticket title, for the printed plan. */
  title: string;
}

export interface CreateAction extends ActionBase {
  type: 'create';
  severity: Severity;
}

export interface UpdateAction extends ActionBase {
  type: 'update';
  ticket: string;
  from?: Severity;
  to: Severity;
}

export interface CloseAction extends ActionBase {
  type: 'close';
  ticket: string;
  /** `gone`: the threat id is absent from the model; `resolved`: the model marks it resolved or mitigated. */
  because: 'gone' | 'resolved';
}

export interface ReopenAction extends ActionBase {
  type: 'reopen';
  ticket: string;
  /** `reopen` the ticket, or only `comment` "fix not verified" (trackers.reopen: false). */
  mode: 'reopen' | 'comment';
}

export type PlanAction = CreateAction | UpdateAction | CloseAction | ReopenAction;

export interface Plan {
  product: string;
  commit?: string;
  minSeverity: Severity;
  actions: PlanAction[];
  /** Threats that need no ticket work, by why. */
  unchanged: number;
  belowThreshold: number;
  notOpen: number;
  /** Things a person should look at (duplicates, tickets whose marker was removed...). */
  notes: string[];
}

export interface AppliedAction {
  action: PlanAction;
  outcome: 'done' | 'failed' | 'partial';
  /** The ticket acted on (a new key for a create). */
  ticket?: string;
  url?: string;
  /** What happened when it was not simply done (no done transition, assignee dropped...). */
  detail?: string;
}

/** The scope tickets are looked up in: one product of one tracker target. */
export interface TicketScope {
  product: string;
}

/** One tracker target (a Jira project, a GitHub repository) behind a common interface. */
export interface TrackerClient {
  readonly kind: TrackerKind;
  /** `jira SEC at https://acme.atlassian.net`, `github acme/shop`. */
  readonly target: string;
  /** Every ticket threatcode created for the product, in any state, all pages. */
  listTickets(scope: TicketScope): Promise<Ticket[]>;
  /** Creates a ticket; `detail` says what the tracker refused but the ticket went through without. */
  create(content: TicketContent): Promise<{ ticket: Ticket; detail?: string }>;
  /** Rewrites title, body and severity after a severity change, keeping labels people added. */
  update(ticket: Ticket, content: TicketContent): Promise<void>;
  /** Comments and moves the ticket to done. `closed: false` when no way to done exists (comment only). */
  close(ticket: Ticket, comment: Doc): Promise<{ closed: boolean; detail?: string }>;
  /** Reopens with a comment; with `mode: 'comment'` (or no way back) comments and marks it instead. */
  reopen(ticket: Ticket, comment: Doc, mode: 'reopen' | 'comment'): Promise<{ reopened: boolean; detail?: string }>;
}
