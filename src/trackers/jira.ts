// Jira Cloud (REST v3) through jira.js. Tickets are found with JQL on the enhanced search endpoint
// (`/rest/api/3/search/jql`, paged by nextPageToken until isLast) and tied to threats by labels.
// Workflows differ per project, so transitions are looked up on each issue and chosen by name when
// configured, otherwise by the category of the status they lead to (done / to do / in progress).
import { Version3Client } from 'jira.js';
import type { Severity } from '../model/types.js';
import { adfText, renderAdf, type AdfDoc } from './adf.js';
import type { JiraSettings } from './config.js';
import type { Doc } from './doc.js';
import { failureOf, serverMessage, TrackerError } from './errors.js';
import { BASE_LABEL, jiraLabel, parseJira } from './marker.js';
import { defaultRetryPolicy, isRateLimited, RetryTooLongError, withRetry, type ClientOptions, type RetryPolicy } from './retry.js';
import type { Ticket, TicketContent, TicketScope, TrackerClient } from './types.js';

interface StatusShape {
  name?: string;
  statusCategory?: { key?: string };
}

interface IssueShape {
  id: string;
  key: string;
  fields?: {
    summary?: string;
    status?: StatusShape;
    labels?: string[];
    resolution?: { name?: string } | null;
    assignee?: { accountId?: string; displayName?: string } | null;
    description?: unknown;
  };
}

interface SearchPage {
  issues?: IssueShape[];
  nextPageToken?: string | null;
  isLast?: boolean;
}

interface TransitionShape {
  id: string;
  name?: string;
  to?: StatusShape;
  fields?: Record<string, { required?: boolean; allowedValues?: { name?: string }[] }>;
}

const SEARCH_FIELDS = ['summary', 'status', 'labels', 'resolution', 'assignee', 'description'];
const MAX_PAGES = 1000;
const MAX_SUMMARY = 255;
/** Resolutions that mean "a person decided not to fix it" rather than "fixed". */
const NOT_PLANNED = /won'?t|not planned|duplicate|cannot reproduce|can't reproduce|declined|rejected|obsolete|not a bug|invalid/i;

const quoteJql = (value: string) => `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;

export class JiraTracker implements TrackerClient {
  readonly kind = 'jira' as const;
  readonly target: string;
  private readonly client: Version3Client;
  private readonly policy: RetryPolicy;
  /** Optional fields this project's create/edit screen refused once; not sent again in this run. */
  private readonly refused = new Set<string>();

  constructor(
    private readonly settings: JiraSettings,
    options: ClientOptions = {},
  ) {
    this.target = `jira ${settings.project} at ${settings.baseUrl}`;
    this.policy = defaultRetryPolicy(options.retry);
    this.client = new Version3Client({ host: settings.baseUrl, authentication: { basic: { email: settings.email, apiToken: settings.token } } });
  }

  private call<T>(op: () => Promise<T>, idempotent: boolean): Promise<T> {
    return withRetry(op, this.policy, { idempotent });
  }

  private toTicket(issue: IssueShape): Ticket {
    const f = issue.fields ?? {};
    const labels = f.labels ?? [];
    const marker = parseJira(labels, adfText(f.description));
    const closed = f.status?.statusCategory?.key === 'done';
    const resolution = f.resolution?.name ?? '';
    return {
      key: issue.key,
      url: `${this.settings.baseUrl}/browse/${issue.key}`,
      ...(marker.threatId ? { threatId: marker.threatId } : {}),
      ...(marker.product ? { product: marker.product } : {}),
      title: f.summary ?? '',
      state: closed ? 'closed' : 'open',
      ...(closed ? { resolution: NOT_PLANNED.test(resolution) ? 'not-planned' : 'done' } : {}),
      status: `${f.status?.name ?? 'unknown'}${closed && resolution ? ` (${resolution})` : ''}`,
      ...(marker.severity ? { severity: marker.severity } : {}),
      labels,
      assignees: f.assignee ? [f.assignee.displayName ?? f.assignee.accountId ?? ''] : [],
      fixNotVerified: marker.fixNotVerified,
    };
  }

  async listTickets(scope: TicketScope): Promise<Ticket[]> {
    const jql = `project = ${quoteJql(this.settings.project)} AND labels = ${quoteJql(BASE_LABEL)} AND labels = ${quoteJql(jiraLabel.product(scope.product))} ORDER BY key ASC`;
    const out: Ticket[] = [];
    const seen = new Set<string>();
    let token: string | undefined;
    try {
      for (let page = 0; page < MAX_PAGES; page++) {
        const params = { jql, fields: SEARCH_FIELDS, maxResults: 100, ...(token ? { nextPageToken: token } : {}) };
        const result = await this.call(() => this.client.issueSearch.searchForIssuesUsingJqlEnhancedSearchPost<SearchPage>(params), true);
        for (const issue of result.issues ?? []) {
          if (seen.has(issue.key)) continue;
          seen.add(issue.key);
          out.push(this.toTicket(issue));
        }
        // The last page omits nextPageToken (and says isLast); treat absent and null alike.
        if (result.isLast === true || !result.nextPageToken || result.nextPageToken === token) break;
        token = result.nextPageToken;
      }
    } catch (error) {
      throw this.translate(error, 'search issues', undefined);
    }
    return out;
  }

  private priority(severity: Severity): { name: string } | undefined {
    return this.refused.has('priority') ? undefined : { name: this.settings.priorities[severity] };
  }

  private assignee(owners: string[]): { accountId: string } | undefined {
    if (this.refused.has('assignee')) return undefined;
    const accountId = owners.map((o) => this.settings.assignees[o]).find(Boolean);
    return accountId ? { accountId } : undefined;
  }

  private summary(content: TicketContent): string {
    return content.title.length > MAX_SUMMARY ? `${content.title.slice(0, MAX_SUMMARY - 1)}…` : content.title;
  }

  /**
   * Runs a create or edit; when the project's screen refuses an optional field (priority, assignee),
   * drops it and tries once more, so a ticket is never lost over a field.
   */
  private async withOptionalFields<T>(fields: Record<string, unknown>, run: (fields: Record<string, unknown>) => Promise<T>): Promise<{ value: T; dropped: string[] }> {
    const current = { ...fields };
    const dropped: string[] = [];
    for (;;) {
      try {
        return { value: await run(current), dropped };
      } catch (error) {
        const failure = failureOf(error);
        const errors = failure?.status === 400 && failure.data && typeof failure.data === 'object' ? (failure.data as { errors?: Record<string, unknown> }).errors : undefined;
        const optional = ['priority', 'assignee'].filter((f) => errors && f in errors && f in current);
        if (optional.length === 0) throw error;
        for (const f of optional) {
          delete current[f];
          this.refused.add(f);
          dropped.push(`${f} (${String(errors?.[f])})`);
        }
      }
    }
  }

  async create(content: TicketContent): Promise<{ ticket: Ticket; detail?: string }> {
    const labels = [...new Set([BASE_LABEL, jiraLabel.threat(content.threatId), jiraLabel.product(content.product), jiraLabel.severity(content.severity), ...this.settings.labels])];
    const priority = this.priority(content.severity);
    const assignee = this.assignee(content.owners);
    const fields: Record<string, unknown> = {
      project: { key: this.settings.project },
      issuetype: { name: this.settings.issueType },
      summary: this.summary(content),
      description: renderAdf(content.body),
      labels,
      ...(priority ? { priority } : {}),
      ...(assignee ? { assignee } : {}),
    };
    try {
      const { value, dropped } = await this.withOptionalFields(fields, (f) =>
        this.call(() => this.client.issues.createIssue<{ id: string; key: string }>({ fields: f as { summary: string; project: { key: string }; issuetype: { name: string } } }), false),
      );
      const ticket: Ticket = { key: value.key, url: `${this.settings.baseUrl}/browse/${value.key}`, threatId: content.threatId, product: content.product, title: content.title, state: 'open', status: 'created', severity: content.severity, labels, assignees: [], fixNotVerified: false };
      return { ticket, ...(dropped.length ? { detail: `not set (the project's screen refused them): ${dropped.join(', ')}` } : {}) };
    } catch (error) {
      throw this.translate(error, 'create issues', undefined);
    }
  }

  async update(ticket: Ticket, content: TicketContent): Promise<void> {
    const stale = ticket.labels.filter((l) => l.startsWith('threatcode-severity-') && l !== jiraLabel.severity(content.severity));
    const labelOps = [...stale.map((remove) => ({ remove })), { add: jiraLabel.severity(content.severity) }];
    const priority = this.priority(content.severity);
    const fields: Record<string, unknown> = { summary: this.summary(content), description: renderAdf(content.body), ...(priority ? { priority } : {}) };
    try {
      await this.withOptionalFields(fields, (f) => this.call(() => this.client.issues.editIssue({ issueIdOrKey: ticket.key, fields: f, update: { labels: labelOps } }), true));
    } catch (error) {
      throw this.translate(error, 'edit issues', ticket.key);
    }
  }

  private async transitions(key: string): Promise<TransitionShape[]> {
    const result = await this.call(() => this.client.issues.getTransitions<{ transitions?: TransitionShape[] }>({ issueIdOrKey: key, expand: 'transitions.fields' }), true);
    return result.transitions ?? [];
  }

  private static pick(transitions: TransitionShape[], name: string | undefined, categories: string[]): TransitionShape | undefined {
    if (name) return transitions.find((t) => t.name?.toLowerCase() === name.toLowerCase() || t.to?.name?.toLowerCase() === name.toLowerCase());
    for (const category of categories) {
      const found = transitions.find((t) => t.to?.statusCategory?.key === category);
      if (found) return found;
    }
    return undefined;
  }

  /** Required screen fields we know how to fill: the resolution of a done transition. */
  private static screenFields(transition: TransitionShape): Record<string, unknown> {
    const resolution = transition.fields?.resolution;
    if (!resolution?.required) return {};
    const allowed = resolution.allowedValues ?? [];
    const name = allowed.find((v) => v.name?.toLowerCase() === 'done' || v.name?.toLowerCase() === 'fixed')?.name ?? allowed[0]?.name ?? 'Done';
    return { resolution: { name } };
  }

  private adf(doc: Doc): AdfDoc {
    return renderAdf(doc);
  }

  private async addComment(key: string, doc: Doc): Promise<void> {
    // jira.js' Document type is wider than ADF's JSON; the rendered doc is valid ADF.
    await this.call(() => this.client.issueComments.addComment({ issueIdOrKey: key, comment: this.adf(doc) as unknown as Parameters<Version3Client['issueComments']['addComment']>[0]['comment'] }), false);
  }

  private async transition(key: string, transition: TransitionShape, comment: Doc): Promise<void> {
    await this.call(() => this.client.issues.doTransition({ issueIdOrKey: key, transition: { id: transition.id }, fields: JiraTracker.screenFields(transition), update: { comment: [{ add: { body: this.adf(comment) } }] } }), false);
  }

  private async editLabels(key: string, ops: ({ add: string } | { remove: string })[]): Promise<void> {
    await this.call(() => this.client.issues.editIssue({ issueIdOrKey: key, update: { labels: ops } }), true);
  }

  async close(ticket: Ticket, comment: Doc): Promise<{ closed: boolean; detail?: string }> {
    try {
      const transition = JiraTracker.pick(await this.transitions(ticket.key), this.settings.doneTransition, ['done']);
      if (!transition) {
        await this.addComment(ticket.key, comment);
        return { closed: false, detail: `no transition ${this.settings.doneTransition ? `named '${this.settings.doneTransition}'` : 'to a done status'} from '${ticket.status}'; commented only (set trackers.jira.doneTransition)` };
      }
      await this.transition(ticket.key, transition, comment);
      return { closed: true, detail: `transition '${transition.name ?? transition.id}'` };
    } catch (error) {
      throw this.translate(error, 'transition issues', ticket.key);
    }
  }

  async reopen(ticket: Ticket, comment: Doc, mode: 'reopen' | 'comment'): Promise<{ reopened: boolean; detail?: string }> {
    try {
      if (mode === 'reopen') {
        const transition = JiraTracker.pick(await this.transitions(ticket.key), this.settings.reopenTransition, ['new', 'indeterminate']);
        if (transition) {
          await this.transition(ticket.key, transition, comment);
          if (ticket.fixNotVerified) await this.editLabels(ticket.key, [{ remove: jiraLabel.fixNotVerified }]);
          return { reopened: true, detail: `transition '${transition.name ?? transition.id}'` };
        }
      }
      await this.addComment(ticket.key, comment);
      if (!ticket.fixNotVerified) await this.editLabels(ticket.key, [{ add: jiraLabel.fixNotVerified }]);
      return { reopened: false, ...(mode === 'reopen' ? { detail: `no transition back to an open status from '${ticket.status}'; commented only (set trackers.jira.reopenTransition)` } : {}) };
    } catch (error) {
      throw this.translate(error, mode === 'reopen' ? 'transition issues' : 'comment on issues', ticket.key);
    }
  }

  /** A failure as a TrackerError that says what to fix; never includes the request (it holds the token). */
  private translate(error: unknown, operation: string, key: string | undefined): TrackerError {
    if (error instanceof TrackerError) return error;
    if (error instanceof RetryTooLongError) return new TrackerError('rate-limit', this.target, `Jira asks to wait ${Math.ceil(error.waitMs / 1000)} s before more requests (429); run again later`, error.failure.status);
    const failure = failureOf(error);
    if (!failure) return new TrackerError('server', this.target, `could not ${operation}: ${error instanceof Error ? error.message : String(error)}`);
    const said = serverMessage(failure.data);
    const status = failure.status;
    const quote = (s: number) => `(${s}${said ? ` ${said}` : ''})`;
    const project = this.settings.project;
    if (status === undefined) return new TrackerError('network', this.target, `cannot reach ${this.settings.baseUrl} (${failure.network}); check THREATCODE_JIRA_BASE_URL and the network`);
    if (status === 401) return new TrackerError('auth', this.target, `Jira rejected the credentials ${quote(status)}: check JIRA_EMAIL and JIRA_API_TOKEN (an API token from id.atlassian.com, not the account password)`, status);
    if (isRateLimited(failure)) return new TrackerError('rate-limit', this.target, `Jira rate limit ${quote(status)} persisted after ${this.policy.retries} retries; run again later`, status);
    if (status === 403) return new TrackerError('permission', this.target, `the Jira account may not ${operation} in project ${project} ${quote(status)}: grant it the Browse, Create, Edit, Transition and Add Comments permissions`, status);
    if (status === 404) return new TrackerError('not-found', this.target, key ? `issue ${key} does not exist or the account cannot see it ${quote(status)}` : `project ${project} or the search endpoint was not found ${quote(status)}: check THREATCODE_JIRA_PROJECT and THREATCODE_JIRA_BASE_URL`, status);
    if (status === 400 && operation === 'search issues') return new TrackerError('config', this.target, `Jira refused the search ${quote(status)}: does project ${project} exist (THREATCODE_JIRA_PROJECT)?`, status);
    if (status === 400 && operation === 'create issues') return new TrackerError('config', this.target, `Jira refused to create the issue ${quote(status)}: check THREATCODE_JIRA_PROJECT and THREATCODE_JIRA_ISSUE_TYPE (now '${this.settings.issueType}')`, status);
    if (status === 400 || status === 409 || status === 422) return new TrackerError('invalid', this.target, `Jira refused to ${operation.replace(/s$/, '')} ${key ?? ''} ${quote(status)}`.replace(/\s+\(/, ' ('), status);
    return new TrackerError('server', this.target, `Jira answered ${quote(status)} to ${operation}${status >= 500 ? ` after ${this.policy.retries} retries; try again later` : ''}`, status);
  }
}
