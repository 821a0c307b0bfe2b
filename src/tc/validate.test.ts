import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tcFixture } from './fixtures.js';
import { validateThreatComposer } from './validate.js';
import type { TcIssue } from './types.js';

interface Expected {
  importable: boolean;
  errors: string[];
  warnings: string[];
}

/** expected.json writes paths the way zod joins them (`threats.0.status`), with `(root)` for the
 * document and no path for file-level problems; ours are `threats[0].status`. */
function asExpectedLine(issue: TcIssue): string {
  if (issue.path === '') return issue.message;
  return `${issue.path.replace(/\[(\d+)\]/g, '.$1')}: ${issue.message}`;
}

const synthetic = tcFixture('synthetic');
const expected = JSON.parse(readFileSync(join(synthetic, 'expected.json'), 'utf8')) as Record<string, Expected>;

test('expected.json covers every synthetic workspace file', () => {
  const files = readdirSync(synthetic).filter((f) => f !== 'expected.json' && f !== 'statement-vectors.json');
  assert.deepEqual(Object.keys(expected).sort(), files.sort());
  assert.equal(files.length, 42);
});

for (const [file, want] of Object.entries(expected)) {
  test(`synthetic/${file}: verdict, errors and warnings as expected`, () => {
    const result = validateThreatComposer(readFileSync(join(synthetic, file), 'utf8'), file);
    // V8 versions after Node 20 append "(line x column y)" to JSON syntax errors.
    const errors = result.errors.map(asExpectedLine).map((line) => line.replace(/ \(line \d+ column \d+\)$/, ''));
    assert.deepEqual({ importable: result.importable, errors, warnings: result.warnings.map(asExpectedLine) }, want);
  });
}

const upstream = [
  'workspaceExamples/GenAIChatbot.tc.json',
  'workspaceExamples/ThreatComposer.tc.json',
  'workshop-examples/ThreatComposerWorkspace-reinforce2024-ex1.tc.json',
  'workshop-examples/ThreatComposerWorkspace-reinforce2024-ex2.tc.json',
  'workshop-examples/ThreatComposerWorkspace-reinforce2024-ex3.3.tc.json',
  'workshop-examples/threat-modeling-for-builders-genai-edition-2025/ThreatComposer_Workshop_GenAI-ex1.tc.json',
  'workshop-examples/threat-modeling-for-builders-genai-edition-2025/ThreatComposer_Workshop_GenAI-ex2.tc.json',
  'workshop-examples/threat-modeling-for-builders-genai-edition-2025/ThreatComposer_Workshop_GenAI-ex3.tc.json',
  'workshop-examples/threat-modeling-for-builders-self-paced-elearning/ThreatModelingForBuilders-Exercise1.tc.json',
  'workshop-examples/threat-modeling-for-builders-self-paced-elearning/ThreatModelingForBuilders-Exercise2.tc.json',
  'workshop-examples/threat-modeling-for-builders-self-paced-elearning/ThreatModelingForBuilders-Exercise3.tc.json',
  'workshop-examples/threat-modeling-for-builders-self-paced-elearning/ThreatModelingForBuilders-Exercise4.tc.json',
];

for (const file of upstream) {
  test(`upstream ${file} is importable, with stored statements equal to the rendering`, () => {
    const result = validateThreatComposer(readFileSync(tcFixture(file), 'utf8'), file);
    assert.equal(result.importable, true);
    assert.deepEqual(result.errors, []);
    const codes = new Set(result.warnings.map((w) => w.code));
    for (const code of ['statement-mismatch', 'sanitizer-alters', 'non-uuid-id', 'duplicate-id', 'numeric-id']) assert.ok(!codes.has(code as never), code);
    // The four ThreatComposer-based workspaces carry 18 links to ids that do not exist.
    const dangling = result.warnings.filter((w) => w.code === 'dangling-link').length;
    assert.equal(dangling, /ThreatComposer(Workspace-reinforce2024-ex|\.tc)/.test(file) ? 18 : 0);
  });
}

test('reconciliation: an open threat without a mitigation link and an unlinked mitigation are reported', () => {
  const doc = JSON.parse(readFileSync(join(synthetic, 'valid-minimal.tc.json'), 'utf8')) as Record<string, unknown>;
  doc.mitigationLinks = [];
  const result = validateThreatComposer(JSON.stringify(doc), 'x.tc.json');
  assert.equal(result.importable, true);
  assert.deepEqual(
    result.warnings.map((w) => [w.path, w.code]),
    [
      ['threats[0]', 'unmitigated-threat'],
      ['mitigations[0]', 'unlinked-mitigation'],
    ],
  );
  (doc.threats as { status: string }[])[0].status = 'threatResolvedNotUseful';
  const accepted = validateThreatComposer(JSON.stringify(doc), 'x.tc.json');
  assert.deepEqual(accepted.warnings.map((w) => w.code), ['unlinked-mitigation']);
});

test('duplicates and lengths after sanitising are judged on the rewritten text', () => {
  const doc = JSON.parse(readFileSync(join(synthetic, 'valid-minimal.tc.json'), 'utf8')) as { threats: Record<string, unknown>[] };
  doc.threats.push({ ...doc.threats[0] });
  const dup = validateThreatComposer(JSON.stringify(doc), 'x.tc.json');
  assert.deepEqual(dup.warnings.map((w) => `${w.path} ${w.code}`), ['threats[1].id duplicate-id', 'threats[1].numericId duplicate-numeric-id']);
  doc.threats.pop();
  doc.threats[0].threatAction = `${'a'.repeat(196)} & b`; // 200 characters, 204 once `&` is escaped
  const long = validateThreatComposer(JSON.stringify(doc), 'x.tc.json');
  assert.equal(long.importable, false);
  assert.deepEqual(long.errors, [{ path: 'threats[0].threatAction', message: 'Too big: expected string to have <=200 characters' }]);
  assert.deepEqual(long.warnings.map((w) => `${w.path} ${w.code}`), ['threats[0].threatAction sanitizer-alters']);
});

test('a byte-order mark is ignored, as the browser ignores it', () => {
  const text = readFileSync(join(synthetic, 'valid-minimal.tc.json'), 'utf8');
  assert.equal(validateThreatComposer(`\ufeff${text}`, 'x.tc.json').importable, true);
});
