import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../../api/pipeline.js';
import { rule } from '../../../rules/web/hardcoded-credentials.js';

async function findings(files: Record<string, string>): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tc-dist-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    return model.threats.map((t) => `${t.evidence[0].file}:${t.evidence[0].line}`).sort();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('extract/js/secrets: committed build output', () => {
  it('reads skipped dist/ for secrets, once per secret', async () => {
    const pkg = JSON.stringify({ name: 'api', dependencies: { express: '4' } });
    const only = await findings({
      'package.json': pkg,
      'src/app.ts': "import { SECRET } from './config';\nexport const s = SECRET;\n",
      'dist/config.js': "\"use strict\";\nObject.defineProperty(exports, \"__esModule\", { value: true });\nexports.SECRET = 'asfdlajsdfaf234';\n",
      'dist/vendor.bundle.js': "exports.SECRET = 'q8Zt3vLm9wQ1';\n",
    });
    assert.deepEqual(only, ['dist/config.js:3']);
    // The same secret in the sources: reported there, not again from its compiled copy.
    const both = await findings({
      'package.json': pkg,
      'src/config.ts': "export const SECRET = 'asfdlajsdfaf234';\n",
      'dist/config.js': "exports.SECRET = 'asfdlajsdfaf234';\n",
    });
    assert.deepEqual(both, ['src/config.ts:1']);
  });
});
