// A route handler whose auth helper comes after other awaits: reading the request, parsing its
// parameters, looking up the record the path names, and logging a refusal do no work for the
// caller, so the helper still stands in front of what the handler does. A write before it does not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as express } from '../express/index.js';
import { extractor as helpers } from '../nextjs-helpers/index.js';
import { extractor } from './index.js';

const lib = {
  'src/lib/request.ts': `import { checkAuth } from '@/lib/auth';
import { unauthorized } from '@/lib/response';
export async function parseRequest(request: Request) {
  let error;
  const auth = await checkAuth(request);
  if (!auth) error = () => unauthorized();
  return { auth, error };
}`,
};

const routes = (files: Record<string, string>) =>
  Object.fromEntries(
    runExtractors([helpers, extractor, express], { ...lib, ...files })
      .facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint')
      .map((e) => [`${e.method} ${e.path}`, e.auth]),
  );

const handler = (before: string) => `import { parseRequest } from '@/lib/request';
import { findAttachment, removeAttachment, touchAttachment } from '@/lib/attachments';
import { auditAttachment } from '@/lib/audit';
import { badRequest, notFound } from '@/lib/response';
import { z } from 'zod';
const Params = z.object({ name: z.string() });
export async function DELETE(request: Request, props: { params: Promise<{ name: string }> }) {
  const params = await props.params;
  const parsed = Params.safeParse({ name: params.name });
  if (!parsed.success) {
    await auditAttachment({ failure: 'bad name', url: request.url });
    return badRequest();
  }
${before}
  const { auth, error } = await parseRequest(request);
  if (error) return error();
  await removeAttachment(parsed.data.name, auth.user.id);
  return Response.json({ ok: true });
}`;

describe('extract/js/nextjs: auth helpers after other awaits', () => {
  it('looks past awaits that read the request, parse parameters, look up a record or log a refusal', () => {
    const r = routes({
      'src/app/api/attachments/[name]/route.ts': handler(`  const found = await findAttachment(parsed.data.name);
  if (!found) {
    await auditAttachment({ failure: 'missing', url: request.url });
    return notFound();
  }`),
    });
    assert.equal(r['DELETE /api/attachments/:name'], 'user');
  });

  it('stops at a write (before the helper or in a branch that leaves) and at a look-up answered before the check', () => {
    const r = routes({
      'src/app/api/touched/[name]/route.ts': handler(`  await touchAttachment(parsed.data.name);`),
      // What was looked up is answered to anyone before the check.
      'src/app/api/shared/[name]/route.ts': handler(`  const found = await findAttachment(parsed.data.name);
  if (found?.shared) return Response.json(found);`),
      'src/app/api/early/[name]/route.ts': handler(`  if (request.headers.get('x-purge')) {
    await removeAttachment(parsed.data.name);
    return Response.json({ ok: true });
  }`),
    });
    assert.equal(r['DELETE /api/touched/:name'], 'none');
    assert.equal(r['DELETE /api/shared/:name'], 'none');
    assert.equal(r['DELETE /api/early/:name'], 'none');
  });
});
