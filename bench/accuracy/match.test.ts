// Unit tests of the benchmark's matching rules (run: node --import tsx --test bench/accuracy/match.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { categoryMatch } from './categories.js';
import { normalisePath, scoreEntryPoints } from './match-entrypoints.js';
import { scoreWeaknesses, type FindingInput } from './match-weaknesses.js';
import type { LabelEntryPoint, LabelNonFinding, LabelWeakness } from './labels.js';

function label(id: string, category: string, file: string, line: number, extra: Partial<LabelWeakness> = {}): LabelWeakness {
  return { id, category, cwe: 'CWE-0', stride: [], file, line, severity: 'high', note: '', ...extra };
}

function finding(id: string, ruleId: string, file: string, line: number, extra: Partial<FindingInput> = {}): FindingInput {
  return { id, ruleId, title: id, cwe: [], evidence: [{ file, line }], architectural: false, ...extra };
}

test('category: exact, family synonym, pack prefix, other via keyword and cwe', () => {
  assert.equal(categoryMatch({ category: 'sql-injection' }, 'web/sql-injection'), 'exact');
  assert.equal(categoryMatch({ category: 'stored-xss' }, 'reflected-xss'), 'synonym');
  assert.equal(categoryMatch({ category: 'sql-injection' }, 'nosql-injection'), undefined);
  assert.equal(categoryMatch({ category: 'other', keywords: ['cors'] }, 'cors-permissive-with-credentials'), 'synonym');
  assert.equal(categoryMatch({ category: 'other', keywords: ['jsonp'], cwe: 'CWE-346' }, 'x', ['CWE-346']), 'synonym');
  assert.equal(categoryMatch({ category: 'other', keywords: ['jsonp'] }, 'sql-injection'), undefined);
});

test('weaknesses: ±3 lines, span, alsoAt, one label per finding, duplicates', () => {
  const labels = [
    label('A', 'sql-injection', 'a.js', 10),
    label('B', 'sql-injection', 'a.js', 12),
    label('C', 'ssrf', 'b.js', 5, { lines: [5, 20], alsoAt: [{ file: 'routes.js', lines: [40, 40] }] }),
  ];
  const findings = [
    finding('f1', 'sql-injection', 'a.js', 11), // near both A and B
    finding('f2', 'ssrf', 'b.js', 19), // inside C's span
    finding('f3', 'ssrf', 'routes.js', 42), // C's alsoAt, C already taken
    finding('f4', 'sql-injection', 'a.js', 30), // nowhere
  ];
  const s = scoreWeaknesses(labels, [], findings);
  assert.equal(s.counts.found, 2); // f1 can only recall one of A/B
  assert.deepEqual(s.findings.map((f) => f.verdict), ['tp', 'tp', 'duplicate', 'unlabelled']);
  assert.equal(s.precision, 1);
  assert.equal(s.precisionWithUnlabelled, 0.75);
});

test('weaknesses: a second finding lets both neighbouring labels be recalled', () => {
  const labels = [label('A', 'sql-injection', 'a.js', 10), label('B', 'sql-injection', 'a.js', 12)];
  const s = scoreWeaknesses(labels, [], [finding('f1', 'sql-injection', 'a.js', 11), finding('f2', 'sql-injection', 'a.js', 10)]);
  assert.equal(s.counts.found, 2);
});

test('weaknesses: when two labels contend for one finding, the exact on-the-line label gets it', () => {
  // A synonym label listed first and 3 lines away must not take the finding from the exact label on its line.
  const labels = [label('A', 'bola-idor', 'server.ts', 604), label('B', 'admin-route-without-admin-check', 'server.ts', 607)];
  const s = scoreWeaknesses(labels, [], [finding('f1', 'admin-route-without-admin-check', 'server.ts', 607, { cwe: ['CWE-862'] })]);
  assert.deepEqual(s.labels.map((l) => l.found), [false, true]);
});

test('weaknesses: non-findings give false positives only for a compatible category; architectural is not scored', () => {
  const nonFindings: LabelNonFinding[] = [{ category: 'path-traversal', file: 'c.js', line: 7, note: '' }];
  const s = scoreWeaknesses([], nonFindings, [
    finding('f1', 'zip-slip', 'c.js', 8),
    finding('f2', 'ssrf', 'c.js', 7),
    finding('f3', 'missing-audit-logging', 'c.js', 1, { architectural: true }),
  ]);
  assert.deepEqual(s.findings.map((f) => f.verdict), ['fp', 'unlabelled', 'architectural']);
  assert.equal(s.precision, 0);
});

test('entry points: path spellings normalise alike', () => {
  assert.equal(normalisePath('/api/Users/:id'), normalisePath('/api/users/{id}'));
  assert.equal(normalisePath('/tutorial/${page}'), '/tutorial/:p');
  assert.equal(normalisePath('/ftp(?!/quarantine)/:file'), '/ftp/:p');
  assert.equal(normalisePath('/a//b/'), '/a/b');
});

test('entry points: recall, precision and auth agreement', () => {
  const labels: LabelEntryPoint[] = [
    { method: 'GET', path: '/profile', auth: 'user', file: 'x', line: 1 },
    { method: 'ALL', path: '/files/:f', auth: 'none', file: 'x', line: 2 },
    { method: 'PUT', path: '/api/things/:id', auth: 'denied', file: 'x', line: 3 },
    { method: 'POST', path: '/login', auth: 'none', file: 'x', line: 4 },
  ];
  const s = scoreEntryPoints(labels, [
    { method: 'GET', path: '/profile', auth: 'none', kind: 'http' },
    { method: 'USE', path: '/files/{name}', auth: 'none', kind: 'http' },
    { method: 'PUT', path: '/api/things/:id', auth: 'unknown', kind: 'http' },
    { method: 'GET', path: '/extra', auth: 'none', kind: 'http' },
    { method: undefined, path: undefined, auth: 'none', kind: 'websocket' },
  ]);
  assert.equal(s.recall, 0.75);
  assert.equal(s.precision, 0.75);
  assert.equal(s.authCompared, 2);
  assert.equal(s.authAgree, 1);
  assert.deepEqual(s.toolUnmatched, ['GET /extra']);
  assert.equal(s.authConfusion.denied.unknown, 1);
});
