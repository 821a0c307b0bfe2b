import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeHostileRepo, yamlAliasBomb } from '../../test/helpers/hostile-repo.js';
import { loadConfig } from './load.js';
import { emptyConfig } from './types.js';

const temp = mkdtempSync(join(tmpdir(), 'threatcode-config-'));
after(() => rmSync(temp, { recursive: true, force: true }));
let counter = 0;

function repoWith(files: Record<string, string>): string {
  const dir = join(temp, `r${counter++}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

const FULL = `
product:
  name: shop
  description: The web shop
  repository: https://github.com/acme/shop
  owners: ["@team-a", alice@example.com]
owners: ["@team-a", "@security"]
classification:
  - { match: "User*", classification: restricted }
trustZones:
  - { match: "services/admin/**", zone: internal-admin }
exposure:
  - { match: worker, exposure: internal }
assumptions:
  - TLS is terminated at the load balancer
  - { content: "Admins use SSO", threats: [express-missing-auth] }
suppressions:
  - { rule: express-cors-credentials-wildcard, path: "src/legacy/**", reason: "legacy, isolated", expires: 2027-01-31 }
  - { threat: 0b7c2a10-1111-5222-8333-444455556666, reason: accepted risk }
ignore: ["docs/**"]
`;

describe('loadConfig', () => {
  it('returns an empty config without a file', async () => {
    assert.deepEqual(await loadConfig(repoWith({})), { config: emptyConfig(), diagnostics: [] });
  });

  it('reads every section of a valid file', async () => {
    const { config, diagnostics } = await loadConfig(repoWith({ '.threatcode.yml': FULL }));
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(config, {
      product: {
        name: 'shop',
        description: 'The web shop',
        repository: 'https://github.com/acme/shop',
        owners: ['@team-a', 'alice@example.com', '@security'],
      },
      classification: [{ match: 'User*', classification: 'restricted' }],
      trustZones: [{ match: 'services/admin/**', zone: 'internal-admin' }],
      exposure: [{ match: 'worker', exposure: 'internal' }],
      assumptions: [
        { content: 'TLS is terminated at the load balancer', threats: [] },
        { content: 'Admins use SSO', threats: ['express-missing-auth'] },
      ],
      suppressions: [
        { rule: 'express-cors-credentials-wildcard', paths: ['src/legacy/**'], reason: 'legacy, isolated', expires: '2027-01-31' },
        { threat: '0b7c2a10-1111-5222-8333-444455556666', paths: [], reason: 'accepted risk' },
      ],
      ignore: ['docs/**'],
      source: '.threatcode.yml',
    });
  });

  it('drops only invalid entries, naming file, JSON path and line', async () => {
    const yaml = [
      'product:',
      '  name: shop',
      '  owners: ["@ok", 42]',
      'exposure:',
      '  - { match: api, exposure: public }',
      '  - { match: worker, exposure: internal }',
      'suppressions:',
      '  - { rule: some-rule }',
      '  - { reason: "no target" }',
      '  - { rule: r, reason: ok, expires: 2026-02-30 }',
      '  - { rule: kept, reason: fine }',
      'colour: blue',
      '',
    ].join('\n');
    const { config, diagnostics } = await loadConfig(repoWith({ '.threatcode.yml': yaml }));
    assert.deepEqual(config.product, { name: 'shop', owners: ['@ok'] });
    assert.deepEqual(config.exposure, [{ match: 'worker', exposure: 'internal' }]);
    assert.deepEqual(config.suppressions, [{ rule: 'kept', paths: [], reason: 'fine' }]);
    const seen = diagnostics.map((d) => [d.line, d.message]);
    assert.deepEqual(seen, [
      [3, 'product.owners[1]: must be text'],
      [5, 'exposure[0].exposure: must be one of internet, internal, none'],
      [8, 'suppressions[0].reason: a suppression must give a reason'],
      [9, 'suppressions[1]: a suppression needs a rule or a threat'],
      [10, 'suppressions[2].expires: is not a real calendar date'],
      [12, 'colour: unknown key "colour" is ignored'],
    ]);
    assert.ok(diagnostics.every((d) => d.code === 'config-error' && d.file === '.threatcode.yml' && d.level === 'warning'));
  });

  it('ignores a file with YAML errors as a whole, with the line of each error', async () => {
    const { config, diagnostics } = await loadConfig(repoWith({ '.threatcode.yml': 'product:\n  name: a\n  name: b\nignore: [x\n' }));
    assert.deepEqual(config, { ...emptyConfig(), source: '.threatcode.yml' });
    assert.ok(diagnostics.length >= 2);
    assert.ok(diagnostics.some((d) => /YAML error: Map keys must be unique/.test(d.message) && d.line === 3));
    assert.match(diagnostics[diagnostics.length - 1].message, /has YAML errors and is ignored/);
  });

  it('treats custom tags as plain values and never executes anything', async () => {
    const { config, diagnostics } = await loadConfig(
      repoWith({ '.threatcode.yml': 'product:\n  name: !!js/function "function () { return 1 }"\nignore: [!!python/object:os.system "id"]\n' }),
    );
    assert.ok(diagnostics.some((d) => /Unresolved tag/.test(d.message)));
    assert.equal(typeof config.product.name, 'string');
  });

  it('survives an alias bomb quickly', async () => {
    const started = performance.now();
    const many = `anchor: &a x\nlist: [${Array(500).fill('*a').join(', ')}]\n`;
    for (const yaml of [yamlAliasBomb(), `product:\n  name: x\n${yamlAliasBomb()}`, many]) {
      const { config, diagnostics } = await loadConfig(repoWith({ '.threatcode.yml': yaml }));
      assert.deepEqual(config.product, { owners: [] });
      assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
      assert.match(diagnostics[0].message, /alias/i);
    }
    assert.ok(performance.now() - started < 2000);
  });

  it('survives absurd nesting and refuses oversized files', async () => {
    // Twice each: a second stack overflow inside `yaml` used to abort the whole process.
    for (const deep of [`${'['.repeat(100_000)}${']'.repeat(100_000)}`, `${'- '.repeat(60_000)}x`]) {
      for (let round = 0; round < 2; round++) {
        const nested = await loadConfig(repoWith({ '.threatcode.yml': deep }));
        assert.deepEqual(nested.diagnostics.map((d) => d.message), ['nested more than 200 levels deep; the file is ignored']);
      }
    }
    const big = await loadConfig(repoWith({ '.threatcode.yml': `ignore:\n${'  - "x"\n'.repeat(50_000)}` }));
    assert.deepEqual(big.config, emptyConfig());
    assert.match(big.diagnostics[0].message, /over the 256\.0 KiB limit/);
  });

  it('does not follow a config symlink out of the repository', async () => {
    const secret = join(temp, `secret-${counter}.yml`);
    writeFileSync(secret, 'product: { name: from-outside }\n');
    const dir = repoWith({});
    symlinkSync(secret, join(dir, '.threatcode.yml'));
    const { config, diagnostics } = await loadConfig(dir);
    assert.equal(config.product.name, undefined);
    assert.match(diagnostics[0].message, /outside the repository/);
  });

  it('prefers .threatcode.yml over .threatcode.yaml and says so', async () => {
    const { config, diagnostics } = await loadConfig(
      repoWith({ '.threatcode.yml': 'product: { name: yml }\n', '.threatcode.yaml': 'product: { name: yaml }\n' }),
    );
    assert.equal(config.product.name, 'yml');
    assert.match(diagnostics[0].message, /\.threatcode\.yaml is ignored/);
    const only = await loadConfig(repoWith({ '.threatcode.yaml': 'product: { name: yaml }\n' }));
    assert.equal(only.config.product.name, 'yaml');
    assert.equal(only.config.source, '.threatcode.yaml');
  });

  it('handles the hostile repository configuration', async () => {
    const hostile = makeHostileRepo(join(temp, `hostile-${counter++}`, 'repo'));
    const { config, diagnostics } = await loadConfig(hostile.root);
    assert.deepEqual(config.suppressions, []);
    assert.ok(diagnostics.length >= 1 && diagnostics.every((d) => d.code === 'config-error' && d.file === '.threatcode.yml'));
  });
});
