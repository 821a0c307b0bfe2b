import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as koa } from '../koa/index.js';
import { extractor as express } from '../express/index.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

const ROUTER = `export default class Registry {
  public public = false;
  public openPaths: string[] = [];
  private table: Record<string, Record<string, { run: Function }>> = {};
  public isOpen(path: string) { return this.public || this.openPaths.includes(path); }
  public get(path: string, run: Function) { this.add('GET', path, run); this.table.GET[path] = { run }; }
  public post(path: string, run: Function) { this.table.POST[path] = { run }; }
  public del(path: string, run: Function) { this.table.DELETE[path] = { run }; }
  private add(m: string, p: string, r: Function) { if (!this.table[m]) this.table[m] = {}; }
}
`;

const GUARDS = `export function sessionRequired(ctx) {
  if (!ctx.state.user) throw new HttpError(403);
}
`;

function entries(files: Record<string, string>): Map<string, EntrypointFact> {
  const { facts } = runExtractors([auth, extractor, express, koa], files);
  const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
  return new Map(eps.map((e) => [`${e.method} ${e.path}`, e]));
}

describe('extract/js/class-routers', () => {
  it('reads routes of an own router class, private unless the instance or the path is declared public', () => {
    const byKey = entries({
      'src/lib/Registry.ts': ROUTER,
      'src/lib/guards.ts': GUARDS,
      'src/routes/notes.ts': `import Registry from '../lib/Registry';
const r = new Registry();
r.get('api/notes/:id', async (path, ctx) => { ctx.body = await ctx.db.notes.find(path.id); });
r.del('api/notes/:id', async (path, ctx) => { await ctx.db.notes.remove(path.id); });
r.openPaths.push('api/notes/:id/preview');
r.get('api/notes/:id/preview', async (path, ctx) => { ctx.body = 'x'; });
export default r;
`,
      'src/routes/health.ts': `import Registry from '../lib/Registry';
import { sessionRequired } from '../lib/guards';
const r = new Registry();
r.public = true;
r.get('health', async () => ({ ok: true }));
r.post('feedback', async (path, ctx) => { sessionRequired(ctx); ctx.body = {}; });
export default r;
`,
    });
    assert.deepEqual([...byKey.keys()].sort(), ['DELETE /api/notes/:id', 'GET /api/notes/:id', 'GET /api/notes/:id/preview', 'GET /health', 'POST /feedback']);
    assert.equal(byKey.get('GET /api/notes/:id')?.auth, 'user');
    assert.equal(byKey.get('DELETE /api/notes/:id')?.auth, 'user');
    assert.equal(byKey.get('GET /api/notes/:id/preview')?.auth, 'none');
    assert.equal(byKey.get('GET /health')?.auth, 'none');
    assert.equal(byKey.get('POST /feedback')?.auth, 'user');
  });

  it('reads nothing from instances of classes that are no router (a cache with get/set, an HTTP client)', () => {
    const byKey = entries({
      'src/lib/Cache.ts': `export default class Cache {
  private m = new Map();
  get(key: string, fallback: () => unknown) { return this.m.get(key) ?? fallback(); }
  set(key: string, value: unknown) { this.m.set(key, value); }
}
`,
      'src/lib/Client.ts': `export class Client {
  get(url: string, cb: Function) { return fetch(url).then(cb); }
  post(url: string, cb: Function) { return fetch(url, { method: 'POST' }).then(cb); }
}
`,
      'src/use.ts': `import Cache from './lib/Cache';
import { Client } from './lib/Client';
const cache = new Cache();
const api = new Client();
cache.get('settings', async () => ({}));
api.get('users/1', async (res) => res.json());
api.post('users', async (res) => res.json());
export default cache;
`,
    });
    assert.deepEqual([...byKey.keys()], []);
  });

  it('gives admin to registry routes under a path area an app-wide middleware keeps to administrators', () => {
    const byKey = entries({
      'src/lib/Registry.ts': ROUTER,
      'src/lib/paths.ts': `export function inBackOffice(ctx) {
  return ctx.path.indexOf('/backoffice/') === 0;
}
`,
      'src/middleware/backOffice.ts': `import { inBackOffice } from '../lib/paths';
export default async function(ctx, next) {
  if (inBackOffice(ctx)) {
    if (!ctx.state.user || !ctx.state.user.isAdmin) throw new ForbiddenError();
  }
  return next();
}
`,
      'src/routes/backoffice.ts': `import Registry from '../lib/Registry';
const r = new Registry();
r.get('backoffice/accounts', async (path, ctx) => { ctx.body = await ctx.db.accounts.all(); });
export default r;
`,
      'src/routes/profile.ts': `import Registry from '../lib/Registry';
const r = new Registry();
r.get('profile', async (path, ctx) => { ctx.body = ctx.state.user; });
export default r;
`,
    });
    assert.equal(byKey.get('GET /backoffice/accounts')?.auth, 'admin');
    assert.equal(byKey.get('GET /profile')?.auth, 'user');
  });

  it('counts a limiter helper awaited first in the handler as a rate limit', () => {
    const byKey = entries({
      'src/lib/Registry.ts': ROUTER,
      'src/routes/login.ts': `import Registry from '../lib/Registry';
import loginLimiter from '../lib/loginLimiter';
const r = new Registry();
r.public = true;
r.post('login', async (path, ctx) => {
  await loginLimiter(ctx.ip);
  ctx.body = await ctx.auth.login(ctx.request.body);
});
export default r;
`,
    });
    assert.ok(byKey.get('POST /login')?.tags?.includes('rate-limited'));
  });

  it('tags a handler that refuses first thing outside development (an environment enum member) dev-only', () => {
    const byKey = entries({
      'src/lib/Registry.ts': ROUTER,
      'src/routes/debug.ts': `import Registry from '../lib/Registry';
import { settings, Stage } from '../settings';
const r = new Registry();
r.public = true;
r.post('api/debug', async (path, ctx) => {
  if (settings().env !== Stage.Dev) throw new ForbiddenError();
  await ctx.db.truncateAll();
});
r.post('api/feedback', async (path, ctx) => {
  if (settings().env !== Stage.Dev) ctx.log('feedback');
  await ctx.db.feedback.insert(ctx.request.body);
});
export default r;
`,
      'src/app.js': `const express = require('express');
const app = express();
app.post('/debug/reset', (req, res) => {
  if (process.env.NODE_ENV === 'production') { return res.sendStatus(404); }
  res.json(resetAll());
});
`,
    });
    assert.ok(byKey.get('POST /api/debug')?.tags?.includes('dev-only'));
    assert.ok(byKey.get('POST /debug/reset')?.tags?.includes('dev-only'));
    assert.ok(!byKey.get('POST /api/feedback')?.tags?.includes('dev-only'));
  });

  it('names an unparseable route file in a diagnostic and keeps the routes of the others', () => {
    const { facts, diagnostics } = runExtractors([extractor], {
      'src/lib/Registry.ts': ROUTER,
      'src/routes/broken.ts': `import Registry from '../lib/Registry';\nconst r = new Registry();\nr.get('api/x', async (path, ctx) => { ctx.body = ; });\nexport default r;\n`,
      'src/routes/ok.ts': `import Registry from '../lib/Registry';\nconst r = new Registry();\nr.get('api/ok', async (path, ctx) => { ctx.body = 1; });\nexport default r;\n`,
    });
    const paths = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint').map((e) => `${e.method} ${e.path}`);
    assert.deepEqual(paths, ['GET /api/ok']);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.file]), [['extractor-error', 'src/routes/broken.ts']]);
    assert.match(diagnostics[0].message, /js\/class-routers/);
  });
});
