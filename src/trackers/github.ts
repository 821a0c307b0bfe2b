// GitHub Issues through @octokit/rest. Tickets are found by the `threatcode` label (all states, every
// page via the Link header) and tied to threats by the hidden marker in the body; pull requests,
// which the issues API mixes in, are skipped. Every request goes through the retry wrapper (hooked
// into Octokit, so pagination pages are retried one by one).
import { Octokit } from '@octokit/rest';
import { VERSION } from '../api/version.js';
import type { GithubSettings } from './config.js';
import type { Doc } from './doc.js';
import { failureOf, serverMessage, TrackerError } from './errors.js';
import { renderMarkdown } from './markdown.js';
import { BASE_LABEL, githubLabel, githubMarker, isGithubOwnLabel, parseGithubMarker } from './marker.js';
import { defaultRetryPolicy, isRateLimited, RetryTooLongError, withRetry, type ClientOptions, type RetryPolicy } from './retry.js';
import type { Ticket, TicketContent, TicketScope, TrackerClient } from './types.js';

/** The fields of an issue this client reads (the REST issue object has many more). */
interface IssueShape {
  number: number;
  html_url: string;
  title: string;
  body?: string | null;
  state: string;
  state_reason?: string | null;
  labels: (string | { name?: string | null })[];
  assignees?: { login: string }[] | null;
  pull_request?: unknown;
}

const MAX_BODY = 60_000;
const SILENT_LOG = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

function labelNames(issue: IssueShape): string[] {
  return issue.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean);
}

export class GithubTracker implements TrackerClient {
  readonly kind = 'github' as const;
  readonly target: string;
  private readonly octokit: Octokit;
  private readonly policy: RetryPolicy;

  constructor(
    private readonly settings: GithubSettings,
    options: ClientOptions = {},
  ) {
    this.target = `github ${settings.owner}/${settings.repo}`;
    this.policy = defaultRetryPolicy(options.retry);
    // `log`: Octokit would print every 4xx to the console; failures are reported by this client instead.
    this.octokit = new Octokit({ auth: settings.token, baseUrl: settings.apiUrl, userAgent: `threatcode/${VERSION}`, log: SILENT_LOG });
    this.octokit.hook.wrap('request', (request, options) => withRetry(async () => request(options), this.policy, { idempotent: ['GET', 'HEAD', 'PATCH', 'PUT', 'DELETE'].includes(String(options.method).toUpperCase()) }));
  }

  private get repoParams() {
    return { owner: this.settings.owner, repo: this.settings.repo };
  }

  private toTicket(issue: IssueShape): Ticket {
    const marker = parseGithubMarker(issue.body);
    const labels = labelNames(issue);
    const closed = issue.state === 'closed';
    return {
      key: `#${issue.number}`,
      url: issue.html_url,
      ...(marker.threatId ? { threatId: marker.threatId } : {}),
      ...(marker.product ? { product: marker.product } : {}),
      title: issue.title,
      state: closed ? 'closed' : 'open',
      ...(closed ? { resolution: issue.state_reason === 'not_planned' || issue.state_reason === 'duplicate' ? 'not-planned' : 'done' } : {}),
      status: `${issue.state}${issue.state_reason ? ` (${issue.state_reason})` : ''}`,
      ...(marker.severity ? { severity: marker.severity } : {}),
      labels,
      assignees: (issue.assignees ?? []).map((a) => a.login),
      fixNotVerified: labels.includes(githubLabel.fixNotVerified),
    };
  }

  private body(content: TicketContent): string {
    const marker = githubMarker({ threatId: content.threatId, product: content.product, severity: content.severity });
    const text = `${marker}\n\n${renderMarkdown(content.body)}`;
    return text.length > MAX_BODY ? `${text.slice(0, MAX_BODY)}\n\n…(truncated; see the threat model)` : text;
  }

  private assignees(owners: string[]): string[] {
    const logins = owners.map((o) => this.settings.assignees[o] ?? (/^@[\w-]+$/.test(o) ? o.slice(1) : undefined)).filter((l): l is string => Boolean(l));
    return [...new Set(logins)].slice(0, 10);
  }

  private number(ticket: Ticket): number {
    return Number(ticket.key.replace(/^#/, ''));
  }

  private labelsFor(ticket: Ticket, own: string[]): string[] {
    return [...new Set([...ticket.labels.filter((l) => !isGithubOwnLabel(l)), ...own])];
  }

  async listTickets(scope: TicketScope): Promise<Ticket[]> {
    try {
      const issues = (await this.octokit.paginate(this.octokit.rest.issues.listForRepo, { ...this.repoParams, state: 'all', labels: BASE_LABEL, per_page: 100, sort: 'created', direction: 'asc' })) as IssueShape[];
      return issues.filter((i) => !i.pull_request).map((i) => this.toTicket(i)).filter((t) => t.product === undefined || t.product === scope.product);
    } catch (error) {
      throw this.translate(error, 'list issues', undefined);
    }
  }

  async create(content: TicketContent): Promise<{ ticket: Ticket; detail?: string }> {
    const labels = [...new Set([BASE_LABEL, githubLabel.severity(content.severity), ...this.settings.labels])];
    const assignees = this.assignees(content.owners);
    const params = { ...this.repoParams, title: content.title, body: this.body(content), labels };
    try {
      try {
        const { data } = await this.octokit.rest.issues.create({ ...params, ...(assignees.length ? { assignees } : {}) });
        return { ticket: this.toTicket(data as IssueShape) };
      } catch (error) {
        // An owner who is not a collaborator makes the whole create fail; file it unassigned instead.
        const failure = failureOf(error);
        if (failure?.status !== 422 || !assignees.length || !/assignee/i.test(JSON.stringify(failure.data ?? ''))) throw error;
        const { data } = await this.octokit.rest.issues.create(params);
        return { ticket: this.toTicket(data as IssueShape), detail: `not assigned: GitHub refused ${assignees.join(', ')} (${serverMessage(failure.data)})` };
      }
    } catch (error) {
      throw this.translate(error, 'create issues', undefined);
    }
  }

  async update(ticket: Ticket, content: TicketContent): Promise<void> {
    try {
      await this.octokit.rest.issues.update({ ...this.repoParams, issue_number: this.number(ticket), title: content.title, body: this.body(content), labels: this.labelsFor(ticket, [BASE_LABEL, githubLabel.severity(content.severity)]) });
    } catch (error) {
      throw this.translate(error, 'edit issues', ticket.key);
    }
  }

  private async comment(ticket: Ticket, comment: Doc): Promise<void> {
    await this.octokit.rest.issues.createComment({ ...this.repoParams, issue_number: this.number(ticket), body: renderMarkdown(comment) });
  }

  async close(ticket: Ticket, comment: Doc): Promise<{ closed: boolean }> {
    try {
      await this.comment(ticket, comment);
      await this.octokit.rest.issues.update({ ...this.repoParams, issue_number: this.number(ticket), state: 'closed', state_reason: 'completed' });
      return { closed: true };
    } catch (error) {
      throw this.translate(error, 'close issues', ticket.key);
    }
  }

  async reopen(ticket: Ticket, comment: Doc, mode: 'reopen' | 'comment'): Promise<{ reopened: boolean }> {
    const number = this.number(ticket);
    try {
      if (mode === 'reopen') {
        const labels = ticket.fixNotVerified ? { labels: ticket.labels.filter((l) => l !== githubLabel.fixNotVerified) } : {};
        await this.octokit.rest.issues.update({ ...this.repoParams, issue_number: number, state: 'open', ...labels });
        await this.comment(ticket, comment);
        return { reopened: true };
      }
      await this.comment(ticket, comment);
      await this.octokit.rest.issues.update({ ...this.repoParams, issue_number: number, labels: [...new Set([...ticket.labels, githubLabel.fixNotVerified])] });
      return { reopened: false };
    } catch (error) {
      throw this.translate(error, mode === 'reopen' ? 'reopen issues' : 'comment on issues', ticket.key);
    }
  }

  /** A failure as a TrackerError that says what to fix; never includes request headers. */
  private translate(error: unknown, operation: string, key: string | undefined): TrackerError {
    const repo = `${this.settings.owner}/${this.settings.repo}`;
    if (error instanceof TrackerError) return error;
    if (error instanceof RetryTooLongError) return new TrackerError('rate-limit', this.target, `GitHub's rate limit asks to wait ${Math.ceil(error.waitMs / 1000)} s before more requests (${serverMessage(error.failure.data) || 'rate limited'}); run again later`, error.failure.status);
    const failure = failureOf(error);
    if (!failure) return new TrackerError('server', this.target, `could not ${operation}: ${error instanceof Error ? error.message : String(error)}`);
    const said = serverMessage(failure.data);
    const status = failure.status;
    const quote = (s: number) => `(${s}${said ? ` ${said}` : ''})`;
    if (status === undefined) return new TrackerError('network', this.target, `cannot reach ${this.settings.apiUrl} (${failure.network}); check THREATCODE_GITHUB_API_URL and the network`);
    if (status === 401) return new TrackerError('auth', this.target, `GitHub rejected the token ${quote(status)}: check GITHUB_TOKEN (expired, revoked, or for another host?)`, status);
    if (isRateLimited(failure)) return new TrackerError('rate-limit', this.target, `GitHub rate limit exhausted ${quote(status)} after ${this.policy.retries} retries; run again later`, status);
    if (status === 403) return new TrackerError('permission', this.target, `the token may not ${operation} in ${repo} ${quote(status)}: give it "Issues: Read and write" (fine-grained) or the repo scope (classic)`, status);
    if (status === 404) return new TrackerError('not-found', this.target, key ? `issue ${key} not found in ${repo} ${quote(status)}: deleted or transferred?` : `repository ${repo} not found, or the token cannot see it ${quote(status)}: check THREATCODE_GITHUB_REPO and the token's repository access`, status);
    if (status === 410) return new TrackerError('gone', this.target, `${key ? `issue ${key} was deleted, or ` : ''}issues are disabled in ${repo} ${quote(status)}: enable Issues in the repository settings`, status);
    if (status === 422 || status === 400) return new TrackerError('invalid', this.target, `GitHub refused to ${operation.replace(/s$/, '')} ${quote(status)}`, status);
    return new TrackerError('server', this.target, `GitHub answered ${quote(status)} to ${operation}${status >= 500 ? ` after ${this.policy.retries} retries; try again later` : ''}`, status);
  }
}
