import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import { rule } from './sensitive-data-in-response.js';

describe('sensitive-data-in-response: rated by whose credentials leak', () => {
  it('every account\'s password hash to a signed-in non-administrator is high; process.env stays as rated', async () => {
    const dir = new URL('./sensitive-data-in-response.fixture/', import.meta.url).pathname;
    const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const at = (file: string, line: number) => model.threats.find((t) => t.ruleId === rule.meta.id && t.evidence[0]?.file === file && t.evidence[0]?.line === line)?.severity;
    // `Account.find({})` with passwordHash behind a login check only.
    assert.equal(at('routes/admin.js', 13), 'high');
    assert.equal(at('routes/admin.js', 60), 'high');
    assert.equal(at('routes/status.js', 13), 'medium');
  });
});
