// App Router route files whose methods are destructured from an object another module builds:
// `export const { POST } = serve(async (context) => ...)` (a workflow SDK's handler factory, the
// function a step it runs) and `export const { GET, POST } = handlers` (an auth library's handlers
// exported by the project's setup). Each method is a route; its checks live with the maker.
// A route whose comment says it is public on purpose is tagged declared-public.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { authByRoute, runExtractors } from '../../testing.js';
import { extractor as frontend } from '../frontend/index.js';
import { extractor as helpers } from '../nextjs-helpers/index.js';
import { extractor } from './index.js';

describe('extract/js/nextjs methods destructured from a built object', () => {
  it('each destructured method is an entry point, unknown (decided by its maker)', () => {
    const got = authByRoute([extractor], {
      'app/api/jobs/sync/route.ts': `import { serve } from '@acme/workflow/nextjs';
import { db } from '@/lib/db';
export const { POST } = serve(async (context) => {
  const { teamId } = context.requestPayload;
  await context.run('sync', async () => db.team.update({ where: { id: teamId }, data: { syncedAt: new Date() } }));
});`,
      'app/api/auth/[...nextauth]/route.ts': `import { handlers } from '@/lib/auth';
export const { GET, POST } = handlers;`,
    });
    assert.equal(got['POST /api/jobs/sync'], 'unknown', JSON.stringify(got));
    assert.equal(got['GET /api/auth/*nextauth'], 'unknown', JSON.stringify(got));
    assert.equal(got['POST /api/auth/*nextauth'], 'unknown', JSON.stringify(got));
  });
});

describe('extract/js/nextjs methods served by a signing event SDK', () => {
  it('Inngest and Upstash Workflow serve() verify their service signature: webhook-signature, not a package-decided unknown', () => {
    const facts = runExtractors([extractor], {
      'app/api/events/route.ts': `import { serve } from 'inngest/next';
import { client } from '@/lib/events';
import { syncTeams } from '@/lib/events/sync-teams';
export const { GET, POST, PUT } = serve({ client, functions: [syncTeams] });`,
      'app/api/flows/approve/route.ts': `import { serve } from '@upstash/workflow/nextjs';
import { db } from '@/lib/db';
export const { POST } = serve(async (context) => {
  const { teamId } = context.requestPayload;
  await context.run('approve', async () => db.team.update({ where: { id: teamId }, data: { approved: true } }));
});`,
      'app/api/flows/other/route.ts': `import { serve } from '@acme/workflow/nextjs';
export const { POST } = serve(async (context) => context.run('noop', async () => 1));`,
    });
    const eps = facts.facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    const tags = (m: string, p: string): string[] => eps.find((e) => e.method === m && e.path === p)?.tags ?? [];
    for (const m of ['GET', 'POST', 'PUT']) assert.ok(tags(m, '/api/events').includes('webhook-signature'), `${m} ${JSON.stringify(tags(m, '/api/events'))}`);
    assert.ok(tags('POST', '/api/flows/approve').includes('webhook-signature'), JSON.stringify(tags('POST', '/api/flows/approve')));
    assert.ok(!tags('POST', '/api/flows/other').includes('webhook-signature'), JSON.stringify(tags('POST', '/api/flows/other')));
  });
});

describe('extract/js/nextjs routes declared public by a comment', () => {
  it('tags a handler whose comment says it is intentionally unauthenticated as declared-public', () => {
    const facts = runExtractors([extractor], {
      'app/files/[id]/route.ts': `import { db } from '@/lib/db';
/**
 * Serves a stored file by id.
 * NOTE: This endpoint is intentionally unauthenticated: links are embedded in image tags.
 */
export const GET = async (_req: Request, { params }) => {
  const file = await db.file.findUnique({ where: { id: (await params).id } });
  await db.file.update({ where: { id: file.id }, data: { views: file.views + 1 } });
  return Response.redirect(file.url, 302);
};
// Removes a stored file.
export const DELETE = async (_req: Request, { params }) => {
  await db.file.delete({ where: { id: (await params).id } });
  return new Response(null, { status: 204 });
};`,
    }).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    const tags = (m: string) => facts.find((f) => f.method === m)?.tags ?? [];
    assert.ok(tags('GET').includes('declared-public'), JSON.stringify(tags('GET')));
    assert.ok(!tags('DELETE').includes('declared-public'));
  });
});

describe('extract/js/nextjs a caller getter given nothing', () => {
  it('a handler refusing when the user id from `await getUserAuth()` is missing is user', () => {
    const got = authByRoute([extractor], {
      'app/sessions/clear/route.ts': `import { getUserAuth } from '@acme/utils/server';
import { db } from '@/lib/db';
export async function POST() {
  const { userId } = await getUserAuth();
  if (!userId) {
    return Response.json({ error: 'unauthorized' }, { status: 401 });
  }
  await db.session.deleteMany({ where: { userId } });
  return Response.json({ ok: true });
}`,
    });
    assert.equal(got['POST /sessions/clear'], 'user', JSON.stringify(got));
  });
});

describe('extract/js/nextjs a handler that throttles itself by a thrown refusal', () => {
  it('tags rate-limited when a limiter says no and the handler throws a too-many-requests error', () => {
    const facts = runExtractors([extractor], {
      'app/api/otp/verify/route.ts': `import { ratelimit } from '@/lib/limits';
import { ApiError } from '@/lib/errors';
export async function POST(req: Request) {
  const { email, code } = await req.json();
  const { success } = await ratelimit(10, '24 h').limit('otp:' + email);
  if (!success) {
    throw new ApiError({ code: 'rate_limit_exceeded', message: 'Too many requests.' });
  }
  return Response.json({ ok: await checkCode(email, code) });
}`,
      'app/api/otp/send/route.ts': `export async function POST(req: Request) {
  const { email } = await req.json();
  if (!email) throw new Error('email is required');
  await sendCode(email);
  return Response.json({ ok: true });
}`,
    }).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    const tags = (p: string) => facts.find((f) => f.path === p)?.tags ?? [];
    assert.ok(tags('/api/otp/verify').includes('rate-limited'), JSON.stringify(tags('/api/otp/verify')));
    assert.ok(!tags('/api/otp/send').includes('rate-limited'));
  });
});

describe('extract/js/nextjs UI-shell pages beside a file named like a package', () => {
  it('a page rendering a client component and React.Suspense stays a shell though the repository has ui/icons/react.tsx', () => {
    const facts = runExtractors([extractor, helpers, frontend], {
      'app/(admin)/links/page.tsx': `import { Suspense } from 'react';
import { LinksList } from 'app/(dashboard)/links/list-client';
export default function AdminLinks() {
  return (
    <Suspense>
      <LinksList />
    </Suspense>
  );
}`,
      'app/(dashboard)/links/list-client.tsx': `'use client';
export function LinksList() { return <ul />; }`,
      'ui/icons/react.tsx': `export async function reactLogo() { return (await fetch('/api/logos/react')).text(); }`,
    }).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.ok(facts.find((f) => f.path === '/links')?.tags?.includes('ui-shell'), JSON.stringify(facts.map((f) => [f.path, f.tags])));
  });
});
