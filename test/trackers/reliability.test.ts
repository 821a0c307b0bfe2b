// Failure handling against the fakes: 429 with Retry-After, GitHub's exhausted rate limit, 5xx with
// backoff, a create whose response was lost (no duplicate), auth/permission/not-found errors that
// say what to fix, paging over hundreds of issues, and project screens that refuse fields.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { GithubSettings, JiraSettings } from '../../src/trackers/config.js';
import { TrackerError } from '../../src/trackers/errors.js';
import { GithubTracker } from '../../src/trackers/github.js';
import { JiraTracker } from '../../src/trackers/jira.js';
import { githubMarker } from '../../src/trackers/marker.js';
import type { RetryPolicy } from '../../src/trackers/retry.js';
import { syncProduct } from '../../src/trackers/sync.js';
import { startFakeGithub, type FakeGithub } from './fake-github.js';
import { startFakeJira, type FakeJira } from './fake-jira.js';
import { IDS, shopV1 } from './models.js';

const GH_TOKEN = 'ghp_faketoken1234567890';
const JIRA_TOKEN = 'jira-token-123456';

function recorder(now = 1_000_000): { sleeps: number[]; retry: Partial<RetryPolicy> } {
  const sleeps: number[] = [];
  return { sleeps, retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, now: () => now } };
}

const ghSettings = (url: string, over: Partial<GithubSettings> = {}): GithubSettings => ({ kind: 'github', apiUrl: url, token: GH_TOKEN, owner: 'acme', repo: 'shop', labels: [], assignees: {}, ...over });
const jiraSettings = (url: string, over: Partial<JiraSettings> = {}): JiraSettings => ({
  kind: 'jira',
  baseUrl: url,
  email: 'bot@example.com',
  token: JIRA_TOKEN,
  project: 'SEC',
  issueType: 'Bug',
  labels: [],
  priorities: { critical: 'Highest', high: 'High', medium: 'Medium', low: 'Low' },
  assignees: {},
  ...over,
});

async function rejects(promise: Promise<unknown>): Promise<TrackerError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof TrackerError, `expected a TrackerError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a failure');
}

const input = () => ({ slug: 'shop', model: shopV1() });
const syncOptions = { minSeverity: 'high' as const, reopen: true, apply: true };

describe('GitHub client reliability', { timeout: 60_000 }, () => {
  const servers: FakeGithub[] = [];
  const start = async (...args: Parameters<typeof startFakeGithub>) => {
    const s = await startFakeGithub(...args);
    servers.push(s);
    return s;
  };
  after(async () => Promise.all(servers.map((s) => s.close())));

  it('waits as long as Retry-After says on 429, then succeeds', async () => {
    const gh = await start();
    gh.failNext({ status: 429, headers: { 'retry-after': '7' }, body: { message: 'You have exceeded a secondary rate limit.', documentation_url: 'https://docs.github.com/rest' } });
    const { sleeps, retry } = recorder();
    const tickets = await new GithubTracker(ghSettings(gh.url), { retry }).listTickets({ product: 'shop' });
    assert.deepEqual(tickets, []);
    assert.deepEqual(sleeps, [7000]);
  });

  it('waits for x-ratelimit-reset when the primary limit is exhausted (403, remaining 0)', async () => {
    const gh = await start();
    gh.failNext({ status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(1000 + 30) }, body: { message: 'API rate limit exceeded for user ID 1.' } });
    const { sleeps, retry } = recorder(1_000_000);
    await new GithubTracker(ghSettings(gh.url), { retry }).listTickets({ product: 'shop' });
    assert.deepEqual(sleeps, [30_000]);
  });

  it('backs off exponentially on 5xx for reads', async () => {
    const gh = await start();
    gh.failNext({ status: 503, body: { message: 'Service Unavailable' } });
    gh.failNext({ status: 502, body: { message: 'Server Error' } });
    const { sleeps, retry } = recorder();
    await new GithubTracker(ghSettings(gh.url), { retry }).listTickets({ product: 'shop' });
    assert.deepEqual(sleeps, [375, 750]);
  });

  it('gives up with a clear message when the server asks for too long a pause', async () => {
    const gh = await start();
    gh.failNext({ status: 429, headers: { 'retry-after': '3600' }, body: { message: 'slow down' } });
    const { retry } = recorder();
    const error = await rejects(new GithubTracker(ghSettings(gh.url), { retry }).listTickets({ product: 'shop' }));
    assert.equal(error.kind, 'rate-limit');
    assert.match(error.message, /wait 3600 s.*run again later/);
  });

  it('follows Link headers across pages (250 issues, 100 per page) and skips pull requests', async () => {
    const gh = await start();
    for (let i = 0; i < 250; i++) {
      const id = `0a1b2c3d-0000-5000-8000-${String(100000 + i).padStart(12, '0')}`;
      gh.human.open('acme/shop', { title: `t${i}`, labels: ['threatcode'], body: githubMarker({ threatId: id, product: 'shop', severity: 'high' }), pullRequest: i % 50 === 0 });
    }
    const tickets = await new GithubTracker(ghSettings(gh.url), { retry: recorder().retry }).listTickets({ product: 'shop' });
    assert.equal(tickets.length, 245);
    assert.deepEqual(gh.requests.map((r) => r.path), ['/repos/acme/shop/issues', '/repositories/4242/issues', '/repositories/4242/issues']);
  });

  it('does not duplicate a ticket whose create answered 502 after it was made', async () => {
    const gh = await start();
    gh.failNext({ status: 502, body: { message: 'Server Error' }, afterHandling: true, match: (m) => m === 'POST' });
    const result = await syncProduct(new GithubTracker(ghSettings(gh.url), { retry: recorder().retry }), input(), syncOptions);
    assert.equal(result.error, undefined);
    assert.equal(gh.repo('acme/shop').issues.length, 2);
    assert.match(result.applied[0].detail ?? '', /reported 502 but had created the ticket/);
  });

  it('creates on a second attempt when the 502 was real', async () => {
    const gh = await start();
    gh.failNext({ status: 502, body: { message: 'Server Error' }, match: (m) => m === 'POST' });
    const result = await syncProduct(new GithubTracker(ghSettings(gh.url), { retry: recorder().retry }), input(), syncOptions);
    assert.equal(gh.repo('acme/shop').issues.length, 2);
    assert.match(result.applied[0].detail ?? '', /second attempt/);
  });

  it('files the ticket unassigned when an owner is not a collaborator', async () => {
    const gh = await start({ collaborators: ['bob'] });
    const result = await syncProduct(new GithubTracker(ghSettings(gh.url), { retry: recorder().retry }), input(), syncOptions);
    assert.equal(gh.repo('acme/shop').issues.length, 2);
    assert.deepEqual(gh.repo('acme/shop').issues[0].assignees, []);
    assert.match(result.applied[0].detail ?? '', /not assigned: GitHub refused alice/);
  });

  it('says what to fix on 401, 403, 404 and 410', async () => {
    const gh = await start({ tokens: [{ value: GH_TOKEN, write: false }], issuesDisabled: ['acme/off'], repos: ['acme/shop', 'acme/off'] });
    const bad = await rejects(new GithubTracker({ ...ghSettings(gh.url), token: 'ghp_wrong' }).listTickets({ product: 'shop' }));
    assert.equal(bad.kind, 'auth');
    assert.match(bad.message, /github acme\/shop: GitHub rejected the token \(401 Bad credentials\): check GITHUB_TOKEN/);
    const missing = await rejects(new GithubTracker(ghSettings(gh.url, { repo: 'nope' })).listTickets({ product: 'shop' }));
    assert.equal(missing.kind, 'not-found');
    assert.match(missing.message, /repository acme\/nope not found, or the token cannot see it \(404 Not Found\): check THREATCODE_GITHUB_REPO/);
    const off = await rejects(new GithubTracker(ghSettings(gh.url, { repo: 'off' })).listTickets({ product: 'shop' }));
    assert.match(off.message, /issues are disabled in acme\/off \(410/);
    const result = await syncProduct(new GithubTracker(ghSettings(gh.url), { retry: recorder().retry }), input(), syncOptions);
    assert.match(result.error ?? '', /the token may not create issues in acme\/shop \(403 Resource not accessible by personal access token\): give it "Issues: Read and write"/);
    assert.equal(result.applied.length, 0, 'a permission failure stops the run instead of failing every action');
  });

  it('reports an unreachable server as a network problem', async () => {
    const gh = await start();
    const url = gh.url;
    await gh.close();
    const error = await rejects(new GithubTracker(ghSettings(url), { retry: recorder().retry }).listTickets({ product: 'shop' }));
    assert.equal(error.kind, 'network');
    assert.match(error.message, /cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });
});

describe('Jira client reliability', { timeout: 60_000 }, () => {
  const servers: FakeJira[] = [];
  const start = async (...args: Parameters<typeof startFakeJira>) => {
    const s = await startFakeJira(...args);
    servers.push(s);
    return s;
  };
  after(async () => Promise.all(servers.map((s) => s.close())));

  it('retries a search on 429 (Retry-After) and on 500 for the next page', async () => {
    const jira = await start({ pageSize: 1 });
    await syncProduct(new JiraTracker(jiraSettings(jira.url), { retry: recorder().retry }), input(), syncOptions);
    jira.failNext({ status: 429, headers: { 'retry-after': '2' }, body: { errorMessages: ['Rate limit exceeded.'], errors: {} } });
    let searches = 0;
    jira.failNext({ status: 500, body: { errorMessages: ['Internal server error'], errors: {} }, match: (_m, p) => p.endsWith('/search/jql') && ++searches === 2 });
    const { sleeps, retry } = recorder();
    const tickets = await new JiraTracker(jiraSettings(jira.url), { retry }).listTickets({ product: 'shop' });
    assert.deepEqual(tickets.map((t) => t.key), ['SEC-1', 'SEC-2']);
    assert.deepEqual(sleeps, [2000, 375]);
  });

  it('says what to fix on 401, 403, an unknown project and an unknown issue type', async () => {
    const jira = await start({ canCreate: false });
    const bad = await rejects(new JiraTracker({ ...jiraSettings(jira.url), token: 'wrong' }).listTickets({ product: 'shop' }));
    assert.equal(bad.kind, 'auth');
    assert.match(bad.message, /Jira rejected the credentials \(401 Client must be authenticated.*\): check JIRA_EMAIL and JIRA_API_TOKEN/);
    const project = await rejects(new JiraTracker(jiraSettings(jira.url, { project: 'NOPE' })).listTickets({ product: 'shop' }));
    assert.match(project.message, /Jira refused the search \(400 The value 'NOPE' does not exist for the field 'project'.\): does project NOPE exist/);
    const denied = await syncProduct(new JiraTracker(jiraSettings(jira.url), { retry: recorder().retry }), input(), syncOptions);
    assert.match(denied.error ?? '', /may not create issues in project SEC \(403 You do not have permission to create issues in this project.\)/);
    const other = await start();
    const type = await syncProduct(new JiraTracker(jiraSettings(other.url, { issueType: 'Story' }), { retry: recorder().retry }), input(), syncOptions);
    assert.match(type.error ?? '', /issuetype: Specify an issue type\): check THREATCODE_JIRA_PROJECT and THREATCODE_JIRA_ISSUE_TYPE \(now 'Story'\)/);
  });

  it('files issues without priority when the screen refuses it', async () => {
    const jira = await start({ priorityOnScreen: false });
    const result = await syncProduct(new JiraTracker(jiraSettings(jira.url), { retry: recorder().retry }), input(), syncOptions);
    assert.equal(jira.issues.size, 2);
    assert.match(result.applied[0].detail ?? '', /not set \(the project's screen refused them\): priority/);
    assert.equal(jira.requests.filter((r) => r.method === 'POST' && r.path === '/rest/api/3/issue').length, 3, 'the refusal is remembered for the rest of the run');
  });

  it('comments "fix not verified" once when the workflow has no way back from Done', async () => {
    const jira = await start({ workflow: { 'To Do': [{ id: '31', name: 'Close', to: 'Done', resolutionRequired: true }], Done: [] } });
    const client = new JiraTracker(jiraSettings(jira.url), { retry: recorder().retry });
    await syncProduct(client, input(), syncOptions);
    jira.human.transition('SEC-1', 'Done', 'Done');
    const first = await syncProduct(client, input(), syncOptions);
    assert.equal(first.applied[0].outcome, 'partial');
    assert.match(first.applied[0].detail ?? '', /no transition back to an open status from 'Done \(Done\)'; commented only/);
    assert.ok(jira.issues.get('SEC-1')!.labels.includes('threatcode-fix-not-verified'));
    const second = await syncProduct(client, input(), { ...syncOptions, reopen: false });
    assert.deepEqual(second.plan.actions, [], 'already said, not said again');
  });

  it('notes a copy a person filed with the same labels, and never files a third', async () => {
    const jira = await start();
    const client = new JiraTracker(jiraSettings(jira.url), { retry: recorder().retry });
    await syncProduct(client, input(), syncOptions);
    jira.human.create({ summary: 'copy', labels: [...jira.issues.get('SEC-1')!.labels] });
    const result = await syncProduct(client, input(), syncOptions);
    assert.deepEqual(result.plan.actions, []);
    assert.deepEqual(result.plan.notes, ['SEC-3 track the same threat as SEC-1; only SEC-1 is kept in step (close the others as duplicates)']);
    assert.equal(result.preflight.tickets.find((t) => t.key === 'SEC-3')?.threatId, IDS.sql);
  });
});
