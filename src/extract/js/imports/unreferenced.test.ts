import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Fact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import { extractor as taint } from '../taint/index.js';
import { extractor } from './index.js';

function run(files: Record<string, string>): Fact[] {
  const facts: Fact[] = [];
  for (const [path, content] of Object.entries(files)) facts.push(...extractFile({ path, content }, [extractor, taint]).facts);
  return linkFacts(facts, [extractor, taint]);
}

describe('extract/js/imports: code kept as data', () => {
  const snippet = `import { models } from '../../models';
export function search(req, res) {
  models.sequelize.query("SELECT * FROM Products WHERE name LIKE '%" + req.query.q + "%'");
}
`;

  it('drops the facts of files under a data folder that nothing imports', () => {
    const facts = run({ 'data/static/fixes/searchFix_1.ts': snippet, 'server.ts': `import express from 'express';\nexport const app = express();\n` });
    assert.deepEqual(facts.filter((f) => f.evidence.file.startsWith('data/')), []);
    assert.ok(!facts.some((f) => f.kind === 'config' && f.setting === 'js-file-refs'), 'internal records are removed');
  });

  it('keeps data-folder modules that the application imports', () => {
    const facts = run({ 'app/data/search-dao.ts': snippet, 'app/routes/search.ts': `import { search } from '../data/search-dao';\nexport default search;\n` });
    assert.ok(facts.some((f) => f.kind === 'sink' && f.evidence.file === 'app/data/search-dao.ts'));
  });
});
