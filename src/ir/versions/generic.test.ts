import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { genericScheme } from './generic.js';
import { assertOrder } from './testing.js';

describe('versions/generic (upstream projects: OpenSSL, the kernel, image tags)', () => {
  it('orders OpenSSL letter releases after their base release', () => {
    assertOrder(
      genericScheme,
      `1.1.1 < 1.1.1a
      1.1.1w < 1.1.1z
      1.1.1z < 1.1.1za
      1.1.1za < 1.1.1zb
      1.0.2zj < 1.0.2zk
      3.0.14 < 3.0.15
      3.0.9 < 3.0.15`,
    );
  });
  it('orders kernel release candidates before the release', () => {
    assertOrder(
      genericScheme,
      `6.8-rc3 < 6.8
      6.7.12 < 6.8
      5.10.0 > 3.15
      5.17-rc6 < 5.17
      v6.1 = 6.1`,
    );
    assert.equal(genericScheme.valid('Linux Kernel 5.17 rc6'), false);
  });
});
