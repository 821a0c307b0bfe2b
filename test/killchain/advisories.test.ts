import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { advisoryImpact, matchAdvisories, parseOsv, readAdvisoryDir } from '../../src/analyze/graph/index.js';
import type { OsvAdvisory } from '../../src/analyze/graph/index.js';
import { advisoryMaturity, fixedVersion, versionAffected } from '../../src/analyze/graph/advisories.js';
import { compareSemver, inRange, parseSemver } from '../../src/analyze/graph/semver.js';
import type { Dependency } from '../../src/model/types.js';
import { InputError } from '../../src/util/errors.js';
import { SHARED } from '../helpers/reference-data.js';

const OSV = `${SHARED}fixtures/advisories/osv`;

describe('npm semver comparison', () => {
  const cmp = (a: string, b: string) => Math.sign(compareSemver(parseSemver(a)!, parseSemver(b)!));

  test('orders releases, pre-releases and build metadata as semver does', () => {
    assert.equal(cmp('1.2.10', '1.2.9'), 1);
    assert.equal(cmp('1.0.0-alpha', '1.0.0'), -1);
    assert.equal(cmp('1.0.0-alpha.1', '1.0.0-alpha.beta'), -1);
    assert.equal(cmp('1.0.0-beta.11', '1.0.0-beta.2'), 1);
    assert.equal(cmp('v2.0.0', '2.0.0+build.5'), 0);
    assert.equal(parseSemver('1.4.5-lts.1')?.prerelease.join('.'), 'lts.1');
    assert.equal(parseSemver('not-a-version'), undefined);
  });

  test('evaluates OSV range events: introduced, fixed, last_affected, several pairs', () => {
    const minimist = [{ introduced: '0' }, { fixed: '0.2.4' }, { introduced: '1.0.0' }, { fixed: '1.2.6' }];
    assert.deepEqual(['0.2.3', '0.2.4', '0.9.0', '1.0.0', '1.2.5', '1.2.6', '1.2.8'].map((v) => inRange(v, minimist)), [true, false, false, true, true, false, false]);
    assert.equal(inRange('8.5.1', [{ introduced: '0' }, { last_affected: '8.5.1' }]), true);
    assert.equal(inRange('8.5.2', [{ introduced: '0' }, { last_affected: '8.5.1' }]), false);
    assert.equal(inRange('0.6.11', [{ introduced: '0.0.0' }, { fixed: '' }]), true, 'an empty "fixed" is no fix');
    assert.equal(inRange('latest', [{ introduced: '0' }]), undefined);
  });
});

describe('OSV advisories (the real GitHub records in shared/fixtures)', () => {
  let advisories: OsvAdvisory[];
  const byId = (id: string) => advisories.find((a) => a.id === id)!;
  before(async () => {
    const loaded = await readAdvisoryDir(OSV);
    assert.deepEqual(loaded.diagnostics, []);
    advisories = loaded.advisories;
  });

  test('every file parses: ids, aliases, packages, CWEs, vectors, severities', () => {
    assert.equal(advisories.length, 16);
    const jwt = byId('GHSA-qwph-4952-7xr6');
    assert.deepEqual(jwt.aliases, ['CVE-2022-23540']);
    assert.deepEqual(jwt.affected.map((a) => `${a.ecosystem}:${a.name}`), ['npm:jsonwebtoken']);
    assert.deepEqual(jwt.cwe, ['CWE-287']);
    assert.equal(jwt.severity, 'MODERATE');
    assert.equal(jwt.cvss, undefined);
    assert.equal(byId('GHSA-jfh8-c2jp-5v3q').cvss, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H');
  });

  test('impact classes from summary words, CWE ids, details and the vector', () => {
    const impacts = Object.fromEntries(advisories.map((a) => [a.id, advisoryImpact(a)]));
    assert.deepEqual(impacts, {
      'GHSA-36p3-wjmg-h94x': 'rce', // Spring4Shell
      'GHSA-3h5v-q93c-6h6q': 'dos', // ws
      'GHSA-4374-p667-p6c8': 'dos', // HTTP/2 rapid reset
      'GHSA-5mrr-rgp6-x4gr': 'rce', // marsdb command injection
      'GHSA-6g6m-m6h5-w9gf': 'auth-bypass', // express-jwt
      'GHSA-8hfj-j24r-96c4': 'disclosure', // moment path traversal
      'GHSA-8q59-q68h-6hv4': 'rce', // PyYAML: the details say arbitrary code execution
      'GHSA-h5c8-rqwp-cp95': 'other', // jinja2 attribute injection (XSS)
      'GHSA-jfh8-c2jp-5v3q': 'rce', // Log4Shell
      'GHSA-m425-mq94-257g': 'dos', // gRPC rapid reset: availability-only vector
      'GHSA-p64x-8rxx-wf6q': 'disclosure', // Django SQL injection
      'GHSA-p6mc-m468-83gw': 'dos', // lodash: CWE-770
      'GHSA-q4v7-4rhw-9hqm': 'rce', // node-serialize
      'GHSA-qwph-4952-7xr6': 'auth-bypass', // jsonwebtoken
      'GHSA-xc6g-ggrc-qq4r': 'other', // sanitize-html XSS
      'GHSA-xvch-5gv4-984h': 'other', // minimist prototype pollution
    });
  });

  test('exploit maturity only when the advisory says so', () => {
    assert.equal(advisoryMaturity(byId('GHSA-qwph-4952-7xr6')), undefined);
    assert.equal(advisoryMaturity({ summary: 'x', details: 'This vulnerability is actively exploited.' }), 'high');
    assert.equal(advisoryMaturity({ summary: 'x', details: 'A public exploit is available in Metasploit.' }), 'functional');
  });

  test('version ranges decide, not names: minimist 1.2.8 is outside every range', () => {
    const minimist = byId('GHSA-xvch-5gv4-984h').affected;
    assert.equal(minimist.some((a) => versionAffected('1.2.8', a)), false);
    assert.equal(minimist.some((a) => versionAffected('1.2.5', a)), true);
    const ws = byId('GHSA-3h5v-q93c-6h6q').affected;
    assert.deepEqual(['1.0.0', '5.2.3', '7.5.9', '7.5.10', '8.17.1'].map((v) => ws.some((a) => versionAffected(v, a))), [false, true, true, false, false]);
    assert.equal(fixedVersion('7.5.9', ws), '7.5.10');
    assert.equal(byId('GHSA-q4v7-4rhw-9hqm').affected.some((a) => versionAffected('0.0.4', a)), true, 'no fixed version: every version');
  });

  test('matches the dependencies of the shop example as its answer key says', () => {
    const deps: Dependency[] = [
      { ecosystem: 'npm', name: 'jsonwebtoken', version: '8.5.1', direct: true, component: 'api', manifest: 'api/package-lock.json' },
      { ecosystem: 'npm', name: 'moment', version: '2.29.1', direct: true, component: 'worker', manifest: 'worker/package-lock.json' },
      { ecosystem: 'npm', name: 'minimist', version: '1.2.8', direct: false, component: 'api', manifest: 'api/package-lock.json' },
      { ecosystem: 'npm', name: 'express', version: '4.19.2', direct: true, component: 'api', manifest: 'api/package-lock.json' },
      { ecosystem: 'deb', name: 'imagemagick', version: '', direct: true, component: 'api', manifest: 'api/Dockerfile' },
    ];
    const matches = matchAdvisories(advisories, deps);
    assert.deepEqual(
      matches.map((m) => [m.advisoryId, m.package.name, m.component, m.impact, m.reachability, m.fixed]),
      [
        ['GHSA-8hfj-j24r-96c4', 'moment', 'worker', 'disclosure', 'direct', '2.29.2'],
        ['GHSA-qwph-4952-7xr6', 'jsonwebtoken', 'api', 'auth-bypass', 'direct', '9.0.0'],
      ],
    );
    assert.deepEqual(matches[1].evidence, [{ file: 'api/package-lock.json', line: 1, snippet: 'jsonwebtoken@8.5.1' }]);
  });

  test('an import fact makes the package "imported" and is cited', () => {
    const deps: Dependency[] = [{ ecosystem: 'npm', name: 'jsonwebtoken', version: '8.5.1', direct: true, component: 'api', manifest: 'api/package-lock.json' }];
    const facts = [{ kind: 'import' as const, module: 'jsonwebtoken', extractor: 'js/imports', evidence: { file: 'api/src/auth.js', line: 2 } }];
    const [match] = matchAdvisories([byId('GHSA-qwph-4952-7xr6')], deps, { facts, componentOfFile: (file) => (file.startsWith('api/') ? 'api' : undefined) });
    assert.equal(match.reachability, 'imported');
    assert.deepEqual(match.evidence[0], { file: 'api/src/auth.js', line: 2 });
  });
});

describe('reading an advisory folder', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tc-osv-'));
    mkdirSync(join(dir, 'nested'));
    writeFileSync(join(dir, 'good.json'), JSON.stringify({ id: 'GHSA-test', affected: [{ package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.3.0' }] }] }] }));
    writeFileSync(join(dir, 'nested', 'broken.json'), '{ not json');
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ hello: 'world' }));
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('parses what it can and reports the rest as diagnostics naming the file', async () => {
    const loaded = await readAdvisoryDir(dir);
    assert.deepEqual(loaded.advisories.map((a) => a.id), ['GHSA-test']);
    assert.deepEqual(loaded.diagnostics.map((d) => d.file).sort(), ['nested/broken.json', 'other.json']);
  });

  test('a missing folder or a file is an input error', async () => {
    await assert.rejects(readAdvisoryDir(join(dir, 'absent')), InputError);
    await assert.rejects(readAdvisoryDir(join(dir, 'good.json')), InputError);
    assert.throws(() => parseOsv('[]', 'x.json'), /x\.json: not an OSV record/);
  });
});
