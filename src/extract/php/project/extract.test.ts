import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { ProjectFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

test('composer.json requiring laravel/framework is a service', () => {
  const json = readFileSync(new URL('../../deps/composer/fixtures/composer.json', import.meta.url), 'utf8');
  const [p] = runExtractor(extractor, { 'composer.json': json }).facts.filter((f): f is ProjectFact => f.kind === 'project');
  assert.deepEqual([p.name, p.root, p.role, p.language, p.frameworks], ['acme/shop', '.', 'service', 'php', ['guzzle', 'laravel']]);
});
