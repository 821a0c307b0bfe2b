import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigFact, Fact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { PathAliases } from '../_lib/path-aliases.js';
import { extractor, SETTING } from './index.js';
import { parseJsonc } from './jsonc.js';

function aliases(files: Record<string, string>): { facts: Fact[]; aliases: PathAliases } {
  const facts = runExtractor(extractor, files).facts;
  return { facts, aliases: PathAliases.from(facts) };
}

describe('extract/js/tsconfig-paths', () => {
  it('reads JSON with comments and trailing commas, keeping `//` inside strings', () => {
    assert.deepEqual(parseJsonc('{\n  // note\n  "a": "http://x", /* b */ "c": [1, 2,],\n}'), { a: 'http://x', c: [1, 2] });
  });

  it('records paths, baseUrl and relative extends, and nothing for a config without them', () => {
    const { facts } = aliases({
      'tsconfig.json': '{ "extends": "./tsconfig.base.json", "compilerOptions": { "strict": true } }',
      'tsconfig.base.json': '{ "extends": "@tsconfig/node20/tsconfig.json", "compilerOptions": { "baseUrl": ".", "paths": { "~/*": ["src/*"] } } }',
      'packages/ui/tsconfig.json': '{ "compilerOptions": { "jsx": "react-jsx" } }',
    });
    const data = Object.fromEntries(facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === SETTING).map((f) => [f.evidence.file, JSON.parse(String(f.values.data))]));
    assert.deepEqual(data, { 'tsconfig.json': { extends: ['./tsconfig.base.json'] }, 'tsconfig.base.json': { baseUrl: '.', paths: { '~/*': ['src/*'] } } });
  });

  it('resolves an import by the nearest tsconfig.json, with what it extends, the longest pattern first', () => {
    const { aliases: a } = aliases({
      'tsconfig.base.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@app/*": ["apps/*/src"], "@app/core/*": ["libs/core/*"] } } }',
      'apps/api/tsconfig.json': '{ "extends": "../../tsconfig.base.json" }',
      'apps/web/tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./src/*"], "@guard": ["src/common/guard"] } } }',
    });
    // `@app/core/*` wins over `@app/*`; with a baseUrl the bare specifier is tried last.
    assert.deepEqual(a.candidates('apps/api/src/main.ts', '@app/core/db'), ['libs/core/db', 'apps/core/db/src', '@app/core/db']);
    assert.deepEqual(a.candidates('apps/web/src/pages/a.ts', '@/lib/auth'), ['apps/web/src/lib/auth']);
    assert.deepEqual(a.candidates('apps/web/src/pages/a.ts', '@guard'), ['apps/web/src/common/guard']);
    // Relative imports, and files no config covers, are left to the other rules.
    assert.deepEqual(a.candidates('apps/web/src/pages/a.ts', './x'), []);
    assert.deepEqual(a.candidates('scripts/seed.ts', '@guard'), []);
  });

  it('names the file of a config it cannot read and keeps going', () => {
    const result = runExtractor(extractor, { 'tsconfig.json': '{ "compilerOptions": { "paths": ', 'apps/a/tsconfig.json': '{ "compilerOptions": { "baseUrl": "src" } }' });
    assert.equal(result.facts.length, 1);
    assert.ok(result.diagnostics.some((d) => d.file === 'tsconfig.json' && /tsconfig\.json is not valid JSON/.test(d.message)), JSON.stringify(result.diagnostics));
  });
});
