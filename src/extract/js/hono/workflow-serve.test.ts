// A Hono route answered by Upstash Workflow's `serve(workflow, options)` (`@upstash/workflow/hono`):
// the SDK checks the QStash signature of each call with the deployment's signing keys, so the route
// answers the queue service only (tagged webhook-signature, like Inngest's serve); a plain handler
// beside it is not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor } from './index.js';

describe('extract/js/hono Upstash Workflow handlers', () => {
  it('tags a route served by @upstash/workflow serve() as webhook-signature', () => {
    const eps = new Map(
      runExtractors([extractor], {
        'src/workflows.ts': `import { serve } from '@upstash/workflow/hono';
import { Hono } from 'hono';
import { db } from './db';
const app = new Hono();
app.post('/digest', serve(async (context) => {
  await context.run('send', async () => db.digest.create({ data: context.requestPayload }));
}, { retries: 3 }));
app.post('/manual', async (c) => {
  await db.digest.create({ data: await c.req.json() });
  return c.json({ ok: true });
});
export default app;
`,
      })
        .facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint')
        .map((e) => [`${e.method} ${e.path}`, e]),
    );
    assert.ok(eps.get('POST /digest')?.tags?.includes('webhook-signature'), JSON.stringify([...eps.keys()]));
    assert.ok(!eps.get('POST /manual')?.tags?.includes('webhook-signature'));
  });
});
