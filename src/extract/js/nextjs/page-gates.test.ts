import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as express } from '../express/index.js';
import { extractor as helpers } from '../nextjs-helpers/index.js';
import { extractor } from './index.js';

// Loaders of another file that pages await: two gates that navigate away (one memoised with
// React's cache()), and one that hands back null and lets its caller decide.
const loaders: Record<string, string> = {
  'src/server/gates.ts': `import { redirect } from 'next/navigation';
import { cache } from 'react';
import { readSession } from '@/server/session';
export const loadViewer = cache(async () => {
  const session = await readSession();
  if (!session?.user) return null;
  return session.user;
});
export const mustBeSignedIn = cache(async () => {
  const state = await readSession();
  const viewer = state.ok ? state.session.user : undefined;
  if (!viewer || viewer.isGuest) {
    redirect('/login');
  }
  return viewer;
});
export async function mustBeStaff() {
  const viewer = await loadViewer();
  if (!viewer) redirect('/login');
  if (viewer.role !== 'admin') redirect('/');
  return viewer;
}`,
};

const pages = (files: Record<string, string>) =>
  Object.fromEntries(
    runExtractors([helpers, extractor, express], { ...loaders, ...files })
      .facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint')
      .map((e) => [e.path, `${e.auth}${e.tags?.includes('layout-guard') ? ' layout-guard' : ''}`]),
  );

describe('extract/js/nextjs page gates', () => {
  it('judges a page by an imported loader it awaits that redirects without a user or an administrator', () => {
    assert.deepEqual(
      pages({
        'src/app/billing/page.tsx': `import { mustBeSignedIn } from '@/server/gates';
export default async function Billing() {
  const viewer = await mustBeSignedIn();
  const invoices = await db.invoice.findMany({ where: { userId: viewer.id } });
  return <Invoices items={invoices} />;
}`,
        'src/app/staff/page.tsx': `import { mustBeStaff } from '@/server/gates';
import { getLocale } from '@/i18n';
export default async function Staff() {
  const [locale, viewer] = await Promise.all([getLocale(), mustBeStaff()]);
  return <Panel locale={locale} users={await db.user.findMany()} />;
}`,
        'src/app/home/page.tsx': `import { loadViewer } from '@/server/gates';
export default async function Home() {
  const viewer = await loadViewer();
  return <Feed posts={await db.post.findMany()} viewer={viewer} />;
}`,
      }),
      { '/billing': 'user', '/staff': 'admin', '/home': 'none' },
    );
  });

  it('gives the pages below a layout the level of a gate it awaits, also inside a component it wraps them in', () => {
    assert.deepEqual(
      pages({
        'src/app/(app)/layout.tsx': `import { mustBeSignedIn } from '@/server/gates';
export default async function AppLayout({ children }) {
  const viewer = await mustBeSignedIn();
  return <Shell viewer={viewer}>{children}</Shell>;
}`,
        'src/app/(app)/polls/page.tsx': `export default async function Polls() {
  return <List polls={await db.poll.findMany()} />;
}`,
        'src/app/admin/layout.tsx': `import { Suspense } from 'react';
import { mustBeStaff } from '@/server/gates';
async function StaffGate({ children }) {
  const viewer = await mustBeStaff();
  return <Frame viewer={viewer}>{children}</Frame>;
}
export default function AdminLayout({ children }) {
  return (
    <Suspense fallback={null}>
      <StaffGate>{children}</StaffGate>
    </Suspense>
  );
}`,
        'src/app/admin/users/page.tsx': `export default async function Users() {
  return <Table rows={await db.user.findMany()} />;
}`,
        'src/app/open/layout.tsx': `import { loadViewer } from '@/server/gates';
export default async function OpenLayout({ children }) {
  const viewer = await loadViewer();
  return <Frame viewer={viewer}>{children}</Frame>;
}`,
        'src/app/open/page.tsx': `export default async function Open() {
  return <List polls={await db.poll.findMany()} />;
}`,
      }),
      { '/polls': 'user layout-guard', '/admin/users': 'admin layout-guard', '/open': 'none' },
    );
  });
});
