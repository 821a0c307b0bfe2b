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

test('numeric and date parameters carry no text; an application service is no JDBC receiver', () => {
  const source = `package shop;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/sessions")
public class SessionController {
    private final SessionService sessionService;
    private final JdbcTemplate jdbcTemplate;

    public SessionController(SessionService sessionService, JdbcTemplate jdbcTemplate) {
        this.sessionService = sessionService;
        this.jdbcTemplate = jdbcTemplate;
    }

    @PostMapping("/{id}")
    public int rename(@PathVariable String id, @RequestParam String name) {
        return sessionService.update(id + ":" + name, name);
    }

    @DeleteMapping("/{id}")
    public int delete(@PathVariable Long id) {
        return jdbcTemplate.update("DELETE FROM sessions WHERE id = " + id);
    }

    @DeleteMapping
    public int deleteMany(@RequestParam List<Long> ids) {
        return jdbcTemplate.update("DELETE FROM sessions WHERE id IN (" + ids + ")");
    }

    @GetMapping
    public List<String> find(@RequestParam String owner) {
        return jdbcTemplate.queryForList("SELECT name FROM sessions WHERE owner = '" + owner + "'", String.class);
    }
}
`;
  const { facts } = runExtractor(extractor, { 'src/main/java/shop/SessionController.java': source });
  const sinks = facts.filter((f): f is SinkFact => f.kind === 'sink');
  assert.deepEqual(sinks.map((s) => `${s.evidence.line} ${s.sink} <- ${s.source}`), ['35 sql <- @RequestParam owner']);
});
