import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cvssBaseScore, cvssRating, deriveCvssVector } from '../../src/analyze/cvss.js';

// Worked examples of FIRST's "CVSS v3.1 Examples" document: vector and published base score.
const SPEC_EXAMPLES: [string, string, number][] = [
  ['CVE-2013-1937 phpMyAdmin reflected XSS', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
  ['CVE-2013-0375 MySQL stored SQL injection', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N', 6.4],
  ['CVE-2014-3566 SSLv3 POODLE', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N', 3.1],
  ['CVE-2012-1516 VMware guest to host escape', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H', 9.9],
  ['CVE-2012-0384 Cisco IOS command execution', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 8.8],
  ['CVE-2014-0160 Heartbleed', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', 7.5],
  ['CVE-2014-6271 Shellshock', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
  ['CVE-2008-1447 DNS cache poisoning', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N', 6.8],
  ['CVE-2014-2005 Sophos login screen bypass', 'CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 6.8],
  ['CVE-2010-0467 Joomla directory traversal', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N', 5.8],
  ['CVE-2013-6014 Juniper proxy ARP', 'CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:H', 9.3],
  ['CVE-2014-9253 DokuWiki stored XSS', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N', 5.4],
  ['CVE-2009-0658 Adobe Acrobat buffer overflow', 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 7.8],
  ['CVE-2011-1265 Microsoft Bluetooth stack', 'CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 8.8],
  ['CVE-2016-1645 Google Chrome PDFium', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 8.8],
  ['CVE-2016-5729 Lenovo BIOS', 'CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H', 8.2],
];

describe('the CVSS library computes the specification examples', () => {
  for (const [name, vector, expected] of SPEC_EXAMPLES) {
    test(name, () => assert.equal(cvssBaseScore(vector), expected));
  }

  test('CVSS 3.0 and 4.0 vectors from advisories are scored too; broken vectors are not', () => {
    assert.equal(cvssBaseScore('CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), 9.8);
    assert.equal(cvssBaseScore('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'), 9.3);
    assert.equal(cvssBaseScore('CVSS:3.1/AV:N/AC:L'), undefined);
    assert.equal(cvssBaseScore('not a vector'), undefined);
  });

  test('qualitative ratings follow the specification', () => {
    assert.deepEqual([0, 3.9, 4, 6.9, 7, 8.9, 9].map(cvssRating), ['none', 'low', 'medium', 'medium', 'high', 'high', 'critical']);
  });
});

describe('base vectors derived from the model', () => {
  test('exposure → AV, authentication → PR', () => {
    const v = (exposure: 'internet' | 'internal' | 'none', auth?: 'none' | 'user' | 'admin') => deriveCvssVector({ cls: 'data-injection', exposure, auth, impact: 'high', goals: ['confidentiality', 'integrity'], stride: ['T'] });
    assert.equal(v('internet', 'none'), 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N');
    assert.equal(v('internal', 'user'), 'CVSS:3.1/AV:A/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:N');
    assert.equal(v('none', 'admin'), 'CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:N');
  });

  test('class → AC, UI, S and the impact metrics', () => {
    assert.equal(deriveCvssVector({ cls: 'xss', exposure: 'internet', auth: 'none', impact: 'medium', goals: ['confidentiality', 'integrity'], stride: ['T'] }), 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N');
    assert.equal(deriveCvssVector({ cls: 'dos', exposure: 'internet', auth: 'none', impact: 'medium', goals: ['availability'], stride: ['D'] }), 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H');
    assert.equal(deriveCvssVector({ cls: 'container-escape', exposure: 'internet', impact: 'high', goals: [], stride: ['E'] }), 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H');
    assert.equal(deriveCvssVector({ cls: 'cleartext', exposure: 'internal', impact: 'medium', goals: ['confidentiality'], stride: ['I'] }), 'CVSS:3.1/AV:A/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N');
  });

  test('without grammar goals the STRIDE letters decide the impacted metrics', () => {
    assert.equal(deriveCvssVector({ exposure: 'internet', auth: 'none', impact: 'high', goals: [], stride: ['I'] }), 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N');
  });
});
