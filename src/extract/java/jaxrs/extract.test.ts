import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import { extractor as spring } from '../spring/index.js';
import { extractor } from './index.js';

test('JAX-RS resources: class and method paths, JSR-250 annotations decide auth', () => {
  const content = readFileSync(new URL('./fixtures/OrderResource.java', import.meta.url), 'utf8');
  const out = extractFile({ path: 'src/main/java/OrderResource.java', content }, [extractor, spring]);
  const routes = linkFacts(out.facts, [extractor, spring]).filter((f): f is EntrypointFact => f.kind === 'entrypoint');
  assert.deepEqual(
    routes.map((r) => `${r.method} ${r.path} ${r.auth} ${r.framework}`),
    ['GET /orders none jax-rs', 'POST /orders user jax-rs', 'DELETE /orders/:id admin jax-rs'],
  );
  assert.equal(routes[2].evidence.line, 18);
  assert.ok(routes[2].tags?.includes('id-param'));
});
