import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsIndex } from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { checkSignals } from '../../../../test/helpers/signal-samples.js';
import type { Extractor } from '../../types.js';
import { anyCase } from '../_lib/signal-words.js';
import { PARTS, SIGNALS } from './index.js';

/**
 * Each sub-module on its own, as an extractor with that sub-module's signals that also reads
 * test-like paths: a file it reads a fact from must hold one of its own signals (the generic ones
 * of another, `log` say, must not hide a gap).
 */
function partAlone(part: (typeof PARTS)[number]): Extractor {
  return { id: `js/security-config:${part.name}`, title: part.name, matches: isJsFile, signals: part.signals, extract: (file, ctx) => {
    const facts = part.facts(jsIndex(file, ctx));
    return facts.length > 0 ? facts : null;
  } };
}

describe('extract/js/security-config signals', () => {
  it('hold every sub-module\'s signals', () => {
    const all = new Set(SIGNALS);
    for (const part of PARTS) for (const s of part.signals) assert.ok(all.has(s), `${part.name}: ${s}`);
  });

  it('are in the text of every sample file each sub-module reads a fact from', () => {
    const parts = new Set<string>();
    for (const part of PARTS) {
      const { withFacts, unsignalled: gaps } = checkSignals(partAlone(part));
      assert.deepEqual(gaps, [], `${part.name} reads facts from files holding none of its signals`);
      if (withFacts > 0) parts.add(part.name);
    }
    // Not a vacuous pass: the samples exercise every sub-module.
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
