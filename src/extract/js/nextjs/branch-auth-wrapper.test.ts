// App Router routes behind repository wrappers that authenticate in one of two ways:
//   a wrapper handing an error/logging wrapper the function that receives the request, which
//   reads the caller itself (App Router: `await getSession()` reads the cookies, given nothing),
//   with an API key in the Authorization header looked up instead when one is sent, each way
//   refusing (by a throw its `catch` answers) before the callback runs;
//   a public carve-out for one path only (`pathname === '/api/uploads'`) before the checks does
//   not open the wrapper's other routes; a carve-out for any request (a header alone) does;
//   an administrator wrapper refusing when an awaited admin-role lookup of the caller finds none.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authByRoute } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor as express } from '../express/index.js';
import { extractor as helpers } from '../nextjs-helpers/index.js';
import { extractor } from './index.js';

const lib: Record<string, string> = {
  'lib/auth/session.ts': `import { getServerSession } from 'next-auth/next';
import { authOptions } from './options';
export const getSession = async () => getServerSession(authOptions);`,
  'lib/logging.ts': `export function withLogging(fn) {
  return async (req, ctx) => {
    const started = Date.now();
    const res = await fn(req, ctx);
    console.info(req.url, Date.now() - started);
    return res;
  };
}`,
  'lib/auth/with-team.ts': `import { headers } from 'next/headers';
import { getSession } from './session';
import { ApiError, errorResponse } from '../errors';
import { db } from '../db';
import { withLogging } from '../logging';
export const withTeam = (handler, { roles = [] } = {}) => {
  return withLogging(async (req, { params }) => {
    const requestHeaders = await headers();
    let session;
    try {
      const authorization = requestHeaders.get('Authorization');
      if (!params?.teamId && !authorization) {
        if (requestHeaders.has('x-guest-upload') && new URL(req.url).pathname === '/api/uploads') {
          return await handler({ req, params });
        }
        throw new ApiError({ code: 'unauthorized', message: 'Missing Authorization header.' });
      }
      if (authorization) {
        const key = await db.apiKey.findUnique({ where: { hash: authorization.replace('Bearer ', '') }, include: { user: true } });
        if (!key || !key.user) {
          throw new ApiError({ code: 'unauthorized', message: 'Invalid API key.' });
        }
        session = { user: key.user };
      } else {
        session = await getSession();
        if (!session?.user?.id) {
          throw new ApiError({ code: 'unauthorized', message: 'Login required.' });
        }
      }
      const team = await db.team.findFirst({ where: { id: params.teamId, members: { some: { userId: session.user.id } } } });
      if (!team) throw new ApiError({ code: 'not_found', message: 'Team not found.' });
      return await handler({ req, params, session, team });
    } catch (error) {
      return errorResponse(error);
    }
  });
};
export const withKeyOrSession = (handler) => {
  return withLogging(async (req, { params }) => {
    const requestHeaders = await headers();
    let session;
    try {
      const authorization = requestHeaders.get('Authorization');
      if (authorization) {
        const key = await db.apiKey.findUnique({ where: { hash: authorization } });
        session = { user: key?.user };
      } else {
        session = await getSession();
        if (!session?.user?.id) {
          throw new ApiError({ code: 'unauthorized', message: 'Login required.' });
        }
      }
      return await handler({ req, params, session });
    } catch (error) {
      return errorResponse(error);
    }
  });
};
export const withPreview = (handler) => {
  return withLogging(async (req, { params }) => {
    const requestHeaders = await headers();
    try {
      if (requestHeaders.has('x-preview')) {
        return await handler({ req, params });
      }
      const session = await getSession();
      if (!session?.user?.id) {
        throw new ApiError({ code: 'unauthorized', message: 'Login required.' });
      }
      return await handler({ req, params, session });
    } catch (error) {
      return errorResponse(error);
    }
  });
};`,
  'lib/auth/staff.ts': `import { db } from '../db';
import { getSession } from './session';
export const getStaffAdminRole = async (userId) => {
  const row = await db.teamMember.findUnique({ where: { userId_teamId: { userId, teamId: process.env.STAFF_TEAM_ID } } });
  return row ? row.role : null;
};
export const getMembership = async (userId) => db.teamMember.findFirst({ where: { userId } });
export const withStaff = (handler) => async (req, { params }) => {
  const session = await getSession();
  if (!session?.user) {
    return new Response('Unauthorized: Login required.', { status: 401 });
  }
  const adminRole = await getStaffAdminRole(session.user.id);
  if (!adminRole) {
    return new Response('Unauthorized: Not staff.', { status: 401 });
  }
  return handler({ req, params, session });
};
export const withMember = (handler) => async (req, { params }) => {
  const session = await getSession();
  if (!session?.user) {
    return new Response('Unauthorized: Login required.', { status: 401 });
  }
  const membership = await getMembership(session.user.id);
  if (!membership) {
    return new Response('Forbidden', { status: 403 });
  }
  return handler({ req, params, session });
};`,
};

function routes(files: Record<string, string>): Record<string, string> {
  return authByRoute([auth, helpers, extractor, express], { ...lib, ...files });
}

describe('extract/js/nextjs wrappers that authenticate by session or API key', () => {
  it('a session-or-API-key wrapper is user; one whose API-key branch refuses nobody is not', () => {
    const got = routes({
      'app/api/teams/[teamId]/notes/route.ts': `import { withTeam, withKeyOrSession } from '@/lib/auth/with-team';
import { db } from '@/lib/db';
export const POST = withTeam(async ({ req, team }) => {
  const body = await req.json();
  const note = await db.note.create({ data: { ...body, teamId: team.id } });
  return Response.json(note);
});
export const DELETE = withKeyOrSession(async ({ req, params }) => {
  await db.note.deleteMany({ where: { teamId: params.teamId } });
  return Response.json({ ok: true });
});`,
    });
    assert.equal(got['POST /api/teams/:teamId/notes'], 'user', JSON.stringify(got));
    assert.equal(got['DELETE /api/teams/:teamId/notes'], 'none', JSON.stringify(got));
  });

  it('a carve-out for any request with a header opens the wrapper', () => {
    const got = routes({
      'app/api/drafts/route.ts': `import { withPreview } from '@/lib/auth/with-team';
import { db } from '@/lib/db';
export const POST = withPreview(async ({ req }) => {
  await db.draft.create({ data: await req.json() });
  return Response.json({ ok: true });
});`,
    });
    assert.equal(got['POST /api/drafts'], 'none', JSON.stringify(got));
  });

  it('a wrapper refusing when the admin-role lookup of the caller finds none is admin', () => {
    const got = routes({
      'app/api/staff/users/route.ts': `import { withStaff, withMember } from '@/lib/auth/staff';
import { db } from '@/lib/db';
export const DELETE = withStaff(async ({ req }) => {
  const { id } = await req.json();
  await db.user.delete({ where: { id } });
  return Response.json({ ok: true });
});
export const PATCH = withMember(async ({ req, session }) => {
  await db.user.update({ where: { id: session.user.id }, data: await req.json() });
  return Response.json({ ok: true });
});`,
    });
    assert.equal(got['DELETE /api/staff/users'], 'admin', JSON.stringify(got));
    assert.equal(got['PATCH /api/staff/users'], 'user', JSON.stringify(got));
  });
});

describe('extract/js/nextjs one wrapped handler exported under two methods', () => {
  it('`export const PUT = PATCH` is judged by the wrapper PATCH names', () => {
    const got = routes({
      'app/api/teams/[teamId]/route.ts': `import { withTeam } from '@/lib/auth/with-team';
import { db } from '@/lib/db';
export const PATCH = withTeam(async ({ req, team }) => {
  const team2 = await db.team.update({ where: { id: team.id }, data: await req.json() });
  return Response.json(team2);
});
export const PUT = PATCH;`,
    });
    assert.equal(got['PATCH /api/teams/:teamId'], 'user', JSON.stringify(got));
    assert.equal(got['PUT /api/teams/:teamId'], 'user', JSON.stringify(got));
  });
});

describe('extract/js/nextjs a scheduler wrapper that verifies each method its own way', () => {
  it('a wrapper checking GET by a cron secret and POST by a queue signature, refusing other methods, is user', () => {
    const got = routes({
      'lib/jobs/verify.ts': `export const verifySchedulerSignature = async (req) => {
  if (req.headers.get('authorization') !== 'Bearer ' + process.env.JOB_SECRET) throw new Error('Unauthorized');
};
export const verifyQueueSignature = async ({ req, body }) => {
  const ok = await receiver.verify({ signature: req.headers.get('Queue-Signature'), body });
  if (!ok) throw new Error('Unauthorized');
};`,
      'lib/jobs/with-job.ts': `import { verifySchedulerSignature, verifyQueueSignature } from './verify';
import { withLogging } from '../logging';
export const withJob = (handler) => withLogging(async (req, { params }) => {
  try {
    let body = '';
    if (req.method === 'GET') {
      await verifySchedulerSignature(req);
    } else if (req.method === 'POST') {
      body = await req.clone().text();
      await verifyQueueSignature({ req, body });
    } else {
      throw new Error('Unsupported method');
    }
    return await handler({ req, params, body });
  } catch (error) {
    return new Response(String(error), { status: 500 });
  }
});
export const withJobLoose = (handler) => withLogging(async (req, { params }) => {
  try {
    if (req.method === 'POST') {
      await verifyQueueSignature({ req, body: '' });
    }
    return await handler({ req, params });
  } catch (error) {
    return new Response(String(error), { status: 500 });
  }
});`,
      'app/api/jobs/cleanup/route.ts': `import { withJob, withJobLoose } from '@/lib/jobs/with-job';
import { db } from '@/lib/db';
export const POST = withJob(async () => {
  await db.session.deleteMany({ where: { expired: true } });
  return Response.json({ ok: true });
});
export const DELETE = withJobLoose(async () => {
  await db.session.deleteMany({});
  return Response.json({ ok: true });
});`,
    });
    assert.equal(got['POST /api/jobs/cleanup'], 'user', JSON.stringify(got));
    assert.equal(got['DELETE /api/jobs/cleanup'], 'none', JSON.stringify(got));
  });
});
