import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { evaluateVersion } from '../match.js';
import { loadAdvisoryFile } from './load.js';

const CVE = new URL('../../../../shared/fixtures/advisories/cve5/', import.meta.url).pathname;

describe('advisory/cve5: CVE JSON 5 records', () => {
  it('Log4Shell: maps Apache Log4j2 to log4j-core, reads lessThan "log4j-core*" as unbounded and follows `changes`', async () => {
    const a = await loadAdvisoryFile(join(CVE, 'CVE-2021-44228.json'));
    assert.equal(a.id, 'CVE-2021-44228');
    assert.deepEqual(a.packages.map((p) => `${p.ecosystem}:${p.name}`), ['maven:org.apache.logging.log4j:log4j-core']);
    assert.match(a.notes.join('\n'), /log4j-core\*/);
    assert.deepEqual(a.kev, { dateAdded: '2021-12-10' });
    assert.equal(a.ssvc?.exploitation, 'active');
    assert.equal(a.severity.level, 'critical');
    assert.equal(a.severity.score, 10);
    const m = a.packages[0].matcher;
    const status = (v: string) => evaluateVersion(m, 'maven', v).status;
    assert.equal(status('2.0-beta8'), 'unknown'); // below the record's first version: defaultStatus is unknown
    assert.equal(status('2.0-beta9'), 'affected');
    assert.equal(status('2.3'), 'affected');
    assert.equal(status('2.3.1'), 'unaffected');
    assert.equal(status('2.4'), 'affected');
    assert.equal(status('2.12.2'), 'unaffected');
    assert.equal(status('2.14.1'), 'affected');
    assert.equal(evaluateVersion(m, 'maven', '2.14.1').fixed, '2.15.0');
    assert.equal(status('2.15.0'), 'unaffected');
  });
  it('Dirty Pipe: vendor n/a, product kernel → the Linux kernel; its free-text version cannot be matched', async () => {
    const a = await loadAdvisoryFile(join(CVE, 'CVE-2022-0847.json'));
    assert.deepEqual(a.systems.map((s) => s.component), ['linux-kernel']);
    assert.equal(a.severity.attackVector, 'L');
    assert.deepEqual(a.kev, { dateAdded: '2022-04-25' });
    const v = evaluateVersion(a.systems[0].matcher, 'generic', '5.16.10');
    assert.equal(v.status, 'unknown');
    assert.match(v.reason, /Linux Kernel 5\.17 rc6.*free text/);
  });
  it('CVE-2024-1086: defaultStatus unaffected around a 3.15–6.8 range', async () => {
    const a = await loadAdvisoryFile(join(CVE, 'CVE-2024-1086.json'));
    const m = a.systems[0].matcher;
    assert.equal(evaluateVersion(m, 'generic', '3.14').status, 'unaffected');
    assert.equal(evaluateVersion(m, 'generic', '3.15').status, 'affected');
    assert.equal(evaluateVersion(m, 'generic', '6.7.12').status, 'affected');
    assert.equal(evaluateVersion(m, 'generic', '6.8').status, 'unaffected');
    assert.deepEqual(a.cwes, ['CWE-416']);
  });
  it('OpenSSL: letter releases, several branches, the CNA rating kept over the ADP score', async () => {
    const a = await loadAdvisoryFile(join(CVE, 'CVE-2024-5535.json'));
    assert.deepEqual(a.systems.map((s) => s.component), ['openssl']);
    assert.equal(a.severity.level, 'low');
    assert.equal(a.severity.score, 9.1);
    const m = a.systems[0].matcher;
    const fixedFor = (v: string) => evaluateVersion(m, 'generic', v);
    assert.equal(fixedFor('1.1.1w').fixed, '1.1.1za');
    assert.equal(fixedFor('1.1.1za').status, 'unaffected');
    assert.equal(fixedFor('1.0.2zj').fixed, '1.0.2zk');
    assert.equal(fixedFor('3.0.14').fixed, '3.0.15');
    assert.equal(fixedFor('3.3.1').fixed, '3.3.2');
    assert.equal(fixedFor('3.4.0').status, 'unaffected');
  });
});
