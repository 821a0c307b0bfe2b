// `threatcode catalog-trend`: figures per archived version and the steps that grew the attack surface.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { productTrend } from '../../src/catalog/trend.js';
import { main } from '../../src/cli/main.js';
import { writeFiles } from '../helpers/git.js';
import { capture } from '../helpers/io.js';
import { entryPoint, model, threat } from './model-factory.js';

const parent = mkdtempSync(join(tmpdir(), 'threatcode-trend-'));
after(() => rmSync(parent, { recursive: true, force: true }));

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

function catalog(): string {
  const dir = join(parent, 'catalog');
  const v1 = model({ product: { name: 'Shop', commit: '1'.repeat(40), languages: [], owners: [] }, entryPoints: [entryPoint('orders')] });
  const v2 = model({ product: { name: 'Shop', commit: '2'.repeat(40), languages: [], owners: [] }, entryPoints: [entryPoint('orders'), entryPoint('admin', { auth: 'none', exposure: 'internet' })], threats: [threat('t-admin')] });
  const v3 = model({ product: { name: 'Shop', commit: '3'.repeat(40), languages: [], owners: [] }, entryPoints: [entryPoint('orders'), entryPoint('admin', { auth: 'none', exposure: 'internet' })], threats: [] });
  writeFiles(dir, {
    'catalog.json': json({ products: [{ name: 'Shop', slug: 'shop' }] }),
    // The catalog's layout (src/catalog/layout.ts): numbered versions, product.json records.
    'products/shop/history/1/model.json': json(v1),
    'products/shop/history/1/product.json': json({ version: 1, publishedAt: '2026-01-10T09:00:00.000Z' }),
    'products/shop/history/2/model.json': json(v2),
    'products/shop/history/2/product.json': json({ version: 2, publishedAt: '2026-04-15T12:00:00.000Z' }),
    'products/shop/history/10/model.json': '{ not json',
    'products/shop/model.json': json(v3),
    'products/shop/product.json': json({ version: 3, publishedAt: '2026-05-01T08:00:00.000Z' }),
  });
  return dir;
}

test('points per version, oldest first, and the step that grew the attack surface', async () => {
  const dir = catalog();
  const trend = await productTrend(dir, 'Shop');
  assert.equal(trend.slug, 'shop');
  assert.deepEqual(trend.points.map((p) => p.version), ['1', '2', '3 (current)']);
  assert.deepEqual(trend.points.map((p) => p.entryPoints), [1, 2, 2]);
  assert.deepEqual(trend.points.map((p) => p.openTotal), [0, 1, 0]);
  assert.equal(trend.points[1].unauthenticated, 1);
  assert.deepEqual(trend.steps.map((s) => [s.from, s.to, s.surfaceGrew, s.newSevere, s.resolvedThreats]), [
    ['1', '2', true, 1, 0],
    ['2', '3 (current)', false, 0, 1],
  ]);
  const quarter = await productTrend(dir, 'shop', { since: '2026-04-01' });
  assert.deepEqual(quarter.steps.map((s) => s.to), ['2', '3 (current)']);
  assert.deepEqual((await productTrend(dir, 'shop', { since: '2026-04-20' })).steps.map((s) => s.to), ['3 (current)']);
});

test('the command prints the table and the changes that grew the surface; unknown products exit 2', async () => {
  const dir = catalog();
  const run = capture(parent, process.env);
  assert.equal(await main(['catalog-trend', 'Shop', '--catalog', dir], run.io), 0, run.stderr());
  assert.match(run.stdout(), /Changes that increased the attack surface or added high\/critical threats: 1 of 2/);
  assert.match(run.stdout(), /1 → 2 \(2026-04-15\): \+1 entry points, \+1 threats \(1 high or critical\)/);
  const sub = capture(parent, process.env);
  assert.equal(await main(['catalog', 'trend', 'shop', '--catalog', dir, '--json'], sub.io), 0, sub.stderr());
  assert.equal(JSON.parse(sub.stdout()).points.length, 3, 'the same through `catalog trend`');
  const missing = capture(parent, process.env);
  assert.equal(await main(['catalog-trend', 'nope', '--catalog', dir], missing.io), 2);
  assert.equal(await main(['catalog-trend', '../x', '--catalog', dir], capture(parent, process.env).io), 2);
});
