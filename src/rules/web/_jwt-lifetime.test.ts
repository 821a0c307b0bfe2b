import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import { rule } from './jwt-without-expiry.js';

describe('jwt-without-expiry: rated by the lifetime', () => {
  it('a token that never expires is medium; one that lives 60 days is low', async () => {
    const dir = new URL('./jwt-without-expiry.fixture/', import.meta.url).pathname;
    const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const at = (line: number) => model.threats.find((t) => t.ruleId === rule.meta.id && t.evidence[0]?.file === 'src/tokens.js' && t.evidence[0]?.line === line);
    assert.equal(at(8)?.severity, 'medium');
    assert.match(at(8)?.title ?? '', /without an expiry/);
    assert.equal(at(13)?.severity, 'low');
    assert.match(at(13)?.title ?? '', /60 days/);
  });
});
