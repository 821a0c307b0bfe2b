import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { parseSync } from 'oxc-parser';
import { rawTransferSupported } from 'oxc-parser/src-js/bindings.js';
import { isJsFile } from './parse.js';
import { parseRaw, parseRawModule } from './oxc-raw.js';

const ROOT = new URL('../../../..', import.meta.url).pathname;
const OPTIONS = { sourceType: 'unambiguous', range: false } as const;

/** Every JS/TS file of the repository's own fixture apps and examples: many frameworks and syntaxes. */
function fixtureFiles(): string[] {
  const out: string[] = [];
  const visit = (dir: string, inFixture: boolean): void => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path, inFixture || /fixtures?$|\.fixture$/.test(name));
      else if (inFixture && isJsFile(name)) out.push(path);
    }
  };
  visit(join(ROOT, 'src'), false);
  visit(join(ROOT, 'examples'), true);
  return out.sort();
}

describe('extract/js/_lib/oxc-raw', () => {
  it('is used on this platform (64-bit little-endian binding), not silently skipped', { skip: !rawTransferSupported() }, () => {
    assert.ok(parseRaw('a.ts', 'const a: number = 1;', OPTIONS));
  });

  it('gives the same AST, module record and errors as the default route on every fixture file', () => {
    const files = fixtureFiles();
    assert.ok(files.length > 100, `expected the fixture apps, found ${files.length} files`);
    let compared = 0;
    for (const path of files) {
      const source = readFileSync(path, 'utf8');
      const name = relative(ROOT, path);
      const raw = parseRaw(name, source, OPTIONS);
      if (!raw) continue;
      const json = parseSync(name, source, OPTIONS);
      assert.deepEqual(raw.program, json.program, `${name}: program`);
      assert.deepEqual(raw.module, json.module, `${name}: module record`);
      assert.deepEqual(raw.errors.map((e) => [e.severity, e.message]), json.errors.map((e) => [e.severity, e.message]), `${name}: errors`);
      compared++;
    }
    if (rawTransferSupported()) assert.equal(compared, files.length);
  });

  it('gives the module record and errors alone exactly as the whole parse gives them, on every fixture file', () => {
    let compared = 0;
    for (const path of fixtureFiles()) {
      const source = readFileSync(path, 'utf8');
      const name = relative(ROOT, path);
      const whole = parseRaw(name, source, OPTIONS);
      const alone = parseRawModule(name, source, OPTIONS);
      if (!whole || !alone) continue;
      assert.deepEqual(alone.module, whole.module, `${name}: module record`);
      assert.deepEqual(alone.errors, whole.errors, `${name}: errors`);
      compared++;
    }
    // Every kind of import and export name, dynamic imports, import.meta, non-ASCII and errors.
    const kinds = [
      "import def, * as ns from 'd'; import { a as b, type T } from 'e'; import 'side'; import x from 'é✓';",
      "export default function f() {} export * from 'a'; export * as ns from 'b'; export { x as default, y } from 'c';",
      "export default 1 + 2; const z = 1; export { z as zz }; export type { T } from 'types'; import('f'); import.meta.url;",
      'export class C {} export const { p, q } = o; function (',
      "import { 'string name' as s } from 'm'; export { s as 'other name' };",
    ];
    for (const [i, source] of kinds.entries()) {
      const whole = parseRaw(`k${i}.ts`, source, OPTIONS);
      const alone = parseRawModule(`k${i}.ts`, source, OPTIONS);
      if (!whole || !alone) continue;
      assert.deepEqual(alone, { module: whole.module, errors: whole.errors }, source);
      compared++;
    }
    if (rawTransferSupported()) assert.ok(compared > 100);
    // Copied out of the arena: a later parse does not change what was returned.
    const first = parseRawModule('a.js', 'import { x } from "first";', OPTIONS);
    parseRawModule('b.js', 'import { yy } from "second-module";', OPTIONS);
    if (first) assert.equal(first.module.staticImports[0].moduleRequest.value, 'first');
  });

  it('parses one file after another in the same arena, and syntax errors, like the default route', () => {
    const sources = ['let x = /a+/g; const big = 10n;', 'import { a } from "b"; export default a;', 'function (', 'const s = "é ✓ 𝒳"; `${s}`;'];
    for (const [i, source] of sources.entries()) {
      const raw = parseRaw(`f${i}.js`, source, OPTIONS);
      if (!raw) continue;
      const json = parseSync(`f${i}.js`, source, OPTIONS);
      assert.deepEqual(raw.program, json.program);
      assert.deepEqual(raw.errors.map((e) => e.message), json.errors.map((e) => e.message));
    }
  });

  it('leaves expressions too deep for its recursive deserialiser to the default route', () => {
    // A long operator chain: Rust parses it in a loop, the deserialiser recurses once per operator.
    const chain = `const d = ${'1+'.repeat(20000)}1;`;
    assert.equal(parseRaw('chain.js', chain, OPTIONS), undefined);
    assert.ok(parseRaw('after.js', 'const ok = 1;', OPTIONS) || !rawTransferSupported(), 'raw transfer still works for the next file');
  });
});
