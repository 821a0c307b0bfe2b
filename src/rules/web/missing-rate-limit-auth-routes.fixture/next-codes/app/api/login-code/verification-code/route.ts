import { NextResponse } from 'next/server';
import { limiterFor } from '@/lib/limits';
import { checkLoginCode } from '@/lib/codes';

const perAddress = limiterFor(5, '1 m');

// The handler asks its limiter first and answers 429: throttled.
// ok: missing-rate-limit-auth-routes
export async function POST(request: Request) {
  const { email, code } = await request.json();
  const { success } = await perAddress.limit(`code:${email}`);
  if (!success) return NextResponse.json({ error: 'slow down' }, { status: 429 });
  return NextResponse.json({ valid: await checkLoginCode(email, code) });
}
