import assert from 'node:assert/strict';
import { cpSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import type { IrReport } from '../../src/ir/types.js';
import { capture } from '../helpers/io.js';
import { ADVISORIES, FIXTURES } from './products.js';
import { scratchDir } from '../../src/util/scratch.js';

async function run(args: string[], cwd = tmpdir()): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = capture(cwd, { ...process.env, CI: '1', THREATCODE_CATALOG: '' });
  const code = await main(args, io.io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

describe('cli: catalog and ir', { timeout: 180_000 }, () => {
  let catalog: string;
  before(async () => {
    catalog = scratchDir('threatcode-cli-catalog-');
  });

  it('catalog add models several sources in parallel and publishes each, with progress', async () => {
    const r = await run(['catalog', 'add', join(FIXTURES, 'storefront'), join(FIXTURES, 'admin-portal'), '--catalog', catalog, '--no-blame']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /published 2 of 2 products to /);
    assert.match(r.stderr, /\[1\/2\] .* v1/);
    assert.match(r.stderr, /\[2\/2\] .* v1/);
    const again = await run(['catalog', 'add', join(FIXTURES, 'storefront'), '--catalog', catalog, '--no-blame', '--json']);
    assert.equal(again.code, 0);
    const out = JSON.parse(again.stdout) as { published: { slug: string; version: number; changes: { since: number } }[] };
    assert.deepEqual([out.published[0].slug, out.published[0].version, out.published[0].changes.since], ['storefront', 2, 1]);
  });

  it('model --catalog publishes one product and reports the change', async () => {
    const r = await run(['model', join(FIXTURES, 'docs-site'), '--catalog', catalog, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(r.stdout) as { catalog: { product: string; version: number }; files: string[] };
    assert.deepEqual([summary.catalog.product, summary.catalog.version], ['docs-site', 1]);
    assert.deepEqual(summary.files, [], 'no --out: nothing written outside the catalog');
  });

  it('catalog list and show read the catalog', async () => {
    const list = await run(['catalog', 'list', '--catalog', catalog]);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /^PRODUCT\s+OWNERS\s+EXPOSURE\s+C\/H\/M\/L\s+LAST UPDATE/);
    assert.match(list.stdout, /storefront\s+@acme\/storefront-leads @acme\/storefront\s+internet/);
    const json = JSON.parse((await run(['catalog', 'list', '--catalog', catalog, '--json'])).stdout) as { products: { slug: string }[] };
    assert.deepEqual(json.products.map((p) => p.slug), ['admin-portal', 'docs-site', 'storefront']);
    const show = await run(['catalog', 'show', 'storefront', '--catalog', catalog]);
    assert.match(show.stdout, /^storefront v2 \(storefront\)/);
    assert.match(show.stdout, /changes: since v1: 0 new threats, 0 resolved, 0 new entry points/);
    assert.match(show.stdout, /history: v1 /);
    assert.equal((await run(['catalog', 'show', 'nope', '--catalog', catalog])).code, 2);
  });

  it('ir prints a table, the full JSON for every product, and a canvas of at most 40 lines', async () => {
    const advisory = join(ADVISORIES, 'osv/GHSA-p6mc-m468-83gw.json');
    const table = await run(['ir', advisory, '--catalog', catalog]);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^GHSA-p6mc-m468-83gw \(CVE-2020-8203\): Prototype Pollution in lodash — HIGH, CVSS 7\.4/);
    assert.match(table.stdout, /3 products scoped in [\d.]+ s: 1 exploitable, 1 affected, 0 present but not reachable, 0 not affected, 1 unknown/);
    assert.match(table.stdout, /storefront\s+exploitable\s+lodash 4\.17\.15/);
    const json = JSON.parse((await run(['ir', advisory, '--catalog', catalog, '--json'])).stdout) as IrReport;
    assert.equal(json.products.length, 3);
    for (const p of json.products) for (const key of ['product', 'verdict', 'reasons', 'evidence', 'chains', 'owners', 'fix']) assert.ok(key in p);
    const canvasFile = join(scratchDir('threatcode-canvas-'), 'incident.md');
    const canvas = await run(['ir', advisory, '--catalog', catalog, '--canvas', '--canvas-out', canvasFile]);
    const lines = canvas.stdout.trimEnd().split('\n');
    assert.ok(lines.length <= 40, `${lines.length} lines`);
    assert.match(canvas.stdout, /^## GHSA-p6mc-m468-83gw: Prototype Pollution in lodash/);
    assert.match(canvas.stdout, /\*\*Services in scope\*\*\n- \*\*storefront\*\* — EXPLOITABLE/);
    assert.match(canvas.stdout, /\*\*Longer-term fixes\*\*/);
    assert.match(canvas.stdout, /via `POST \/api\/cart\/:id\/options` without auth at `src\/routes\/cart\.js:10`/);
    assert.equal((await import('node:fs')).readFileSync(canvasFile, 'utf8'), canvas.stdout);
  });

  it('ir resolves ids in an advisory folder and gates with --fail-on', async () => {
    const folder = scratchDir('threatcode-advisories-');
    cpSync(join(ADVISORIES, 'osv'), folder, { recursive: true });
    const byId = await run(['ir', 'CVE-2021-44906', '--catalog', catalog, '--advisories', folder, '--fail-on', 'exploitable']);
    assert.equal(byId.code, 1, 'storefront is exploitable');
    assert.match(byId.stdout, /^GHSA-xvch-5gv4-984h \(CVE-2021-44906\)/);
    const spec = await run(['ir', 'npm:minimist@<1.0.0', '--catalog', catalog, '--fail-on', 'affected']);
    assert.equal(spec.code, 0);
    const words = await run(['ir', 'linux', 'kernel', '--catalog', catalog, '--json']);
    assert.deepEqual((JSON.parse(words.stdout) as IrReport).advisory.systems, ['Linux kernel']);
  });

  it('bad input gives exit 2 and a message naming the file and the problem', async () => {
    const dir = scratchDir('threatcode-bad-');
    writeFileSync(join(dir, 'broken.json'), '{"id": "GHSA-x", "affected": [{"package": ');
    const broken = await run(['ir', join(dir, 'broken.json'), '--catalog', catalog]);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /broken\.json: is not valid JSON.*truncated/);
    const noCatalog = await run(['ir', 'npm:x@1', '--catalog', join(dir, 'nowhere')]);
    assert.equal(noCatalog.code, 2);
    assert.match(noCatalog.stderr, /nowhere: is not a directory/);
    const usage = await run(['ir', 'npm:x@1']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /needs --catalog/);
    assert.equal((await run(['catalog', 'add', '--catalog', catalog])).code, 2);
    assert.equal((await run(['catalog', 'frobnicate', '--catalog', catalog])).code, 2);
  });

  it('catalog reindex rebuilds the derived index from the files', async () => {
    const r = await run(['catalog', 'reindex', '--force', '--catalog', catalog, '--json']);
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout).products, 3);
  });
});

describe('cli: untrusted text never reaches the terminal raw', () => {
  it('strips control characters from advisory titles in the table', async () => {
    const { renderTable } = await import('../../src/ir/render/table.js');
    const text = renderTable({
      schema: 'threatcode.ir/v1',
      advisory: { id: 'X-1', aliases: [], title: 'evil \u001b[31mred\u001b[0m title\u0007', cwes: [], source: 'text', packages: [], systems: [], notes: [], references: [] },
      counts: { exploitable: 0, affected: 0, unknown: 0, 'present-not-reachable': 0, 'not-affected': 0 },
      products: [],
      catalog: { products: 0, indexRebuilt: 0, indexSeconds: 0 },
      seconds: 0,
    });
    assert.ok(!text.includes('\u001b') && !text.includes('\u0007'));
    assert.match(text, /evil \[31mred \[0m title/);
  });
});
