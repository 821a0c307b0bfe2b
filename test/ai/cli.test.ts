import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, describe, test } from 'node:test';
import { main } from '../../src/cli/main.js';
import { startFakeLlm } from './fake-llm.js';
import { copyFixture, ENV, honest, KEY, REFUND } from './scenario.js';
import { scratchDir } from '../../src/util/scratch.js';

const temp: string[] = [];
after(() => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await main(args, { stdout, stderr, cwd: tmpdir(), env });
  return { code, out, err };
}

describe('threatcode model --ai', () => {
  const source = copyFixture();
  const out = scratchDir('tc-ai-out-');
  const cache = scratchDir('tc-ai-cli-cache-');
  temp.push(source, out, cache);
  const env = { ...ENV, THREATCODE_CACHE_DIR: cache };

  test('checks its options before any work', async () => {
    for (const [args, message] of [
      [['--ai-model', 'm'], /need --ai <provider>/],
      [['--ai', 'openai'], /--ai needs --ai-model/],
      [['--ai', 'bard', '--ai-model', 'm'], /unknown AI provider bard/],
      [['--ai', 'openai', '--ai-model', 'm', '--ai-budget', 'lots'], /--ai-budget must be a positive whole number/],
      [['--ai', 'openai', '--ai-model', 'm', '--ai-base-url', 'http://user:pw@host/v1'], /must not carry credentials/],
      [['--ai', 'anthropic', '--ai-model', 'm'], /ANTHROPIC_API_KEY or THREATCODE_AI_API_KEY/],
    ] as const) {
      const result = await cli(['model', source, '--out', out, ...args], { HOME: tmpdir() });
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.err}`);
      assert.match(result.err, message);
    }
  });

  test('dry run prints the estimate and changes nothing; a real run reports what it kept', async () => {
    const dry = await cli(['model', source, '--out', out, '--ai', 'ollama', '--ai-model', 'llama3.1', '--ai-dry-run'], env);
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /AI dry run \(ollama:llama3\.1; tokens estimated as characters \/ 4\): 1 components, 0 cached, 1 to send/);
    const fake = await startFakeLlm(honest);
    try {
      const run = await cli(['model', source, '--out', out, '--json', '--ai', 'openai', '--ai-model', 'fake-model', '--ai-base-url', `${fake.url}/v1`], env);
      assert.equal(run.code, 0, run.err);
      const summary = JSON.parse(run.out) as { ai: { applied: number; stats: { calls: number } } };
      assert.equal(summary.ai.applied, 3);
      assert.equal(summary.ai.stats.calls, 2);
      const model = readFileSync(join(out, 'model.json'), 'utf8');
      assert.ok(model.includes(REFUND));
      assert.ok(!model.includes(KEY) && !run.out.includes(KEY) && !run.err.includes(KEY));
      const text = await cli(['model', source, '--out', out, '--ai', 'openai', '--ai-model', 'fake-model', '--ai-base-url', `${fake.url}/v1`], env);
      assert.match(text.out, /AI \(openai:fake-model, reviewed by fake-model\): 3 changes kept of 7 proposed .* 0 calls, 2 cache hits/);
    } finally {
      await fake.close();
    }
  });

  test('refuses --ai with --catalog', async () => {
    const result = await cli(['model', source, '--catalog', join(out, 'catalog'), '--ai', 'openai', '--ai-model', 'm'], env);
    assert.equal(result.code, 2);
    assert.match(result.err, /cannot be combined with --catalog/);
  });
});
