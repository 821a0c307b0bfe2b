import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { linkFacts } from '../../engine.js';
import { runExtractor } from '../../testing.js';
import { dependencies, summary } from '../_lib/testing.js';
import { extractor } from './index.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

test('composer.json alone: declared ranges, platform requirements skipped', () => {
  const { facts } = runExtractor(extractor, { 'composer.json': fixture('composer.json') });
  assert.deepEqual(summary(facts), ['guzzlehttp/guzzle@^7.2 direct prod', 'laravel/framework@^10.10 direct prod', 'phpunit/phpunit@^10.1 direct dev']);
});

test('composer.lock with its manifest: resolved versions, direct from composer.json', () => {
  const { facts, diagnostics } = runExtractor(extractor, { 'composer.json': fixture('composer.json'), 'composer.lock': fixture('composer.lock') });
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(summary(facts), [
    'guzzlehttp/guzzle@7.8.0 direct prod',
    'laravel/framework@10.28.0 direct prod',
    'phpunit/phpunit@10.4.1 direct dev',
    'symfony/http-foundation@6.3.5 transitive prod',
  ]);
  const laravel = dependencies(facts).find((d) => d.name === 'laravel/framework');
  assert.equal(laravel?.evidence.line, 11);
  assert.equal(laravel?.purl, 'pkg:composer/laravel/framework@10.28.0');
  assert.deepEqual(linkFacts(facts, [extractor]), facts);
});
