import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, describe, test } from 'node:test';
import { bundledSkillDir } from '../../src/ai/skill.js';
import { main } from '../../src/cli/main.js';

const temp: string[] = [];
after(() => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tc-skill-'));
  temp.push(dir);
  return dir;
}

async function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await main(args, { stdout, stderr, cwd, env });
  return { code, out, err };
}

describe('the agent skill', () => {
  test('is self-contained: SKILL.md with name and description, and the references it names', () => {
    const dir = bundledSkillDir();
    const skill = readFileSync(join(dir, 'SKILL.md'), 'utf8');
    const front = /^---\nname: threatcode\ndescription: (.+)\n---\n/.exec(skill);
    assert.ok(front, 'front matter with name and description');
    assert.ok(front[1].length <= 1024, 'description within the Agent Skills limit');
    for (const ref of skill.match(/references\/[\w-]+\.md/g) ?? []) assert.ok(existsSync(join(dir, ref)), `${ref} exists`);
    assert.ok(skill.split('\n').length < 120, 'SKILL.md stays short');
    // Every tool the skill names is a tool the server has.
    const tools = readFileSync(join(dir, 'references/tools.md'), 'utf8');
    for (const name of ['model', 'architecture', 'list_threats', 'explain_threat', 'diff', 'add_threat', 'update_threat', 'add_mitigation', 'add_assumption', 'validate', 'kill_chains', 'incident_response']) assert.ok(tools.includes(`\`${name}\``), name);
  });

  test('installs per project for claude, cursor and codex, and globally', async () => {
    const project = tmp();
    const home = tmp();
    const env = { HOME: home };
    for (const [target, path] of [['claude', '.claude/skills/threatcode'], ['cursor', '.cursor/skills/threatcode'], ['codex', '.agents/skills/threatcode']]) {
      const result = await cli(['skill', 'install', '--target', target], project, env);
      assert.equal(result.code, 0, result.err);
      assert.ok(existsSync(join(project, path, 'SKILL.md')), `${target}: ${result.out}`);
      assert.ok(existsSync(join(project, path, 'references/tools.md')));
    }
    const global = await cli(['skill', 'install', '--target', 'codex', '--global'], project, env);
    assert.equal(global.code, 0, global.err);
    assert.ok(existsSync(join(home, '.agents/skills/threatcode/SKILL.md')));
    const custom = await cli(['skill', 'install', '--target', 'agent-skills'], project, env);
    assert.equal(custom.code, 0, custom.err);
    assert.ok(existsSync(join(project, 'agent-skills/threatcode/SKILL.md')));
  });

  test('re-installs over its own copy, refuses a foreign folder unless --force', async () => {
    const project = tmp();
    const env = { HOME: tmp() };
    assert.equal((await cli(['skill', 'install'], project, env)).code, 0);
    const dest = join(project, '.claude/skills/threatcode');
    writeFileSync(join(dest, 'references', 'old.md'), 'x');
    const again = await cli(['skill', 'install'], project, env);
    assert.equal(again.code, 0);
    assert.match(again.out, /updated/);
    const foreign = join(project, '.cursor/skills/threatcode');
    mkdirSync(foreign, { recursive: true });
    writeFileSync(join(foreign, 'SKILL.md'), 'someone else');
    const refused = await cli(['skill', 'install', '--target', 'cursor'], project, env);
    assert.equal(refused.code, 2);
    assert.match(refused.err, /not installed by threatcode/);
    assert.equal(readFileSync(join(foreign, 'SKILL.md'), 'utf8'), 'someone else');
    assert.equal((await cli(['skill', 'install', '--target', 'cursor', '--force'], project, env)).code, 0);
    assert.ok(readdirSync(join(foreign, 'references')).includes('tools.md'));
  });

  test('usage errors', async () => {
    const project = tmp();
    assert.equal((await cli(['skill'], project, {})).code, 2);
    assert.equal((await cli(['skill', 'install', '--global', '--project', '.'], project, {})).code, 2);
    const show = await cli(['skill', 'show'], project, {});
    assert.match(show.out, /^---\nname: threatcode/);
  });
});
