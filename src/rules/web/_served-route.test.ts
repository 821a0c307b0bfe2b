import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact, SinkFact } from '../../model/types.js';
import { checkFacts } from '../testing.js';
import { rule } from './mass-assignment.js';

function ep(method: string, path: string, file: string, line: number): EntrypointFact {
  return { kind: 'entrypoint', protocol: 'http', method, path, framework: 'express', evidence: { file, line }, handler: { file, line }, extractor: 'js/express' } as EntrypointFact;
}

function sink(route: string, file: string, line: number, path: { file: string; line: number }[] = []): SinkFact {
  return { kind: 'sink', sink: 'mass-assignment', api: 'repo.save', tainted: true, source: 'req.body', route, path, evidence: { file, line }, extractor: 'js/taint', key: `${file}#${line}` } as unknown as SinkFact;
}

const run = (facts: Fact[]) => checkFacts(rule, facts);

describe('taint findings name the route as clients call it', () => {
  it('a router mounted under a prefix, and a global prefix, give the full path', () => {
    const found = run([
      ep('POST', '/users', 'routes/users.js', 26),
      ep('GET', '/users', 'routes/users.js', 8),
      ep('PUT', '/api/user', 'src/user/user.controller.ts', 26),
      sink('POST /', 'routes/users.js', 36),
      sink('PUT /user', 'src/user/user.service.ts', 79, [{ file: 'src/user/user.controller.ts', line: 27 }]),
    ]);
    assert.deepEqual(found.map((f) => f.data?.route), ['POST /users', 'PUT /api/user']);
  });

  it('keeps the route string when no entry point or several fit', () => {
    const found = run([ep('POST', '/a/items', 'routes/items.js', 5), ep('POST', '/b/items', 'routes/items.js', 5), sink('POST /items', 'routes/items.js', 9), sink('DELETE /x', 'routes/other.js', 3)]);
    assert.deepEqual(found.map((f) => f.data?.route), ['POST /items', 'DELETE /x']);
  });
});
