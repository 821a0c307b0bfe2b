// next.config's basePath puts every route of the app under it; compound pageExtensions
// (`page.tsx`) make only `x.page.tsx` files pages and leave the `.page` out of the URL.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runExtractors } from '../../testing.js';
import { extractor } from './index.js';

function paths(files: Record<string, string>): string[] {
  return runExtractors([extractor], files).facts.filter((f) => f.kind === 'entrypoint').map((f) => `${f.method} ${f.path}`).sort();
}

const PAGES = {
  'web/src/pages/boards/[id].page.tsx': `import { GetServerSideProps } from 'next';
export const getServerSideProps: GetServerSideProps = async (ctx) => ({ props: { id: ctx.params?.id } });
export default function Board() { return null; }
`,
  'web/src/pages/boards/loadBoard.tsx': `import { GetServerSideProps } from 'next';
export const getServerSideProps: GetServerSideProps = async () => ({ props: {} });
export default function helper() { return null; }
`,
  'web/src/pages/index.page.tsx': `import Link from 'next/link';
export const getServerSideProps = async () => ({ props: {} });
export default function Home() { return null; }
`,
  'web/src/pages/api/health.page.ts': `import type { NextApiRequest, NextApiResponse } from 'next';
export default function handler(req: NextApiRequest, res: NextApiResponse) { res.json({ ok: true }); }
`,
  'other/pages/about.tsx': `export const getServerSideProps = async () => ({ props: {} });
export default function About() { return null; }
`,
};

describe('js/nextjs next.config URL layout', () => {
  it('applies basePath and compound pageExtensions to the routes of that app folder only', () => {
    const config = `/** @type {import('next').NextConfig} */
const nextConfig = {
  basePath: '/console',
  pageExtensions: ['page.tsx', 'page.ts'],
  reactStrictMode: true,
};
module.exports = nextConfig;
`;
    assert.deepEqual(paths({ ...PAGES, 'web/next.config.js': config }), ['ALL /console/api/health', 'GET /about', 'GET /console', 'GET /console/boards/:id']);
  });

  it('leaves plain extensions and a basePath taken from the environment alone', () => {
    const config = `export default { basePath: process.env.BASE_PATH, pageExtensions: ['ts', 'tsx', 'mdx'] };\n`;
    assert.deepEqual(paths({ 'web/src/pages/boards/[id].tsx': PAGES['web/src/pages/boards/[id].page.tsx'], 'web/next.config.mjs': config }), ['GET /boards/:id']);
  });
});
