import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stableId, uuidV5, UUID_PATTERN } from './ids.js';

test('uuidV5 matches the RFC 9562 example for the DNS namespace', () => {
  // RFC 9562 appendix A.4: www.example.com in the DNS namespace.
  assert.equal(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'), '2ed6657d-e927-568b-95e1-2665a8aea6a2');
});

test('stable ids are deterministic, distinct per kind and well formed', () => {
  const a = stableId('threat', 'rule|key');
  assert.equal(a, stableId('threat', 'rule|key'));
  assert.notEqual(a, stableId('mitigation', 'rule|key'));
  assert.match(a, UUID_PATTERN);
  assert.equal(a.length, 36);
});
