// Tokens are never printed or written: a full sync (dry run, apply, --json, --out) and the failure
// paths (401, 403) run with the tokens set, and neither the token nor its basic-auth encoding may
// appear in stdout, stderr or any written file.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ticketsMain, workdir, writeModel } from './cli-helpers.js';
import { startFakeGithub } from './fake-github.js';
import { startFakeJira } from './fake-jira.js';
import { shopV1, shopV2 } from './models.js';

const GH_TOKEN = 'ghp_faketoken1234567890';
const JIRA_TOKEN = 'jira-token-123456';
const FORMS = [GH_TOKEN, JIRA_TOKEN, Buffer.from(`bot@example.com:${JIRA_TOKEN}`).toString('base64'), Buffer.from(GH_TOKEN).toString('base64')];

function assertClean(where: string, text: string): void {
  for (const form of FORMS) assert.ok(!text.includes(form), `${where} contains a credential`);
}

describe('tickets never print or write tokens', { timeout: 60_000 }, () => {
  const dir = workdir('secrets');
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('through a whole GitHub and Jira sync, including failures', async () => {
    const gh = await startFakeGithub({ tokens: [{ value: GH_TOKEN, write: true }] });
    const jira = await startFakeJira();
    writeModel(dir, 'v1.json', shopV1());
    writeModel(dir, 'v2.json', shopV2());
    // A token written into the configuration by mistake is refused, not used and not echoed.
    writeFileSync(join(dir, '.threatcode.yml'), `trackers:\n  github:\n    token: ${GH_TOKEN}\n`);
    const env = { GITHUB_TOKEN: GH_TOKEN, THREATCODE_GITHUB_API_URL: gh.url, THREATCODE_JIRA_BASE_URL: jira.url, JIRA_EMAIL: 'bot@example.com', JIRA_API_TOKEN: JIRA_TOKEN, THREATCODE_JIRA_PROJECT: 'SEC' };
    const outputs: string[] = [];
    const runs = [
      ['sync', '--tracker', 'github', '--model', 'v1.json'],
      ['sync', '--tracker', 'github', '--model', 'v1.json', '--apply', '--json', '--out', 'gh.json'],
      ['sync', '--tracker', 'github', '--model', 'v2.json', '--apply'],
      ['preflight', '--tracker', 'github', '--model', 'v2.json', '--json', '--out', 'gh-pre.json'],
      ['sync', '--tracker', 'jira', '--model', 'v1.json', '--apply', '--json', '--out', 'jira.json'],
      ['sync', '--tracker', 'jira', '--model', 'v2.json', '--apply'],
    ];
    for (const args of runs) {
      const r = await ticketsMain(args, dir, env);
      assert.equal(r.code, 0, r.stderr);
      outputs.push(r.stdout, r.stderr);
    }
    const refused = await ticketsMain(['sync', '--tracker', 'github', '--model', 'v1.json'], dir, env);
    assert.match(refused.stderr, /trackers\.github\.token: credentials must not be written into the repository; remove it and set GITHUB_TOKEN/);
    // Failures: wrong tokens are rejected (401) and the messages name the variables, not the values.
    const wrongGh = await ticketsMain(['sync', '--tracker', 'github', '--model', 'v1.json'], dir, { ...env, GITHUB_TOKEN: `${GH_TOKEN}x` });
    assert.equal(wrongGh.code, 2);
    assert.match(wrongGh.stderr, /GitHub rejected the token \(401 Bad credentials\): check GITHUB_TOKEN/);
    const wrongJira = await ticketsMain(['sync', '--tracker', 'jira', '--model', 'v1.json'], dir, { ...env, JIRA_API_TOKEN: `${JIRA_TOKEN}x` });
    assert.equal(wrongJira.code, 2);
    assert.match(wrongJira.stderr, /check JIRA_EMAIL and JIRA_API_TOKEN/);
    outputs.push(refused.stdout, refused.stderr, wrongGh.stdout, wrongGh.stderr, wrongJira.stdout, wrongJira.stderr);
    outputs.forEach((o, i) => assertClean(`output ${i}`, o));
    for (const file of readdirSync(dir)) assertClean(file, file === '.threatcode.yml' ? '' : readFileSync(join(dir, file), 'utf8'));
    // Nor in anything the trackers received.
    for (const issue of gh.repo('acme/shop').issues) assertClean(`issue #${issue.number}`, JSON.stringify(issue));
    for (const issue of jira.issues.values()) assertClean(issue.key, JSON.stringify(issue));
    await gh.close();
    await jira.close();
  });
});
