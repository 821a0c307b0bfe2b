import { getServerSession } from 'next-auth';
import { authOptions } from '@/lib/auth';
import { db } from '@/lib/db';

// Fails closed: the helper refuses without a session before it queries.
export async function DELETE(req: Request, context: { params: { draftId: string } }) {
  if (!(await ownsDraft(context.params.draftId))) {
    return new Response(null, { status: 403 });
  }
  await db.draft.delete({ where: { id: context.params.draftId } });
  return new Response(null, { status: 204 });
}

async function ownsDraft(draftId: string) {
  const session = await getServerSession(authOptions);
  if (!session) return false;
  // ok: authorization-fails-open
  const count = await db.draft.count({ where: { id: draftId, ownerId: session?.user.id } });
  return count > 0;
}
