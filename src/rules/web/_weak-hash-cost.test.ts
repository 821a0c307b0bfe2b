import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import { rule } from './weak-password-hash.js';

const FIXTURE = new URL('./weak-password-hash.fixture/', import.meta.url).pathname;

describe('rules/web: weak-password-hash weighs a cheap slow hash below a fast one', () => {
  it('scores bcrypt at cost 8 less likely than MD5 or SHA-1, and never high', async () => {
    const model = await analyzeDirectory(FIXTURE, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const threats = model.threats.filter((t) => t.ruleId === rule.meta.id);
    const bcrypt = threats.filter((t) => /bcrypt/.test(t.title));
    const fast = threats.filter((t) => !/bcrypt/.test(t.title));
    assert.ok(bcrypt.length === 1 && fast.length > 0, threats.map((t) => t.title).join('; '));
    for (const f of fast) assert.ok(bcrypt[0].score.likelihood < f.score.likelihood && bcrypt[0].score.impact < f.score.impact, `${f.title}`);
    assert.ok(!['high', 'critical'].includes(bcrypt[0].severity), bcrypt[0].severity);
    assert.doesNotMatch(bcrypt[0].description, /billions/);
  });
});
