import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runExtractor } from '../../testing.js';
import { dependencies, summary } from '../_lib/testing.js';
import { extractor } from './index.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

test('Cargo.lock: registry and git crates; workspace members give the direct ones', () => {
  const { facts, diagnostics } = runExtractor(extractor, { 'Cargo.lock': fixture('Cargo.lock') });
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(summary(facts), [
    'bytes@1.5.0 transitive -',
    'hyper@0.14.27 direct -',
    // Two versions of serde: the member asked for 1.0.188.
    'serde@0.9.15 transitive -',
    'serde@1.0.188 direct -',
    'tokio@1.33.0 transitive -',
  ]);
  const hyper = dependencies(facts).find((d) => d.name === 'hyper');
  assert.equal(hyper?.evidence.line, 5);
  assert.equal(hyper?.purl, 'pkg:cargo/hyper@0.14.27');
});
