import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as express } from '../express/index.js';
import { extractor as helpers } from '../nextjs-helpers/index.js';
import { extractor } from './index.js';

// App Router guards that read the session from headers() themselves (no request parameter) and
// throw without a caller, or without one of the roles the call site lists; exported through a
// folder's index, as auth modules often are.
const guards: Record<string, string> = {
  'src/server/access/session.ts': `import { headers } from 'next/headers';
import { auth } from '@/server/auth';
import { db } from '@/server/db';
import { NotSignedIn, NotAllowed } from './errors';
export async function currentMember() {
  const session = await auth.api.getSession({ headers: await headers() });
  const memberId = session?.user?.id;
  if (!memberId) throw new NotSignedIn();
  return { id: memberId, role: session.user.role };
}
export async function needRoles(roles) {
  const member = await currentMember();
  if (!roles.includes(member.role)) throw new NotAllowed();
  return member;
}
export async function loadMember(id) {
  const member = await db.member.findUnique({ where: { id } });
  if (!member) throw new Error('not found');
  return member;
}`,
  'src/server/access/index.ts': `export { currentMember, needRoles, loadMember } from './session';
export { NotSignedIn, NotAllowed } from './errors';`,
};

const routes = (files: Record<string, string>) =>
  Object.fromEntries(
    runExtractors([helpers, extractor, express], { ...guards, ...files })
      .facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint')
      .map((e) => [`${e.method} ${e.path}`, `${e.auth}${e.tags?.includes('layout-guard') ? ' layout-guard' : ''}`]),
  );

describe('extract/js/nextjs throwing session guards', () => {
  it('judges route handlers that await a guard reading the session itself, in a try whose catch answers', () => {
    assert.deepEqual(
      routes({
        'src/app/api/notes/route.ts': `import { NextResponse } from 'next/server';
import { currentMember, NotSignedIn } from '@/server/access';
export async function POST(request) {
  let member;
  try {
    member = await currentMember();
  } catch (e) {
    if (e instanceof NotSignedIn) return NextResponse.json({ error: 'sign in' }, { status: 401 });
    throw e;
  }
  const note = await db.note.create({ data: { text: (await request.json()).text, ownerId: member.id } });
  return NextResponse.json(note);
}`,
        'src/app/api/settings/route.ts': `import { NextResponse } from 'next/server';
import { needRoles, NotAllowed } from '@/server/access';
async function staffOnly() {
  try {
    await needRoles(['admin']);
    return null;
  } catch (e) {
    if (e instanceof NotAllowed) return NextResponse.json({ error: 'forbidden' }, { status: 403 });
    throw e;
  }
}
export async function PUT(request) {
  const refused = await staffOnly();
  if (refused) return refused;
  await db.setting.update({ where: { id: 1 }, data: await request.json() });
  return NextResponse.json({ ok: true });
}
export async function DELETE() {
  await needRoles(['member', 'admin']);
  await db.setting.deleteMany();
  return NextResponse.json({ ok: true });
}`,
        'src/app/api/profile/route.ts': `import { NextResponse } from 'next/server';
import { currentMember } from '@/server/access';
export async function PATCH(request) {
  try {
    await currentMember();
  } catch (e) {
    console.warn(e);
  }
  await db.profile.update({ where: { id: 1 }, data: await request.json() });
  return NextResponse.json({ ok: true });
}`,
        'src/app/api/members/[id]/route.ts': `import { NextResponse } from 'next/server';
import { loadMember } from '@/server/access';
export async function DELETE(request, { params }) {
  const member = await loadMember(params.id);
  await db.member.delete({ where: { id: member.id } });
  return NextResponse.json({ ok: true });
}`,
      }),
      { 'POST /api/notes': 'user', 'PUT /api/settings': 'admin', 'DELETE /api/settings': 'user', 'PATCH /api/profile': 'none', 'DELETE /api/members/:id': 'none' },
    );
  });

  it('gives the pages below a layout the role its guard requires, when the catch navigates away', () => {
    assert.deepEqual(
      routes({
        'src/app/console/layout.tsx': `import { redirect } from 'next/navigation';
import { needRoles, NotSignedIn } from '@/server/access';
export default async function ConsoleLayout({ children }) {
  try {
    await needRoles(['admin']);
  } catch (e) {
    if (e instanceof NotSignedIn) redirect('/login');
    redirect('/');
  }
  return <main>{children}</main>;
}`,
        'src/app/console/members/page.tsx': `export default async function Members() {
  return <Table rows={await db.member.findMany()} />;
}`,
      }),
      { 'GET /console/members': 'admin layout-guard' },
    );
  });

  it('reads a deployment secret compared after the request was validated, or held in a local first', () => {
    const facts = runExtractors([helpers, extractor, express], {
      'src/app/api/inbound/leads/route.ts': `import { NextResponse } from 'next/server';
export async function POST(req: Request) {
  if (req.headers.get('content-type') !== 'application/json') {
    return NextResponse.json({ message: 'json only' }, { status: 400 });
  }
  const body = await req.json();
  const headers = req.headers;
  if (!body) return NextResponse.json({ message: 'empty' }, { status: 400 });
  const { name, email } = body;
  const token = headers.get('authorization');
  if (!token) return NextResponse.json({ message: 'no token' }, { status: 401 });
  if (token.trim() !== process.env.INBOUND_TOKEN?.trim()) {
    return NextResponse.json({ message: 'bad token' }, { status: 401 });
  }
  await db.lead.create({ data: { name, email } });
  return NextResponse.json({ ok: true });
}`,
      'src/app/api/inbound/contacts/route.ts': `import { NextResponse } from 'next/server';
export async function POST(req: Request) {
  const key = req.headers.get('x-inbound-key');
  if (!key) return NextResponse.json({ error: 'missing' }, { status: 401 });
  const expected = process.env.INBOUND_API_KEY;
  if (key !== expected) return NextResponse.json({ error: 'denied' }, { status: 403 });
  await db.contact.create({ data: await req.json() });
  return NextResponse.json({ ok: true });
}`,
    }).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    const at = (path: string) => facts.find((e) => e.path === path);
    assert.equal(at('/api/inbound/leads')?.auth, 'user');
    assert.ok(at('/api/inbound/leads')?.tags?.includes('deployment-secret'));
    assert.equal(at('/api/inbound/contacts')?.auth, 'user');
    assert.ok(at('/api/inbound/contacts')?.tags?.includes('deployment-secret'));
  });
});
