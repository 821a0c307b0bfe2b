import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url, locals }) => {
  const code = url.searchParams.get('code');
  if (code) await locals.supabase.auth.exchangeCodeForSession(code);
  const next = url.searchParams.get('next');
  if (next) {
    // ruleid: open-redirect
    redirect(303, next);
  }
  const tab = url.searchParams.get('tab');
  // ok: open-redirect
  redirect(303, `/account/${encodeURIComponent(tab ?? '')}`);
};
