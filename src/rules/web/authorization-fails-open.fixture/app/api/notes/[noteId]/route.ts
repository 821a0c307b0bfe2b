import { getServerSession } from 'next-auth';
import { authOptions } from '@/lib/auth';
import { db } from '@/lib/db';

export async function DELETE(req: Request, context: { params: { noteId: string } }) {
  if (!(await canEditNote(context.params.noteId))) {
    return new Response(null, { status: 403 });
  }
  await db.note.delete({ where: { id: context.params.noteId } });
  return new Response(null, { status: 204 });
}

async function canEditNote(noteId: string) {
  const session = await getServerSession(authOptions);
  const count = await db.note.count({
    // ruleid: authorization-fails-open
    where: { id: noteId, ownerId: session?.user.id },
  });
  return count > 0;
}
