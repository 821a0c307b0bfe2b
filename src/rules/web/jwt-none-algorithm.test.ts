import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analyzeDirectory } from '../../api/pipeline.js';
import { rule } from './jwt-none-algorithm.js';

const FIXTURE = join(fileURLToPath(new URL('.', import.meta.url)), 'jwt-none-algorithm.fixture');

describe('rules/web: jwt-none-algorithm', () => {
  it('reports a shared options object once, and as latent where jsonwebtoken still demands a signature', async () => {
    const model = await analyzeDirectory(FIXTURE, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const at = (file: string) => model.threats.find((t) => t.evidence[0].file === file);
    const shared = at('shared.js');
    assert.ok(shared, 'shared.js reported');
    // The declaration, then each of the three verify calls that use it.
    assert.deepEqual(shared.evidence.map((e) => e.line), [4, 13, 18, 23]);
    assert.equal(model.threats.filter((t) => t.evidence[0].file === 'shared.js').length, 1);
    // No manifest: the library version is unknown, so the finding keeps its full weight.
    assert.equal(shared.confidence, 'high');

    const pinned = at('pinned/tokens.js');
    assert.ok(pinned, 'pinned/tokens.js reported');
    assert.equal(pinned.confidence, 'low');
    assert.notEqual(pinned.severity, 'critical');
    assert.notEqual(pinned.severity, 'high');
    assert.ok(pinned.score.likelihood < shared.score.likelihood);
    assert.match(pinned.description, /latent/);
    assert.doesNotMatch(shared.description, /latent/);

    // One options literal pasted into two controllers: one finding citing both copies and calls.
    const copies = model.threats.filter((t) => t.evidence.some((e) => e.file.startsWith('copies/')));
    assert.equal(copies.length, 1);
    assert.deepEqual(copies[0].evidence.map((e) => `${e.file}:${e.line}`), ['copies/controllers/notes.js:5', 'copies/controllers/notes.js:10', 'copies/controllers/users.js:4', 'copies/controllers/users.js:9']);
  });
});
