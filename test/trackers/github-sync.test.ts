// `threatcode tickets sync --tracker github` end to end against the fake GitHub: dry run, create,
// idempotent re-run, fix verified and closed, closed-but-still-present reopened, severity update,
// and the changes people make between runs. Pages hold 2 issues so every listing follows Link headers.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tickets, workdir, writeModel } from './cli-helpers.js';
import { startFakeGithub, type FakeGithub } from './fake-github.js';
import { COMMITS, IDS, shopV1, shopV2, shopV3 } from './models.js';

const TOKEN = 'ghp_faketoken1234567890';
const REPO = 'acme/shop';
const transcript: string[] = [];

describe('tickets sync — GitHub', { timeout: 60_000 }, () => {
  let gh: FakeGithub;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const run = async (label: string, args: string[]) => {
    const result = await tickets(args, dir, env);
    transcript.push(`$ threatcode tickets ${args.join(' ')}    # ${label}\n${result.stdout}${result.stderr ? `[stderr]\n${result.stderr}` : ''}`);
    return result;
  };
  const issue = (n: number) => gh.repo(REPO).issues.find((i) => i.number === n)!;

  before(async () => {
    gh = await startFakeGithub({ repos: [REPO], maxPerPage: 2 });
    dir = workdir('gh');
    writeModel(dir, 'v1.json', shopV1());
    writeModel(dir, 'v2.json', shopV2());
    writeModel(dir, 'v3.json', shopV3());
    // The repository comes from the model (github.com/acme/shop); only the API URL points at the fake.
    env = { GITHUB_TOKEN: TOKEN, THREATCODE_GITHUB_API_URL: gh.url };
    // A pull request carrying the label (so it is #1) must never be mistaken for a ticket.
    gh.human.open(REPO, { title: 'Bump express', labels: ['threatcode'], pullRequest: true });
  });
  after(async () => {
    await gh.close();
    rmSync(dir, { recursive: true, force: true });
    if (process.env.THREATCODE_TICKETS_TRANSCRIPT) writeFileSync(join(process.env.THREATCODE_TICKETS_TRANSCRIPT, 'github.txt'), transcript.join('\n'));
  });

  it('prints the plan and changes nothing without --apply', async () => {
    const r = await run('dry run', ['sync', '--tracker', 'github', '--model', 'v1.json']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /dry run: nothing is changed/);
    assert.match(r.stdout, /create {2}\[critical\] SQL injection from request data \(api\/src\/routes\/products\.js:20\)/);
    assert.match(r.stdout, /create {2}\[high\] Administrative route/);
    assert.match(r.stdout, /2 threats below high, 1 not open/);
    assert.equal(gh.writes().length, 0);
    assert.equal(gh.repo(REPO).issues.length, 1, 'only the pull request');
  });

  it('creates one ticket per open threat at or above the threshold', async () => {
    const r = await run('apply', ['sync', '--tracker', 'github', '--model', 'v1.json', '--apply']);
    assert.equal(r.code, 0, r.stderr);
    const issues = gh.repo(REPO).issues.filter((i) => !i.pull_request);
    assert.deepEqual(issues.map((i) => i.title), ['[critical] SQL injection from request data (api/src/routes/products.js:20)', '[high] Administrative route PUT /api/admin/users/:id/role has no administrator check (api/src/routes/admin.js:48)']);
    const sql = issues[0];
    assert.deepEqual(sql.labels, ['threatcode', 'severity: critical']);
    assert.deepEqual(sql.assignees, ['alice'], '@alice is a collaborator; the team is not a login');
    const body = sql.body ?? '';
    assert.ok(body.startsWith(`<!-- threatcode:v1 threat=${IDS.sql} product=shop severity=critical`));
    assert.ok(body.includes(`(https://github.com/acme/shop/blob/${COMMITS.v1}/api/src/routes/products.js#L20)`), 'permalink at the model commit');
    for (const part of ['**Threat:** ', '### Severity', 'CVSS 9.1', '### Evidence', 'last changed by Dana Dev', '### Kill chains', '### Mitigation', 'Use parameterised queries', 'ASVS V5.3.4', '### Remediation', 'Pass q as a parameter', '[CWE-89](https://cwe.mitre.org/data/definitions/89.html)', '### Owners']) assert.ok(body.includes(part), part);
  });

  it('does nothing on a second run with nothing changed', async () => {
    const writes = gh.writes().length;
    const r = await run('idempotent re-run', ['sync', '--tracker', 'github', '--model', 'v1.json', '--apply']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /plan: nothing to do/);
    assert.equal(gh.writes().length, writes);
  });

  it('ignores title edits by people (matching is by marker)', async () => {
    gh.human.edit(REPO, 3, { title: 'Admin role endpoint: add requireRole', labels: ['threatcode', 'severity: high', 'team: backend'] });
    const r = await tickets(['sync', '--tracker', 'github', '--model', 'v1.json'], dir, env);
    assert.match(r.stdout, /plan: nothing to do/);
  });

  it('closes with the commit when the threat is gone from the code (fix verified)', async () => {
    const r = await run('fix landed (v2)', ['sync', '--tracker', 'github', '--model', 'v2.json', '--apply']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /close +#3 .*\n\s+why: the threat's evidence is gone from the code at b2b2b2b2b2b2: fix verified/);
    const admin = issue(3);
    assert.equal(admin.state, 'closed');
    assert.equal(admin.state_reason, 'completed');
    assert.match(admin.comments.at(-1)!.body, /Fix verified/);
    assert.ok(admin.comments.at(-1)!.body.includes(`https://github.com/acme/shop/commit/${COMMITS.v2}`));
    assert.deepEqual(admin.labels, ['threatcode', 'severity: high', 'team: backend'], 'labels people added survive');
  });

  it('reopens a ticket closed as done while the threat is still present (fix not verified)', async () => {
    gh.human.close(REPO, 2, 'completed');
    const pre = await run('pre-flight', ['preflight', '--tracker', 'github', '--model', 'v2.json']);
    assert.match(pre.stdout, /#2 +fix-not-verified/);
    assert.match(pre.stdout, /#3 +resolved/);
    const r = await run('closed but still present', ['sync', '--tracker', 'github', '--model', 'v2.json', '--apply']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /reopen {2}#2 /);
    const sql = issue(2);
    assert.equal(sql.state, 'open');
    assert.equal(sql.state_reason, 'reopened');
    assert.match(sql.comments.at(-1)!.body, /Fix not verified/);
    assert.ok(sql.comments.at(-1)!.body.includes('api/src/routes/products.js:20'));
    const again = await tickets(['sync', '--tracker', 'github', '--model', 'v2.json', '--apply'], dir, env);
    assert.match(again.stdout, /plan: nothing to do/);
  });

  it('updates a ticket whose severity changed and files newly qualifying threats', async () => {
    const r = await run('severity changed (v3)', ['sync', '--tracker', 'github', '--model', 'v3.json', '--apply']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /update {2}#2 .*\n\s+why: severity changed from critical to high/);
    const sql = issue(2);
    assert.equal(sql.title, '[high] SQL injection from request data (api/src/routes/products.js:20)');
    assert.deepEqual(sql.labels, ['threatcode', 'severity: high']);
    assert.match(sql.body ?? '', /severity=high/);
    const cookie = gh.repo(REPO).issues.find((i) => i.body?.includes(IDS.cookie));
    assert.ok(cookie, 'the cookie threat became high and got a ticket');
  });

  it('leaves a ticket a person closed as not planned alone, and never duplicates it', async () => {
    const cookie = gh.repo(REPO).issues.find((i) => i.body?.includes(IDS.cookie))!;
    gh.human.close(REPO, cookie.number, 'not_planned');
    const count = gh.repo(REPO).issues.length;
    const r = await run('closed as not planned', ['sync', '--tracker', 'github', '--model', 'v3.json', '--apply']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /plan: nothing to do/);
    assert.match(r.stdout, /closed as not planned .* left alone/);
    assert.equal(gh.repo(REPO).issues.length, count);
  });

  it('returns the model with ticket state fed back in --json', async () => {
    const r = await tickets(['preflight', '--tracker', 'github', '--model', 'v3.json', '--json'], dir, env);
    const out = JSON.parse(r.stdout) as { products: { model: { mitigations: { id: string; status: string }[] } }[] };
    assert.equal(out.products[0].model.mitigations.find((m) => m.id === 'm-param')?.status, 'in-progress');
  });
});
