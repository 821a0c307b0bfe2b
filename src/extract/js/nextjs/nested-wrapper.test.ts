// App Router routes built by wrappers nested in an error wrapper (`withErrors('scope',
// withMachineKey(cb))`), wrappers that run the callback only for a request carrying the
// deployment's key or signature (js/nextjs-helpers secret-gate.ts), and route factories given only
// options whose route hands the request to a package's handler (library-factory.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as express } from '../express/index.js';
import { extractor as helpers } from '../nextjs-helpers/index.js';
import { extractor } from './index.js';

const lib: Record<string, string> = {
  'src/server/route-kit.ts': `import { verifyWebhookSignature } from 'signing-kit/next';
import { consumeMessages } from 'queue-kit';
import { hasValidMachineKey } from './machine-key';

export function withErrors(scopeOrHandler, maybeHandler) {
  const handler = typeof scopeOrHandler === 'string' ? maybeHandler : scopeOrHandler;
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      return Response.json({ error: 'failed' }, { status: 500 });
    }
  };
}

export function withMachineKey(handler) {
  return async (request, context) => {
    if (request.headers.has('x-machine-key') && hasValidMachineKey(request.headers)) return handler(request, context);
    if (process.env.SIGNING_KEY) return verifyWebhookSignature(handler)(request, context);
    if (!hasValidMachineKey(request.headers)) return new Response('Unauthorized', { status: 401 });
    return handler(request, context);
  };
}

export function withLeakyKey(handler) {
  return async (request, context) => {
    if (hasValidMachineKey(request.headers)) return handler(request, context);
    console.warn('no machine key');
    return handler(request, context);
  };
}

export function createQueueRoute({ path }) {
  const consume = consumeMessages(async (message) => {
    await fetch(path, { method: 'POST', body: JSON.stringify(message) });
  });
  return (request) => consume(request);
}`,
  'src/server/jobs.ts': `import { db } from './db';
export async function runJobs(request) {
  const body = await request.json();
  await db.job.create({ data: body });
  return Response.json({ ok: true });
}`,
};

const route = (wrapped: string, imports: string) => `import { ${imports} } from '@/server/route-kit';
import { runJobs } from '@/server/jobs';
import { db } from '@/server/db';
export const POST = ${wrapped};`;

const inline = 'async (request) => {\n  const body = await request.json();\n  await db.job.create({ data: body });\n  return Response.json({ ok: true });\n}';

function routes(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    runExtractors([helpers, extractor, express], { ...lib, ...files })
      .facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint')
      .map((e) => [`${e.method} ${e.path}`, e.auth]),
  );
}

describe('extract/js/nextjs nested wrappers, machine-key wrappers and route factories', () => {
  it('judges the wrapper nested in a scoped error wrapper, with an inline or an imported callback', () => {
    assert.deepEqual(
      routes({
        'src/app/api/jobs/route.ts': route(`withErrors('jobs', withMachineKey(${inline}))`, 'withErrors, withMachineKey'),
        'src/app/api/jobs/batch/route.ts': route(`withErrors('jobs/batch', withMachineKey(runJobs))`, 'withErrors, withMachineKey'),
        'src/app/api/jobs/plain/route.ts': route(`withMachineKey(${inline})`, 'withMachineKey'),
      }),
      { 'POST /api/jobs': 'user', 'POST /api/jobs/batch': 'user', 'POST /api/jobs/plain': 'user' },
    );
  });

  it('does not take a wrapper that also runs the callback without the check, or an error wrapper alone', () => {
    assert.deepEqual(
      routes({
        'src/app/api/leaky/route.ts': route(`withErrors('leaky', withLeakyKey(${inline}))`, 'withErrors, withLeakyKey'),
        'src/app/api/open/route.ts': route(`withErrors('open', ${inline})`, 'withErrors'),
      }),
      { 'POST /api/leaky': 'none', 'POST /api/open': 'none' },
    );
  });

  it("leaves a route that a factory hands to a package's handler to the package (unknown)", () => {
    assert.deepEqual(routes({ 'src/app/api/queue/route.ts': route(`createQueueRoute({ path: '/api/jobs' })`, 'createQueueRoute') }), { 'POST /api/queue': 'unknown' });
  });
});
