// The app object where it is not called `app`: settings chained before the routes
// (`app.set(..).disable(..).use(..).get(..)`), handed to a helper whatever its parameter is called
// (`Uploader.router(app)` registering on `express`), and handed to a module loaded only in
// development (`if (options.dev) (await import('./dev-server')).default(app)`).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

const SERVER = `import express from 'express';
import Uploader from './plugins/uploader';
export default async function (options = { dev: false }) {
  const app = express();
  if (options.dev) {
    await (await import('./plugins/dev-server')).default(app);
  }
  app.set('env', 'production')
    .disable('x-powered-by')
    .use(addSecurityHeaders)
    .get('/', indexRequest)
    .get('/service-worker.js', forceNoCache)
    .use('/storage/', express.static(storagePath));
  if (Config.values.fileUpload.enable) {
    Uploader.router(app);
  }
}
function addSecurityHeaders(req, res, next) { res.setHeader('Referrer-Policy', 'no-referrer'); next(); }
function forceNoCache(req, res, next) { res.setHeader('Cache-Control', 'no-cache'); next(); }
function indexRequest(req, res) { res.send(html()); }
`;

const UPLOADER = `import type { Request, Response } from 'express';
class Uploader {
  static router(this: void, express: any) {
    express.get('/uploads/:name', Uploader.routeGetFile);
    express.post('/uploads/new/:token', Uploader.routeUploadFile);
  }
  static async routeGetFile(this: void, req: Request, res: Response) { return res.sendFile(pathOf(req.params.name)); }
  static routeUploadFile(this: void, req: Request, res: Response) { req.pipe(busboy(req.headers)); }
}
export default Uploader;
`;

const DEV_SERVER = `import express from 'express';
export default async (app: express.Application) => {
  app.get('/', async (req, res) => res.send(await vite.transformIndexHtml(req.url, raw)));
};
`;

/** A helper nobody hands an app: its parameter's calls are no routes. */
const UNUSED = `export function preload(client) {
  client.get('/users', (req, res) => res.send(1));
}
`;

describe('extract/js/express: the app handed on and chained', () => {
  it('follows settings chained before routes, helpers given the app under any name, and development-only mounts', () => {
    const { facts } = runExtractors([auth, extractor], { 'server/server.ts': SERVER, 'server/plugins/uploader.ts': UPLOADER, 'server/plugins/dev-server.ts': DEV_SERVER, 'server/plugins/preload.ts': UNUSED });
    const got = facts
      .filter((f): f is EntrypointFact => f.kind === 'entrypoint')
      .map((r) => `${r.method} ${r.path} ${r.evidence.file}:${r.evidence.line}${r.tags?.includes('dev-only') ? ' dev-only' : ''}`)
      .sort();
    assert.deepEqual(got, [
      'GET / server/plugins/dev-server.ts:3 dev-only',
      'GET / server/server.ts:11',
      'GET /service-worker.js server/server.ts:12',
      'GET /storage/* server/server.ts:13',
      'GET /uploads/:name server/plugins/uploader.ts:4',
      'POST /uploads/new/:token server/plugins/uploader.ts:5',
    ]);
  });

  it('takes an app made by a library express adapter (`createXExpressApp()`) as an Express app', () => {
    const { facts } = runExtractors([auth, extractor], {
      'src/app.ts': `import express from 'express';
import rpcApp from './rpc/app';
import { requireKey } from './auth';
const app = express();
app.use('/rpc', rpcApp);
export default app;
`,
      'src/rpc/app.ts': `import { createRpcExpressApp } from 'some-rpc-sdk/server/express.js';
import { requireKey } from '../auth';
const app = createRpcExpressApp();
app.get('/', (req, res) => res.sendStatus(405));
app.post('/', requireKey, (req, res) => res.json({}));
export default app;
`,
      'src/auth.ts': `export function requireKey(req, res, next) {
  if (!req.headers.authorization) return res.sendStatus(401);
  next();
}
`,
    });
    const got = facts
      .filter((f): f is EntrypointFact => f.kind === 'entrypoint')
      .map((r) => `${r.method} ${r.path} ${r.auth}${r.tags?.includes('mount-unresolved') ? ' unresolved' : ''}`)
      .sort();
    assert.deepEqual(got, ['GET /rpc none', 'POST /rpc user']);
  });
});
