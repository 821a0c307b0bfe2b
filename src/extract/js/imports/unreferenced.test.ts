import assert from 'node:assert/strict';
import { posix } from 'node:path';
import { describe, it } from 'node:test';
import type { Fact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import { extractor as taint } from '../taint/index.js';
import { extractor } from './index.js';
import { pruneUnreferenced, REFS_SETTING } from './unreferenced.js';

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

const refs = (file: string, specs: string[]): Fact => ({ kind: 'config', extractor: 'js/imports', setting: REFS_SETTING, values: { refs: specs.join('\n') }, evidence: { file, line: 1 }, key: `${file}#refs` }) as Fact;
const sink = (file: string): Fact => ({ kind: 'config', extractor: 'x', setting: 'other', values: {}, evidence: { file, line: 1 }, key: `${file}#x` }) as Fact;
const kept = (facts: Fact[]): string[] => [...new Set(pruneUnreferenced(facts).map((f) => f.evidence.file))].sort();

describe('extract/js/imports: which data files a specifier references', () => {
  const data = ['app/data/a.js', 'app/data/index.js', 'app/data/sub/index.ts', 'app/samples/b.ts', 'app/samples/index/index.js', 'lib/fixtures/c.json.js'];

  it('drops the facts of data files nothing references, keeps referenced ones and code', () => {
    assert.deepEqual(kept([...data.map(sink), sink('app/main.js'), refs('app/main.js', ['./util'])]), ['app/main.js']);
    assert.deepEqual(kept([...data.map(sink), sink('app/main.js'), refs('app/main.js', ['./data/a'])]), ['app/data/a.js', 'app/main.js']);
  });

  it('resolves every form of specifier as the path would resolve', () => {
    const cases: [string, string, string | undefined][] = [
      ['app/data/other.js', './index', 'app/data/index.js'],
      ['app/data/sub/x.js', '..', 'app/data/index.js'],
      ['app/data/sub/x.js', '../index.js', 'app/data/index.js'],
      ['app/x/y.js', '../data/sub/', undefined],
      ['app/x/y.js', '../data/sub', 'app/data/sub/index.ts'],
      ['app/x/y.js', './../samples/index', undefined],
      ['app/x/y.js', './../samples/index/index', 'app/samples/index/index.js'],
      ['app/x/y.js', '../samples/b.ts', 'app/samples/b.ts'],
      ['app/x/y.js', '../samples/./b', 'app/samples/b.ts'],
      ['app/x/y.js', '../data/sub/../a', 'app/data/a.js'],
      ['app/x/y.js', '@/data/a', 'app/data/a.js'],
      ['app/x/y.js', '~/fixtures/c.json.js', 'lib/fixtures/c.json.js'],
      ['app/x/y.js', './nothing', undefined],
    ];
    for (const [from, spec, target] of cases) {
      const got = kept([...data.map(sink), refs(from, [spec])]).filter((f) => f !== from);
      assert.deepEqual(got, target ? [target] : [], `${from} → ${spec}`);
    }
  });

  it('agrees with resolving every specifier, on random specifiers', () => {
    const segments = ['.', '..', 'data', 'sub', 'index', 'index.js', 'a', 'a.js', 'samples', 'b', 'app', ''];
    let seed = 11;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const stem = (p: string) => p.replace(/\.(?:[cm]?[jt]sx?|json)$/, '').replace(/\/index$/, '');
    for (let round = 0; round < 400; round++) {
      const spec = ['.', '..'][random(2)] + '/' + Array.from({ length: random(4) }, () => segments[random(segments.length)]).join('/');
      const from = ['app/x/y.js', 'app/data/sub/z.js', 'app/data/q.js'][random(3)];
      const target = stem(posix.normalize(posix.join(posix.dirname(from), spec)));
      const expected = data.filter((d) => stem(d) === target && d !== from);
      assert.deepEqual(kept([...data.map(sink), refs(from, [spec])]), expected, `${from} → ${spec}`);
    }
  });
});
