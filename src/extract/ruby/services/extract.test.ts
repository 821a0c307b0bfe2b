import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DatastoreClientFact, OutboundCallFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

test('database.yml production adapter, Redis in code, HTTParty to a literal URL', () => {
  const yml = 'default: &default\n  adapter: sqlite3\n\ndevelopment:\n  <<: *default\n\nproduction:\n  adapter: postgresql\n  url: <%= ENV["DATABASE_URL"] %>\n';
  const code = 'class Pay\n  def charge\n    HTTParty.post("https://api.stripe.com/v1/charges", body: {})\n    Redis.new(url: ENV["REDIS_URL"])\n  end\nend\n';
  const { facts } = runExtractor(extractor, { 'config/database.yml': yml, 'app/services/pay.rb': code });
  const stores = facts.filter((f): f is DatastoreClientFact => f.kind === 'datastore-client').map((f) => `${f.evidence.file}:${f.evidence.line} ${f.tech} ${f.target ?? '-'}`);
  assert.deepEqual(stores, ['config/database.yml:8 postgres env:DATABASE_URL', 'app/services/pay.rb:4 redis env:REDIS_URL']);
  const calls = facts.filter((f): f is OutboundCallFact => f.kind === 'outbound-call').map((f) => `${f.library} ${f.target} ${f.service}`);
  assert.deepEqual(calls, ['HTTParty api.stripe.com stripe']);
});
