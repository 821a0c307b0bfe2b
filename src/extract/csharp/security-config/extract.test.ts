import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { ConfigFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

test('BinaryFormatter use and TypeNameHandling.All are recorded; comments and None are not', () => {
  const content = readFileSync(new URL('./fixtures/Legacy.cs', import.meta.url), 'utf8');
  const { facts } = runExtractor(extractor, { 'Legacy.cs': content });
  const configs = facts.filter((f): f is ConfigFact => f.kind === 'config').map((f) => `${f.evidence.line} ${f.setting} ${JSON.stringify(f.values)}`);
  assert.deepEqual(configs, ['7 dotnet-serializer {"serializer":"BinaryFormatter","unsafe":true}', '11 json-type-handling {"library":"Newtonsoft.Json","typeNameHandling":"All"}']);
});
