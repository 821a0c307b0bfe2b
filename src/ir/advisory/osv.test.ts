import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadAdvisoryFile } from './load.js';

const OSV = new URL('../../../../shared/fixtures/advisories/osv/', import.meta.url).pathname;

describe('advisory/osv: the real GitHub advisories', () => {
  it('parses every fixture with ids, aliases, severity and packages', async () => {
    for (const file of readdirSync(OSV).filter((f) => f.endsWith('.json'))) {
      const a = await loadAdvisoryFile(join(OSV, file));
      assert.equal(a.id, file.replace('.json', ''));
      assert.equal(a.source.format, 'osv');
      assert.ok(a.packages.length > 0, file);
      assert.ok(a.severity.level, `${file} has a severity level`);
      for (const url of a.references) assert.match(url, /^https?:\/\//);
    }
  });
  it('keeps several packages and ecosystems of one advisory (lodash + lodash-es, npm + NuGet)', async () => {
    const lodash = await loadAdvisoryFile(join(OSV, 'GHSA-p6mc-m468-83gw.json'));
    assert.deepEqual(lodash.packages.map((p) => `${p.ecosystem}:${p.name}`), ['npm:lodash', 'npm:lodash-es']);
    assert.deepEqual(lodash.packages[0].functions, ['lodash.baseSet']);
    assert.equal(lodash.severity.score, 7.4);
    const moment = await loadAdvisoryFile(join(OSV, 'GHSA-8hfj-j24r-96c4.json'));
    assert.deepEqual(moment.packages.map((p) => `${p.ecosystem}:${p.name}`), ['npm:moment', 'nuget:Moment.js']);
  });
  it('reads an empty `fixed` as "no fix" and records the quirk (marsdb)', async () => {
    const a = await loadAdvisoryFile(join(OSV, 'GHSA-5mrr-rgp6-x4gr.json'));
    assert.deepEqual(a.aliases, []);
    assert.deepEqual(a.packages[0].matcher, { kind: 'osv', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0.0.0' }] }], versions: [] });
    assert.match(a.notes.join('\n'), /fixed is empty/);
    assert.equal(a.severity.level, 'critical'); // from database_specific, severity[] is empty
  });
  it('keeps GitHub\'s last known affected version and the PyPI affected functions', async () => {
    const sanitize = await loadAdvisoryFile(join(OSV, 'GHSA-xc6g-ggrc-qq4r.json'));
    assert.equal(sanitize.packages[0].lastKnownAffected, '<= 1.11.1');
    const pyyaml = await loadAdvisoryFile(join(OSV, 'GHSA-8q59-q68h-6hv4.json'));
    assert.deepEqual(pyyaml.packages[0].functions, ['yaml.constructor.FullConstructor', 'yaml.constructor.UnsafeConstructor']);
    assert.equal(pyyaml.packages[0].ecosystem, 'pypi');
  });
  it('drops references that are not URLs (golang.org/x/net PACKAGE reference)', async () => {
    const a = await loadAdvisoryFile(join(OSV, 'GHSA-4374-p667-p6c8.json'));
    assert.ok(a.references.every((r) => r.startsWith('http')));
    assert.equal(a.packages[0].ecosystem, 'go');
  });
});
