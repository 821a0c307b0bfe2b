import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DatastoreClientFact, OutboundCallFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

test('.env database and Redis, mysqli in code, Laravel Http and Guzzle base URIs', () => {
  const env = 'APP_ENV=production\nDB_CONNECTION=pgsql\nDB_HOST=db.internal\nDB_PASSWORD=secret\nREDIS_HOST=cache\n';
  const code = "<?php\n$db = mysqli_connect('localhost', 'app', getenv('PW'), 'shop');\n$r = Http::post('https://api.stripe.com/v1/charges', []);\n$c = new Client(['base_uri' => 'https://inventory.internal/']);\n";
  const { facts } = runExtractor(extractor, { '.env': env, 'app/Services/Pay.php': code });
  const stores = facts.filter((f): f is DatastoreClientFact => f.kind === 'datastore-client').map((f) => `${f.evidence.file}:${f.evidence.line} ${f.tech} ${f.target ?? '-'}`);
  assert.deepEqual(stores, ['.env:2 postgres db.internal', '.env:5 redis cache', 'app/Services/Pay.php:2 mysql -']);
  const calls = facts.filter((f): f is OutboundCallFact => f.kind === 'outbound-call').map((f) => `${f.library} ${f.target} ${f.service ?? '-'}`);
  assert.deepEqual(calls, ['laravel-http api.stripe.com stripe', 'guzzle inventory.internal -']);
  assert.equal(JSON.stringify(facts).includes('secret'), false);
});
