// Folders and pages Express middleware serves by itself: `express.static` / `serve-static` become
// `GET <prefix>/*` entry points tagged `static-files` and swagger-ui-express `GET <path>` tagged
// `api-docs`, both `page-only` like the fastify and nest ones, with the auth of the middleware in
// front of them. Rules that judge API routes leave them alone; directory-listing keeps working.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analyzeDirectory } from '../../../api/pipeline.js';
import type { EntrypointFact } from '../../../model/types.js';
import { rules } from '../../../rules/registry.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

const APP = fileURLToPath(new URL('./fixtures/served-app', import.meta.url));

function filesUnder(dir: string, base = dir): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) Object.assign(out, filesUnder(full, base));
    else if (name.endsWith('.js')) out[full.slice(base.length + 1)] = readFileSync(full, 'utf8');
  }
  return out;
}

function run(files: Record<string, string>): EntrypointFact[] {
  return runExtractors([auth, extractor], files).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
}

/** `METHOD path auth [served tags] :line` for every entry point. */
function table(eps: EntrypointFact[]): string[] {
  return eps
    .map((e) => `${e.method} ${e.path} ${e.auth} [${(e.tags ?? []).filter((t) => ['static-files', 'api-docs', 'page-only'].includes(t)).join(',')}] :${e.evidence.line}`)
    .sort();
}

describe('extract/js/express served folders and API docs', () => {
  it('emits GET entry points for static folders and swagger-ui with the auth in front of them', () => {
    assert.deepEqual(table(run(filesUnder(APP))), [
      'GET /* none [page-only,static-files] :11',
      'GET /admin/* none [page-only,static-files] :15',
      'GET /api-docs none [api-docs,page-only] :17',
      'GET /api/media/* none [page-only,static-files] :22',
      'GET /assets/* none [page-only,static-files] :14',
      'GET /exports none [] :18',
      'GET /exports/* none [page-only,static-files] :18',
      'GET /files/* user [page-only,static-files] :12',
      'GET /login/* none [page-only,static-files] :16',
      'POST /api/notes user [] :23',
    ]);
  });

  it('takes an app-level guard registered before the folder, and not one registered after', () => {
    const eps = run({
      'server.js': `const express = require('express');
const jwt = require('express-jwt');
const app = express();
app.use('/public', express.static('public'));
app.use(jwt({ secret: process.env.SECRET, algorithms: ['HS256'] }));
app.use('/private', express.static('private'));
app.use(express.static('public'));
`,
    });
    assert.deepEqual(table(eps), ['GET /* user [page-only,static-files] :7', 'GET /private/* user [page-only,static-files] :6', 'GET /public/* none [page-only,static-files] :4']);
  });

  it('emits nothing for other middleware and body parsers', () => {
    const eps = run({
      'server.js': `const express = require('express');
const helmet = require('helmet');
const app = express();
app.use(helmet());
app.use('/api', express.json());
app.use('/x', express.urlencoded({ extended: false }));
`,
    });
    assert.deepEqual(table(eps), []);
  });

  it('keeps API-route rules off served folders and still reports the listing', async () => {
    const model = await analyzeDirectory(APP, { rules: [...rules], today: '2026-06-01' });
    const served = new Set(model.entryPoints.filter((e) => e.tags.includes('page-only')).flatMap((e) => e.evidence.map((ev) => `${ev.file}:${ev.line}`)));
    const onServed = (ids: string[]) =>
      model.threats.filter((t) => ids.includes(t.ruleId) && t.evidence.some((ev) => served.has(`${ev.file}:${ev.line}`))).map((t) => `${t.ruleId} ${t.title}`);
    assert.deepEqual(onServed(['missing-rate-limit-auth-routes', 'missing-csrf-cookie-auth', 'unauthenticated-state-changing-route', 'admin-route-without-admin-check', 'bola-idor', 'debug-endpoint-exposed']), []);
    const listing = model.threats.filter((t) => t.ruleId === 'directory-listing').map((t) => `${t.evidence[0].file}:${t.evidence[0].line}`);
    assert.deepEqual(listing, ['src/server.js:18']);
    // The csrf finding is about the POST route, the only state change.
    const csrf = model.threats.filter((t) => t.ruleId === 'missing-csrf-cookie-auth').flatMap((t) => t.evidence.map((ev) => ev.line));
    assert.ok(csrf.includes(23), JSON.stringify(csrf));
  });
});
