// App Router routes behind repository wrappers that authenticate a machine or API caller:
//   a wrapper given the callback that, inside the function it hands an error wrapper
//   (`return withErrors(scope, async (request) => { ... })`), validates the request's API key
//   with a helper that throws on a bad key and only then calls the callback;
//   a handler that refuses unless an imported predicate given the request says the request
//   carries the deployment's shared secret (`if (!(await hasJobSecret(request))) return 401`),
//   the predicate comparing a header or body value with `process.env` in constant time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authByRoute } from '../../testing.js';
import { extractor as express } from '../express/index.js';
import { extractor as helpers } from '../nextjs-helpers/index.js';
import { extractor } from './index.js';

const lib: Record<string, string> = {
  'src/server/errors.ts': `export function withErrors(scope, handler) {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      return Response.json({ error: 'failed', scope }, { status: 500 });
    }
  };
}`,
  'src/server/api-keys.ts': `import { db } from './db';
export async function validateKey(request, scopes) {
  const key = request.headers.get('x-api-key');
  if (!key) throw new ApiError('Missing API key', 401);
  const record = await db.apiKey.findUnique({ where: { hash: hashKey(key) } });
  if (!record || !scopes.every((s) => record.scopes.includes(s))) throw new ApiError('Invalid API key', 401);
  return { keyId: record.id, accountId: record.accountId };
}`,
  'src/server/with-key.ts': `import { withErrors } from './errors';
import { validateKey } from './api-keys';
export function withKey(scope, scopes, handler) {
  return withErrors(scope, async (request, context) => {
    const started = Date.now();
    try {
      const principal = await validateKey(request, scopes);
      request.principal = principal;
      return await handler(request, context);
    } catch (error) {
      console.warn('api call failed', Date.now() - started);
      throw error;
    }
  });
}
export function withTiming(scope, handler) {
  return withErrors(scope, async (request, context) => {
    const started = Date.now();
    const response = await handler(request, context);
    console.info('took', Date.now() - started);
    return response;
  });
}`,
  'src/server/jobs-auth.ts': `import { safeEqual } from './compare';
export function hasJobSecret(request) {
  const valid = matchesJobSecret(request);
  if (!valid) console.warn('bad job secret');
  return valid;
}
function matchesJobSecret(request) {
  if (!process.env.JOB_SECRET) return false;
  return safeEqual(request.headers.get('x-job-key'), \`Bearer \${process.env.JOB_SECRET}\`);
}
export async function hasPostedJobSecret(request) {
  if (!process.env.JOB_SECRET) return false;
  const body = await request.clone().json();
  return safeEqual(body.JOB_SECRET, process.env.JOB_SECRET);
}
export function isPreviewBuild(request) {
  return request.headers.get('x-preview') === '1';
}`,
};

function routes(files: Record<string, string>): Record<string, string> {
  return authByRoute([helpers, extractor, express], { ...lib, ...files });
}

describe('extract/js/nextjs API-key wrappers and shared-secret predicates', () => {
  it('a wrapper that validates the API key before it calls the callback is user; one that only times it is not', () => {
    const got = routes({
      'src/app/api/v1/items/route.ts': `import { withKey, withTiming } from '@/server/with-key';
import { db } from '@/server/db';
export const POST = withKey('v1/items', ['ITEMS_WRITE'], async (request) => {
  const body = await request.json();
  await db.item.create({ data: { ...body, accountId: request.principal.accountId } });
  return Response.json({ ok: true });
});
export const PUT = withTiming('v1/items', async (request) => {
  await db.item.update({ where: { id: 1 }, data: await request.json() });
  return Response.json({ ok: true });
});`,
    });
    assert.equal(got['POST /api/v1/items'], 'user', JSON.stringify(got));
    assert.equal(got['PUT /api/v1/items'], 'none', JSON.stringify(got));
  });

  it('a refusal when a shared-secret predicate given the request says no is user', () => {
    const got = routes({
      'src/app/api/jobs/cleanup/route.ts': `import { hasJobSecret, hasPostedJobSecret, isPreviewBuild } from '@/server/jobs-auth';
import { withErrors } from '@/server/errors';
import { db } from '@/server/db';
export const GET = withErrors('jobs/cleanup', async (request) => {
  if (!hasJobSecret(request)) {
    return new Response('Unauthorized', { status: 401 });
  }
  await db.job.deleteMany({});
  return Response.json({ ok: true });
});
export const POST = withErrors('jobs/cleanup', async (request) => {
  if (!(await hasPostedJobSecret(request))) {
    return new Response('Unauthorized', { status: 401 });
  }
  await db.job.deleteMany({});
  return Response.json({ ok: true });
});
export const DELETE = withErrors('jobs/cleanup', async (request) => {
  if (!isPreviewBuild(request)) {
    return new Response('Unauthorized', { status: 401 });
  }
  await db.job.deleteMany({});
  return Response.json({ ok: true });
});`,
    });
    assert.equal(got['GET /api/jobs/cleanup'], 'user', JSON.stringify(got));
    assert.equal(got['POST /api/jobs/cleanup'], 'user', JSON.stringify(got));
    assert.equal(got['DELETE /api/jobs/cleanup'], 'none', JSON.stringify(got));
  });
});
