import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { ProjectFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

test('a Gemfile with rails is a service; development gems do not count', () => {
  const gemfile = readFileSync(new URL('../../deps/bundler/fixtures/Gemfile', import.meta.url), 'utf8');
  const [p] = runExtractor(extractor, { 'shop/Gemfile': gemfile }).facts.filter((f): f is ProjectFact => f.kind === 'project');
  assert.deepEqual([p.name, p.root, p.role, p.language, p.frameworks], ['shop', 'shop', 'service', 'ruby', ['rails']]);
});

test('Rails config/application.rb: the application module names the app folder', () => {
  const app = "require_relative 'boot'\n\nmodule MyShop\n  class Application < Rails::Application\n  end\nend\n";
  const found = runExtractor(extractor, { 'config/application.rb': app, 'lib/config/application.rb': 'module Tools\nend\n' }).facts.filter((f): f is ProjectFact => f.kind === 'project');
  assert.deepEqual(found.map((p) => [p.name, p.root, p.role, p.evidence.line]), [['my-shop', '.', 'unknown', 3]]);
});
