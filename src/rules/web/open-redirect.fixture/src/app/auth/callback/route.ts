import { NextRequest, NextResponse } from 'next/server';

const SAFE_TARGETS = ['/dashboard', '/settings'];

export async function GET(request: NextRequest) {
  const next = request.nextUrl.searchParams.get('next') ?? '/dashboard';
  if (request.nextUrl.searchParams.has('legacy')) {
    // ruleid: open-redirect
    return NextResponse.redirect(next);
  }
  if (SAFE_TARGETS.includes(next)) {
    // ok: open-redirect
    return NextResponse.redirect(new URL(next, request.url));
  }
  // ok: open-redirect
  return NextResponse.redirect(new URL('/dashboard', request.url));
}
