import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OwnershipFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';
import { defaultOwners, effectiveRules, ownersOf, patternRegex } from './match.js';
import { parseCodeowners } from './parse.js';

describe('extract/repo/codeowners', () => {
  it('emits one ownership fact per rule, with sections and escapes', () => {
    const { facts, diagnostics } = runExtractor(extractor, {
      '.github/CODEOWNERS': `# Default owners
*       @acme/platform
/src/payments/   @acme/payments billing@acme.test
docs/* @acme/docs  # inline comment
path\\ with\\ space/ @acme/space
\\#hash @acme/hash
/legacy/
[Backend] @acme/backend
/api/
^[Optional][2] @acme/optional
*.sql @acme/dba not-an-owner
`,
      'src/CODEOWNERS': '* @ignored',
    });
    const rules = facts.filter((f): f is OwnershipFact => f.kind === 'ownership');
    assert.deepEqual(
      rules.map((r) => [r.pattern, r.owners, r.section ?? '']),
      [
        ['*', ['@acme/platform'], ''],
        ['/src/payments/', ['@acme/payments', 'billing@acme.test'], ''],
        ['docs/*', ['@acme/docs'], ''],
        ['path with space/', ['@acme/space'], ''],
        ['#hash', ['@acme/hash'], ''],
        ['/legacy/', [], ''],
        ['/api/', ['@acme/backend'], 'Backend'],
        ['*.sql', ['@acme/dba'], 'Optional'],
      ],
    );
    assert.equal(rules[0].source, '.github/CODEOWNERS');
    assert.equal(rules[1].evidence.line, 3);
    assert.deepEqual(diagnostics.map((d) => d.code), ['codeowners-owner']);
  });
  it('matches paths the way GitHub does; the last matching rule wins', () => {
    const { rules } = parseCodeowners(`* @all\n*.js @js\n/build/logs/ @logs\ndocs/* @docs\napps/ @apps\n/src/**/secret.ts @sec\n/legacy/\n`);
    assert.deepEqual(ownersOf(rules, 'README.md'), ['@all']);
    assert.deepEqual(ownersOf(rules, 'src/a.js'), ['@js']);
    assert.deepEqual(ownersOf(rules, 'build/logs/x.log'), ['@logs']);
    assert.deepEqual(ownersOf(rules, 'other/build/logs/x.log'), ['@all']);
    assert.deepEqual(ownersOf(rules, 'docs/intro.md'), ['@docs']);
    assert.deepEqual(ownersOf(rules, 'docs/deep/intro.md'), ['@all']);
    assert.deepEqual(ownersOf(rules, 'x/apps/y.txt'), ['@apps']);
    assert.deepEqual(ownersOf(rules, 'src/a/b/secret.ts'), ['@sec']);
    assert.deepEqual(ownersOf(rules, 'legacy/old.js'), []);
    assert.deepEqual(defaultOwners(rules), ['@all']);
    assert.equal(patternRegex('!negated'), null);
  });
  it('uses only the first CODEOWNERS location GitHub reads', () => {
    const rules = [
      { pattern: '*', owners: ['@root'], source: 'CODEOWNERS' },
      { pattern: '*', owners: ['@github'], source: '.github/CODEOWNERS' },
    ];
    assert.deepEqual(effectiveRules(rules).map((r) => r.owners[0]), ['@github']);
  });
});
