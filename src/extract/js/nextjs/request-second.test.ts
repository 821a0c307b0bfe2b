// A guard helper handed the request after the object it checks (`await authorizeOrThrow(body.
// projectId, request)`), which throws without a session or membership: the route is `user`,
// whether the handler is the route's own export or an imported handler the route file re-exports.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authByRoute } from '../../testing.js';
import { extractor as express } from '../express/index.js';
import { extractor as helpers } from '../nextjs-helpers/index.js';
import { extractor } from './index.js';

const lib: Record<string, string> = {
  'src/server/authorize.ts': `import { getSessionForRequest } from './auth';
export const authorizeOrThrow = async (projectId: string, request: Request) => {
  const session = await getSessionForRequest(request);
  if (!session?.user) throw new UnauthorizedError('Unauthenticated');
  if (!isMember(session.user, projectId)) throw new ForbiddenError('Not a member');
  return { userId: session.user.id };
};
export const describeProject = async (projectId: string, request: Request) => {
  const project = await db.project.findUnique({ where: { id: projectId } });
  if (!project) throw new NotFoundError('No project');
  return { project, agent: request.headers.get('user-agent') };
};`,
  'src/server/complete.ts': `import { authorizeOrThrow } from './authorize';
export default async function completeHandler(req: Request) {
  try {
    const body = parseBody(await req.json());
    const { userId } = await authorizeOrThrow(body.projectId, req);
    await db.run.create({ data: { userId, projectId: body.projectId } });
    return Response.json({ ok: true });
  } catch (error) {
    return Response.json({ error: 'failed' }, { status: 500 });
  }
}`,
};

function routes(files: Record<string, string>): Record<string, string> {
  return authByRoute([helpers, extractor, express], { ...lib, ...files });
}

describe('extract/js/nextjs: guard helpers given the request second', () => {
  it('is user in the route file and through an imported handler; a lookup given the request is no guard', () => {
    const got = routes({
      'src/app/api/complete/route.ts': `import completeHandler from '@/server/complete';
export const POST = completeHandler;`,
      'src/app/api/runs/route.ts': `import { authorizeOrThrow, describeProject } from '@/server/authorize';
export async function POST(request: Request) {
  const body = await request.json();
  await authorizeOrThrow(body.projectId, request);
  await db.run.create({ data: { projectId: body.projectId } });
  return Response.json({ ok: true });
}
export async function PUT(request: Request) {
  const body = await request.json();
  const { project } = await describeProject(body.projectId, request);
  await db.run.create({ data: { projectId: project.id } });
  return Response.json({ ok: true });
}`,
    });
    assert.equal(got['POST /api/complete'], 'user', JSON.stringify(got));
    assert.equal(got['POST /api/runs'], 'user', JSON.stringify(got));
    assert.equal(got['PUT /api/runs'], 'none', JSON.stringify(got));
  });
});
