import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { tcFixture } from './fixtures.js';
import { renderStatement, renderStatementTokens, type StatementFields, type StatementToken } from './statement.js';

interface Vector {
  name: string;
  input: StatementFields;
  statement: string;
  displayedStatement?: StatementToken[];
}

const vectors = (JSON.parse(readFileSync(tcFixture('synthetic/statement-vectors.json'), 'utf8')) as { cases: Vector[] }).cases;

test('all 80 statement vectors render exactly', () => {
  assert.equal(vectors.length, 80);
  const failures = vectors.filter((v) => renderStatement(v.input) !== v.statement).map((v) => `${v.name}: ${renderStatement(v.input)}`);
  assert.deepEqual(failures, []);
});

test('tokens match the app displayedStatement wherever the vectors give one', () => {
  let compared = 0;
  for (const vector of vectors) {
    if (!vector.displayedStatement) continue;
    compared++;
    assert.deepEqual(renderStatementTokens(vector.input), vector.displayedStatement, vector.name);
  }
  assert.ok(compared >= 70, `compared ${compared}`);
});

test('all 37 GenAIChatbot threats render to their stored statement', () => {
  const doc = JSON.parse(readFileSync(tcFixture('workspaceExamples/GenAIChatbot.tc.json'), 'utf8')) as { threats: (StatementFields & { statement: string })[] };
  assert.equal(doc.threats.length, 37);
  for (const threat of doc.threats) assert.equal(renderStatement(threat), threat.statement);
});

test('nothing filled renders an empty statement; [""] counts as filled', () => {
  assert.equal(renderStatement({}), '');
  assert.equal(renderStatement({ threatSource: 'actor', impactedGoal: [''], impactedAssets: ['db'] }), 'An actor can perform a threat action, resulting in reduced of db');
});
