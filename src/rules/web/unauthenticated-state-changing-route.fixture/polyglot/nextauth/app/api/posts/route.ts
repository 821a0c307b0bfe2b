import { getServerSession } from 'next-auth';

export async function POST(request: Request) {
  const session = await getServerSession();
  if (!session) return new Response(null, { status: 401 });
  const post = await db.post.create({ data: await request.json() });
  return Response.json(post);
}
