import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalEcosystem, normalizePackageName, packageKey, schemeFor } from './index.js';
import { semverScheme } from './semver.js';
import { comparatorSet, covers, describeSet, intersect, overlaps } from './types.js';

describe('versions: intervals and ecosystems', () => {
  it('intersects, overlaps and covers intervals', () => {
    const a = comparatorSet('>=1.0.0 <2.0.0', semverScheme)!;
    const b = comparatorSet('>=1.5.0', semverScheme)!;
    assert.equal(describeSet([intersect(semverScheme, a[0], b[0])!]), '>=1.5.0 <2.0.0');
    assert.equal(intersect(semverScheme, { hi: { version: '1.0.0', inclusive: false } }, { lo: { version: '1.0.0', inclusive: true } }), undefined);
    assert.ok(overlaps(semverScheme, a, b));
    assert.ok(!overlaps(semverScheme, a, comparatorSet('>=2.0.0', semverScheme)!));
    assert.ok(covers(semverScheme, comparatorSet('<3.0.0', semverScheme)!, a));
    assert.ok(!covers(semverScheme, a, comparatorSet('>=1.0.0', semverScheme)!));
    assert.equal(describeSet(comparatorSet('<0.2.4 || >=1.0.0, <1.2.6', semverScheme)!), '<0.2.4 || >=1.0.0 <1.2.6');
    assert.equal(comparatorSet('>=banana', semverScheme), undefined);
  });
  it('maps OSV, purl and threatcode ecosystem names to one id and scheme', () => {
    assert.equal(canonicalEcosystem('PyPI'), 'pypi');
    assert.equal(canonicalEcosystem('Debian:12'), 'debian');
    assert.equal(canonicalEcosystem('Alpine:v3.18'), 'alpine');
    assert.equal(canonicalEcosystem('golang'), 'go');
    assert.equal(canonicalEcosystem('gem'), 'rubygems');
    assert.equal(canonicalEcosystem('Maven:https://maven.google.com'), 'maven');
    assert.equal(schemeFor('deb').id, 'debian');
    assert.equal(schemeFor('Ubuntu:22.04:LTS').id, 'debian');
    assert.equal(schemeFor('crates.io').id, 'semver');
    assert.equal(schemeFor('something-else').id, 'generic');
  });
  it('normalises package names per ecosystem', () => {
    assert.equal(packageKey('PyPI', 'PyYAML'), 'pypi:pyyaml');
    assert.equal(packageKey('NuGet', 'Moment.js'), 'nuget:moment.js');
    assert.equal(packageKey('npm', 'Lodash'), 'npm:Lodash');
    assert.equal(packageKey('deb', 'OpenSSL'), 'debian:openssl');
    assert.equal(packageKey('Ubuntu', 'openssl'), 'debian:openssl');
    assert.equal(normalizePackageName('Maven', 'org.apache.logging.log4j:log4j-core'), 'org.apache.logging.log4j:log4j-core');
  });
});
