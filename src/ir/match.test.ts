import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VersionMatcher } from './advisory/types.js';
import { affectedSet, evaluateDeclaredRange, evaluateVersion } from './match.js';
import { describeSet } from './versions/types.js';

const osv = (ranges: { type?: string; events: Record<string, string>[] }[], versions: string[] = []): VersionMatcher => ({ kind: 'osv', ranges: ranges.map((r) => ({ type: r.type ?? 'ECOSYSTEM', events: r.events })), versions });
const status = (m: VersionMatcher, eco: string, v: string) => evaluateVersion(m, eco, v).status;

describe('match: OSV evaluation (schema pseudocode)', () => {
  it('introduced / fixed, several ranges, unsorted events, introduced "0"', () => {
    const m = osv([{ events: [{ fixed: '1.2.6' }, { introduced: '1.0.0' }, { introduced: '0' }, { fixed: '0.2.4' }] }]);
    assert.equal(status(m, 'npm', '0.0.1'), 'affected');
    assert.equal(status(m, 'npm', '0.2.4'), 'unaffected');
    assert.equal(status(m, 'npm', '0.9.9'), 'unaffected');
    assert.equal(status(m, 'npm', '1.0.0'), 'affected');
    assert.equal(evaluateVersion(m, 'npm', '1.2.5').fixed, '1.2.6');
    assert.equal(status(m, 'npm', '1.2.6'), 'unaffected');
    assert.equal(describeSet(affectedSet(m, 'npm')!), '<0.2.4 || >=1.0.0 <1.2.6');
  });
  it('last_affected is inclusive; limit caps the range', () => {
    const last = osv([{ events: [{ introduced: '1.0.0' }, { last_affected: '1.4.2' }] }]);
    assert.equal(status(last, 'npm', '1.4.2'), 'affected');
    assert.equal(status(last, 'npm', '1.4.3'), 'unaffected');
    assert.equal(evaluateVersion(last, 'npm', '1.4.2').fixed, undefined);
    assert.match(evaluateVersion(last, 'npm', '1.4.2').reason, /last affected 1\.4\.2/);
    const limited = osv([{ events: [{ introduced: '0' }, { limit: '2.0.0' }] }]);
    assert.equal(status(limited, 'npm', '1.9.9'), 'affected');
    assert.equal(status(limited, 'npm', '2.0.0'), 'unaffected');
    const starLimit = osv([{ events: [{ introduced: '1.0.0' }, { limit: '*' }] }]);
    assert.equal(status(starLimit, 'npm', '99.0.0'), 'affected');
  });
  it('an explicit versions list, SEMVER ranges, GIT ranges', () => {
    const listed = osv([], ['1.0.1', '1.0.3']);
    assert.equal(status(listed, 'npm', '1.0.3'), 'affected');
    assert.equal(status(listed, 'npm', '1.0.2'), 'unaffected');
    const semver = osv([{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '2.0.0' }] }]);
    assert.equal(status(semver, 'go', 'v1.9.0'), 'affected');
    const git = osv([{ type: 'GIT', events: [{ introduced: 'a'.repeat(40) }, { fixed: 'b'.repeat(40) }] }]);
    assert.equal(status(git, 'npm', '1.0.0'), 'unknown');
    assert.equal(status(osv([{ type: 'GIT', events: [{ introduced: 'a'.repeat(40) }] }], ['1.0.0']), 'npm', '1.0.0'), 'affected');
  });
  it('ecosystem ordering decides: PyPI 5.4b1 < 5.4, Maven qualifiers, Go pseudo-versions, NuGet four parts', () => {
    assert.equal(status(osv([{ events: [{ introduced: '0' }, { fixed: '5.4' }] }]), 'pypi', '5.4b1'), 'affected');
    assert.equal(status(osv([{ events: [{ introduced: '0' }, { fixed: '5.2.20.RELEASE' }] }]), 'maven', '5.2.20'), 'unaffected');
    assert.equal(status(osv([{ events: [{ introduced: '0' }, { fixed: '0.17.0' }] }]), 'go', 'v0.0.0-20230925000000-aaaaaaaaaaaa'), 'affected');
    assert.equal(status(osv([{ events: [{ introduced: '0' }, { fixed: '2.29.2' }] }]), 'nuget', '2.29.1.9'), 'affected');
    // 1.10.0 > 1.9.0 numerically (a string compare would say otherwise).
    assert.equal(status(osv([{ events: [{ introduced: '0' }, { fixed: '1.10.0' }] }]), 'npm', '1.9.0'), 'affected');
  });
  it('unknown rather than wrong when versions cannot be compared', () => {
    assert.equal(status(osv([{ events: [{ introduced: '0' }, { fixed: '1.0.0' }] }]), 'npm', 'latest'), 'unknown');
    assert.equal(status(osv([{ events: [{ introduced: 'not-a-version' }] }]), 'npm', '1.0.0'), 'unknown');
  });
});

describe('match: CVE 5 entries', () => {
  const cve = (entries: Extract<VersionMatcher, { kind: 'cve5' }>['entries'], defaultStatus: 'affected' | 'unaffected' | 'unknown' = 'unknown'): VersionMatcher => ({ kind: 'cve5', entries, defaultStatus });
  it('exact versions, lessThan, lessThanOrEqual, changes and defaultStatus', () => {
    const m = cve([
      { version: '1.0', status: 'affected', lessThan: '2.0', versionType: 'semver', changes: [{ at: '1.5', status: 'unaffected' }] },
      { version: '3.0', status: 'affected', lessThanOrEqual: '3.2', versionType: 'semver' },
      { version: '4.1', status: 'unaffected' },
    ], 'affected');
    assert.equal(status(m, 'generic', '1.4'), 'affected');
    assert.equal(evaluateVersion(m, 'generic', '1.4').fixed, '1.5');
    assert.equal(status(m, 'generic', '1.6'), 'unaffected');
    assert.equal(status(m, 'generic', '3.2'), 'affected');
    assert.equal(status(m, 'generic', '4.1'), 'unaffected');
    assert.equal(status(m, 'generic', '5.0'), 'affected'); // default
    assert.equal(status(cve([{ version: '0', status: 'affected', lessThan: '*' }]), 'generic', '9.9'), 'affected');
    assert.equal(status(cve([{ version: 'abc123', status: 'affected', versionType: 'git', lessThan: 'def456' }]), 'generic', '1.0'), 'unknown');
  });
});

describe('match: declared ranges (no lockfile)', () => {
  const lodash = osv([{ events: [{ introduced: '0' }, { fixed: '4.17.20' }] }]);
  it('tells whether a manifest range can resolve to an affected version, and what to require', () => {
    assert.deepEqual(evaluateDeclaredRange(lodash, 'npm', '^4.17.0').status, 'some');
    assert.equal(evaluateDeclaredRange(lodash, 'npm', '^4.17.0').fixed, '4.17.20');
    assert.equal(evaluateDeclaredRange(lodash, 'npm', '^4.17.21').status, 'none');
    assert.equal(evaluateDeclaredRange(lodash, 'npm', '~4.16.0').status, 'all');
    assert.equal(evaluateDeclaredRange(osv([{ events: [{ introduced: '3.2' }, { fixed: '3.2.14' }] }]), 'pypi', '>=3.2,<4').status, 'some');
    assert.equal(evaluateDeclaredRange(lodash, 'npm', 'github:lodash/lodash').status, 'unknown');
  });
});
