import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as helpers } from '../nextjs-helpers/index.js';
import { extractor } from './index.js';

// Pages Router getServerSideProps wrappers: one finds the caller from the request and redirects
// without one (a switch over the reasons included), one only reads a feature flag and answers 404.
const lib: Record<string, string> = {
  'src/lib/withSession.ts': `import type { GetServerSideProps } from 'next';
import { loadSession } from './session';
export const withSession = (gssp) => async (context) => {
  const result = await loadSession(context.req.headers);
  if (result.isErr()) {
    const { error } = result;
    switch (error.kind) {
      case 'expired':
        return { redirect: { destination: '/login?expired=1', permanent: false } };
      case 'broken':
        throw new Error(error.message);
      default:
        assertNever(error);
    }
  }
  return gssp(context, result.value);
};`,
  'src/lib/withFlag.ts': `import type { GetServerSideProps } from 'next';
import { readFlags } from './flags';
export const withFlag = (gssp) => async (context) => {
  const flags = await readFlags(context.req);
  if (!flags.beta) return { notFound: true };
  return gssp(context);
};`,
};

const routes = (files: Record<string, string>) =>
  Object.fromEntries(
    runExtractors([helpers, extractor], { ...lib, ...files })
      .facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint')
      .map((e) => [`${e.method} ${e.path}`, e.auth]),
  );

describe('extract/js/nextjs getServerSideProps wrappers', () => {
  it('makes a page user when its loader is wrapped by one that redirects callers without a session', () => {
    assert.deepEqual(
      routes({
        'src/pages/settings.tsx': `import { withSession } from '../lib/withSession';
export const getServerSideProps = withSession(async (ctx, session) => ({ props: { workspace: await loadWorkspace(session.workspaceId) } }));
export default function Settings() { return null; }`,
        'src/pages/beta.tsx': `import { withFlag } from '../lib/withFlag';
export const getServerSideProps = withFlag(async (ctx) => ({ props: { items: await listItems() } }));
export default function Beta() { return null; }`,
      }),
      { 'GET /settings': 'user', 'GET /beta': 'none' },
    );
  });
});
