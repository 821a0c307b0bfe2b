import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goScheme, isPseudoVersion, parseGoVersion } from './go.js';
import { assertOrder } from './testing.js';

describe('versions/go (modules)', () => {
  it('orders releases, prereleases and pseudo-versions by commit time', () => {
    assertOrder(
      goScheme,
      `v0.16.0 < v0.17.0
      0.16.0 = v0.16.0
      v0.0.0-20220722155237-a158d28d115b < v0.0.0-20230101000000-000000000000
      v0.0.0-20230101000000-000000000000 < v0.1.0
      v1.2.3 < v1.2.4-0.20191109021931-daa7c04131f5
      v1.2.4-0.20191109021931-daa7c04131f5 < v1.2.4
      v1.2.4-pre < v1.2.4-pre.0.20191109021931-daa7c04131f5
      v1.2.4-pre.0.20191109021931-daa7c04131f5 < v1.2.4
      v2.0.0+incompatible = v2.0.0
      v1.57.0 < v1.57.1
      go1.21.3 = 1.21.3
      go1.21 < go1.21.1`,
    );
  });
  it('recognises the three pseudo-version forms', () => {
    assert.equal(isPseudoVersion('v0.0.0-20191109021931-daa7c04131f5'), true);
    assert.equal(isPseudoVersion('v1.2.4-0.20191109021931-daa7c04131f5'), true);
    assert.equal(isPseudoVersion('v1.2.4-pre.0.20191109021931-daa7c04131f5'), true);
    assert.equal(isPseudoVersion('v1.2.4-pre'), false);
    assert.equal(parseGoVersion('master'), undefined);
  });
  it('takes comparator ranges (go.mod has no range syntax)', () => {
    assert.deepEqual(goScheme.range('<0.17.0'), [{ hi: { version: '0.17.0', inclusive: false } }]);
    assert.equal(goScheme.range('~> 1'), undefined);
  });
});
