// Shared by the per-language showcase tests: a small repository per language whose annotations
// (`ruleid:` / `ok:`) name every finding the rules must and must not report, end to end.
import assert from 'node:assert/strict';
import { analyzeDirectory } from '../../api/pipeline.js';
import type { ThreatModel } from '../../model/types.js';
import { readAnnotations } from '../annotations.js';

export async function checkShowcase(dir: string): Promise<ThreatModel> {
  const annotations = readAnnotations(dir);
  const ruleIds = new Set(annotations.map((a) => a.ruleId));
  const model = await analyzeDirectory(dir, { today: '2026-06-01' });
  const at = (file: string, line: number) => `${file}:${line}`;
  const found = model.threats.filter((t) => ruleIds.has(t.ruleId)).map((t) => `${t.ruleId} ${at(t.evidence[0]?.file ?? '', t.evidence[0]?.line ?? 0)}`);
  const expected = annotations.filter((a) => a.kind === 'ruleid').map((a) => `${a.ruleId} ${at(a.file, a.line)}`);
  const forbidden = annotations.filter((a) => a.kind === 'ok').map((a) => `${a.ruleId} ${at(a.file, a.line)}`);
  assert.deepEqual(expected.filter((e) => !found.includes(e)), [], `annotated findings not reported (found: ${found.join(', ')})`);
  assert.deepEqual(found.filter((f) => !expected.includes(f)), [], 'findings of annotated rules on lines without a ruleid: annotation');
  assert.deepEqual(forbidden.filter((f) => found.includes(f)), [], 'findings on ok: lines');
  return model;
}
