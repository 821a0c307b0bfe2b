// App Router routes behind a repository wrapper that authenticates a bearer token looked up in a
// store: the wrapper reads the `Authorization` header, refuses when it is missing, destructures the
// record the store gives for the token with a `?? {}` default (`const { a, b } = (await
// store.get(token)) ?? {}`) and refuses unless the record's fields are there (`if (!a || !b)
// throw`), only then calling the callback. A wrapper that looks the token up but never refuses on
// the outcome authenticates nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authByRoute } from '../../testing.js';
import { extractor as express } from '../express/index.js';
import { extractor as helpers } from '../nextjs-helpers/index.js';
import { extractor } from './index.js';

const lib: Record<string, string> = {
  'src/server/logging.ts': `export function withLogging(handler) {
  return async (request, context) => {
    console.info(request.url);
    return handler(request, context);
  };
}`,
  'src/server/share-token.ts': `import { kv } from './kv';
class ShareTokens {
  async issue(props) {
    const token = crypto.randomUUID();
    await kv.set(token, JSON.stringify(props), { ex: 3600 });
    return token;
  }
  async get(token) {
    return await kv.get(token);
  }
}
export const shareTokens = new ShareTokens();`,
  'src/server/with-share-token.ts': `import { headers } from 'next/headers';
import { withLogging } from './logging';
import { shareTokens } from './share-token';
export const withShareToken = (handler) => {
  return withLogging(async (request, { params }) => {
    const requestHeaders = await headers();
    try {
      const token = requestHeaders.get('Authorization')?.split(' ')[1];
      if (!token) {
        throw new ApiError({ code: 'unauthorized', message: 'Token missing.' });
      }
      const { boardId, memberId } = (await shareTokens.get(token)) ?? {};
      if (!boardId || !memberId) {
        throw new ApiError({ code: 'unauthorized', message: 'Invalid token.' });
      }
      return await handler({ request, params: await params, boardId, memberId });
    } catch (error) {
      return Response.json({ error: 'failed' }, { status: 401 });
    }
  });
};
export const withShareTokenPeek = (handler) => {
  return withLogging(async (request, { params }) => {
    const requestHeaders = await headers();
    const token = requestHeaders.get('Authorization')?.split(' ')[1] ?? '';
    const { boardId, memberId } = (await shareTokens.get(token)) ?? {};
    return await handler({ request, params: await params, boardId, memberId });
  });
};`,
};

function routes(files: Record<string, string>): Record<string, string> {
  return authByRoute([helpers, extractor, express], { ...lib, ...files });
}

describe('extract/js/nextjs bearer-token lookup wrappers', () => {
  it('a wrapper that refuses unless the looked-up token record has its fields is user; one that never refuses is not', () => {
    const got = routes({
      'src/app/api/share/cards/route.ts': `import { withShareToken, withShareTokenPeek } from '@/server/with-share-token';
import { db } from '@/server/db';
export const PATCH = withShareToken(async ({ request, boardId, memberId }) => {
  const body = await request.json();
  await db.card.update({ where: { boardId, memberId }, data: body });
  return Response.json({ ok: true });
});
export const DELETE = withShareTokenPeek(async ({ boardId }) => {
  await db.card.deleteMany({ where: { boardId } });
  return Response.json({ ok: true });
});`,
    });
    assert.equal(got['PATCH /api/share/cards'], 'user', JSON.stringify(got));
    assert.equal(got['DELETE /api/share/cards'], 'none', JSON.stringify(got));
  });
});
