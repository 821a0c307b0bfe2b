import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import { rule } from './jwt-unpinned-algorithms.js';

describe('jwt-unpinned-algorithms: rated by what the header can switch', () => {
  it('a public key lets a token switch to HMAC (rated by the rule); an HMAC key from the environment only matters when unset (lower)', async () => {
    const dir = new URL('./jwt-unpinned-algorithms.fixture/legacy/', import.meta.url).pathname;
    const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const at = (file: string) => model.threats.find((t) => t.ruleId === rule.meta.id && t.evidence[0]?.file === file);
    assert.equal(at('middleware.js')?.severity, 'medium');
    assert.equal(at('lib/session.js')?.severity, 'low');
  });
});
