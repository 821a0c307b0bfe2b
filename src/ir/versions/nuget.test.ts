import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nugetRange, nugetScheme } from './nuget.js';
import { assertOrder } from './testing.js';
import { describeSet } from './types.js';

describe('versions/nuget', () => {
  it('orders four-part versions with case-insensitive labels and ignores metadata', () => {
    assertOrder(
      nugetScheme,
      `1.0 = 1.0.0.0
      1.0.01 = 1.0.1.0
      2.29.1.0 = 2.29.1
      2.29.1 < 2.29.2
      1.0.0 < 1.0.0.1
      1.0.0-pre < 1.0.0.1-alpha
      1.0.0-BETA = 1.0.0-beta
      1.0.0-beta < 1.0.0-beta2
      1.0.0-beta.2 < 1.0.0-beta.11
      1.0.0-1 < 1.0.0-alpha
      1.0.0-beta+AA < 1.0.0+aa
      1.0.0+build.1 = 1.0.0
      13.0.1 > 12.0.3`,
    );
  });
  it('reads NuGet ranges: a bare version is a minimum', () => {
    assert.equal(describeSet(nugetRange('1.0')!), '>=1.0');
    assert.equal(describeSet(nugetRange('[1.0]')!), '=1.0');
    assert.equal(describeSet(nugetRange('[1.0,2.0)')!), '>=1.0 <2.0');
    assert.equal(describeSet(nugetRange('(,2.29.2)')!), '<2.29.2');
    assert.equal(describeSet(nugetRange('1.*')!), '>=1 <2-0');
    assert.equal(nugetRange('[1.0'), undefined);
  });
});
