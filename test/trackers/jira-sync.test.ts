// `threatcode tickets sync --tracker jira` end to end against the fake Jira Cloud: enhanced JQL
// search one issue per page, ADF descriptions, labels as markers, transitions found by status
// category (with the resolution the Done screen requires), and people moving issues between runs.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tickets, workdir, writeModel } from './cli-helpers.js';
import { startFakeJira, type FakeJira } from './fake-jira.js';
import { COMMITS, IDS, shopV1, shopV2, shopV3 } from './models.js';

const TOKEN = 'jira-token-123456';
const transcript: string[] = [];

describe('tickets sync — Jira', { timeout: 60_000 }, () => {
  let jira: FakeJira;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const run = async (label: string, args: string[]) => {
    const result = await tickets(args, dir, env);
    transcript.push(`$ threatcode tickets ${args.join(' ')}    # ${label}\n${result.stdout}${result.stderr ? `[stderr]\n${result.stderr}` : ''}`);
    return result;
  };
  const bySummary = (part: string) => [...jira.issues.values()].find((i) => i.summary.includes(part))!;

  before(async () => {
    jira = await startFakeJira({ pageSize: 1 });
    dir = workdir('jira');
    writeModel(dir, 'v1.json', shopV1());
    writeModel(dir, 'v2.json', shopV2());
    writeModel(dir, 'v3.json', shopV3());
    writeFileSync(join(dir, '.threatcode.yml'), 'trackers:\n  minSeverity: high\n  jira:\n    project: SEC\n    labels: [security]\n    assignees: { "@alice": acc-alice }\n');
    env = { THREATCODE_JIRA_BASE_URL: jira.url, JIRA_EMAIL: 'bot@example.com', JIRA_API_TOKEN: TOKEN };
  });
  after(async () => {
    await jira.close();
    rmSync(dir, { recursive: true, force: true });
    if (process.env.THREATCODE_TICKETS_TRANSCRIPT) writeFileSync(join(process.env.THREATCODE_TICKETS_TRANSCRIPT, 'jira.txt'), transcript.join('\n'));
  });

  it('prints the plan and changes nothing without --apply', async () => {
    const r = await run('dry run', ['sync', '--tracker', 'jira', '--model', 'v1.json']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /→ jira SEC at http:\/\/127\.0\.0\.1:\d+ — dry run/);
    assert.equal((r.stdout.match(/^ {2}create/gm) ?? []).length, 2);
    assert.equal(jira.writes().length, 0);
    assert.ok(jira.requests.every((q) => q.path !== '/rest/api/3/search'), 'never the removed legacy search');
  });

  it('creates issues with labels, priority, assignee and an ADF description', async () => {
    const r = await run('apply', ['sync', '--tracker', 'jira', '--model', 'v1.json', '--apply']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(jira.issues.size, 2);
    const sql = jira.issues.get('SEC-1')!;
    assert.equal(sql.summary, '[critical] SQL injection from request data (api/src/routes/products.js:20)');
    assert.deepEqual(sql.labels, ['threatcode', `threatcode-threat-${IDS.sql}`, 'threatcode-product-shop', 'threatcode-severity-critical', 'security']);
    assert.equal(sql.priority, 'Highest');
    assert.equal(sql.assignee, 'acc-alice');
    assert.equal(sql.description?.type, 'doc');
    const text = JSON.stringify(sql.description);
    assert.ok(text.includes(`"href":"https://github.com/acme/shop/blob/${COMMITS.v1}/api/src/routes/products.js#L20"`));
    for (const part of ['Kill chains', 'Use parameterised queries', 'Pass q as a parameter', `threatcode threat ${IDS.sql} in product shop`]) assert.ok(text.includes(part), part);
  });

  it('does nothing on a second run (paging through one issue per page)', async () => {
    const writes = jira.writes().length;
    const searches = jira.requests.filter((q) => q.path === '/rest/api/3/search/jql').length;
    const r = await run('idempotent re-run', ['sync', '--tracker', 'jira', '--model', 'v1.json', '--apply']);
    assert.match(r.stdout, /plan: nothing to do/);
    assert.equal(jira.writes().length, writes);
    assert.equal(jira.requests.filter((q) => q.path === '/rest/api/3/search/jql').length - searches, 2, 'two pages of one issue');
  });

  it('keeps tickets people moved to In Progress, and reports them as in progress', async () => {
    jira.human.transition('SEC-1', 'In Progress');
    jira.human.edit('SEC-2', { summary: 'Lock down the role endpoint' });
    const r = await run('people moved things', ['preflight', '--tracker', 'jira', '--model', 'v1.json']);
    assert.match(r.stdout, /SEC-1 +open +In Progress/);
    assert.match(r.stdout, /mitigation "Use parameterised queries": proposed → in-progress/);
  });

  it('transitions to done with a comment naming the commit when the threat is gone', async () => {
    const r = await run('fix landed (v2)', ['sync', '--tracker', 'jira', '--model', 'v2.json', '--apply']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /done +close SEC-2 .* transition 'Done'/);
    const admin = jira.issues.get('SEC-2')!;
    assert.equal(admin.status, 'Done');
    assert.equal(admin.resolution, 'Done');
    assert.match(jira.commentsText('SEC-2').at(-1)!, /Fix verified.*b2b2b2b2b2b2/);
  });

  it('reopens an issue closed as done while the threat is still present', async () => {
    jira.human.transition('SEC-1', 'Done', 'Done');
    const r = await run('closed but still present', ['sync', '--tracker', 'jira', '--model', 'v2.json', '--apply']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /done +reopen SEC-1 .* transition 'Reopen'/);
    const sql = jira.issues.get('SEC-1')!;
    assert.equal(sql.status, 'To Do');
    assert.equal(sql.resolution, null);
    assert.match(jira.commentsText('SEC-1').at(-1)!, /Fix not verified.*api\/src\/routes\/products\.js:20/);
    const again = await tickets(['sync', '--tracker', 'jira', '--model', 'v2.json', '--apply'], dir, env);
    assert.match(again.stdout, /plan: nothing to do/);
  });

  it("updates summary, priority and the severity label when the severity changes, keeping people's labels", async () => {
    jira.human.edit('SEC-1', { labels: [...jira.issues.get('SEC-1')!.labels, 'sprint-12'] });
    const r = await run('severity changed (v3)', ['sync', '--tracker', 'jira', '--model', 'v3.json', '--apply']);
    assert.equal(r.code, 0, r.stderr);
    const sql = jira.issues.get('SEC-1')!;
    assert.equal(sql.summary, '[high] SQL injection from request data (api/src/routes/products.js:20)');
    assert.equal(sql.priority, 'High');
    assert.ok(sql.labels.includes('threatcode-severity-high') && !sql.labels.includes('threatcode-severity-critical'));
    assert.ok(sql.labels.includes('sprint-12'));
    assert.ok(bySummary('Sensitive cookie'), 'the cookie threat became high and got an issue');
  });

  it("leaves an issue resolved as Won't Do alone and never files a duplicate", async () => {
    const cookie = bySummary('Sensitive cookie');
    jira.human.transition(cookie.key, 'Done', "Won't Do");
    const before = jira.issues.size;
    const r = await run("resolved as Won't Do", ['sync', '--tracker', 'jira', '--model', 'v3.json', '--apply']);
    assert.match(r.stdout, /plan: nothing to do/);
    assert.match(r.stdout, new RegExp(`${cookie.key} was closed as not planned`));
    assert.equal(jira.issues.size, before);
  });

  it('keeps the threat id when a person strips the labels (description footer)', async () => {
    const labels = [...jira.issues.get('SEC-1')!.labels];
    jira.human.edit('SEC-1', { labels: ['threatcode', 'threatcode-product-shop'] });
    const r = await tickets(['sync', '--tracker', 'jira', '--model', 'v3.json'], dir, env);
    assert.doesNotMatch(r.stdout, /create .*SQL injection/);
    jira.human.edit('SEC-1', { labels });
  });
});
