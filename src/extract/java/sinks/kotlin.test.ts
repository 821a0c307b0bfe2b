import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { SinkFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

const content = readFileSync(new URL('./fixtures/InjectionController.kt', import.meta.url), 'utf8');

test('Kotlin: request data through templates, concatenation and helpers into SQL, commands and files', () => {
  const { facts, diagnostics } = runExtractor(extractor, { 'src/main/kotlin/InjectionController.kt': content });
  assert.deepEqual(diagnostics, []);
  const sinks = facts.filter((f): f is SinkFact => f.kind === 'sink');
  // /safe binds the parameter and /count parses it as a number: neither is reported.
  assert.deepEqual(
    sinks.map((s) => `${s.evidence.line} ${s.sink} ${s.api} <- ${s.source} @ ${s.route}`),
    [
      '11 sql JdbcTemplate.query <- @RequestParam q @ GET /kt/search',
      '22 command Runtime.exec <- request.getParameter("host") @ POST /kt/ping',
      '30 path Paths.get <- @PathVariable name @ GET /kt/files/:name',
      '38 sql EntityManager.createNativeQuery <- @RequestParam order @ GET /kt/report',
    ],
  );
  const viaHelper = sinks.find((s) => s.evidence.line === 38);
  assert.deepEqual(viaHelper?.path?.map((e) => e.line), [33, 34, 37]);
});

test('Kotlin test sources are not read', () => {
  const { facts } = runExtractor(extractor, { 'src/test/kotlin/InjectionController.kt': content });
  assert.deepEqual(facts, []);
});
