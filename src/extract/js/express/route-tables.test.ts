// Route paths kept in a shared route table (a TypeScript enum or a const object of paths exported by
// another module, often a workspace package of a monorepo) and read by registration functions that
// are handed the router (`export default function (route: Router) { route.get(Urls.whoami, h) }`).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor as packageJson } from '../package-json/index.js';
import { extractor } from './index.js';

const FILES = {
  'package.json': JSON.stringify({ name: 'registry', private: true, workspaces: ['packages/*'] }),
  'packages/urls/package.json': JSON.stringify({ name: '@acme/urls', main: './build/index.js' }),
  'packages/urls/src/index.ts': `export * from './api-urls';\n`,
  'packages/urls/src/api-urls.ts': `export enum AccountUrls {
  whoami = '/-/whoami',
  tokens = '/-/tokens/:key',
}
export const FEED_URLS = { list: '/feed', item: { show: '/feed/:id' } } as const;
`,
  'packages/api/package.json': JSON.stringify({ name: '@acme/api', dependencies: { express: '^5.0.0', '@acme/urls': '*' } }),
  'packages/api/src/whoami.ts': `import type { Router, Response, NextFunction } from 'express';
import { AccountUrls } from '@acme/urls';
export default function (route: Router): void {
  route.get(AccountUrls.whoami, (req: any, _res: Response, next: NextFunction) => {
    const username = req?.remote_user?.name;
    if (!username) return next(new Error('unauthorized'));
    return next({ username });
  });
  route.delete(AccountUrls.tokens, (req: any, res: Response) => res.json({ ok: true }));
}
`,
  'packages/api/src/feed.ts': `import type { Router, Response } from 'express';
import { FEED_URLS } from '@acme/urls';
import { UNKNOWN } from './nowhere';
export default function (router: Router): void {
  router.get(FEED_URLS.list, (req: any, res: Response) => res.json([]));
  router.get(FEED_URLS.item.show, (req: any, res: Response) => res.json({}));
  router.get(UNKNOWN.path, (req: any, res: Response) => res.json({}));
}
`,
  'packages/api/src/index.ts': `import express from 'express';
import whoami from './whoami';
import feed from './feed';
export default function api(): express.Router {
  const app = express.Router();
  whoami(app);
  feed(app);
  return app;
}
`,
  'packages/api/src/server.ts': `import express from 'express';
import api from './index';
const app = express();
app.use('/registry', api());
app.listen(4873);
`,
};

function routes(): Map<string, EntrypointFact> {
  const { facts } = runExtractors([packageJson, extractor, auth], FILES);
  const out = new Map<string, EntrypointFact>();
  for (const f of facts) if (f.kind === 'entrypoint' && f.protocol === 'http') out.set(`${f.method} ${f.path}`, f);
  return out;
}

describe('express: paths from imported route tables', () => {
  const found = routes();
  it('reads an enum member of a workspace package as the path, under the mount prefix', () => {
    assert.ok(found.has('GET /registry/-/whoami'), [...found.keys()].join(', '));
    assert.ok(found.has('DELETE /registry/-/tokens/:key'));
  });
  it('reads members, nested too, of an exported const object of paths', () => {
    assert.ok(found.has('GET /registry/feed'));
    assert.ok(found.has('GET /registry/feed/:id'));
  });
  it('judges the handler as before: the remote user is the caller', () => {
    assert.equal(found.get('GET /registry/-/whoami')?.auth, 'user');
    assert.equal(found.get('DELETE /registry/-/tokens/:key')?.auth, 'none');
  });
  it('keeps a member it cannot find as a placeholder, never a made-up path', () => {
    assert.ok([...found.keys()].every((k) => !k.includes('undefined')));
    assert.ok(found.has('GET /registry/{UNKNOWN.path}'));
  });
});
