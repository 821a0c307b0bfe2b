import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { AiOptions } from '../../src/api/enrich.js';
import { modelSource } from '../../src/api/model.js';
import type { ModelSourceResult } from '../../src/api/model.js';
import type { ProvenancedThreat } from '../../src/mcp/patch/types.js';
import type { ThreatModel } from '../../src/model/types.js';
import { startFakeLlm } from './fake-llm.js';
import type { Script } from './fake-llm.js';
import { copyFixture, ENV, FALSE_POSITIVE, honest, IDOR, KEY, REFUND } from './scenario.js';

const temp: string[] = [];
after(() => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

function cacheDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tc-ai-cache-'));
  temp.push(dir);
  return dir;
}

async function run(source: string, ai: Partial<AiOptions> & { provider: string }, script?: Script) {
  const fake = script ? await startFakeLlm(script) : undefined;
  try {
    const baseUrl = fake ? (ai.provider === 'anthropic' ? fake.url : `${fake.url}/v1`) : undefined;
    const result = await modelSource({ source, env: ENV, ai: { model: 'fake-model', retryDelayMs: 0, timeoutMs: 5000, cacheDir: false, ...(baseUrl ? { baseUrl } : {}), ...ai } });
    return { result, requests: fake?.requests ?? [] };
  } finally {
    await fake?.close();
  }
}

const titles = (model: ThreatModel) => model.threats.map((t) => t.title).sort();
const byTitle = (model: ThreatModel, title: string) => model.threats.find((t) => t.title === title) as ProvenancedThreat | undefined;
const codes = (model: ThreatModel) => model.diagnostics.map((d) => d.code);

describe('LLM enrichment with a fake OpenAI-compatible server', () => {
  const source = copyFixture();
  temp.push(source);
  let baseline: ThreatModel;
  let enriched: ModelSourceResult;
  let requests: Awaited<ReturnType<typeof run>>['requests'];

  test('keeps valid, reviewed items with provenance and rejects the rest item by item', async () => {
    baseline = (await modelSource({ source, env: ENV })).model;
    ({ result: enriched, requests } = await run(source, { provider: 'openai' }, honest));
    const model = enriched.model;
    const refund = byTitle(model, REFUND);
    assert.ok(refund, `kept threats: ${titles(model).join(' | ')}`);
    assert.equal(refund.source, 'ai');
    assert.equal(refund.ruleId, 'ai/business-logic');
    assert.deepEqual(refund.evidence.map((e) => `${e.file}:${e.line}`), ['src/routes/orders.js:15']);
    assert.match(refund.evidence[0].snippet ?? '', /req\.body/);
    assert.equal(refund.provenance?.[0].source, 'ai');
    assert.equal(refund.provenance?.[0].model, 'openai:fake-model');
    assert.equal(refund.provenance?.[0].reviewer, 'openai:fake-model');
    assert.equal(refund.provenance?.[0].confidence, 'high');
    assert.ok(refund.statement.length > 0);
    assert.ok(byTitle(model, IDOR), 'the IDOR threat is kept');
    // The reviewer pruned the planted false positive; invalid items never reached it.
    assert.equal(byTitle(model, FALSE_POSITIVE), undefined);
    assert.equal(byTitle(model, 'Bad stride letter'), undefined);
    assert.equal(byTitle(model, 'Cites a line it never saw'), undefined);
    assert.equal(model.threats.length, baseline.threats.length + 2);
    const rejected = model.diagnostics.filter((d) => d.code === 'ai-item-rejected').map((d) => d.message);
    assert.ok(rejected.some((m) => m.includes('stride')), rejected.join('\n'));
    assert.ok(rejected.some((m) => m.includes('cites no line it was shown')));
    assert.ok(rejected.some((m) => m.includes('more than one step')));
    assert.ok(model.diagnostics.some((d) => d.code === 'ai-reviewer-rejected' && d.message.includes(FALSE_POSITIVE)));
    assert.equal(enriched.ai?.stats.rejectedByReviewer, 1);
  });

  test('applies a reviewed severity change of one step, with the rationale as a score factor', () => {
    const before = baseline.threats.find((t) => t.ruleId === 'missing-security-headers');
    const after = enriched.model.threats.find((t) => t.ruleId === 'missing-security-headers') as ProvenancedThreat;
    assert.equal(before?.severity, 'medium');
    assert.equal(after.severity, 'low');
    assert.equal(after.source, 'rule');
    assert.ok(after.score.factors.some((f) => f.name === 'ai review' && f.effect === 'severity medium → low'));
    assert.equal(after.provenance?.[0].action, 'updated');
    const sqli = enriched.model.threats.find((t) => t.ruleId === 'sql-injection');
    assert.equal(sqli?.severity, baseline.threats.find((t) => t.ruleId === 'sql-injection')?.severity, 'a two-step change is refused');
  });

  test('sends JSON-schema structured output, fenced code, the key only in the header', () => {
    const author = requests.find((r) => r.pass === 'author');
    const review = requests.find((r) => r.pass === 'review');
    assert.ok(author && review, 'an author and a reviewer request');
    assert.equal(requests.length, 2);
    const format = author.body.response_format as { type: string; json_schema: { strict: boolean; schema: { required: string[] } } };
    assert.equal(format.type, 'json_schema');
    assert.equal(format.json_schema.strict, true);
    assert.deepEqual(format.json_schema.schema.required, ['threats', 'adjustments']);
    assert.equal(author.headers.authorization, `Bearer ${KEY}`);
    assert.match(author.user, /<<<DATA [0-9a-f]{16} code file="src\/routes\/orders\.js"/);
    // The reviewer works in a fresh context: its own system prompt, no author conversation, no author confidence.
    assert.notEqual(review.system, author.system);
    assert.equal((review.body.messages as unknown[]).length, 2);
    assert.ok(!review.user.includes('"confidence"'));
    const everything = JSON.stringify(enriched.model);
    assert.ok(!everything.includes(KEY), 'the key never reaches the model');
  });

  test('a second run is served from the cache: no request, same model', async () => {
    const dir = cacheDir();
    const first = await run(source, { provider: 'openai', cacheDir: dir }, honest);
    assert.equal(first.requests.length, 2);
    const second = await run(source, { provider: 'openai', cacheDir: dir }, () => ({ status: 500 }));
    assert.equal(second.requests.length, 0);
    assert.equal(second.result.ai?.stats.cacheHits, 2);
    assert.deepEqual(second.result.model, first.result.model);
  });

  test('the budget is enforced: nothing is sent when the first call would pass it', async () => {
    const { result, requests: sent } = await run(source, { provider: 'openai', budget: 500 }, honest);
    assert.equal(sent.length, 0);
    assert.ok(codes(result.model).includes('ai-budget-exhausted'));
    assert.deepEqual(titles(result.model), titles(baseline));
  });

  test('a budget that covers the work is never exceeded', async () => {
    const estimate = (await run(source, { provider: 'openai', dryRun: true })).result.ai?.estimate;
    assert.ok(estimate && estimate.maxTotalTokens > 0);
    const budget = estimate.maxTotalTokens;
    const { result, requests: sent } = await run(source, { provider: 'openai', budget }, honest);
    assert.equal(sent.length, 2);
    const stats = result.ai?.stats;
    assert.ok(stats && stats.inputTokens + stats.outputTokens <= budget);
  });

  test('a dry run estimates without any call or key and leaves the model unchanged', async () => {
    const fake = await startFakeLlm(honest);
    try {
      const result = await modelSource({ source, env: { ...ENV, THREATCODE_AI_API_KEY: '' }, ai: { provider: 'openai', model: 'gpt-4o-mini', dryRun: true, cacheDir: false } });
      assert.equal(fake.requests.length, 0);
      assert.equal(result.ai?.estimate?.components, 1);
      assert.ok((result.ai?.estimate?.authorInputTokens ?? 0) > 100);
      assert.deepEqual(result.model, baseline);
    } finally {
      await fake.close();
    }
  });
});

describe('LLM enrichment with a fake Anthropic server', () => {
  test('tool-use output gives the same kept items', async () => {
    const source = copyFixture();
    temp.push(source);
    const { result, requests } = await run(source, { provider: 'anthropic' }, honest);
    const author = requests.find((r) => r.pass === 'author');
    assert.equal(author?.api, 'anthropic');
    assert.equal(author?.headers['x-api-key'], KEY);
    assert.equal(author?.headers['anthropic-version'], '2023-06-01');
    assert.deepEqual(author?.body.tool_choice, { type: 'tool', name: 'threat_model_additions' });
    const refund = byTitle(result.model, REFUND);
    assert.equal(refund?.provenance?.[0].model, 'anthropic:fake-model');
    assert.ok(byTitle(result.model, IDOR));
    assert.equal(byTitle(result.model, FALSE_POSITIVE), undefined);
  });
});

describe('provider failures degrade to the deterministic model', () => {
  const source = copyFixture();
  temp.push(source);
  let baseline: ThreatModel;

  const failures: [string, Script, string][] = [
    ['5xx on every try', () => ({ status: 503 }), 'server'],
    ['429 on every try', () => ({ status: 429, retryAfter: '0' }), 'rate-limit'],
    ['a body that is not JSON', () => ({ raw: '<html>gateway</html>' }), 'garbage'],
    ['JSON of the wrong shape', () => ({ json: { answer: 'I think it is fine' } }), 'garbage'],
    ['content that is not JSON', (r) => (r.api === 'openai' ? { raw: JSON.stringify({ choices: [{ message: { content: 'Sure! Here are threats: ...' } }] }) } : { status: 500 }), 'garbage'],
    ['no answer before the timeout', () => ({ delayMs: 3000, reply: { json: {} } }), 'timeout'],
    ['401 unauthorised', () => ({ status: 401, text: `{"error":"bad key ${KEY}"}` }), 'auth'],
  ];

  for (const [name, script, kind] of failures) {
    test(name, { timeout: 30_000 }, async () => {
      baseline ??= (await modelSource({ source, env: ENV })).model;
      const { result } = await run(source, { provider: 'openai', retries: 1, timeoutMs: kind === 'timeout' ? 300 : 5000 }, script);
      assert.deepEqual(result.model.threats, baseline.threats);
      assert.deepEqual(result.model.killChains, baseline.killChains);
      const failure = result.model.diagnostics.find((d) => d.code === 'ai-provider-failed');
      assert.ok(failure, `diagnostics: ${codes(result.model).join(', ')}`);
      assert.match(failure.message, new RegExp(kind));
      assert.ok(!JSON.stringify(result.model).includes(KEY), 'the key is not echoed from an error body');
    });
  }

  test('a missing key is a usage error', async () => {
    await assert.rejects(modelSource({ source, env: { HOME: tmpdir() }, ai: { provider: 'openai', model: 'gpt-4o-mini' } }), /OPENAI_API_KEY or THREATCODE_AI_API_KEY/);
  });
});
