// The CI integration files parse and point at things that exist: action inputs used are declared,
// the script it runs is there, hook entries name real commands.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { commandLoaders } from '../../src/cli/commands/index.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

test('action.yml: composite, every ${{ inputs.x }} is declared, the script exists, SARIF upload before the gate', () => {
  const text = read('action.yml');
  const action = parse(text) as { runs: { using: string; steps: { name?: string; uses?: string; id?: string }[] }; inputs: Record<string, unknown>; outputs: Record<string, { value: string }> };
  assert.equal(action.runs.using, 'composite');
  for (const [, name] of text.matchAll(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g)) assert.ok(name in action.inputs, `input ${name} is declared`);
  for (const output of Object.values(action.outputs)) assert.match(output.value, /steps\.diff\.outputs\./);
  assert.ok(existsSync(join(ROOT, 'scripts/ci/threatcode-ci.mjs')));
  assert.ok(text.includes('$GITHUB_ACTION_PATH/scripts/ci/threatcode-ci.mjs'));
  const names = action.runs.steps.map((s) => s.name ?? s.uses ?? '');
  assert.ok(names.indexOf('Upload SARIF') < names.indexOf('Gate'), 'SARIF is uploaded even when the gate fails');
});

test('GitLab template and pre-commit hooks parse and name real threatcode commands', () => {
  const gitlab = parse(read('ci-templates/gitlab/threatcode.gitlab-ci.yml')) as Record<string, { script?: string[]; rules?: unknown[] }>;
  assert.ok(gitlab.threatcode.script?.some((line) => line.includes('threatcode-ci.mjs')));
  assert.ok(gitlab.threatcode.rules?.length);
  const hooks = parse(read('.pre-commit-hooks.yaml')) as { id: string; entry: string; language: string }[];
  assert.deepEqual(hooks.map((h) => h.id), ['threatcode-diff', 'threatcode-drift']);
  for (const hook of hooks) {
    const [bin, command] = hook.entry.split(' ');
    assert.equal(bin, 'threatcode');
    assert.ok(command in commandLoaders, `${command} is a threatcode command`);
    assert.equal(hook.language, 'node');
  }
  assert.ok(existsSync(join(ROOT, 'docs/ci.md')));
});
