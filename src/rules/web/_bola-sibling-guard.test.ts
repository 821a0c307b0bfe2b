import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import { rule } from './bola-idor.js';

const FIXTURE = new URL('./bola-idor.fixture/nest/', import.meta.url).pathname;

describe('bola-idor: a resource guard the sibling routes run', () => {
  it('reports a read of a part of the record by the bare id where siblings on the id run the guard, medium, naming the guard', async () => {
    const model = await analyzeDirectory(FIXTURE, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const found = model.threats.filter((t) => t.ruleId === rule.meta.id && t.evidence[0].file.endsWith('resumes.controller.ts'));
    assert.deepEqual(found.map((t) => t.evidence[0].line), [25]);
    assert.equal(found[0].severity, 'medium', found[0].score.explanation);
    assert.match(found[0].remediation ?? '', /ResumeGuard/);
  });
});
