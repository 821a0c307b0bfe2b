import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as nextjs } from '../nextjs/index.js';
import { extractor } from './index.js';

function routes(files: Record<string, string>): Record<string, string> {
  const facts = runExtractors([nextjs, extractor], files).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
  return Object.fromEntries(facts.map((f) => [`${f.method} ${f.path}`, (f.tags ?? []).filter((t) => t !== 'state-changing').join(',')]));
}

describe('extract/js/nextjs-auth', () => {
  it('takes a catch-all handed to an authentication library (better-auth) for the sign-in endpoints it is', () => {
    const out = routes({
      'app/api/auth/[...all]/route.ts': `import { toNextJsHandler } from 'better-auth/next-js';
import { auth } from '@/lib/auth';
import { withTracing } from '@/lib/tracing';
const { POST: authPost, GET: authGet } = toNextJsHandler(auth);
export const POST = withTracing(authPost);
export const GET = withTracing(authGet);`,
      'app/api/items/[...rest]/route.ts': `export async function POST(req: Request) { return Response.json(await save(await req.json())); }`,
    });
    assert.ok(out['POST /api/auth/*all']?.split(',').includes('nextauth-catch-all'), JSON.stringify(out));
    assert.ok(!out['POST /api/items/*rest']?.split(',').includes('nextauth-catch-all'));
  });

  it('lists the credentials and e-mail sign-in routes behind the catch-all of the same app', () => {
    const out = routes({
      'web/lib/auth.ts': `import Credentials from 'next-auth/providers/credentials';
import { Nodemailer } from '@auth/core/providers';
export const config = { providers: [Credentials({ id: 'domain-login', authorize: async () => null }), Nodemailer({ server: '' })] };`,
      'web/app/api/auth/[...nextauth]/route.ts': `import NextAuth from 'next-auth';
const handler = NextAuth(config);
export { handler as GET, handler as POST };`,
      'admin/pages/api/auth/[...nextauth].ts': `import NextAuth from 'next-auth';
export default NextAuth({ providers: [] });`,
    });
    assert.equal(out['POST /api/auth/callback/domain-login'], 'login,nextauth-provider');
    assert.equal(out['POST /api/auth/signin/nodemailer'], 'magic-link,nextauth-provider');
    assert.ok(out['POST /api/auth/*nextauth'].split(',').includes('nextauth-catch-all'));
    // The admin app has no providers of its own: its catch-all gets none of web/'s.
    assert.equal(Object.keys(out).filter((k) => k.includes('/callback/') || k.includes('/signin/')).length, 2);
  });

  it('adds nothing for OAuth-only sign-in', () => {
    const out = routes({
      'lib/auth.ts': `import GitHub from 'next-auth/providers/github';
export const authOptions = { providers: [GitHub({ clientId: '', clientSecret: '' })] };`,
      'pages/api/auth/[...nextauth].ts': `import NextAuth from 'next-auth';
import { authOptions } from '../../../lib/auth';
export default NextAuth(authOptions);`,
    });
    assert.deepEqual(Object.keys(out), ['ALL /api/auth/*nextauth']);
  });
});
