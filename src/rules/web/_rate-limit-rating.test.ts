import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import { rule } from './missing-rate-limit-auth-routes.js';

describe('missing-rate-limit-auth-routes: rated by what unlimited requests give', () => {
  it('a sign-up gives spam accounts (medium at most); a login gives accounts (high)', async () => {
    const dir = new URL('./missing-rate-limit-auth-routes.fixture/', import.meta.url).pathname;
    const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const at = (file: string, line: number) => model.threats.find((t) => t.ruleId === rule.meta.id && t.evidence[0]?.file === file && t.evidence[0]?.line === line);
    for (const [file, line] of [['routes/records.js', 33], ['koa-auth/server.js', 18]] as const) assert.equal(at(file, line)?.severity, 'medium', `${file}:${line}`);
    assert.equal(at('routes/auth.js', 8)?.severity, 'high');
    assert.equal(at('routes/auth.js', 31)?.severity, 'medium', 'a forgot-password request sends mail, it guesses nothing');
  });
});
