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
