import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SinkFact } from '../../model/types.js';
import { checkFacts } from '../testing.js';
import { rule } from './path-traversal.js';

function sink(api: string, source: string): SinkFact {
  return { kind: 'sink', sink: 'path', api, tainted: true, source, route: 'POST /upload', evidence: { file: 'server/test.js', line: 5 }, extractor: 'js/taint', key: `server/test.js#${api}#${source}` };
}

describe('path-traversal: a forged upload path handed to a move', () => {
  it('is rated a step lower: it displaces a file the client must name, it reads or writes none', () => {
    const [f] = checkFacts(rule, [sink('fs.renameSync', 'ctx.request.body.files.file.path')]);
    assert.equal(f.likelihood, 'medium');
  });

  it('ok: request paths read or written, and moves of other request values, keep the rating', () => {
    const found = checkFacts(rule, [sink('fs.readFile', 'ctx.request.body.files.file.path'), sink('fs.renameSync', 'req.body.target'), sink('fs.writeFile', 'req.query.name')]);
    assert.equal(found.length, 3);
    for (const f of found) assert.equal(f.likelihood, undefined, f.key);
  });
});
