import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import { rule } from './insecure-randomness-token.js';

describe('insecure-randomness-token: rated by what the value protects', () => {
  it('a signature nonce needs uniqueness, not secrecy: low; a reset token keeps the rule rating', async () => {
    const dir = new URL('./insecure-randomness-token.fixture/', import.meta.url).pathname;
    const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const at = (file: string, line: number) => model.threats.find((t) => t.ruleId === rule.meta.id && t.evidence[0]?.file === file && t.evidence[0]?.line === line);
    assert.equal(at('signing.js', 6)?.severity, 'low');
    assert.ok(['medium', 'high', 'critical'].includes(at('reset.js', 5)?.severity ?? ''), at('reset.js', 5)?.severity);
    // Browser code (a package whose manifest names a UI framework and no server): low.
    assert.equal(at('ui/src/SecretPanel.jsx', 26)?.severity, 'low');
  });
});
