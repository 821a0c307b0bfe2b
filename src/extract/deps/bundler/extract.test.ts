import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { linkFacts } from '../../engine.js';
import { runExtractor } from '../../testing.js';
import { dependencies, summary } from '../_lib/testing.js';
import { extractor } from './index.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

test('Gemfile alone: requirements and groups', () => {
  const { facts } = runExtractor(extractor, { Gemfile: fixture('Gemfile') });
  assert.deepEqual(summary(facts), [
    'debug@ direct dev',
    'nokogiri@ direct prod',
    'pg@>= 0.18, < 2.0 direct prod',
    'rails@~> 7.0.4 direct prod',
    'rspec-rails@ direct dev',
    'rubocop@ direct dev',
  ]);
});

test('Gemfile.lock with its Gemfile: locked versions, DEPENDENCIES direct, groups give scope', () => {
  const { facts } = runExtractor(extractor, { Gemfile: fixture('Gemfile'), 'Gemfile.lock': fixture('Gemfile.lock') });
  assert.deepEqual(summary(facts), [
    'actionpack@7.0.4 transitive -',
    'debug@1.7.1 direct dev',
    'nokogiri@1.13.10 direct prod',
    'payments@0.3.0 direct -',
    'pg@1.4.5 direct prod',
    'racc@1.6.2 transitive -',
    'rack@2.2.6 transitive -',
    'rails@7.0.4 direct prod',
    'rspec-rails@6.0.1 direct dev',
    'rubocop@1.42.0 direct dev',
  ]);
  const rails = dependencies(facts).find((d) => d.name === 'rails');
  assert.equal(rails?.evidence.line, 23);
  assert.equal(rails?.purl, 'pkg:gem/rails@7.0.4');
  assert.deepEqual(linkFacts(facts, [extractor]), facts);
});
