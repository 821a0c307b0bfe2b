import assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InputError, UsageError } from '../../util/errors.js';
import { evaluateVersion } from '../match.js';
import { findAdvisoryById, loadAdvisoryFile, resolveAdvisory } from './load.js';
import { parsePackageSpec } from './spec.js';
import { constraintFromText, parseFreeText } from './text.js';
import { scratchDir } from '../../util/scratch.js';

const FIXTURES = new URL('../../../../shared/fixtures/advisories/', import.meta.url).pathname;

function scratch(): string {
  return scratchDir('threatcode-adv-');
}

async function rejects(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('advisory input: files, ids, specs, free text', () => {
  it('gives a clear InputError naming the file for malformed advisories', async () => {
    const dir = scratch();
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    await rejects(loadAdvisoryFile(write('truncated.json', '{"id": "GHSA-xxxx", "affected": [')), /truncated\.json: is not valid JSON.*looks truncated/);
    await rejects(loadAdvisoryFile(write('empty.json', '')), /empty\.json: is empty/);
    await rejects(loadAdvisoryFile(write('array.json', '[1,2]')), /array\.json: must be a JSON object/);
    await rejects(loadAdvisoryFile(write('noid.json', '{"summary": "x"}')), /noid\.json: is neither an OSV record/);
    await rejects(loadAdvisoryFile(write('types.json', '{"id": "X-1", "affected": {"package": 1}}')), /types\.json: affected: must be a list, not an object/);
    await rejects(loadAdvisoryFile(write('events.json', '{"id": "X-1", "affected": [{"package": {"ecosystem": "npm", "name": "a"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0", "fixed": "1"}]}]}]}')), /affected\[0\]\.ranges\[0\]\.events\[0\]: must have exactly one of/);
    await rejects(loadAdvisoryFile(write('name.json', '{"id": "X-1", "affected": [{"package": {"ecosystem": "npm"}}]}')), /affected\[0\]\.package\.name: is missing/);
    await rejects(loadAdvisoryFile(write('cve.json', '{"dataType": "CVE_RECORD", "cveMetadata": {"cveId": "nope"}, "containers": {}}')), /cveMetadata\.cveId: "nope" is not a CVE id/);
    await rejects(loadAdvisoryFile(write('cna.json', '{"dataType": "CVE_RECORD", "cveMetadata": {"cveId": "CVE-2024-0001"}, "containers": {}}')), /containers\.cna: must be an object, not missing/);
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, `{"id": "X", "details": "${'a'.repeat(5 * 1024 * 1024)}"}`);
    await rejects(loadAdvisoryFile(huge), /huge\.json: is \d+ bytes; an advisory may be at most/);
    await rejects(loadAdvisoryFile(join(dir, 'missing.json')), /missing\.json: no such file/);
    await rejects(loadAdvisoryFile(dir), /is a directory|is not a regular file/);
  });
  it('finds ids in a folder: by file name, by alias, and enriches OSV with the CVE record', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q'), { recursive: true });
    cpSync(join(FIXTURES, 'osv/GHSA-jfh8-c2jp-5v3q.json'), join(dir, 'advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json'));
    mkdirSync(join(dir, 'cves/2021/44xxx'), { recursive: true });
    cpSync(join(FIXTURES, 'cve5/CVE-2021-44228.json'), join(dir, 'cves/2021/44xxx/CVE-2021-44228.json'));
    cpSync(join(FIXTURES, 'osv/GHSA-xvch-5gv4-984h.json'), join(dir, 'GHSA-xvch-5gv4-984h.json'));
    const byName = await findAdvisoryById('ghsa-xvch-5gv4-984h', dir);
    assert.equal(byName.id, 'GHSA-xvch-5gv4-984h');
    const byAlias = await findAdvisoryById('CVE-2021-44228', dir);
    assert.equal(byAlias.id, 'GHSA-jfh8-c2jp-5v3q'); // the OSV record decides: it names the package
    assert.deepEqual(byAlias.kev, { dateAdded: '2021-12-10' }); // KEV comes from the CVE record
    await rejects(findAdvisoryById('CVE-1999-0001', dir), /CVE-1999-0001: no advisory with this id or alias/);
    await assert.rejects(resolveAdvisory('CVE-2021-44228', { cwd: dir }), UsageError);
  });
  it('reads package specs in every ecosystem, with symbols and purls', () => {
    const npm = parsePackageSpec('npm:@scope/pkg@>=1.0.0 <1.2.6#parse,stringify');
    assert.deepEqual([npm.packages[0].ecosystem, npm.packages[0].name, npm.packages[0].functions], ['npm', '@scope/pkg', ['parse', 'stringify']]);
    assert.equal(evaluateVersion(npm.packages[0].matcher, 'npm', '1.2.5').status, 'affected');
    assert.equal(evaluateVersion(npm.packages[0].matcher, 'npm', '1.2.5').fixed, '1.2.6');
    const maven = parsePackageSpec('maven:org.apache.logging.log4j:log4j-core@[2.0,2.15.0)');
    assert.equal(maven.packages[0].name, 'org.apache.logging.log4j:log4j-core');
    assert.equal(evaluateVersion(maven.packages[0].matcher, 'maven', '2.14.1').status, 'affected');
    assert.equal(parsePackageSpec('pypi:Django@>=3.2,<3.2.14').id, 'pypi:django@>=3.2,<3.2.14');
    assert.equal(evaluateVersion(parsePackageSpec('gem:rack@~> 2.2.0').packages[0].matcher, 'rubygems', '2.2.6.3').status, 'affected');
    assert.equal(evaluateVersion(parsePackageSpec('go:golang.org/x/net@<0.17.0').packages[0].matcher, 'go', 'v0.0.0-20220722155237-a158d28d115b').status, 'affected');
    assert.equal(evaluateVersion(parsePackageSpec('debian:openssl@<3.0.11-1~deb12u3').packages[0].matcher, 'debian', '3.0.11-1~deb12u2').status, 'affected');
    const purl = parsePackageSpec('pkg:npm/%40scope/pkg@1.2.3');
    assert.equal(purl.packages[0].name, '@scope/pkg');
    assert.equal(evaluateVersion(purl.packages[0].matcher, 'npm', '1.2.3').status, 'affected');
    assert.equal(evaluateVersion(purl.packages[0].matcher, 'npm', '1.2.4').status, 'unaffected');
    assert.equal(parsePackageSpec('npm:lodash').packages[0].matcher.kind, 'all');
    assert.throws(() => parsePackageSpec('npm:lodash@banana'), /"banana" is not a npm version range/);
    assert.throws(() => parsePackageSpec('maven:log4j-core@<2'), /groupId:artifactId/);
  });
  it('reads free text: known components, prose constraints, bare package names', () => {
    assert.equal(constraintFromText('OpenSSL before 3.0.14'), '<3.0.14');
    assert.equal(constraintFromText('log4j through 2.14.1'), '<=2.14.1');
    assert.equal(constraintFromText('kernel >= 5.8 < 5.16.11'), '>=5.8, <5.16.11');
    assert.deepEqual(parseFreeText('Linux kernel nf_tables').systems.map((s) => s.component), ['linux-kernel']);
    assert.deepEqual(parseFreeText('kernel').systems.map((s) => s.component), ['linux-kernel']);
    const openssl = parseFreeText('openssl < 3.0.14');
    assert.equal(openssl.systems[0].component, 'openssl');
    assert.equal(evaluateVersion(openssl.systems[0].matcher, 'generic', '3.0.13').status, 'affected');
    assert.deepEqual(parseFreeText('glibc').systems.map((s) => s.component), ['glibc']);
    assert.deepEqual(parseFreeText('Apache Log4j').packages.map((p) => p.name), ['org.apache.logging.log4j:log4j-core']);
    const bare = parseFreeText('minimist');
    assert.deepEqual([bare.packages[0].ecosystem, bare.packages[0].name], ['*', 'minimist']);
    assert.deepEqual(parseFreeText('our payment provider had an outage yesterday').unmapped.length, 1);
  });
});
