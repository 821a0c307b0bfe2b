// Unit tests of the architecture benchmark's matching rules
// (run: node --import tsx --test bench/architecture/match.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LabelBoundary, LabelComponent, LabelEntryPoint, LabelFlow } from './labels.js';
import { scoreBoundaries } from './match-boundaries.js';
import { matchComponents, matchRule, scoreComponents } from './match-components.js';
import { scoreEntryPoints } from './match-entrypoints.js';
import { matchFlows, normProtocol, scoreFlows } from './match-flows.js';
import type { ToolBoundary, ToolComponent, ToolEntryPoint, ToolFlow } from './tool-model.js';

const lc = (name: string, kind: LabelComponent['kind'], extra: Partial<LabelComponent> = {}): LabelComponent => ({ name, kind, paths: [], exposure: 'internal', evidence: 'x:1', ...extra });
const tc = (id: string, name: string, kind = 'service', extra: Partial<ToolComponent> = {}): ToolComponent => ({ id, name, kind, exposure: 'internal', paths: [], ...extra });
const lf = (from: string, to: string, protocol: string, extra: Partial<LabelFlow> = {}): LabelFlow => ({ from, to, protocol, evidence: 'x:1', ...extra });
const tf = (from: string, to: string, protocol: string, crosses: string[] = []): ToolFlow => ({ id: `${from}>${to}`, from, to, protocol, crosses });

test('component names: case, separators, aliases, path basenames, paths', () => {
  const label = lc('product-catalog', 'service', { paths: ['src/productcatalog'], aliases: ['catalog'] });
  assert.equal(matchRule(label, tc('1', 'Product_Catalog')), 'name');
  assert.equal(matchRule(label, tc('1', 'catalog')), 'alias');
  assert.equal(matchRule(label, tc('1', 'productcatalog')), 'name');
  assert.equal(matchRule(lc('astronomy-db', 'datastore', { paths: ['src/postgresql'] }), tc('1', 'postgresql')), 'path-basename');
  assert.equal(matchRule(label, tc('1', 'Catalog.Api', 'service', { paths: ['src/productcatalog/'] })), 'path');
  assert.equal(matchRule(label, tc('1', 'cart')), undefined);
});

test('components: one credit per label, duplicates, actor fallback, optional labels', () => {
  const labels = [lc('user', 'actor'), lc('frontend', 'frontend', { exposure: 'internet', kindAlternatives: ['service'] }), lc('redis-cart', 'datastore', { aliases: ['redis'] }), lc('alloydb', 'datastore', { optional: true })];
  const tools = [tc('a', 'Internet user', 'actor'), tc('f1', 'frontend', 'service', { exposure: 'internet' }), tc('f2', 'frontend', 'frontend'), tc('r', 'redis', 'datastore', { exposure: 'none' }), tc('d', 'alloydb', 'datastore'), tc('x', 'mystery')];
  const m = matchComponents(labels, tools);
  assert.equal(m.labelOfTool.get('a'), 'user');
  assert.equal(m.toolOfLabel.get('frontend')?.id, 'f1');
  assert.equal(m.labelOfTool.get('f2'), 'frontend');
  const s = scoreComponents(labels, tools, m);
  assert.deepEqual(s.recall, { hit: 3, of: 3 });
  assert.deepEqual(s.precision, { hit: 5, of: 6 });
  assert.equal(s.duplicates, 1);
  assert.equal(s.optionalFound, 1);
  assert.deepEqual(s.kindAgreement, { hit: 4, of: 4 });
  // actor excluded; frontend internet ok, redis-cart internal vs none wrong, alloydb ok.
  assert.deepEqual(s.exposureStrict, { hit: 2, of: 3 });
});

test('flows: direction, queue ends either way, duplicates resolve, protocol synonyms', () => {
  const labels = [lc('checkout', 'service'), lc('kafka', 'queue'), lc('accounting', 'service'), lc('db', 'datastore'), lc('cart', 'service')];
  const flows = [lf('checkout', 'kafka', 'kafka'), lf('accounting', 'kafka', 'kafka'), lf('accounting', 'db', 'postgres'), lf('checkout', 'cart', 'grpc', { tags: ['telemetry'] })];
  const tools = [tc('c', 'checkout'), tc('k', 'kafka', 'queue'), tc('a', 'accounting'), tc('a2', 'Accounting'), tc('d', 'db', 'datastore'), tc('z', 'unknown')];
  const cm = matchComponents(labels, tools);
  const fm = matchFlows(flows, labels, tools, [tf('c', 'k', 'kafka'), tf('k', 'a', 'kafka'), tf('a2', 'd', 'postgresql'), tf('d', 'a', 'postgres'), tf('c', 'z', 'http'), tf('a', 'a2', 'http')], cm);
  const s = scoreFlows(flows, fm, 6);
  assert.deepEqual(s.recall, { hit: 3, of: 4 });
  assert.deepEqual(s.recallByTag.telemetry, { hit: 0, of: 1 });
  assert.equal(s.selfLoops, 1);
  assert.deepEqual(s.precision, { hit: 3, of: 5 });
  assert.deepEqual(s.precisionResolvedEnds, { hit: 3, of: 4 });
  assert.deepEqual(s.protocolAgreement, { hit: 3, of: 3 });
  assert.equal(normProtocol('HTTPS'), 'http');
  assert.equal(normProtocol('wss'), 'websocket');
});

test('boundaries: pair agreement with nested tool boundaries, crossing agreement', () => {
  const labels = [lc('user', 'actor'), lc('web', 'service'), lc('api', 'service'), lc('db', 'datastore')];
  const boundaries: LabelBoundary[] = [{ name: 'internet', kind: 'internet', components: ['user'] }, { name: 'cluster', kind: 'cluster', components: ['web', 'api', 'db'] }];
  const flows = [lf('user', 'web', 'http'), lf('web', 'api', 'grpc'), lf('api', 'db', 'postgres')];
  const tools = [tc('u', 'user', 'actor'), tc('w', 'web'), tc('a', 'api'), tc('d', 'db', 'datastore')];
  const toolBoundaries: ToolBoundary[] = [
    { id: 'b1', name: 'internal', kind: 'internal', components: ['w', 'a', 'd'] },
    { id: 'b2', name: 'data', kind: 'data', components: ['d'] },
  ];
  const cm = matchComponents(labels, tools);
  const fm = matchFlows(flows, labels, tools, [tf('u', 'w', 'http', ['b1']), tf('w', 'a', 'grpc'), tf('a', 'd', 'postgres', ['b2'])], cm);
  const s = scoreBoundaries(boundaries, flows, toolBoundaries, cm, fm);
  assert.deepEqual(s.coverage, { hit: 3, of: 4 });
  // 6 pairs: user alone (3 different pairs agree); web-api same agree; web-db and api-db split by the nested data zone.
  assert.deepEqual(s.pairAgreement, { hit: 4, of: 6 });
  assert.deepEqual(s.samePairs, { hit: 1, of: 3 });
  assert.deepEqual(s.crossingAgreement, { hit: 2, of: 3 });
});

test('entry points: http path spellings and any-method, grpc by rpc name, ownership by file', () => {
  const labels = [lc('frontend', 'frontend', { paths: ['src/frontend'] }), lc('cart', 'service', { paths: ['src/cart'] })];
  const eps: LabelEntryPoint[] = [
    { component: 'frontend', kind: 'http', method: 'GET', path: '/product/{id}' },
    { component: 'frontend', kind: 'http', method: 'ANY', path: '/static/' },
    { component: 'frontend', kind: 'http', method: 'GET', path: '/api/products/{productId}' },
    { component: 'cart', kind: 'grpc', method: 'GetCart', path: 'oteldemo.CartService/GetCart' },
    { component: 'cart', kind: 'grpc', method: 'EmptyCart' },
  ];
  const tools = [tc('f', 'frontend'), tc('c', 'cart')];
  const toolEps: ToolEntryPoint[] = [
    { component: 'f', kind: 'http', method: 'GET', path: '/product/:id' },
    { component: 'f', kind: 'http', method: 'GET', path: '/static/*' },
    { component: '?', kind: 'http', method: 'GET', path: '/api/products/[productId]', file: 'src/frontend/pages/api/products/[productId]/index.ts' },
    { component: 'c', kind: 'grpc', path: '/oteldemo.CartService/GetCart' },
    { component: 'f', kind: 'grpc', method: 'EmptyCart' },
  ];
  const cm = matchComponents(labels, tools);
  const s = scoreEntryPoints(eps, labels, tools, toolEps, cm);
  assert.deepEqual(s.recall, { hit: 4, of: 5 });
  assert.deepEqual(s.missed, ['cart grpc EmptyCart']);
});
