import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractorsSignalled } from './signals.js';
import type { Extractor } from './types.js';

const extractor = (id: string, signals: string[]): Extractor => ({ id, title: id, signals, matches: () => true, extract: () => null });

/** What testing each extractor on its own answers. */
const oneByOne = (list: Extractor[], text: string): string[] => list.filter((e) => e.signals!.some((s) => text.includes(s))).map((e) => e.id);
const together = (list: Extractor[], text: string): string[] => {
  const found = extractorsSignalled(list, text);
  return list.filter((e) => found.has(e)).map((e) => e.id);
};

describe('extract/signals', () => {
  const list = [
    extractor('a', ['req', 'ctx']),
    extractor('b', ['request']),
    extractor('c', ['quest', 'a.b(']),
    extractor('d', ['$where', '[x]']),
    extractor('e', ['zzz']),
    extractor('same-id', ['alpha']),
    extractor('same-id', ['beta']),
    extractor('wide', ['ky\u00a0', 'é✓', '𝒳']),
    extractor('empty', ['']),
  ];

  it('answers as testing each extractor on its own, signals overlapping or nested in one another', () => {
    for (const text of ['', 'ky\u00a0x', 'kyé✓', 'a𝒳b', '\ud835', 'request', 'req', 'a request for ctx', 'requestquest', 'x.$where = a.b(1)', '[x] zzz', 'beta only', 'alpha', 'no signal here']) {
      assert.deepEqual(together(list, text), oneByOne(list, text), JSON.stringify(text));
    }
  });

  it('agrees on random texts built from the signals and noise', () => {
    const pieces = ['req', 'request', 'quest', 'ctx', 'a.b(', '$where', '[x]', 'zzz', 'alpha', 'beta', 'r', 'e', 'q', ' ', 'x', 'ky', '\u00a0', 'é', '✓', '𝒳', 'ü'];
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let round = 0; round < 500; round++) {
      const text = Array.from({ length: random(12) }, () => pieces[random(pieces.length)]).join('');
      // Each subset of extractors gets its own automaton: vary which are asked.
      const asked = list.filter(() => random(3) > 0);
      assert.deepEqual(together(asked, text), oneByOne(asked, text), JSON.stringify(text));
    }
  });

  it('answers for more extractors than one automaton holds', () => {
    const many = Array.from({ length: 70 }, (_, i) => extractor(`e${i}`, [`sig${i}x`, i % 7 === 0 ? 'common' : `other${i}`]));
    for (const text of ['sig5x and sig64x', 'common', 'other33 sig31x sig32x', '']) assert.deepEqual(together(many, text), oneByOne(many, text), text);
  });

  it('answers alike when a kind of file shares an automaton built for another (fewer or more extractors)', () => {
    const base = Array.from({ length: 20 }, (_, i) => extractor(`s${i}`, [`tok${i};`, i % 5 === 0 ? 'shared' : `only${i}`]));
    const extra = [extractor('x1', ['tok3;', 'xtra']), extractor('x2', ['zz'])];
    const kinds = [base, base.slice(2), base.slice(0, 12), [...base.slice(1), ...extra], [extra[0], ...base.slice(5, 17)], base];
    const texts = ['tok3; shared', 'only7 xtra zz', 'tok19;', 'nothing', 'tok0;tok1;tok2;only4 zz shared'];
    for (const kind of kinds) for (const text of texts) assert.deepEqual(together(kind, text), oneByOne(kind, text), `${kind.length} ${text}`);
  });
});
