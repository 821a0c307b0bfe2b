import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import { rule } from './cookie-missing-flags.js';

describe('cookie-missing-flags: rated by what the missing flags expose', () => {
  it('session middleware at its defaults keeps HttpOnly: medium, and the text does not claim HttpOnly is missing', async () => {
    const dir = new URL('./cookie-missing-flags.fixture/', import.meta.url).pathname;
    const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const at = (file: string, line: number) => model.threats.find((t) => t.ruleId === rule.meta.id && t.evidence[0]?.file === file && t.evidence[0]?.line === line);
    const session = at('session.js', 7);
    assert.equal(session?.severity, 'medium');
    assert.ok(!/without HttpOnly/i.test(`${session?.description} ${session?.statement}`), session?.description);
    // `res.cookie('token', token)`: no HttpOnly, script can read the token.
    const token = at('login.js', 7);
    assert.match(token?.description ?? '', /Without HttpOnly/);
    assert.ok(['high', 'critical'].includes(token?.severity ?? ''), token?.severity);
  });
});
