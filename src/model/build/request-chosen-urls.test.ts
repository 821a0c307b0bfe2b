// The external entity for request-chosen URLs: an SSRF sink adds it, a headless browser loading a
// page of the server itself (request data only in that page's query) does not.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SELF_PAGE_SINK, type Fact, type ProjectFact, type SinkFact } from '../types.js';
import { buildSystem } from './index.js';

const project: ProjectFact = { kind: 'project', name: 'tickets', root: '.', language: 'javascript', ecosystem: 'npm', frameworks: ['express'], role: 'service', evidence: { file: 'package.json', line: 1 }, extractor: 'js/package-json' };
const sink = (api: string): SinkFact => ({ kind: 'sink', sink: 'ssrf', api, tainted: true, source: 'req.query.name', evidence: { file: 'src/pdf.js', line: 9 }, extractor: 'js/taint' });
const externals = (facts: Fact[]) => buildSystem(facts, 'tickets').components.filter((c) => c.kind === 'external').map((c) => c.name);

describe('model/build: request-chosen URLs', () => {
  test('an SSRF sink reaches arbitrary URLs; a page of the server itself does not by itself', () => {
    assert.deepEqual(externals([project, sink('page.goto')]), ['Arbitrary URLs (request-controlled)']);
    assert.deepEqual(externals([project, sink(`page.goto${SELF_PAGE_SINK}/tickets/preview`)]), []);
  });
});
