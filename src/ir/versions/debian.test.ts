import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { debianScheme, debianUpstream, parseDebian, verrevcmp } from './debian.js';
import { assertOrder } from './testing.js';

describe('versions/debian (dpkg)', () => {
  it('orders epochs, upstream versions and revisions as dpkg does', () => {
    assertOrder(
      debianScheme,
      `1.2.3-1~deb7u1 < 1.2.3-1
      1:1.0 > 9.9
      0:1.0 = 1.0
      3.0.11-1~deb12u2 < 3.0.11-1~deb12u3
      3.0.11-1~deb12u3 < 3.0.11-1
      3.0.11-1 < 3.0.11-1+deb12u1
      2.36-9+deb12u3 > 2.36-9
      1.0~rc1 < 1.0
      1.0~~ < 1.0~
      1.0a < 1.0b
      1.0a < 1.0+
      0.9.7e-3 < 0.9.7e-3sarge1
      2.7.4+reloaded2-13ubuntu1 < 2.7.4+reloaded2-13+deb9u1
      1.0 = 1.0-0
      2:0.0.44-1 < 2:0.0.44-nobin`,
    );
  });
  it('splits epoch, upstream and revision', () => {
    assert.deepEqual(parseDebian('1:3.0.11-1~deb12u2'), { epoch: '1', upstream: '3.0.11', revision: '1~deb12u2' });
    assert.deepEqual(parseDebian('2.36-9+deb12u3'), { epoch: '0', upstream: '2.36', revision: '9+deb12u3' });
    assert.equal(debianUpstream('3.0.11-1~deb12u2'), '3.0.11');
    assert.equal(parseDebian('a b'), undefined);
    assert.ok(verrevcmp('~', '') < 0);
  });
});
