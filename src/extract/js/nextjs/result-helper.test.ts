// A route handler's auth helper that hands back a Result (neverthrow's `ok`/`err`, `{ ok: false }`)
// instead of a response: the handler tests it and answers the refusal itself.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as express } from '../express/index.js';
import { extractor as helpers } from '../nextjs-helpers/index.js';
import { extractor } from './index.js';

const helper = (refusal: string) => `import { err, ok } from '@acme/types/result';
import { getSession } from '@/lib/session';
import { authenticateApiKey } from '@/lib/api-key';
import { canAccess } from '@/lib/permissions';
export const authorizeFileAccess = async (request: Request, projectId: string) => {
  const session = await getSession();
  if (session?.user) {
    if (!(await canAccess(session.user.id, projectId))) return err({ code: 'forbidden' });
    return ok({ userId: session.user.id });
  }
  const key = await authenticateApiKey(request);
  if (!key) {
    ${refusal}
  }
  return ok({ keyId: key.id });
};`;

const route = `import { authorizeFileAccess } from '@/lib/access';
import { deleteFile } from '@/lib/storage';
import { responses } from '@/lib/responses';
export const DELETE = async (request: Request, props: { params: Promise<{ projectId: string; path: string[] }> }) => {
  const params = await props.params;
  const result = await authorizeFileAccess(request, params.projectId);
  if (!result.ok) {
    return responses.refused(result.error);
  }
  await deleteFile(params.projectId, params.path.join('/'));
  return Response.json({ done: true });
};`;

function auth(refusal: string): string | undefined {
  const facts = runExtractors([helpers, extractor, express], { 'src/lib/access.ts': helper(refusal), 'src/app/files/[projectId]/[...path]/route.ts': route }).facts;
  return facts.find((f): f is EntrypointFact => f.kind === 'entrypoint' && f.path === '/files/:projectId/*path')?.auth;
}

describe('extract/js/nextjs: auth helpers returning a failed result', () => {
  it('reads `return err(...)` and `return { ok: false }` without a caller as a refusal the handler answers', () => {
    assert.equal(auth(`return err({ code: 'no_key' });`), 'user');
    assert.equal(auth(`return { ok: false, error: 'no key' };`), 'user');
  });

  it('does not take a branch that goes on, or one that hands back a success', () => {
    assert.equal(auth(`console.warn('anonymous');`), 'none');
    assert.equal(auth(`return ok({ anonymous: true });`), 'none');
    assert.equal(auth(`const failed = err({ code: 'no_key' }); console.warn(failed);`), 'none');
  });
});
