// `threatcode diff` end to end on temp git repositories: the gate, moved code, fixed weaknesses,
// outputs, and that the user's work tree, index and hooks are never touched or run.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { main } from '../../src/cli/main.js';
import { diffSource } from '../../src/diff/index.js';
import type { Threat } from '../../src/model/types.js';
import { commitAll, git, hasGit, makeGitRepo, writeFiles } from '../helpers/git.js';
import { capture } from '../helpers/io.js';
import { sarifErrors } from './sarif-validator.js';
import { API_INDEX_MOVED, BASE_FILES, COMMENTED_FILES, RISKY_FILES, WEAK_FILES, WEAK_REORDERED_FILES } from './scenario.js';

const skip = !hasGit() && 'git is not installed';
const parent = mkdtempSync(join(tmpdir(), 'threatcode-diff-e2e-'));
after(() => rmSync(parent, { recursive: true, force: true }));
const env = { ...process.env, THREATCODE_CACHE_DIR: join(parent, 'cache'), THREATCODE_TODAY: '2026-06-01' };

interface DiffJson {
  new: Threat[];
  resolved: Threat[];
  changed: Threat[];
  moved: string[];
  gate: { failed: boolean; triggers: { id: string; reason: string }[] };
  architecture: { entryPoints: { added: unknown[] }; flows: { added: unknown[] } };
}

let counter = 0;
/** A repository with `base` committed, then each later file set committed on top; returns the commits. */
function repo(...steps: Record<string, string>[]): { dir: string; commits: string[] } {
  const dir = join(parent, `repo-${++counter}`);
  const { commit } = makeGitRepo(dir, steps[0]);
  const commits = [commit];
  for (const files of steps.slice(1)) {
    writeFiles(dir, files);
    commits.push(commitAll(dir, `step ${commits.length}`));
  }
  return { dir, commits };
}

async function diff(args: string[], runEnv: NodeJS.ProcessEnv = env): Promise<{ code: number; json: DiffJson; stderr: string }> {
  const run = capture(parent, runEnv);
  const code = await main(['diff', ...args, '--json'], run.io);
  let json: DiffJson;
  try {
    json = JSON.parse(run.stdout()) as DiffJson;
  } catch {
    assert.fail(`no JSON on stdout (exit ${code}): ${run.stderr()}`);
  }
  return { code, json, stderr: run.stderr() };
}

const rules = (threats: Threat[]): string[] => threats.map((t) => t.ruleId);

test('a risky change fails the gate with the new threat named', { skip }, async () => {
  const { dir, commits } = repo(BASE_FILES, RISKY_FILES);
  const cache = join(parent, 'cache-risky');
  const { code, json, stderr } = await diff([dir, '--base', commits[0], '--head', commits[1], '--fail-on', 'high'], { ...env, THREATCODE_CACHE_DIR: cache });
  assert.ok(readdirSync(join(cache, 'facts', 'objects')).length > 0, 'facts are cached by content');
  assert.equal(existsSync(join(cache, 'facts', 'roots')), false, 'no stat index is kept for temp worktrees');
  assert.equal(code, 1, stderr);
  const privileged = json.new.find((t) => t.ruleId === 'container-privileged');
  assert.ok(privileged, `container-privileged is new (new: ${rules(json.new).join(', ')})`);
  assert.ok(['high', 'critical'].includes(privileged.severity), privileged.severity);
  assert.equal(privileged.evidence[0].file, 'docker-compose.yml');
  assert.ok(json.gate.failed);
  assert.ok(json.gate.triggers.some((t) => t.id === privileged.id && t.reason === 'new'));
  assert.ok(json.architecture.flows.added.length > 0, 'publishing the port adds an internet flow');
});

test('without a gate, or with a gate above the new threat, the same change exits 0', { skip }, async () => {
  const { dir, commits } = repo(BASE_FILES, RISKY_FILES);
  const ungated = await diff([dir, '--base', commits[0], '--head', commits[1]]);
  assert.equal(ungated.code, 0);
  assert.equal(ungated.json.gate.failed, false);
  const critical = await diff([dir, '--base', commits[0], '--head', commits[1], '--fail-on', 'critical']);
  const newCritical = critical.json.new.filter((t) => t.status === 'open' && t.severity === 'critical');
  assert.equal(critical.code, newCritical.length > 0 ? 1 : 0);
});

test('a comment-only change passes the strictest gate with an empty threat delta', { skip }, async () => {
  const { dir, commits } = repo(BASE_FILES, COMMENTED_FILES);
  const { code, json, stderr } = await diff([dir, '--base', commits[0], '--head', commits[1], '--fail-on', 'low']);
  assert.equal(code, 0, stderr);
  assert.deepEqual(rules(json.new), []);
  assert.deepEqual(rules(json.resolved), []);
  assert.deepEqual(rules(json.changed), []);
  assert.deepEqual(json.architecture.entryPoints.added, []);
});

test('moved code keeps its threats: same ids, listed as moved, gate passes', { skip }, async () => {
  const { dir, commits } = repo({ ...BASE_FILES, ...WEAK_FILES }, { ...WEAK_REORDERED_FILES, 'api/src/index.js': API_INDEX_MOVED });
  const { code, json, stderr } = await diff([dir, '--base', commits[0], '--head', commits[1], '--fail-on', 'low']);
  assert.equal(code, 0, stderr);
  assert.deepEqual(rules(json.new), []);
  assert.deepEqual(rules(json.resolved), []);
  assert.deepEqual(rules(json.changed), []);
  const { head } = await diffSource({ source: dir, base: commits[0], head: commits[1], env, today: '2026-06-01' });
  const privileged = head.threats.find((t) => t.ruleId === 'container-privileged');
  assert.ok(privileged && json.moved.includes(privileged.id), 'the privileged threat moved with its service block');
});

test('a fixed weakness shows as resolved and passes the gate', { skip }, async () => {
  const { dir, commits } = repo({ ...BASE_FILES, ...WEAK_FILES }, BASE_FILES);
  const { code, json, stderr } = await diff([dir, '--base', commits[0], '--head', commits[1], '--fail-on', 'low']);
  assert.equal(code, 0, stderr);
  assert.ok(rules(json.resolved).includes('container-privileged'), `resolved: ${rules(json.resolved).join(', ')}`);
  assert.deepEqual(rules(json.new), []);
});

test('the default head is the work tree, which is read but never changed', { skip }, async () => {
  const { dir, commits } = repo(BASE_FILES);
  writeFiles(dir, RISKY_FILES);
  writeFileSync(join(dir, 'notes.txt'), 'untracked\n');
  const status = git(dir, 'status', '--porcelain');
  const head = git(dir, 'rev-parse', 'HEAD');
  const { code, json } = await diff([dir, '--base', 'HEAD', '--fail-on', 'high']);
  assert.equal(code, 1);
  assert.ok(rules(json.new).includes('container-privileged'));
  assert.equal(git(dir, 'status', '--porcelain'), status, 'work tree and index untouched');
  assert.equal(git(dir, 'rev-parse', 'HEAD'), head);
  assert.equal(git(dir, 'worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree ')).length, 1, 'temp worktrees removed');
  assert.equal(readFileSync(join(dir, 'docker-compose.yml'), 'utf8'), RISKY_FILES['docker-compose.yml']);
  assert.equal(commits.length, 1);
});

test('hooks and filter drivers of the repository never run', { skip }, async () => {
  const { dir, commits } = repo({ ...BASE_FILES, '.gitattributes': '* filter=evil\n' }, RISKY_FILES);
  const marker = join(parent, `pwned-${counter}`);
  git(dir, 'config', 'filter.evil.smudge', `sh -c 'touch ${marker}; cat'`);
  git(dir, 'config', 'filter.evil.required', 'true');
  writeFileSync(join(dir, '.git', 'hooks', 'post-checkout'), `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
  const { code, json, stderr } = await diff([dir, '--base', commits[0], '--head', commits[1]]);
  assert.equal(code, 0, stderr);
  assert.ok(rules(json.new).includes('container-privileged'));
  assert.equal(existsSync(marker), false, 'no hook or smudge filter ran');
});

test('a folder inside the repository is diffed on its own; absent at base means everything is new', { skip }, async () => {
  const nested = Object.fromEntries(Object.entries(BASE_FILES).map(([path, content]) => [`shop/${path}`, content]));
  const { dir, commits } = repo({ 'README.md': '# monorepo\n' }, nested);
  const { code, json, stderr } = await diff([join(dir, 'shop'), '--base', commits[0], '--head', commits[1]]);
  assert.equal(code, 0, stderr);
  assert.equal(json.resolved.length, 0);
  assert.ok(json.architecture.entryPoints.added.length >= 2, 'both routes are new entry points');
  for (const t of json.new) for (const e of t.evidence) assert.ok(!e.file.startsWith('shop/'), 'paths are relative to the modelled folder');
});

test('SARIF and Markdown outputs: schema-valid SARIF with baselines, a comment with links', { skip }, async () => {
  const { dir, commits } = repo(BASE_FILES, RISKY_FILES);
  const run = capture(parent, env);
  const sarifPath = join(parent, `pr-${counter}.sarif`);
  const mdPath = join(parent, `pr-${counter}.md`);
  const code = await main(['diff', dir, '--base', commits[0], '--head', commits[1], '--sarif', sarifPath, '--markdown', mdPath, '--link-base', `https://github.com/acme/shop/blob/${commits[1]}`], run.io);
  assert.equal(code, 0, run.stderr());
  assert.match(run.stdout(), /New threats/);
  const sarif = JSON.parse(readFileSync(sarifPath, 'utf8'));
  assert.deepEqual(sarifErrors(sarif), []);
  const results = sarif.runs[0].results as { ruleId: string; baselineState: string; level: string; partialFingerprints: Record<string, string> }[];
  const privileged = results.find((r) => r.ruleId === 'container-privileged');
  assert.equal(privileged?.baselineState, 'new');
  assert.equal(privileged?.level, 'error');
  assert.ok(results.some((r) => r.baselineState === 'unchanged' || r.baselineState === 'updated'), 'threats of both commits are not new');
  const md = readFileSync(mdPath, 'utf8');
  assert.ok(md.startsWith('<!-- threatcode:pr-comment -->'));
  assert.match(md, /runs as a privileged container/);
  assert.ok(md.includes(`https://github.com/acme/shop/blob/${commits[1]}/docker-compose.yml#L`), 'evidence links to the head commit');
});

test('bad input: unknown ref and a folder outside git are input errors (exit 2)', { skip }, async () => {
  const { dir } = repo(BASE_FILES);
  const run = capture(parent, env);
  assert.equal(await main(['diff', dir, '--base', 'no-such-branch'], run.io), 2);
  assert.match(run.stderr(), /no-such-branch: is not a commit/);
  const plain = join(parent, 'plain');
  writeFiles(plain, { 'a.txt': 'x\n' });
  const other = capture(parent, env);
  assert.equal(await main(['diff', plain, '--base', 'main'], other.io), 2);
  assert.match(other.stderr(), /not inside a git repository/);
  const usage = capture(parent, env);
  assert.equal(await main(['diff', dir, '--base', 'main', '--fail-on', 'severe'], usage.io), 2);
});
