import { getServerSession } from 'next-auth';
import { authOptions } from '@/lib/auth';
import { db } from '@/lib/db';

// Fails closed: a comparison with an undefined owner is false, and a plain read throws.
export async function DELETE(req: Request, context: { params: { fileId: string } }) {
  if (!(await mayDelete(context.params.fileId))) {
    return new Response(null, { status: 403 });
  }
  await db.file.delete({ where: { id: context.params.fileId } });
  return new Response(null, { status: 204 });
}

async function mayDelete(fileId: string) {
  const session = await getServerSession(authOptions);
  const file = await db.file.findUnique({ where: { id: fileId } });
  // ok: authorization-fails-open
  return file !== null && file.ownerId === session?.user.id;
}

export async function PATCH(req: Request, context: { params: { fileId: string } }) {
  if (!(await mayRename(context.params.fileId))) return new Response(null, { status: 403 });
  const body = await req.json();
  await db.file.update({ where: { id: context.params.fileId }, data: { name: String(body.name) } });
  return new Response(null, { status: 204 });
}

async function mayRename(fileId: string) {
  const session = await getServerSession(authOptions);
  // ok: authorization-fails-open
  const count = await db.file.count({ where: { id: fileId, ownerId: session.user.id } });
  return count > 0;
}
