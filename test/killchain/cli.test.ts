import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { capture } from '../helpers/io.js';
import { SHARED } from '../helpers/reference-data.js';
import { ssrfToDatabase } from './model.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/killchain/ssrf-admin', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../examples/shop', import.meta.url));

describe('threatcode killchain', () => {
  let dir: string;
  let modelFile: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tc-killchain-'));
    modelFile = join(dir, 'model.json');
    writeFileSync(modelFile, JSON.stringify(ssrfToDatabase().model));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('on a model.json: the ranked chains with steps, narrative, break and evidence', async () => {
    const c = capture(dir);
    assert.equal(await main(['killchain', 'model.json'], c.io), 0);
    const out = c.stdout();
    assert.match(out, /^threatcode: 1 kill chain for hand-built \(from internet, user or repo\)\n/);
    assert.match(out, /1\. CRITICAL {2}internet → data:db {2}likelihood \d+%/);
    assert.match(out, /internet → Server-side request forgery from request data → Administrative route GET \/admin\/users has no administrator check → Debug endpoint/);
    assert.match(out, /4\) reach:admin → admin:admin: acts as an administrator of admin/);
    assert.match(out, /Break: Fix “Server-side request forgery from request data”/);
    assert.match(out, /Evidence: gateway\/src\/routes\.js:9/);
  });

  test('--to and --from filter, --json prints the chains and the graph size', async () => {
    const c = capture(dir);
    assert.equal(await main(['killchain', 'model.json', '--to', 'admin', '--from', 'internet', '--json'], c.io), 0);
    const json = JSON.parse(c.stdout());
    assert.equal(json.product, 'hand-built');
    assert.equal(json.from, 'internet');
    assert.deepEqual(json.killChains.map((k: { target: string }) => k.target), ['admin:admin']);
    assert.ok(json.graph.states > 5 && json.graph.edges > 5);
  });

  test('on a source folder: models it first', async () => {
    const c = capture(dir);
    assert.equal(await main(['killchain', FIXTURE, '--to', 'data:db', '--json'], c.io), 0);
    const json = JSON.parse(c.stdout());
    assert.equal(json.product, 'ssrf-admin');
    assert.equal(json.killChains[0]?.target, 'data:db');
  });

  test('--advisories adds vulnerable dependencies', async () => {
    const c = capture(dir);
    assert.equal(await main(['killchain', EXAMPLE, '--advisories', `${SHARED}fixtures/advisories/osv`, '--to', 'admin', '--json'], c.io), 0);
    const json = JSON.parse(c.stdout());
    assert.deepEqual(
      json.advisories.map((a: { id: string; component: string; impact: string }) => `${a.id} ${a.component} ${a.impact}`),
      ['GHSA-8hfj-j24r-96c4 worker disclosure', 'GHSA-qwph-4952-7xr6 api auth-bypass'],
    );
    const jwt = json.advisories[1];
    assert.equal(jwt.fixed, '9.0.0');
    assert.match(jwt.score.explanation, /^\w+ [\d.]+\/10 = likelihood/, 'CVEs are scored with the same explainable factors');
  });

  test('bad input: exit 2 with a message naming it', async () => {
    writeFileSync(join(dir, 'broken.json'), '{ nope');
    writeFileSync(join(dir, 'other.json'), '{"schema":"something-else"}');
    for (const [args, message] of [
      [['killchain', 'broken.json'], /broken\.json: not valid JSON/],
      [['killchain', 'other.json'], /other\.json: not a threatcode model/],
      [['killchain', 'model.json', '--from', 'nowhere'], /unknown start state nowhere/],
      [['killchain', 'model.json', '--limit', '0'], /--limit must be a positive whole number/],
      [['killchain'], /needs exactly one/],
      [['killchain', 'model.json', '--advisories', 'absent-dir'], /advisory folder not found/],
    ] as const) {
      const c = capture(dir);
      assert.equal(await main([...args], c.io), 2, args.join(' '));
      assert.match(c.stderr(), message);
    }
  });

  test('threatcode model --advisories writes attack-graph.mmd and stores the chains', async () => {
    const out = join(dir, 'out');
    const c = capture(dir);
    assert.equal(await main(['model', EXAMPLE, '--out', out, '--advisories', `${SHARED}fixtures/advisories/osv`, '--format', 'json,attack-graph'], c.io), 0);
    assert.match(c.stdout(), /kill chains, worst: critical/);
    assert.match(c.stdout(), /attack-graph\.mmd/);
  });
});
