import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import { rule } from './hardcoded-credentials.js';

describe('hardcoded-credentials: rated by whether production uses the default', () => {
  it('a JWT secret fallback is rated above other secrets, a default production refuses is low', async () => {
    const dir = new URL('./hardcoded-credentials.fixture/', import.meta.url).pathname;
    const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const at = (line: number) => model.threats.find((t) => t.evidence[0]?.file === 'src/defaults.ts' && t.evidence[0]?.line === line);
    // `const DEFAULT_SECRET` read as `process.env.JWT_SECRET || DEFAULT_SECRET`, and a direct fallback.
    for (const line of [3, 9]) {
      assert.match(at(line)?.title ?? '', /JWT secret default/);
      assert.match(at(line)?.score.explanation ?? '', /high base/);
    }
    // Assigned after `this.rejectErrors(…)`, which throws when `this.#isProduction`.
    assert.equal(at(29)?.severity, 'low');
  });
});

describe('hardcoded-credentials: database defaults', () => {
  it('a DSN only a debugging branch offers, and a database image default account on a Compose host, are low', async () => {
    const dir = new URL('./hardcoded-credentials.fixture/', import.meta.url).pathname;
    const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const at = (line: number) => model.threats.find((t) => t.evidence[0]?.file === 'self-hosting/setup.ts' && t.evidence[0]?.line === line);
    assert.equal(at(13)?.severity, 'low');
    assert.equal(at(21)?.severity, 'low');
    assert.match(at(21)?.title ?? '', /default database account password/);
    assert.notEqual(at(24)?.severity, 'low');
  });
});

describe('hardcoded-credentials: a setting\'s literal fallback a cipher keys with', () => {
  it('is reported as the key default, rated like a JWT secret default', async () => {
    const dir = new URL('./hardcoded-credentials.fixture/', import.meta.url).pathname;
    const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const t = model.threats.find((x) => x.evidence[0]?.file === 'src/token-cipher.js' && x.evidence[0]?.line === 11);
    assert.match(t?.title ?? '', /encryption key default/);
    assert.match(t?.score.explanation ?? '', /high base/);
  });
});

describe('hardcoded-credentials: a migration tool\'s environment stand-in', () => {
  it('is low: `process.env.JWT_SECRET = …` in a knexfile only lets the settings module load under the tool', async () => {
    const dir = new URL('./hardcoded-credentials.fixture/', import.meta.url).pathname;
    const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const at = (line: number) => model.threats.find((t) => t.evidence[0]?.file === 'knexfile.js' && t.evidence[0]?.line === line);
    assert.equal(at(5)?.severity, 'low');
    assert.notEqual(at(12)?.severity, 'low');
  });
});
