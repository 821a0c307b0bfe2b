import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConfigFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

test('APP_DEBUG in committed .env files, with the environment it runs in', () => {
  const { facts } = runExtractor(extractor, {
    '.env': 'APP_NAME=Shop\nAPP_ENV=production\nAPP_KEY=base64:abc\nAPP_DEBUG=true\n',
    'api/.env': 'APP_ENV=local\nAPP_DEBUG=true\n',
    '.env.example': 'APP_DEBUG=true\n',
  });
  const configs = facts.filter((f): f is ConfigFact => f.kind === 'config').map((f) => `${f.evidence.file}:${f.evidence.line} ${JSON.stringify(f.values)}`);
  assert.deepEqual(configs, [
    '.env:4 {"library":"laravel","enabled":true,"environment":"production","devOnly":false}',
    'api/.env:2 {"library":"laravel","enabled":true,"environment":"local","devOnly":true}',
  ]);
});
