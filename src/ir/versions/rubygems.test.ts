import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gemRange, gemSatisfies, rubygemsScheme } from './rubygems.js';
import { assertOrder, assertSatisfies } from './testing.js';
import { describeSet } from './types.js';

describe('versions/rubygems (Gem::Version)', () => {
  it('orders segments, prereleases (any letter) before releases, trailing zeros ignored', () => {
    assertOrder(
      rubygemsScheme,
      `2.2.6.3 < 2.2.6.4
      2.2.6.4 < 2.2.6.10
      1.0 = 1
      1.0.0 = 1
      1.0.a < 1.0
      1.0.b1 < 1.0
      1.0.a.2 < 1.0.b1
      1.0.a10 > 1.0.a9
      1.0.a2 = 1.0.a.2
      1.0.rc1 < 1.0
      7.0.4 < 7.0.4.1
      1.0-1 = 1.0.pre.1
      3.10 > 3.2`,
    );
  });
  it('evaluates requirements including the pessimistic operator', () => {
    assertSatisfies(gemSatisfies, [
      ['2.2.6.3', '< 2.2.6.4', true],
      ['2.2.9', '~> 2.2.0', true],
      ['2.3.0', '~> 2.2.0', false],
      ['2.9', '~> 2.2', true],
      ['3.0', '~> 2.2', false],
      ['3.0.0.rc1', '~> 2.2', false],
      ['1.5', '>= 1.0, < 2.0', true],
      ['1.5', '>= 1.0, != 1.5', false],
      ['1.5', 'nonsense!', undefined],
    ]);
    assert.equal(describeSet(gemRange('~> 2.3.1')!), '>=2.3.1 <2.4.a');
  });
});
