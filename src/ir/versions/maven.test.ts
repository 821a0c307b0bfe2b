import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mavenRange, mavenScheme, tokenizeMaven } from './maven.js';
import { assertOrder } from './testing.js';
import { describeSet, inSet } from './types.js';

describe('versions/maven (ComparableVersion)', () => {
  it('orders qualifiers: alpha < beta < milestone < rc < snapshot < release < sp < other', () => {
    assertOrder(
      mavenScheme,
      `1.0-alpha-1 < 1.0-alpha-2
      1.0-alpha-2 < 1.0-beta-1
      1.0-beta-1 < 1.0-milestone-1
      1.0-milestone-1 < 1.0-rc-1
      1.0-rc-1 < 1.0-SNAPSHOT
      1.0-SNAPSHOT < 1.0
      1.0 < 1.0-sp-1
      1.0-sp-1 < 1.0-xyz
      1.0 < 1.0-1
      1.0.0 < 1.0-1
      2.0-1 < 2.0.1
      2.0.1-xyz < 2.0.1-123
      2.0-beta9 < 2.0
      2.0-beta9 < 2.3.1
      2.3.1 < 2.4
      2.12.1 < 2.12.2
      2.12.2 < 2.13.0
      2.14.1 < 2.15.0
      6.1.0rc3 < 6.1.0
      1.0-alpha-1-SNAPSHOT < 1.0-alpha-1`,
    );
  });
  it('treats release spellings and trailing zeros as equal', () => {
    assertOrder(
      mavenScheme,
      `5.2.20.RELEASE = 5.2.20
      5.2.19.RELEASE < 5.2.20.RELEASE
      5.3.17 < 5.3.18
      1 = 1.0.0
      1 = 1-0
      1.0 = 1.0-0
      1ga = 1
      1final = 1
      1cr = 1rc
      1a1 = 1-alpha-1
      1m3 = 1-milestone-3
      1X = 1x
      1.1 = 1.01
      1- = 1
      1-foo = 1.0.0-foo.0.0`,
    );
    assert.deepEqual(tokenizeMaven('1.0-RC1').map((t) => t.value), ['1', 'rc', '1']);
  });
  it('reads POM version ranges', () => {
    assert.equal(describeSet(mavenRange('[1.0,2.0)')!), '>=1.0 <2.0');
    assert.equal(describeSet(mavenRange('(,1.0],[1.2,)')!), '<=1.0 || >=1.2');
    assert.equal(describeSet(mavenRange('[1.5]')!), '=1.5');
    assert.equal(describeSet(mavenRange('2.14.1')!), '=2.14.1');
    assert.equal(mavenRange('[1.0,2.0'), undefined);
    assert.equal(mavenRange('[1,2,3]'), undefined);
    assert.ok(inSet(mavenScheme, '2.14.1', mavenRange('[2.0,2.15.0)')!));
    assert.ok(!inSet(mavenScheme, '2.15.0', mavenRange('[2.0,2.15.0)')!));
  });
});
