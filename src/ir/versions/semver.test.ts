import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareSemver, parseSemver, semverScheme } from './semver.js';
import { assertOrder } from './testing.js';

describe('versions/semver', () => {
  it('orders by SemVer 2.0 precedence (spec section 11 examples)', () => {
    assertOrder(
      semverScheme,
      `1.0.0-alpha < 1.0.0-alpha.1
      1.0.0-alpha.1 < 1.0.0-alpha.beta
      1.0.0-alpha.beta < 1.0.0-beta
      1.0.0-beta < 1.0.0-beta.2
      1.0.0-beta.2 < 1.0.0-beta.11
      1.0.0-beta.11 < 1.0.0-rc.1
      1.0.0-rc.1 < 1.0.0
      1.0.0 < 2.0.0
      2.0.0 < 2.1.0
      2.1.0 < 2.1.1
      1.2.3+build.1 = 1.2.3+build.2
      v1.2.3 = 1.2.3
      1.2.3-r2 > 1.2.3-r100
      0.10.0 > 0.9.0
      99999999999999999999.0.0 > 9999999999999999999.0.0`,
    );
  });
  it('parses strictly but compares leniently (missing components, leading zeros)', () => {
    assert.equal(parseSemver('1.2'), undefined);
    assert.equal(parseSemver('01.2.3'), undefined);
    assert.ok(parseSemver('1.2.3-rc.1+meta'));
    assert.equal(compareSemver('1.2', '1.2.0'), 0);
    assert.equal(compareSemver('1', '1.0.0'), 0);
    assert.equal(semverScheme.valid('not a version'), false);
  });
});
