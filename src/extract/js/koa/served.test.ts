// Static folders served by koa-static, at the root or under a koa-mount prefix, as GET entry points.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

function served(content: string): string[] {
  return runExtractors([auth, extractor], { 'src/app.js': content })
    .facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint' && !!f.tags?.includes('static-files'))
    .map((f) => `${f.method} ${f.path} ${f.auth} ${f.evidence.line}`);
}

describe('extract/js/koa: static folders', () => {
  it('koa-static at the root and under a koa-mount prefix; a guard in front counts', () => {
    assert.deepEqual(
      served(`const Koa = require('koa');
const serve = require('koa-static');
const mount = require('koa-mount');
const jwt = require('koa-jwt');
const app = new Koa();
app.use(serve('public'));
app.use(mount('/assets', serve('static', { maxage: 86400000 })));
app.use(jwt({ secret: process.env.JWT_SECRET }));
app.use(mount('/files', serve('uploads')));
module.exports = app;
`),
      ['GET /* none 6', 'GET /assets/* none 7', 'GET /files/* user 9'],
    );
  });

  it('a mounted sub-application is not a static folder', () => {
    assert.deepEqual(
      served(`const Koa = require('koa');
const mount = require('koa-mount');
const api = require('./api');
const app = new Koa();
app.use(mount('/api', api));
`),
      [],
    );
  });
});
