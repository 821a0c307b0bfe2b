import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../src/api/pipeline.js';
import { analyzeWithFacts } from '../../src/catalog/collect.js';
import { listProducts, findProduct } from '../../src/catalog/store.js';
import { publishModel, publishSource } from '../../src/catalog/publish.js';
import { openQueryIndex } from '../../src/catalog/query.js';
import { slugify } from '../../src/catalog/layout.js';
import { FIXTURES } from '../ir/products.js';
import { versionedModel } from './synthetic.js';
import { scratchDir } from '../../src/util/scratch.js';

const scratch = () => scratchDir('threatcode-catalog-');
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

describe('catalog: publishing', () => {
  it('publishes a source: every view, product.json, reach.json, catalog.json, README.md, .gitignore', async () => {
    const dir = scratch();
    const result = await publishSource(dir, { source: join(FIXTURES, 'storefront'), blame: false, now: new Date('2025-03-04T05:06:07Z') });
    assert.equal(result.slug, 'storefront');
    const product = join(dir, 'products/storefront');
    for (const f of ['model.json', 'threatmodel.tc.json', 'dfd.mmd', 'summary.md', 'canvas.md', 'sbom.cdx.json', 'product.json', 'reach.json']) assert.ok(existsSync(join(product, f)), f);
    const record = json(join(product, 'product.json'));
    assert.equal(record.version, 1);
    assert.deepEqual(record.owners, ['@acme/storefront-leads', '@acme/storefront']); // .threatcode.yml, then CODEOWNERS default owners
    const catalog = json(join(dir, 'catalog.json')) as { products: { slug: string; publishedAt: string; owners: string[] }[] };
    assert.deepEqual(catalog.products.map((p) => p.slug), ['storefront']);
    assert.equal(catalog.products[0].publishedAt, '2025-03-04T05:06:07.000Z');
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    assert.match(readme, /\| Product \| Owners \| Exposure \| Critical \| High \| Medium \| Low \| Top kill chain \| Last update \|/);
    assert.match(readme, /\| \[storefront\]\(products\/storefront\/summary\.md\) \| @acme\/storefront-leads, @acme\/storefront \| internet \|/);
    assert.match(readFileSync(join(dir, '.gitignore'), 'utf8'), /^\.index\/$/m);
  });
  it('stores exactly the model `threatcode model` builds (plus owners from CODEOWNERS)', async () => {
    const root = join(FIXTURES, 'admin-portal');
    const plain = await analyzeDirectory(root, { productName: 'admin-portal' });
    const { model } = await analyzeWithFacts(root, { productName: 'admin-portal' });
    assert.deepEqual(model, plain);
  });
  it('archives the previous version and reports what changed since', async () => {
    const dir = scratch();
    const v1 = versionedModel(1);
    await publishModel(dir, { ...v1, now: new Date('2025-01-01T00:00:00Z') });
    const v3 = versionedModel(3);
    v3.model.threats = v3.model.threats.filter((t) => t.id !== 't1');
    const second = await publishModel(dir, { ...v3, now: new Date('2025-01-02T00:00:00Z') });
    assert.equal(second.version, 2);
    assert.deepEqual(second.changes?.newThreats.map((t) => t.id), ['t2', 't3']);
    assert.deepEqual(second.changes?.resolvedThreats.map((t) => t.id), ['t1']);
    assert.deepEqual(second.changes?.newEntryPoints.map((e) => e.label), ['GET /v2', 'GET /v3']);
    const history = join(dir, 'products/crashy/history/1');
    assert.deepEqual(readdirSync(history).sort(), ['model.json', 'product.json', 'reach.json']);
    assert.match(String((json(join(history, 'model.json')).product as { description: string }).description), /^version 1/);
    const record = await findProduct(dir, 'crashy');
    assert.deepEqual(record.history.map((h) => h.version), [1]);
    const list = await listProducts(dir);
    assert.equal(list.products[0].versions, 2);
  });
  it('names products by slug: folder-safe, stable, found by name or slug', async () => {
    assert.equal(slugify('Shop API (EU)'), 'shop-api-eu');
    assert.equal(slugify('../../etc/passwd'), 'etc-passwd');
    assert.equal(slugify('Ünïcode Café'), 'unicode-cafe');
    assert.equal(slugify('...'), 'product');
    const dir = scratch();
    await publishModel(dir, { ...versionedModel(1, 0, 'Shop API (EU)') });
    assert.equal((await findProduct(dir, 'Shop API (EU)')).slug, 'shop-api-eu');
    assert.equal((await findProduct(dir, 'shop-api-eu')).name, 'Shop API (EU)');
    await assert.rejects(findProduct(dir, 'nope'), /no such product/);
  });
  it('keeps the query index in step with the files: rebuilt when missing, refreshed when stale', async () => {
    const dir = scratch();
    await publishModel(dir, versionedModel(1));
    const first = await openQueryIndex(dir);
    assert.equal(first.refreshed.changed, 1);
    assert.equal((await openQueryIndex(dir)).refreshed.changed, 0);
    await publishModel(dir, versionedModel(2));
    const after = await openQueryIndex(dir);
    assert.equal(after.refreshed.changed, 1);
    assert.equal(after.profile('crashy')?.version, 2);
    // A hand edit of model.json is noticed too.
    const modelPath = join(dir, 'products/crashy/model.json');
    const edited = json(modelPath) as { product: { owners: string[] } };
    writeFileSync(modelPath, JSON.stringify(edited));
    assert.equal((await openQueryIndex(dir)).refreshed.changed, 1);
    rmSync(join(dir, '.index'), { recursive: true });
    assert.equal((await openQueryIndex(dir)).meta.products.crashy.version, 2);
    rmSync(join(dir, 'products/crashy'), { recursive: true });
    assert.equal((await openQueryIndex(dir)).refreshed.removed, 1);
  });
});
