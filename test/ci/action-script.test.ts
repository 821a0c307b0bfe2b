// The action's script (scripts/ci/threatcode-ci.mjs) run locally against a temp git repository
// and a fake GitHub / GitLab API on 127.0.0.1: one comment is posted, then updated, never doubled.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { BASE_FILES, COMMENTED_FILES, RISKY_FILES } from '../diff/scenario.js';
import { sarifErrors } from '../diff/sarif-validator.js';
import { commitAll, hasGit, makeGitRepo, writeFiles } from '../helpers/git.js';

const skip = !hasGit() && 'git is not installed';
const ROOT = new URL('../..', import.meta.url).pathname;
const SCRIPT = join(ROOT, 'scripts/ci/threatcode-ci.mjs');
const parent = mkdtempSync(join(tmpdir(), 'threatcode-ci-'));
after(() => rmSync(parent, { recursive: true, force: true }));

interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: { body?: string } | undefined;
}

/** A fake REST API keeping comments in memory. */
async function fakeApi(flavour: 'github' | 'gitlab'): Promise<{ url: string; requests: Recorded[]; comments: Map<number, string>; close(): Promise<void> }> {
  const requests: Recorded[] = [];
  const comments = new Map<number, string>();
  let next = 100;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text ? (JSON.parse(text) as { body?: string }) : undefined;
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const send = (status: number, value: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      const path = (req.url ?? '').replace(/\?.*$/, '');
      const list = [...comments].map(([id, b]) => ({ id, body: b }));
      if (flavour === 'github') {
        if (req.method === 'GET' && path === '/repos/acme/shop/issues/7/comments') return send(200, list);
        if (req.method === 'POST' && path === '/repos/acme/shop/issues/7/comments') {
          comments.set(++next, body?.body ?? '');
          return send(201, { id: next, html_url: `https://github.test/acme/shop/pull/7#issuecomment-${next}` });
        }
        const patch = /^\/repos\/acme\/shop\/issues\/comments\/(\d+)$/.exec(path);
        if (req.method === 'PATCH' && patch && comments.has(Number(patch[1]))) {
          comments.set(Number(patch[1]), body?.body ?? '');
          return send(200, { id: Number(patch[1]), html_url: 'https://github.test/updated' });
        }
      } else {
        const notes = '/api/v4/projects/42/merge_requests/9/notes';
        if (req.method === 'GET' && path === notes) return send(200, list);
        if (req.method === 'POST' && path === notes) {
          comments.set(++next, body?.body ?? '');
          return send(201, { id: next });
        }
        const put = new RegExp(`^${notes}/(\\d+)$`).exec(path);
        if (req.method === 'PUT' && put && comments.has(Number(put[1]))) {
          comments.set(Number(put[1]), body?.body ?? '');
          return send(200, { id: Number(put[1]) });
        }
      }
      send(404, { message: 'not found' });
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, comments, close: () => new Promise((done) => server.close(() => done())) };
}

/** Runs the script (async: the fake API lives in this process). */
function runScript(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

function baseEnv(name: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('GITHUB_') || key.startsWith('CI_') || key === 'GITLAB_CI') delete env[key];
  return {
    ...env,
    THREATCODE_CMD: JSON.stringify([process.execPath, '--import', 'tsx', join(ROOT, 'scripts/dev.ts')]),
    THREATCODE_CACHE_DIR: join(parent, 'cache'),
    THREATCODE_TODAY: '2026-06-01',
    GITHUB_OUTPUT: join(parent, `${name}.output`),
    GITHUB_STEP_SUMMARY: join(parent, `${name}.summary`),
  };
}

let counter = 0;
function pullRequest(...steps: Record<string, string>[]): { dir: string; base: string; head: string } {
  const dir = join(parent, `repo-${++counter}`);
  const { commit } = makeGitRepo(dir, steps[0]);
  let head = commit;
  for (const files of steps.slice(1)) {
    writeFiles(dir, files);
    head = commitAll(dir, 'change');
  }
  return { dir, base: commit, head };
}

test('GitHub: a risky pull request fails, posts one comment, then updates it on the next push', { skip }, async () => {
  const api = await fakeApi('github');
  try {
    const { dir, base, head } = pullRequest(BASE_FILES, RISKY_FILES);
    const event = join(parent, 'event.json');
    writeFileSync(event, JSON.stringify({ number: 7, pull_request: { number: 7, base: { sha: base }, head: { sha: head } } }));
    const env: NodeJS.ProcessEnv = { ...baseEnv('gh'), GITHUB_ACTIONS: 'true', GITHUB_EVENT_PATH: event, GITHUB_REPOSITORY: 'acme/shop', GITHUB_API_URL: api.url, GITHUB_SERVER_URL: 'https://github.test', GITHUB_TOKEN: 'test-token' };
    const out = join(parent, 'gh-out');
    const first = await runScript(['--source', dir, '--out-dir', out], env);
    assert.equal(first.code, 1, first.stderr);
    assert.equal(api.comments.size, 1);
    const [body] = api.comments.values();
    assert.ok(body.startsWith('<!-- threatcode:pr-comment -->'));
    assert.match(body, /runs as a privileged container/);
    assert.ok(body.includes(`https://github.test/acme/shop/blob/${head}/docker-compose.yml#L`));
    const post = api.requests.find((r) => r.method === 'POST');
    assert.equal(post?.headers.authorization, 'Bearer test-token');
    assert.deepEqual(sarifErrors(JSON.parse(readFileSync(join(out, 'threatcode.sarif'), 'utf8'))), []);
    const outputs = readFileSync(String(env.GITHUB_OUTPUT), 'utf8');
    assert.match(outputs, /gate-failed=true/);
    assert.match(outputs, /new-threats=[1-9]/);
    assert.match(readFileSync(String(env.GITHUB_STEP_SUMMARY), 'utf8'), /privileged container/);

    // The author fixes the change: the same comment now says the gate passes.
    writeFiles(dir, BASE_FILES);
    const fixed = commitAll(dir, 'fix');
    writeFileSync(event, JSON.stringify({ number: 7, pull_request: { number: 7, base: { sha: base }, head: { sha: fixed } } }));
    const second = await runScript(['--source', dir, '--out-dir', out], env);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(api.comments.size, 1, 'updated, not a second comment');
    assert.equal(api.requests.filter((r) => r.method === 'PATCH').length, 1);
    assert.match([...api.comments.values()][0], /no new threats/);
  } finally {
    await api.close();
  }
});

test('GitHub: a comment-only change posts nothing and passes; a failed post only warns', { skip }, async () => {
  const api = await fakeApi('github');
  try {
    const { dir, base, head } = pullRequest(BASE_FILES, COMMENTED_FILES);
    const event = join(parent, 'event2.json');
    writeFileSync(event, JSON.stringify({ pull_request: { number: 7, base: { sha: base }, head: { sha: head } } }));
    const env = { ...baseEnv('gh2'), GITHUB_ACTIONS: 'true', GITHUB_EVENT_PATH: event, GITHUB_REPOSITORY: 'acme/shop', GITHUB_API_URL: api.url, GITHUB_TOKEN: 't' };
    const quiet = await runScript(['--source', dir, '--out-dir', join(parent, 'gh2-out'), '--fail-on', 'low'], env);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.equal(api.comments.size, 0);
    const forked = await runScript(['--source', dir, '--out-dir', join(parent, 'gh2-out'), '--comment', 'always'], { ...env, GITHUB_REPOSITORY: 'someone/fork' });
    assert.equal(forked.code, 0, forked.stderr);
    assert.match(forked.stderr, /::warning title=threatcode::could not post the comment/);
  } finally {
    await api.close();
  }
});

test('GitLab: merge request variables, note posted once then updated', { skip }, async () => {
  const api = await fakeApi('gitlab');
  try {
    const { dir, base, head } = pullRequest(BASE_FILES, RISKY_FILES);
    const env = {
      ...baseEnv('gl'),
      GITLAB_CI: 'true',
      CI_API_V4_URL: `${api.url}/api/v4`,
      CI_PROJECT_ID: '42',
      CI_MERGE_REQUEST_IID: '9',
      CI_MERGE_REQUEST_DIFF_BASE_SHA: base,
      CI_COMMIT_SHA: head,
      CI_PROJECT_URL: 'https://gitlab.test/acme/shop',
      THREATCODE_GITLAB_TOKEN: 'gl-token',
    };
    const first = await runScript(['--source', dir, '--out-dir', join(parent, 'gl-out'), '--no-fail'], env);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(api.comments.size, 1);
    assert.equal(api.requests.find((r) => r.method === 'POST')?.headers['private-token'], 'gl-token');
    assert.ok([...api.comments.values()][0].includes(`https://gitlab.test/acme/shop/-/blob/${head}/`));
    await runScript(['--source', dir, '--out-dir', join(parent, 'gl-out'), '--no-fail'], env);
    assert.equal(api.comments.size, 1);
    assert.equal(api.requests.filter((r) => r.method === 'PUT').length, 1);
  } finally {
    await api.close();
  }
});

test('locally: explicit refs and --dry-run print the requests; no base is a clear error (exit 2)', { skip }, async () => {
  const { dir, base, head } = pullRequest(BASE_FILES, RISKY_FILES);
  const env = { ...baseEnv('local'), GITHUB_REPOSITORY: 'acme/shop', GITHUB_EVENT_PATH: join(parent, 'event-dry.json') };
  writeFileSync(env.GITHUB_EVENT_PATH, JSON.stringify({ pull_request: { number: 3 } }));
  const dry = await runScript(['--source', dir, '--base', base, '--head', head, '--out-dir', join(parent, 'local-out'), '--dry-run', '--platform', 'github'], env);
  assert.equal(dry.code, 1, dry.stderr);
  assert.match(dry.stderr, /new threats, \d+ resolved; gate FAILED/);
  assert.match(dry.stdout, /\[dry-run\] GET https:\/\/api\.github\.com\/repos\/acme\/shop\/issues\/3\/comments/);
  assert.match(dry.stdout, /\[dry-run\] POST /);
  const missing = await runScript(['--source', dir], baseEnv('local2'));
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no base commit/);
});
