import { NextResponse } from 'next/server';
import { checkLoginCode } from '@/lib/codes';

// ruleid: missing-rate-limit-auth-routes
export async function POST(request: Request) {
  const { email, code } = await request.json();
  if (!(await checkLoginCode(email, code))) return NextResponse.json({ error: 'wrong code' }, { status: 400 });
  return NextResponse.json({ valid: true });
}
