import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { npmRange, npmSatisfies, npmScheme } from './npm.js';
import { assertOrder, assertSatisfies } from './testing.js';
import { describeSet } from './types.js';

describe('versions/npm', () => {
  it('orders lockfile versions, prereleases before releases', () => {
    assertOrder(
      npmScheme,
      `1.2.5 < 1.2.6
      1.2.6-beta.1 < 1.2.6
      4.17.15 < 4.17.20
      4.17.9 < 4.17.10
      0.2.4 > 0.2.3
      1.4.5-lts.1 > 1.4.5-beta
      =1.0.0 = 1.0.0
      v2.0.0 = 2.0.0`,
    );
  });
  it('understands caret, tilde, x-ranges, hyphens, comparators and unions', () => {
    assertSatisfies(npmSatisfies, [
      ['1.2.5', '^1.2.0', true],
      ['2.0.0', '^1.2.0', false],
      ['0.2.5', '^0.2.3', true],
      ['0.3.0', '^0.2.3', false],
      ['0.0.3', '^0.0.3', true],
      ['0.0.4', '^0.0.3', false],
      ['0.9.0', '^0.x', true],
      ['1.2.9', '~1.2.3', true],
      ['1.3.0', '~1.2.3', false],
      ['1.9.0', '~1', true],
      ['1.5.0', '1.x', true],
      ['2.0.0', '1.x', false],
      ['3.0.0', '*', true],
      ['3.0.0', '', true],
      ['1.2.3', '1.2.3 - 2.3.4', true],
      ['2.3.4', '1.2.3 - 2.3.4', true],
      ['2.3.5', '1.2.3 - 2.3.4', false],
      ['2.3.9', '1.2.3 - 2.3', true],
      ['2.4.0', '1.2.3 - 2.3', false],
      ['1.5.0', '>=1.0.0 <2.0.0', true],
      ['0.2.3', '<0.2.4 || >=1.0.0 <1.2.6', true],
      ['1.2.6', '<0.2.4 || >=1.0.0 <1.2.6', false],
      ['1.3.0', '>1.2', true],
      ['1.2.9', '>1.2', false],
      ['1.2.9', '<=1.2', true],
      ['1.3.0', '<=1.2', false],
      ['1.2.3', '>= 1.2.3', true],
      ['1.0.0', 'latest', undefined],
      ['1.0.0', 'git+https://example.com/x.git', undefined],
    ]);
  });
  it('admits a prerelease only when the range names one of the same version', () => {
    assertSatisfies(npmSatisfies, [
      ['1.2.4-beta.1', '^1.2.3', false],
      ['1.2.3-beta.2', '>=1.2.3-beta.1 <1.3.0', true],
      ['2.0.0-rc.1', '<2.0.0', false],
      ['2.0.0-rc.1', '<2.0.0-rc.2', true],
    ]);
  });
  it('turns ranges into intervals for range-vs-range questions', () => {
    assert.equal(describeSet(npmRange('^4.17.0')!), '>=4.17.0 <5.0.0-0');
    assert.equal(describeSet(npmRange('~1.2 || 2.x')!), '>=1.2.0 <1.3.0-0 || >=2.0.0 <3.0.0-0');
    assert.equal(describeSet(npmRange('1.2.3')!), '=1.2.3');
    assert.equal(npmRange('file:../lib'), undefined);
  });
});
