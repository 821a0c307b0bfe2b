// Starts `threatcode mcp` as a child process and drives it with the MCP SDK's own client over stdio.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { publishSource } from '../../src/catalog/publish.js';
import { copyFixture, ORDERS } from '../ai/scenario.js';
import { git, gitTestEnv, hasGit } from '../helpers/git.js';
import { scratchDir } from '../../src/util/scratch.js';

const SERVE = fileURLToPath(new URL('./serve.ts', import.meta.url));
const HOOKS = new Set(['add_assumption', 'add_mitigation', 'add_threat', 'architecture', 'diff', 'explain_threat', 'incident_response', 'kill_chains', 'list_threats', 'model', 'update_assumption', 'update_mitigation', 'update_threat', 'validate']);

interface Json {
  [key: string]: unknown;
}

describe('threatcode mcp over stdio, driven by the SDK client', { skip: !hasGit() && 'git is not available' }, () => {
  let repo: string;
  let outside: string;
  let catalog: string;
  let cache: string;
  let client: Client;
  let transport: StdioClientTransport;

  const call = async (name: string, args: Record<string, unknown> = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = (result: CallToolResult) => result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
  const ok = async (name: string, args: Record<string, unknown> = {}): Promise<Json> => {
    const result = await call(name, args);
    assert.ok(!result.isError, `${name} failed: ${text(result)}`);
    return JSON.parse(text(result)) as Json;
  };
  const fails = async (name: string, args: Record<string, unknown>, pattern: RegExp) => {
    const result = await call(name, args);
    assert.equal(result.isError, true, `${name} should fail: ${text(result)}`);
    assert.match(text(result), pattern);
  };

  before(async () => {
    repo = copyFixture();
    outside = scratchDir('tc-outside-');
    cache = scratchDir('tc-mcp-cache-');
    git(repo, 'init', '-q');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'initial');
    catalog = join(scratchDir('tc-catalog-'), 'catalog');
    await publishSource(catalog, { source: repo, product: 'lite-shop', env: gitTestEnv(), blame: false, analyze: { today: '2026-06-01' } });
    transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', SERVE, 'mcp', '--root', repo, '--catalog', catalog],
      // tsx is resolved from the working directory: the project's, not the repository's.
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...(gitTestEnv() as Record<string, string>), THREATCODE_CACHE_DIR: cache, THREATCODE_TODAY: '2026-06-01' },
      stderr: 'pipe',
    });
    client = new Client({ name: 'threatcode-test', version: '1.0.0' });
    await client.connect(transport);
  });

  after(async () => {
    await client?.close();
    for (const dir of [repo, outside, cache, catalog && join(catalog, '..')]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('lists the tools, the catalog resources and the prompt', async () => {
    const tools = await client.listTools();
    assert.deepEqual(new Set(tools.tools.map((t) => t.name)), HOOKS);
    for (const tool of tools.tools) assert.ok(tool.description && tool.description.length > 20, `${tool.name} is described`);
    const resources = await client.listResources();
    const uris = resources.resources.map((r) => r.uri);
    assert.ok(uris.includes('threatcode://catalog'));
    assert.ok(uris.includes('threatcode://catalog/products/lite-shop/model.json'), uris.join(', '));
    const prompts = await client.listPrompts();
    assert.deepEqual(prompts.prompts.map((p) => p.name), ['threat_model_change']);
  });

  test('models the repository and reads its architecture', async () => {
    const summary = await ok('model');
    assert.equal(summary.product, 'lite-shop');
    assert.ok((summary.threats as Json).open as number >= 2);
    const architecture = await ok('architecture');
    const components = architecture.components as { name: string; kind: string }[];
    assert.ok(components.some((c) => c.name === 'lite-shop' && c.kind === 'service'));
    assert.ok((architecture.entryPoints as { path: string }[]).some((e) => e.path === '/api/orders/:id/refund'));
  });

  test('lists, filters and explains threats with their code', async () => {
    const all = await ok('list_threats');
    const threats = all.threats as { id: string; title: string; severity: string; location: string }[];
    const sqli = threats.find((t) => t.location.startsWith(`${ORDERS}:`));
    assert.ok(sqli, JSON.stringify(threats));
    const critical = await ok('list_threats', { min_severity: 'critical' });
    assert.ok((critical.threats as { severity: string }[]).every((t) => t.severity === 'critical'));
    const detail = await ok('explain_threat', { id: sqli.id });
    const evidence = detail.evidence as { location: string; code: string }[];
    assert.match(evidence[0].code, /SELECT id, total_cents FROM orders/);
    assert.ok((detail.mitigations as unknown[]).length > 0);
    assert.ok(String((detail.score as Json).explanation).length > 0);
  });

  test('adds a threat with evidence, records it with provenance, and refuses bad edits', async () => {
    const args = {
      title: 'Refund amount is taken from the request body',
      description: 'The refund route credits req.body.amount without checking the order total.',
      stride: ['T'],
      cwe: ['CWE-840'],
      likelihood: 'high',
      impact: 'high',
      evidence: [{ file: ORDERS, line: 15 }],
      author: 'test-agent',
      reason: 'read the refund handler',
    };
    const dry = await ok('add_threat', { ...args, dry_run: true });
    assert.equal(dry.recorded, false);
    assert.ok(!existsSync(join(repo, '.threatcode/overrides.json')));
    const added = await ok('add_threat', args);
    assert.equal(added.recorded, '.threatcode/overrides.json');
    const overrides = JSON.parse(readFileSync(join(repo, '.threatcode/overrides.json'), 'utf8')) as { schema: string; entries: { target: string }[] };
    assert.equal(overrides.schema, 'threatcode.overrides/v1');
    assert.deepEqual(overrides.entries.map((e) => e.target), [added.id]);
    const listed = await ok('list_threats', { source: 'ai' });
    assert.deepEqual((listed.threats as { id: string }[]).map((t) => t.id), [added.id]);
    const detail = await ok('explain_threat', { id: added.id });
    assert.deepEqual((detail.provenance as Json[])[0], { action: 'added', source: 'ai', author: 'test-agent', reason: 'read the refund handler' });

    await fails('add_threat', args, /already exists/);
    await fails('add_threat', { ...args, title: 'Other', evidence: [{ file: ORDERS, line: 999 }] }, /past the end of the file/);
    await fails('add_threat', { ...args, title: 'Other', evidence: [{ file: '../outside.js', line: 1 }] }, /repository-relative path/);
    await fails('add_threat', { ...args, stride: ['X'] }, /stride/i);
    await fails('update_threat', { id: added.id, status: 'accepted' }, /needs a statusReason/);
    const updated = await ok('update_threat', { id: added.id, status: 'accepted', statusReason: 'refunds are capped by the payment provider', source: 'manual', author: 'alice' });
    assert.equal((updated.item as Json).status, 'accepted');
    await fails('update_threat', { id: '00000000-0000-5000-8000-000000000000', severity: 'low' }, /no threat/);
  });

  test('adds a mitigation and an assumption linked to threats', async () => {
    const [first] = (await ok('list_threats', { status: 'any' })).threats as { id: string }[];
    const mitigation = await ok('add_mitigation', { title: 'Parameterised queries', content: 'Every query passes values as parameters.', status: 'implemented', threats: [first.id] });
    const assumption = await ok('add_assumption', { content: 'The API is only reachable through the company gateway.', threats: [first.id] });
    const detail = await ok('explain_threat', { id: first.id });
    assert.ok((detail.mitigations as { id: string }[]).some((m) => m.id === mitigation.id));
    assert.ok((detail.assumptions as { id: string }[]).some((a) => a.id === assumption.id));
  });

  test('validates the model, the overrides and a Threat Composer file', async () => {
    const result = await ok('validate');
    assert.equal(result.valid, true, JSON.stringify(result));
    assert.equal((result.overrides as Json).entries, 4);
    writeFileSync(join(repo, 'bad.tc.json'), '{"schema": 2}');
    const file = await ok('validate', { file: 'bad.tc.json' });
    assert.equal(file.importable, false);
  });

  test('computes kill chains', async () => {
    const result = await ok('kill_chains', { from: 'internet' });
    assert.ok((result.graph as Json).states as number > 0);
    assert.ok(Array.isArray(result.killChains));
    await fails('kill_chains', { from: 'nowhere' }, /unknown start state/);
  });

  test('diffs the working tree against HEAD', async () => {
    appendFileSync(join(repo, ORDERS), "\nrouter.get('/export', async (req, res) => {\n  const { rows } = await db.query(`SELECT * FROM orders WHERE email = '${req.query.email}'`);\n  res.json(rows);\n});\n");
    const result = await ok('diff', { base: 'HEAD' });
    assert.match(String(result.summary), /threats: \d+ new/);
    const added = result.new as { title: string; location: string }[];
    assert.ok(added.some((t) => /sql/i.test(t.title) && t.location.startsWith(`${ORDERS}:`)), JSON.stringify(added));
  });

  test('runs incident response over the catalog and serves its products', async () => {
    const report = await ok('incident_response', { advisory: 'npm:express@<5.0.0' });
    const products = report.products as { slug: string; verdict: string }[];
    assert.ok(['exploitable', 'affected'].includes(products.find((p) => p.slug === 'lite-shop')?.verdict ?? ''), JSON.stringify(products));
    const resource = await client.readResource({ uri: 'threatcode://catalog/products/lite-shop/model.json' });
    const first = resource.contents[0];
    assert.ok('text' in first && JSON.parse(first.text).schema === 'threatcode.model/v1');
    await assert.rejects(client.readResource({ uri: 'threatcode://catalog/products/nope/model.json' }), /no model.json for product nope/);
  });

  test('gives the change prompt', async () => {
    const prompt = await client.getPrompt({ name: 'threat_model_change', arguments: { base: 'main' } });
    const message = prompt.messages[0].content;
    assert.ok(message.type === 'text' && message.text.includes('`diff`') && message.text.includes('"main"'));
  });

  test('errors are tool errors with a clear message, and the server keeps serving', async () => {
    await fails('model', { path: outside }, /outside the folders this server may read/);
    await fails('model', { path: 'does-not-exist' }, /does not exist/);
    await fails('explain_threat', { id: 'nope' }, /no threat nope/);
    await fails('list_threats', { limit: -1 }, /limit|Too small|Invalid/i);
    const unknown = await call('no_such_tool');
    assert.equal(unknown.isError, true);
    assert.match(text(unknown), /not found/);
    const summary = await ok('model');
    assert.equal(summary.product, 'lite-shop');
  });
});
