import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizePypiName, parsePep440, pypiRange, pypiSatisfies, pypiScheme } from './pypi.js';
import { assertOrder, assertSatisfies } from './testing.js';
import { describeSet } from './types.js';

describe('versions/pypi (PEP 440)', () => {
  it('orders dev < pre < final < post, with epochs and local versions', () => {
    assertOrder(
      pypiScheme,
      `1.0.dev0 < 1.0a0
      1.0a1 < 1.0a2.dev1
      1.0a2.dev1 < 1.0a2
      1.0a2 < 1.0b1
      1.0b1 < 1.0rc1
      1.0rc1 < 1.0
      1.0 < 1.0.post1.dev0
      1.0.post1.dev0 < 1.0.post1
      1.0.post1 < 1.0.1
      1.0 = 1.0.0
      1.0 = 1.0.0.0
      1.0.0+local > 1.0.0
      1.0.0+local.0 < 1.0.0+local.0.1
      1.0.0+local.a < 1.0.0+local.1
      1!0.1 > 2.0
      5.4b1 < 5.4
      3.2 < 3.2.13
      3.2.13 < 3.2.14
      4.0.6 > 4.0.5`,
    );
  });
  it('normalises spellings (alpha/a, c/rc, rev/post, -N post, case, v prefix)', () => {
    assertOrder(
      pypiScheme,
      `1.0alpha1 = 1.0a1
      1.0-beta.2 = 1.0b2
      1.0c1 = 1.0rc1
      1.0pre1 = 1.0rc1
      1.0-preview-1 = 1.0rc1
      1.0-1 = 1.0.post1
      1.0rev2 = 1.0.post2
      1.0r = 1.0.post0
      1.0.DEV3 = 1.0.dev3
      V1.0 = 1.0`,
    );
    assert.deepEqual(parsePep440('2!1.0.0rc1.post2.dev3+ubuntu.1')?.epoch, '2');
    assert.equal(parsePep440('not a version'), undefined);
  });
  it('normalises project names per PEP 503', () => {
    assert.equal(normalizePypiName('PyYAML'), 'pyyaml');
    assert.equal(normalizePypiName('Jinja2'), 'jinja2');
    assert.equal(normalizePypiName('zope.interface__X'), 'zope-interface-x');
  });
  it('evaluates specifiers with the exclusive-ordering and local-version rules', () => {
    assertSatisfies(pypiSatisfies, [
      ['3.2.13', '>=3.2,<3.2.14', true],
      ['3.2.14', '>=3.2,<3.2.14', false],
      ['2.2.1', '~=2.2', true],
      ['3.0', '~=2.2', false],
      ['1.4.9', '~=1.4.5', true],
      ['1.5.0', '~=1.4.5', false],
      ['1.2.7', '==1.2.*', true],
      ['1.3.0', '==1.2.*', false],
      ['1.3.0', '!=1.2.*', true],
      ['1.0+abc', '==1.0', true],
      ['1.0', '===1.0', true],
      ['1.0.0', '===1.0', false],
      ['3.1a1', '<3.1', false],
      ['3.0', '<3.1', true],
      ['3.1.post1', '>3.1', false],
      ['3.1.1', '>3.1', true],
      ['5.3.1', '<5.4', true],
      ['5.3.1', 'nonsense', undefined],
    ]);
  });
  it('turns specifiers into intervals', () => {
    assert.equal(describeSet(pypiRange('>=3.2,<3.2.14')!), '>=3.2 <3.2.14');
    assert.equal(describeSet(pypiRange('~=2.2')!), '>=2.2 <3.dev0');
    assert.equal(describeSet(pypiRange('==1.2.*')!), '>=1.2.dev0 <1.3.dev0');
    assert.deepEqual(pypiRange('>2,<1'), []);
  });
});
