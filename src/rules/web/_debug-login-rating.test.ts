import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import { rule } from './debug-login-bypass.js';

const FIXTURE = new URL('./debug-login-bypass.fixture/', import.meta.url).pathname;

async function severity(dir: string): Promise<string | undefined> {
  const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
  return model.threats.find((t) => t.ruleId === rule.meta.id)?.severity;
}

describe('debug-login-bypass: rated by the shipped default of the switch', () => {
  it('is critical when the shipped default configuration turns debug on, and not when it turns it off', async () => {
    assert.equal(await severity(FIXTURE), 'critical');
    const dir = mkdtempSync(join(tmpdir(), 'debug-login-'));
    cpSync(FIXTURE, dir, { recursive: true });
    const file = join(dir, 'config.default.js');
    writeFileSync(file, readFileSync(file, 'utf8').replace('debug: true', 'debug: false'));
    const off = await severity(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
    assert.ok(off && off !== 'critical' && off !== 'high', `off: ${off}`);
  });
});
