import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor } from './index.js';
import { routeFile } from './paths.js';

const routes = (facts: Fact[]) =>
  facts
    .filter((f): f is EntrypointFact => f.kind === 'entrypoint')
    .map((e) => `${e.method} ${e.path} ${e.auth}${e.tags?.includes('layout-guard') ? ' layout' : ''}`)
    .sort();

describe('extract/js/react-router', () => {
  it('maps flat-route file names, + folders and folder routes to URL paths', () => {
    const path = (file: string) => routeFile(file)?.path;
    assert.equal(path('app/routes/_index.tsx'), '/');
    assert.equal(path('app/routes/concerts.$city.tsx'), '/concerts/:city');
    assert.equal(path('app/routes/_auth.login.tsx'), '/login');
    assert.equal(path('app/routes/concerts_.mine.tsx'), '/concerts/mine');
    assert.equal(path('app/routes/files.$.tsx'), '/files/*');
    assert.equal(path('app/routes/($lang).about.tsx'), '/:lang?/about');
    assert.equal(path('app/routes/sitemap[.]xml.tsx'), '/sitemap.xml');
    assert.equal(path('apps/web/app/routes/_authenticated+/settings.profile.tsx'), '/settings/profile');
    assert.equal(path('app/routes/_internal+/[__pdf]+/certificate.tsx'), '/__pdf/certificate');
    assert.equal(path('app/routes/sign.$token+/_index.tsx'), '/sign/:token');
    assert.equal(path('app/routes/dashboard.settings/route.tsx'), '/dashboard/settings');
    assert.equal(routeFile('app/routes/dashboard.settings/form.tsx'), undefined, 'a module beside route.tsx is not a route');
    assert.equal(routeFile('app/routes/_authenticated+/_layout.tsx')?.layout, true);
  });

  it('emits loaders as GET and actions as POST, with auth from the function or a layout loader', () => {
    const { facts } = runExtractors([extractor], {
      'app/routes/_authenticated+/_layout.tsx': `import { Outlet, redirect } from 'react-router';
import { getOptionalSession } from '~/auth';
export async function loader({ request }) {
  const [session, banner] = await Promise.all([getOptionalSession(request), getBanner()]);
  if (!session.isAuthenticated) {
    throw redirect('/signin');
  }
  return { banner };
}
export default function Layout() { return <Outlet />; }
`,
      'app/routes/_authenticated+/documents.$id.tsx': `import { useLoaderData } from 'react-router';
export async function loader({ params }) {
  return { doc: await prisma.document.findFirst({ where: { id: Number(params.id) } }) };
}
export async function action({ request, params }) {
  await prisma.document.delete({ where: { id: Number(params.id) } });
  return null;
}
export default function Doc() { return null; }
`,
      'app/routes/_unauthenticated+/signin.tsx': `import { Form } from 'react-router';
export default function SignIn() { return <Form />; }
`,
      'app/routes/api+/theme.tsx': `import { data } from 'react-router';
import { getSession } from '~/session';
export async function action({ request }) {
  const session = await getSession(request);
  if (!session) throw new Response('Unauthorized', { status: 401 });
  await setTheme(session, await request.formData());
  return data({ ok: true });
}
`,
      'app/components/button.tsx': `export default function Button() { return null; }`,
    });
    assert.deepEqual(routes(facts), [
      'GET /documents/:id user layout',
      'GET /signin none',
      'POST /api/theme user',
      'POST /documents/:id none',
    ]);
  });

  it('leaves files that do not use the router alone', () => {
    const { facts } = runExtractors([extractor], { 'app/routes/notes.ts': `export const action = 'save';` });
    assert.equal(facts.length, 0);
  });
});
