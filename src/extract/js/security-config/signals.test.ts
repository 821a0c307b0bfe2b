import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { jsIndex } from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { runExtractor } from '../../testing.js';
import type { Extractor } from '../../types.js';
import { anyCase } from '../_lib/signal-words.js';
import { PARTS, SIGNALS } from './index.js';

const ROOT = new URL('../../../..', import.meta.url).pathname;

/** Every JS/TS file of the repository's fixture apps (rule fixtures, extractor fixtures) and examples. */
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

/**
 * Each sub-module on its own, as an extractor with no signals that also reads test-like paths: a
 * file it reads a fact from must hold one of that sub-module's own signals (the generic ones of
 * another, `log` say, must not hide a gap).
 */
function unsignalled(part: (typeof PARTS)[number]): Extractor {
  return { id: `js/security-config:${part.name}`, title: part.name, matches: isJsFile, extract: (file, ctx) => {
    const facts = part.facts(jsIndex(file, ctx));
    return facts.length > 0 ? facts : null;
  } };
}

describe('extract/js/security-config signals', () => {
  it('hold every sub-module\'s signals', () => {
    const all = new Set(SIGNALS);
    for (const part of PARTS) for (const s of part.signals) assert.ok(all.has(s), `${part.name}: ${s}`);
  });

  it('are in the text of every fixture file each sub-module reads a fact from', () => {
    const files = fixtureFiles().map((path) => ({ name: relative(ROOT, path), content: readFileSync(path, 'utf8') }));
    assert.ok(files.length > 100, `expected the fixture apps, found ${files.length} files`);
    const parts = new Set<string>();
    for (const part of PARTS) {
      const double = unsignalled(part);
      for (const { name, content } of files) {
        const facts = runExtractor(double, { [name]: content }).facts;
        if (facts.length === 0) continue;
        parts.add(part.name);
        assert.ok(part.signals.some((s) => content.includes(s)), `${name}: ${part.name} reads ${facts.length} facts but the file holds none of its signals`);
      }
    }
    // Not a vacuous pass: the fixtures exercise every sub-module.
    assert.deepEqual([...parts].sort(), PARTS.map((p) => p.name).sort());
  });

  it('spell case-blind names in every letter case', () => {
    assert.deepEqual(anyCase('-or'), ['-or', '-oR', '-Or', '-OR']);
    assert.equal(anyCase('lim').length, 8);
  });

  it('let the inline examples of each sub-module through', () => {
    const samples = [
      "app.use(cors({ origin: '*' }))",
      "res.setHeader('ACCESS-CONTROL-ALLOW-ORIGIN', '*')",
      "res.set('Strict-Transport-Security', 'max-age=1')",
      "ctx.cookies.set('sid', s)",
      'app.use(apiRATELIMITER)',
      'console.info(user.password)',
      "res.status(500).send(err.stack)",
      "nunjucks.configure('views', { autoescape: false })",
    ];
    for (const text of samples) assert.ok(SIGNALS.some((s) => text.includes(s)), text);
  });
});
