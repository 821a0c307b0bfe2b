import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alpineScheme, parseAlpine } from './alpine.js';
import { assertOrder } from './testing.js';

describe('versions/alpine (apk)', () => {
  it('orders numbers, letters, suffixes and -r revisions as apk-tools does', () => {
    assertOrder(
      alpineScheme,
      `1.2.4-r2 < 1.2.4-r3
      3.1.4-r5 < 3.1.4-r10
      1.1 > 1.1_alpha1
      1.3_alpha < 1.3_alpha2
      0.8_beta1 < 0.8_beta2
      2.0.0_rc3-r1 < 2.0.0
      1.0 < 1.0_p1
      3.1_p16 < 3.1_p17
      1.0_git20200101 > 1.0
      2.3.0b-r1 < 2.3.0b-r2
      1.1a < 1.3a
      1.0.2 > 1.0.1
      1.02 < 1.1
      1.06-r6 < 006
      0.1.0_alpha_pre2 < 0.1.0_alpha
      1.0.0_pre20191002222144-r0 < 1.0.0_pre20210530193627-r0`,
    );
  });
  it('reports versions it cannot fully parse as invalid', () => {
    assert.equal(alpineScheme.valid('1.2.4-r2'), true);
    assert.equal(alpineScheme.valid('1.2.4-foo'), false);
    assert.equal(parseAlpine('x1'), undefined);
  });
});
