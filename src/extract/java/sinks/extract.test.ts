import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { SinkFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

const content = readFileSync(new URL('./fixtures/InjectionController.java', import.meta.url), 'utf8');

test('request data into SQL, commands, deserialisation, files, URLs and redirects', () => {
  const { facts, diagnostics } = runExtractor(extractor, { 'src/main/java/InjectionController.java': content });
  assert.deepEqual(diagnostics, []);
  const sinks = facts.filter((f): f is SinkFact => f.kind === 'sink');
  assert.deepEqual(
    sinks.map((s) => `${s.evidence.line} ${s.sink} ${s.api} <- ${s.source} @ ${s.route}`),
    [
      '14 sql JdbcTemplate.query <- @RequestParam q @ GET /api/search',
      '20 command Runtime.exec <- request.getParameter("host") @ POST /api/ping',
      '27 deserialize ObjectInputStream <- request.getInputStream() @ POST /api/import',
      '34 path Paths.get <- @PathVariable name @ GET /api/files/:name',
      '39 ssrf RestTemplate <- @RequestParam url @ GET /api/fetch',
      '44 redirect HttpServletResponse.sendRedirect <- @RequestParam next @ GET /api/go',
      '53 sql EntityManager.createNativeQuery <- @RequestParam order @ GET /api/report',
    ],
  );
  const viaHelper = sinks.find((s) => s.evidence.line === 53);
  assert.deepEqual(viaHelper?.path?.map((e) => e.line), [47, 49]);
});
