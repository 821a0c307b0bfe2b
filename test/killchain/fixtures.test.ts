// End to end: the fixture products under test/fixtures/killchain are modelled by the real pipeline
// (extractors, builder, rules) and their kill chains compared with the chains written by hand in
// each fixture's README. Steps are checked by state and by CWE, not by rule id: the rules belong to
// other packs and may be renamed; what a step means must not change.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analyzeKillChains, readAdvisoryDir } from '../../src/analyze/graph/index.js';
import { analyzeDirectory } from '../../src/api/pipeline.js';
import { renderOutputs } from '../../src/emit/index.js';
import type { KillChain, ThreatModel } from '../../src/model/types.js';
import { SHARED } from '../helpers/reference-data.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/killchain/', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../examples/shop', import.meta.url));

function states(chain: KillChain): string[] {
  return [chain.entry, ...chain.steps.map((s) => s.to)];
}

function cwesOf(model: ThreatModel, chain: KillChain): string[][] {
  return chain.steps.map((s) => (s.threat ? model.threats.find((t) => t.id === s.threat)?.cwe ?? [] : []));
}

async function modelOf(name: string): Promise<ThreatModel> {
  return analyzeDirectory(`${FIXTURES}${name}`, { today: '2026-06-01' });
}

describe('fixture ssrf-admin: SSRF → internal unauthenticated admin API → database credentials → restricted data', () => {
  let model: ThreatModel;
  before(async () => {
    model = await modelOf('ssrf-admin');
  });

  test('the expected chain is in model.json, first, and critical', () => {
    const chain = model.killChains[0];
    assert.ok(chain, 'a kill chain');
    assert.deepEqual(states(chain), ['internet', 'reach:gateway', 'net:gateway', 'reach:admin', 'admin:admin', 'secrets:admin', 'data:db']);
    assert.equal(chain.severity, 'critical');
    const cwes = cwesOf(model, chain);
    assert.ok(cwes[1].includes('CWE-918'), 'step 2 is the SSRF');
    assert.ok(cwes[3].some((c) => ['CWE-306', 'CWE-862', 'CWE-863'].includes(c)), 'step 4 is the missing authentication or authorization');
    assert.match(chain.narrative, /restricted data \(users\)/);
    assert.ok(chain.evidence.some((e) => e.file === 'gateway/src/server.js' && e.line === 9));
  });

  test('the cheapest break is the SSRF, and it cuts every path to the database', () => {
    const chain = model.killChains[0];
    const ssrf = model.threats.find((t) => t.id === chain.breakWith?.threat);
    assert.deepEqual(ssrf?.cwe, ['CWE-918']);
    assert.match(chain.breakWith?.description ?? '', /cuts every path/);
  });

  test('the same input gives the same chains, byte for byte', async () => {
    const again = await modelOf('ssrf-admin');
    assert.equal(JSON.stringify(again.killChains), JSON.stringify(model.killChains));
    assert.deepEqual(analyzeKillChains(JSON.parse(JSON.stringify(model)) as ThreatModel).chains, model.killChains, 'killchain on model.json agrees with the pipeline');
  });

  test('summary.md, canvas.md and attack-graph.mmd show the chain', () => {
    const outputs = renderOutputs(model);
    const summary = outputs.get('summary.md') ?? '';
    assert.match(summary, /## Kill chains/);
    assert.match(summary, /\*\*critical\*\* — internet → Server-side request forgery/);
    assert.match(outputs.get('canvas.md') ?? '', /\*\*Worst kill chains\*\*\n- CRITICAL/);
    const graph = outputs.get('attack-graph.mmd') ?? '';
    assert.match(graph, /^%% Attack graph of ssrf-admin/);
    assert.match(graph, /\nflowchart LR\n/);
    assert.match(graph, /==>\|"Server-side request forgery/);
    assert.match(graph, /\{\{"data:db: read and write access to db"\}\}/);
  });
});

describe('fixture ssrf-admin-guarded: the same product with an administrator check', () => {
  test('the SSRF is still found, but the chain it started is broken and not reported', async () => {
    const model = await modelOf('ssrf-admin-guarded');
    assert.ok(model.threats.some((t) => t.cwe.includes('CWE-918') && t.status === 'open'), 'the SSRF is still reported as a threat');
    assert.ok(model.entryPoints.filter((e) => e.path?.startsWith('/admin')).every((e) => e.auth === 'admin'), 'the admin routes are guarded');
    assert.deepEqual(model.killChains.filter((c) => ['data:db', 'admin:admin', 'secrets:admin'].includes(c.target)), []);
  });
});

describe('fixture upload-rce: file upload → code execution → mounted secret → cloud storage', () => {
  test('the expected chain is reported with the command injection as its only finding', async () => {
    const model = await modelOf('upload-rce');
    const chain = model.killChains.find((c) => c.target === 'data:Object storage (S3)');
    assert.ok(chain, `chains: ${model.killChains.map((c) => c.target).join(', ')}`);
    assert.deepEqual(states(chain), ['internet', 'reach:media', 'exec:media', 'secrets:media', 'data:Object storage (S3)']);
    assert.deepEqual(cwesOf(model, chain).filter((c) => c.length > 0), [['CWE-78']]);
    assert.match(chain.narrative, /mounted secrets/);
    assert.ok(['high', 'critical'].includes(chain.severity));
  });
});

describe('examples/shop with its advisories', () => {
  let model: ThreatModel;
  before(async () => {
    const { advisories } = await readAdvisoryDir(`${SHARED}fixtures/advisories/osv`);
    model = await analyzeDirectory(EXAMPLE, { today: '2026-06-01', advisories });
  });

  test('jsonwebtoken 8.5.1 (D01) becomes an edge into the api; moment in the worker (D02) does not', () => {
    const { graph } = analyzeKillChains(model, { advisories: [] });
    assert.ok(graph.edges.every((e) => e.kind !== 'advisory'), 'no advisories given: no advisory edge');
    return readAdvisoryDir(`${SHARED}fixtures/advisories/osv`).then(({ advisories }) => {
      const withAdvisories = analyzeKillChains(model, { advisories });
      const edges = withAdvisories.graph.edges.filter((e) => e.kind === 'advisory');
      assert.deepEqual(edges.map((e) => `${e.advisory} ${e.from}>${e.to}`), ['GHSA-qwph-4952-7xr6 reach:api>admin:api']);
      assert.ok(withAdvisories.matches.some((m) => m.package.name === 'moment'), 'moment is present');
    });
  });

  test('kill chains rank restricted data first and never cite a suppressed finding', () => {
    assert.ok(model.killChains.length > 0);
    assert.equal(model.killChains[0].severity, 'critical');
    const suppressed = new Set(model.threats.filter((t) => t.status !== 'open' && t.status !== 'accepted').map((t) => t.id));
    for (const chain of model.killChains) for (const step of chain.steps) assert.ok(!step.threat || !suppressed.has(step.threat));
    const ranks = model.killChains.map((c) => c.likelihood);
    assert.ok(ranks.every((l) => l > 0 && l <= 1));
  });
});
