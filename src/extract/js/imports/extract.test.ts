import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ImportFact } from '../../../model/types.js';
import { extractFile } from '../../engine.js';
import { runExtractor } from '../../testing.js';
import type { Extractor } from '../../types.js';
import { extractor } from './index.js';
import { fileImports, packageOf, type FileImports } from './sites.js';

function imports(path: string, content: string): ImportFact[] {
  const { facts, diagnostics } = runExtractor(extractor, { [path]: content });
  assert.deepEqual(diagnostics, []);
  return facts.filter((f): f is ImportFact => f.kind === 'import');
}

function analyse(path: string, content: string): FileImports {
  let out: FileImports | undefined;
  const probe: Extractor = { id: 'probe', title: 'probe', matches: () => true, extract: (file, ctx) => ((out = fileImports(file, ctx)), null) };
  extractFile({ path, content }, [probe]);
  return out!;
}

describe('extract/js/imports', () => {
  it('emits one fact per package import with the names used from it', () => {
    const facts = imports(
      'src/app.ts',
      `import _ from 'lodash';
import { merge, set as assign } from 'lodash';
import * as yaml from 'js-yaml';
import type { Options } from 'types-only';
import { type Helper, helper } from 'mixed';
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'path';
import { local } from './local.js';
const minimist = require('minimist');
const { parse } = require('qs');
const verify = require('jsonwebtoken').verify;
require('dotenv').config();
export { default as widget } from 'widgets';
export * from '@scope/all';
const argv = minimist(process.argv.slice(2));
_.set(target, key, value);
assign(a, b, c);
yaml.load(text);
helper();
register(_);
`,
    );
    const byLine = facts.map((f) => [f.evidence.line, f.module, f.symbols]);
    assert.deepEqual(byLine, [
      [1, 'lodash', ['*', 'set']],
      [2, 'lodash', ['merge', 'set']],
      [3, 'js-yaml', ['load']],
      [5, 'mixed', ['helper']],
      [6, 'reflect-metadata', []],
      [10, 'minimist', ['default']],
      [11, 'qs', ['parse']],
      [12, 'jsonwebtoken', ['verify']],
      [13, 'dotenv', ['config']],
      [14, 'widgets', ['default']],
      [15, '@scope/all', ['*']],
    ]);
    assert.equal(facts[0].evidence.snippet, "import _ from 'lodash';");
  });
  it('records call lines, dynamic imports, subpath modules and escaping values', () => {
    const data = analyse(
      'server.mjs',
      `import express from 'express';
const app = express();
app.use(express.json());
const set = require('lodash/set');
set(obj, 'a.b', 1);
const mod = await import('heavy-lib');
mod.run();
module.exports = require('re-export');
`,
    );
    const express = data.packages.find((p) => p.module === 'express')!;
    assert.deepEqual(express.uses, [{ symbol: 'default', line: 2 }, { symbol: 'json', line: 3 }]);
    assert.deepEqual(data.packages.find((p) => p.module === 'lodash/set')!.package, 'lodash');
    assert.deepEqual(data.packages.find((p) => p.module === 'heavy-lib')!.symbols, ['run']);
    assert.deepEqual(data.packages.find((p) => p.module === 're-export')!.symbols, ['*']);
  });
  it('reads test files from the module record: the same imports, uses told apart only by name', () => {
    const source = `import _ from 'lodash';
import { merge, set as assign } from 'lodash';
import type { Options } from 'types-only';
import { type Helper, helper } from 'mixed';
import 'reflect-metadata';
import { local } from './local.js';
import x from '@/alias';
const { parse } = require('qs');
// x.require('not-a-require')
export * from '@scope/all';
export { widget } from 'widgets';
const mod = await import('heavy-lib');
_.set(target, key, value);
`;
    const full = analyse('src/app.ts', source);
    const light = analyse('src/app.test.ts', source);
    const shape = (d: FileImports) => d.packages.map((p) => [p.line, p.module, p.kind]);
    assert.deepEqual(shape(light), shape(full));
    assert.deepEqual(light.locals, full.locals);
    assert.deepEqual([...light.modules].sort(), [...full.modules].sort());
    assert.deepEqual(
      light.packages.map((p) => [p.module, p.symbols]),
      [['lodash', ['*']], ['lodash', ['merge', 'set']], ['mixed', ['helper']], ['reflect-metadata', []], ['qs', ['*']], ['@scope/all', ['*']], ['widgets', ['widget']], ['heavy-lib', ['*']]],
    );
    // A broken test file falls back to the full parse, which reports it.
    const broken = runExtractor(extractor, { 'b.test.js': 'import { from "x"' });
    assert.equal(broken.diagnostics[0]?.code, 'extractor-error');
  });
  it('lists relative imports separately (for reachability), never as packages', () => {
    const data = analyse('src/server.js', `const routes = require('./routes');\nimport { db } from '../lib/db.js';\nimport x from '@/alias';\nimport y from '#internal';`);
    assert.deepEqual(data.packages, []);
    assert.deepEqual(data.locals.map((l) => [l.specifier, l.locals]), [['./routes', ['routes']], ['../lib/db.js', ['db']]]);
  });
  it('knows package names: scopes, subpaths, builtins, URLs', () => {
    assert.equal(packageOf('lodash/fp'), 'lodash');
    assert.equal(packageOf('@aws-sdk/client-s3/dist'), '@aws-sdk/client-s3');
    assert.equal(packageOf('node:test'), undefined);
    assert.equal(packageOf('fs/promises'), undefined);
    assert.equal(packageOf('https://cdn.example.com/x.js'), undefined);
    assert.equal(packageOf('./x'), undefined);
    assert.equal(packageOf('@/components'), undefined);
  });
  it('reports a file nested too deep for the parser instead of crashing the process', () => {
    // oxc overflows the native stack (SIGSEGV, no exception) at a few thousand levels.
    const deep = `import x from 'y';\nconst d = ${'('.repeat(20000)}1${')'.repeat(20000)};`;
    const out = runExtractor(extractor, { 'gen.js': deep, 'ok.js': "import z from 'z';" });
    assert.deepEqual(out.facts.filter((f) => f.kind === 'import').map((f) => f.evidence.file), ['ok.js']);
    assert.match(out.diagnostics[0]?.message ?? '', /nested more than 1500 levels deep/);
    assert.equal(out.diagnostics[0]?.file, 'gen.js');
  });
  it('reports an operator chain too long to read safely instead of crashing the process', () => {
    // Raw transfer parses it but cannot deserialise it; the default route would overflow Rust's stack.
    const chain = `import x from 'y';\nconst d = ${'1+'.repeat(100_000)}1;`;
    const out = runExtractor(extractor, { 'gen.ts': chain, 'ok.ts': "import z from 'z';" });
    assert.deepEqual(out.facts.filter((f) => f.kind === 'import').map((f) => f.evidence.file), ['ok.ts']);
    assert.match(out.diagnostics[0]?.message ?? '', /nested too deep to read safely/);
  });
  it('gives nothing for a file without imports and a diagnostic for broken code', () => {
    assert.deepEqual(imports('a.js', 'const x = 1;'), []);
    const broken = runExtractor(extractor, { 'b.js': 'import { from "x"' });
    assert.equal(broken.facts.length, 0);
    assert.equal(broken.diagnostics[0]?.code, 'extractor-error');
  });
});
