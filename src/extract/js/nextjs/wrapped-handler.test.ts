import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as express } from '../express/index.js';
import { extractor as helpers } from '../nextjs-helpers/index.js';
import { extractor } from './index.js';

// A handler wrapper that authenticates unless its `access` option is 'public' (through a same-file
// request helper), one that hands the callback on to that wrapper, and one whose refusal also
// depends on the kind of route (no guard: the callback must check for itself).
const lib: Record<string, string> = {
  'src/lib/api/with-api.ts': `import { verifyApiKey } from '@/lib/api-keys';
async function authenticateOrRespond(req, access) {
  const caller = await verifyApiKey(req.headers);
  if (!caller && access !== 'public') return { caller: null, response: problemUnauthorized() };
  return { caller, response: null };
}
export const withApi = ({ handler, access = 'private' }) => async (req, props) => {
  const result = await authenticateOrRespond(req, access);
  if (result.response) return result.response;
  return handler({ req, props, caller: result.caller });
};`,
  'src/lib/api/client.ts': `import { innerApi } from './inner';
export const apiClient = async ({ request, handler, schemas }) => {
  try {
    return await innerApi({ request, handler, schemas });
  } catch (e) {
    return new Response(null, { status: 500 });
  }
};`,
  'src/lib/api/inner.ts': `import { authenticateRequest } from '@/lib/api-keys';
export const innerApi = async ({ request, handler, schemas }) => {
  const authentication = await authenticateRequest(request);
  if (!authentication.ok) return handleError(request, authentication.error);
  const input = schemas ? await request.json() : {};
  return handler({ authentication: authentication.data, input });
};`,
  'src/lib/api/logged.ts': `import { authenticateRequest } from '@/lib/api-keys';
export const withLogging = ({ handler }) => async (req, props) => {
  const kind = routeKind(req.nextUrl.pathname);
  const authentication = await authenticateRequest(req);
  if (!authentication && kind !== 'client') return notAuthenticatedResponse();
  return handler({ req, props, authentication });
};`,
};

const routes = (files: Record<string, string>) =>
  Object.fromEntries(
    runExtractors([helpers, extractor, express], { ...lib, ...files })
      .facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint')
      .map((e) => [`${e.method} ${e.path}`, `${e.auth}${e.tags?.includes('declared-public') ? ' declared-public' : ''}`]),
  );

describe('extract/js/nextjs handler wrappers', () => {
  it('judges a route built by a wrapper by the wrapper body, with its opt-out option', () => {
    assert.deepEqual(
      routes({
        'src/app/api/tags/route.ts': `import { withApi } from '@/lib/api/with-api';
export const POST = withApi({
  handler: async ({ req, caller }) => Response.json(await db.tag.create({ data: await req.json() })),
});
export const GET = withApi({ access: 'public', handler: async () => Response.json(await db.tag.findMany()) });`,
      }),
      { 'POST /api/tags': 'user', 'GET /api/tags': 'none declared-public' },
    );
  });

  it('follows a wrapper that hands the callback on, from an exported function given the request', () => {
    assert.deepEqual(
      routes({
        'src/app/api/v2/hooks/route.ts': `import { apiClient } from '@/lib/api/client';
export const DELETE = async (request: Request) =>
  apiClient({ request, handler: async ({ authentication }) => Response.json(await db.hook.deleteMany({ where: { org: authentication.org } })) });`,
      }),
      { 'DELETE /api/v2/hooks': 'user' },
    );
  });

  it('does not take a refusal that depends on the kind of route for a guard; the callback check counts', () => {
    assert.deepEqual(
      routes({
        'src/app/api/v1/items/route.ts': `import { withLogging } from '@/lib/api/logged';
export const PUT = withLogging({
  handler: async ({ req, authentication }) => {
    if (!authentication) return { response: responses.notAuthenticatedResponse() };
    return { response: Response.json(await db.item.update({ data: await req.json() })) };
  },
});
export const POST = withLogging({
  handler: async ({ req }) => ({ response: Response.json(await db.display.create({ data: await req.json() })) }),
});`,
      }),
      { 'PUT /api/v1/items': 'user', 'POST /api/v1/items': 'none' },
    );
  });

  it('counts a same-file helper handed the provided caller that refuses without it, when the callback leaves on its result', () => {
    assert.deepEqual(
      routes({
        'src/app/api/v1/items/[itemId]/route.ts': `import { withLogging } from '@/lib/api/logged';
async function loadOwnedItem(itemId: string, authentication) {
  if (!authentication) return { error: responses.notAuthenticatedResponse() };
  const item = await db.item.findUnique({ where: { id: itemId } });
  if (!item) return { error: responses.notFoundResponse('Item', itemId) };
  return { item };
}
async function loadItem(itemId: string, authentication) {
  const item = await db.item.findUnique({ where: { id: itemId, org: authentication?.org } });
  return item ? { item } : { error: responses.notFoundResponse('Item', itemId) };
}
export const DELETE = withLogging({
  handler: async ({ props, authentication }) => {
    const params = await props.params;
    const result = await loadOwnedItem(params.itemId, authentication);
    if (result.error) return { response: result.error };
    return { response: Response.json(await db.item.delete({ where: { id: params.itemId } })) };
  },
});
export const PUT = withLogging({
  handler: async ({ req, props, authentication }) => {
    const params = await props.params;
    const result = await loadItem(params.itemId, authentication);
    if (result.error) return { response: result.error };
    return { response: Response.json(await db.item.update({ where: { id: params.itemId }, data: await req.json() })) };
  },
});`,
      }),
      { 'DELETE /api/v1/items/:itemId': 'user', 'PUT /api/v1/items/:itemId': 'none' },
    );
  });

  it('reads a wrapper that keeps its options as one object and answers the check\'s throw in a catch', () => {
    // The callback reached as `config.run(...)`; the key check throws (itself, through a helper of
    // the file) and the catch answers and leaves. A sibling that only logs the failure and goes
    // on, and one whose check hands back nothing instead of throwing, guard nothing.
    const wrappers = {
      'src/server/keyed-route.ts': `import { lookupKey } from '@/server/keys';
async function checkKey(header) {
  const key = await lookupKey(header);
  if (!key) throw { status: 401, message: 'invalid key' };
  return key;
}
export async function verifyProjectKey(req, allowAdmin) {
  return await checkKey(req.headers.authorization);
}
export const keyedRoute = (config) => {
  return async (req, res) => {
    let key;
    try {
      key = await verifyProjectKey(req, config.allowAdmin || false);
    } catch (error) {
      res.status(error.status ?? 401).json({ message: error.message });
      return;
    }
    const body = config.bodySchema ? config.bodySchema.parse(req.body) : {};
    res.json(await config.run({ body, req, res, key }));
  };
};`,
      'src/server/logged-route.ts': `import { verifyProjectKey } from '@/server/keyed-route';
export const loggedRoute = (config) => async (req, res) => {
  let key;
  try {
    key = await verifyProjectKey(req);
  } catch (error) {
    console.warn('no key', error);
  }
  res.json(await config.run({ req, res, key }));
};`,
      'src/server/soft-route.ts': `export async function findCaller(req) { return sessions.get(req.headers.cookie) ?? null; }
export const softRoute = (config) => async (req, res) => {
  let caller;
  try {
    caller = await findCaller(req);
  } catch {
    return res.status(500).end();
  }
  res.json(await config.run({ req, res, caller }));
};`,
    };
    assert.deepEqual(
      routes({
        ...wrappers,
        'src/pages/api/public/notes.ts': `import { keyedRoute } from '@/server/keyed-route';
import { loggedRoute } from '@/server/logged-route';
export default keyedRoute({ name: 'notes', run: async ({ body, key }) => db.note.create({ data: { ...body, project: key.projectId } }) });`,
        'src/pages/api/public/logs.ts': `import { loggedRoute } from '@/server/logged-route';
export default loggedRoute({ run: async ({ req }) => db.log.create({ data: req.body }) });`,
        'src/pages/api/public/soft.ts': `import { softRoute } from '@/server/soft-route';
export default softRoute({ run: async ({ req }) => db.log.create({ data: req.body }) });`,
        // A wrapper handing its settings whole to the keyed one: that one decides.
        'src/server/beta-route.ts': `import { keyedRoute } from '@/server/keyed-route';
export const betaRoute = (routeConfig) => keyedRoute({ ...routeConfig, errorContract: 'beta' });`,
        'src/pages/api/public/beta.ts': `import { betaRoute } from '@/server/beta-route';
export default betaRoute({ run: async ({ body, key }) => db.note.create({ data: { ...body, project: key.projectId } }) });`,
      }),
      { 'ALL /api/public/notes': 'user', 'ALL /api/public/logs': 'none', 'ALL /api/public/soft': 'none', 'ALL /api/public/beta': 'user' },
    );
  });
});
