import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadConfig } from './load.js';

const temp = mkdtempSync(join(tmpdir(), 'threatcode-trackers-config-'));
after(() => rmSync(temp, { recursive: true, force: true }));
let counter = 0;

async function load(yaml: string) {
  const dir = join(temp, `r${counter++}`);
  mkdirSync(dir);
  writeFileSync(join(dir, '.threatcode.yml'), yaml);
  return loadConfig(dir);
}

describe('.threatcode.yml trackers:', () => {
  it('is absent from the config when the file has no section (older configs are unchanged)', async () => {
    const { config } = await load('product: { name: shop }\n');
    assert.equal('trackers' in config, false);
  });

  it('reads every setting', async () => {
    const { config, diagnostics } = await load(`
trackers:
  minSeverity: medium
  reopen: false
  preflight: false
  jira:
    baseUrl: https://acme.atlassian.net
    email: bot@acme.example
    project: SEC
    issueType: Task
    labels: [security, appsec]
    doneTransition: Close
    reopenTransition: Back to backlog
    priorities: { critical: P1, high: P2 }
    assignees: { "@team-a": 5b10a2844c20165700ede21g }
  github:
    repo: acme/shop
    apiUrl: https://ghe.acme.example/api/v3
    labels: ["security review"]
    assignees: { "@acme/backend": alice }
`);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(config.trackers, {
      minSeverity: 'medium',
      reopen: false,
      preflight: false,
      jira: { baseUrl: 'https://acme.atlassian.net', email: 'bot@acme.example', project: 'SEC', issueType: 'Task', labels: ['security', 'appsec'], doneTransition: 'Close', reopenTransition: 'Back to backlog', priorities: { critical: 'P1', high: 'P2' }, assignees: { '@team-a': '5b10a2844c20165700ede21g' } },
      github: { repo: 'acme/shop', apiUrl: 'https://ghe.acme.example/api/v3', labels: ['security review'], assignees: { '@acme/backend': 'alice' } },
    });
  });

  it('refuses tokens by name, reports bad values at their path, keeps the rest', async () => {
    const { config, diagnostics } = await load(`
trackers:
  minSeverity: urgent
  jira:
    baseUrl: acme.atlassian.net
    project: SEC
    apiToken: abc123secret
    labels: ["has space"]
  github:
    repo: not-a-repo
    token: ghp_abcdef
    colour: blue
`);
    const messages = diagnostics.map((d) => `${d.line}: ${d.message}`);
    assert.deepEqual(messages, [
      '3: trackers.minSeverity: must be one of critical, high, medium, low',
      '5: trackers.jira.baseUrl: must be an http(s) URL such as https://acme.atlassian.net',
      '7: trackers.jira.apiToken: credentials must not be written into the repository; remove it and set JIRA_API_TOKEN in the environment instead',
      '8: trackers.jira.labels[0]: Jira labels cannot contain spaces; ignored',
      '10: trackers.github.repo: must be owner/name',
      '11: trackers.github.token: credentials must not be written into the repository; remove it and set GITHUB_TOKEN in the environment instead',
      '12: trackers.github.colour: unknown key "colour" is ignored',
    ]);
    assert.ok(diagnostics.every((d) => !d.message.includes('abc123secret') && !d.message.includes('ghp_abcdef')));
    assert.deepEqual(config.trackers, { jira: { project: 'SEC', labels: [], priorities: {}, assignees: {} }, github: { labels: [], assignees: {} } });
  });
});
