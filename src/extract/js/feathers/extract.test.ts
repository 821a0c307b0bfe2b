// FeathersJS services as REST entry points, their hooks as guards, and service data as taint sources.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { EntrypointFact, SinkFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as taint } from '../taint/index.js';
import { extractor } from './index.js';

const here = fileURLToPath(new URL('.', import.meta.url));

function app(name: string): Record<string, string> {
  const root = join(here, 'fixtures', name);
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(root, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(root);
  return out;
}

function routes(files: Record<string, string>): string[] {
  return runExtractors([extractor], files)
    .facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint')
    .map((e) => `${e.method} ${e.path} ${e.auth}`)
    .sort();
}

describe('extract/js/feathers', () => {
  it('serves a v4 app: adapters, classes, app and service hooks, disallow, internal-only and role hooks', () => {
    assert.deepEqual(routes(app('v4-app')), [
      'DELETE /authentication/:id user',
      'DELETE /notes/:id admin',
      'DELETE /reports/:id user',
      'GET /health none',
      'GET /notes none',
      'GET /notes/:id none',
      'GET /reports none',
      'GET /reports/:id none',
      'POST /authentication none',
      'POST /health none',
      'POST /notes user',
    ]);
  });

  it('serves a v5 app: paths and methods from the shared module, around hooks, custom methods', () => {
    assert.deepEqual(routes(app('v5-app')), [
      'DELETE /authentication/:id user',
      'DELETE /messages/:id admin',
      'GET /messages user',
      'GET /messages/:id user',
      'POST /authentication none',
      'POST /messages user',
      'POST /messages user',
    ]);
    const eps = runExtractors([extractor], app('v5-app')).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.ok(eps.find((e) => e.path === '/authentication' && e.method === 'POST')?.tags?.includes('login'));
    assert.ok(eps.some((e) => e.tags?.includes('feathers-custom-method')));
  });

  it('replaces the Express reading of a service mount', () => {
    const files = {
      'src/services/uploads/uploads.service.js': `const feathers = require('@feathersjs/feathers');
const multer = require('multer');
const upload = multer();
module.exports = function (app) {
  app.use('/uploads', upload.single('file'), { async create(data, params) { return data; } });
};
`,
    };
    assert.deepEqual(routes(files), ['POST /uploads none']);
  });

  it('leaves the modules of a microservice monorepo’s services/ folders alone unless they are shaped like Feathers services', () => {
    const express = `const express = require('express');\nconst app = express();\napp.use('/orders', require('./routes/orders'));\nclass Cache { get(id) { return id; } }\napp.listen(3000);\n`;
    const helper = `const cache = new Map();\nasync function find1(id) { return cache.get(id); }\nmodule.exports = { find1 };\n`;
    const service = `class Messages {\n  async find(params) { return []; }\n}\nmodule.exports = { Messages };\n`;
    assert.equal(extractor.extract({ path: 'services/orders/src/index.js', content: express }, { parse: (_p, b) => b(), diagnostic() {} }), null);
    assert.equal(extractor.extract({ path: 'services/orders/src/lib/m1.js', content: helper }, { parse: (_p, b) => b(), diagnostic() {} }), null);
    assert.notEqual(extractor.extract({ path: 'src/services/messages/messages.js', content: service }, { parse: (_p, b) => b(), diagnostic() {} }), null);
  });

  it('makes service data and query a taint source, parameterised queries are not findings', () => {
    const sinks = runExtractors([extractor, taint], app('v4-app')).facts.filter((f): f is SinkFact => f.kind === 'sink' && f.tainted);
    const lines = sinks.filter((s) => s.evidence.file.endsWith('reports.service.js')).map((s) => `${s.sink}:${s.evidence.line}`);
    assert.deepEqual(lines, ['sql:12']);
  });
});
