import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeKillChains } from '../../src/analyze/graph/index.js';
import { chainHeadline, renderAttackGraph } from '../../src/emit/attack-graph.js';
import { reporterFor } from '../../src/emit/index.js';
import { ModelBuilder, ssrfToDatabase } from './model.js';

describe('attack-graph.mmd', () => {
  test('is registered as the attack-graph format', () => {
    assert.equal(reporterFor('attack-graph')?.file, 'attack-graph.mmd');
  });

  test('draws entries, targets and kill-chain steps; only what leads somewhere', () => {
    const { model } = ssrfToDatabase();
    model.killChains = computeKillChains(model);
    const text = renderAttackGraph(model);
    const lines = text.split('\n');
    assert.equal(lines[2], 'flowchart LR');
    assert.ok(lines.some((l) => /^ {2}s\d+\(\["internet: an anonymous attacker on the internet"\]\)$/.test(l)), 'entry as a stadium');
    assert.ok(lines.some((l) => /^ {2}s\d+\{\{"data:db: read and write access to db"\}\}$/.test(l)), 'target as a hexagon');
    assert.ok(lines.some((l) => /==>\|"Server-side request forgery from request data \(\w+\)"\|/.test(l)), 'chain step as a thick labelled arrow');
    assert.equal(renderAttackGraph(model), text, 'deterministic');
  });

  test('untrusted names cannot break out of a label', () => {
    const b = new ModelBuilder();
    const api = b.component('api"]) --> x(["pwn', 'service', 'internet');
    const route = b.entry(api, 'GET', '/x', 'none');
    b.threat({ ruleId: 'command-injection', title: 'Injection <script>"|& here', cwe: ['CWE-78'], stride: ['E'], on: route });
    b.model.killChains = computeKillChains(b.model);
    const text = renderAttackGraph(b.model);
    for (const line of text.split('\n').filter((l) => /^ {2}s\d/.test(l))) {
      const labels = line.match(/"[^"]*"/g) ?? [];
      const outside = line.replace(/"[^"]*"/g, '');
      assert.doesNotMatch(outside, /pwn|script/, line);
      for (const label of labels) assert.doesNotMatch(label, /[<>&|]/, line);
    }
  });

  test('a model without chains still renders a valid diagram', () => {
    const text = renderAttackGraph(new ModelBuilder().model);
    assert.match(text, /flowchart LR\n {2}empty\(\["No attack path to a high-value target was found"\]\)/);
  });

  test('chain headlines name the findings in order', () => {
    const { model } = ssrfToDatabase();
    const [chain] = computeKillChains(model);
    assert.match(chainHeadline(model, chain), /^internet → Server-side request forgery from request data → Administrative route GET \/admin\/users has no administrator check → Debug endpoint GET \/admin\/debug\/env reachable without authentication → data:db \(likelihood \d+%\)$/);
  });
});
