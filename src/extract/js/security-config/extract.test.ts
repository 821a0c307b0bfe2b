import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

function configs(content: string, path = 'src/app.js'): ConfigFact[] {
  return runExtractor(extractor, { [path]: content }).facts.filter((f): f is ConfigFact => f.kind === 'config');
}

function of(facts: ConfigFact[], setting: string): ConfigFact['values'][] {
  return facts.filter((f) => f.setting === setting).map((f) => f.values);
}

describe('extract/js/security-config', () => {
  it('reads the sample values an environment schema refuses (redacted), by variable', () => {
    const facts = configs(`import { IsNotIn } from 'class-validator';
import { z } from 'zod';
import Joi from 'joi';
export class Env { @IsNotIn(['REPLACE_WITH_LONG_SECRET']) APP_SECRET: string; @IsNotIn([]) OTHER: string; }
export const schema = z.object({ ACCESS_TOKEN_SECRET: z.string().refine((v) => v !== 'change_me', 'set a secret').optional(), NAME: z.string() });
export const joi = Joi.object({ SESSION_SECRET: Joi.string().invalid('secret', 'keyboard cat').required() });
`, 'src/env.ts');
    assert.deepEqual(of(facts, 'env-rejects'), [
      { variable: 'APP_SECRET', rejected: 'REPL****' },
      { variable: 'ACCESS_TOKEN_SECRET', rejected: 'ch****' },
      { variable: 'SESSION_SECRET', rejected: 's**** key****' },
    ]);
  });

  it('normalises CORS origins', () => {
    const facts = configs(`const cors = require('cors');
app.use(cors());
app.use(cors({ origin: true, credentials: true }));
app.use(cors({ origin: ['https://a.example'], credentials: true }));
app.use(cors({ origin: (o, cb) => cb(null, o), credentials: true }));
app.use((req, res, next) => { res.setHeader('Access-Control-Allow-Origin', req.headers.origin); res.setHeader('Access-Control-Allow-Credentials', 'true'); next(); });
`);
    assert.deepEqual(of(facts, 'cors').map((v) => `${v.origin}/${v.credentials}`), ['*/false', 'reflect/true', 'list/true', 'reflect/true', 'reflect/true']);
  });

  it('resolves never-reassigned var options and takes the most open branch of hand-written CORS headers', () => {
    const facts = configs(`var cors = require('cors');
var corsOptions = { origin: true, credentials: true };
let changing = { origin: true, credentials: true };
changing = { origin: ['https://a.example'], credentials: true };
app.use(cors(corsOptions));
app.use(cors(changing));
function allowCaller(req, res) {
  if (req.get('origin')) {
    res.header('Access-Control-Allow-Origin', req.get('origin'));
    res.header('Access-Control-Allow-Credentials', true);
  } else {
    res.header('Access-Control-Allow-Origin', 'null');
  }
}
function viaHeader(req, res) { res.set('Access-Control-Allow-Origin', req.header('Origin')); }
function viaTernary(req, res) { res.setHeader('Access-Control-Allow-Origin', known(req) ? req.headers.origin : 'https://a.example'); res.setHeader('Access-Control-Allow-Credentials', 'true'); }
function fixed(req, res) { res.setHeader('Access-Control-Allow-Origin', 'https://a.example'); res.setHeader('Access-Control-Allow-Credentials', 'true'); }
function local(req, res) { if (process.env.NODE_ENV === 'development') { res.setHeader('Access-Control-Allow-Origin', req.headers.origin); res.setHeader('Access-Control-Allow-Credentials', 'true'); } }
app.use(cors({ origin: process.env.NODE_ENV === 'production' ? ['https://a.example'] : true, credentials: true }));
`);
    assert.deepEqual(of(facts, 'cors').map((v) => `${v.origin}/${v.credentials}`), ['reflect/true', 'dynamic/false', 'list/true', 'reflect/true', 'reflect/false', 'reflect/true', 'list/true']);
  });

  it('reads Koa CORS middleware under each of its names', () => {
    const facts = configs(`const cors = require('kcors');
const koaCors = require('@koa/cors');
app.use(cors({ origin: '*', credentials: true }));
app.use(koaCors());
`);
    assert.deepEqual(of(facts, 'cors').map((v) => `${String(v.library)}:${v.origin}/${v.credentials}`), ['kcors:*/true', '@koa/cors:reflect/false']);
  });

  it('reads session and cookie flags with library defaults', () => {
    const facts = configs(`const session = require('express-session');
app.use(session({ secret: 'keyboard cat', cookie: { secure: false } }));
res.cookie('token', t);
ctx.cookies.set('sid', s);
res.cookie('auth', t, { httpOnly: true, secure: true, sameSite: 'Strict' });
`);
    const [s] = of(facts, 'session');
    assert.equal(s.secretOrigin, 'literal');
    assert.equal(s.secure, false);
    assert.equal(s.secureExplicit, true);
    assert.equal(s.httpOnly, true);
    assert.deepEqual(of(facts, 'cookie').map((v) => `${v.name}:${v.httpOnly}:${v.secure}:${v.sameSite}`), ['token:false:false:null', 'sid:true:conditional:null', 'auth:true:true:strict']);
  });

  it('takes a session cookie flag switched on later through the options variable as conditional', () => {
    const facts = configs(`const session = require('express-session');
const opts = { secret: process.env.SECRET, cookie: { secure: false, sameSite: 'lax' } };
if (new URL(process.env.PUBLIC_URL).protocol === 'https:') {
  opts.cookie.secure = true;
}
app.use(session(opts));
const other = { secret: process.env.SECRET, cookie: { secure: false } };
other.cookie.maxAge = 1000;
app.use(session(other));
`);
    assert.deepEqual(of(facts, 'session').map((v) => String(v.secure)), ['conditional', 'false']);
  });

  it('finds limits, CSRF, headers and where rate limiters apply', () => {
    const facts = configs(`const rateLimit = require('express-rate-limit');
const helmet = require('helmet');
const multer = require('multer');
const csrf = require('csurf');
const limiter = rateLimit({ windowMs: 60000, max: 100 });
app.use(helmet({ contentSecurityPolicy: false }));
app.use('/api/', limiter);
app.use(csrf({ cookie: true }));
const upload = multer({ dest: 'uploads/', limits: { fileSize: 2 * 1024 * 1024 } });
app.use(express.json({ limit: '10kb' }));
`);
    assert.deepEqual(of(facts, 'headers')[0], { library: 'helmet', csp: false, frameguard: true, hsts: true });
    assert.deepEqual(of(facts, 'rate-limit').map((v) => v.scope), ['defined', 'path']);
    assert.equal(of(facts, 'csrf').length, 1);
    assert.equal(of(facts, 'upload')[0].fileSizeLimit, 2097152);
    assert.equal(of(facts, 'body-limit')[0].limit, '10kb');
  });

  it('flags stack traces in responses unless development-only', () => {
    const facts = configs(`app.use((err, req, res, next) => res.status(500).json({ error: err.message, stack: err.stack }));
app.use((err, req, res, next) => { res.json({ stack: process.env.NODE_ENV === 'development' ? err.stack : undefined }); });
if (app.get('env') === 'development') app.use(errorhandler());
const errorhandler = require('errorhandler');
`);
    assert.deepEqual(of(facts, 'error-handler').map((v) => v.devOnly), [false, true, true]);
  });

  it('keeps error handlers of the production branch', () => {
    const facts = configs(`if (process.env.NODE_ENV === 'production') {
  app.use((err, req, res, next) => res.status(500).json({ stack: err.stack }));
} else {
  app.use((err, req, res, next) => res.status(500).json({ stack: err.stack }));
}
`);
    assert.deepEqual(of(facts, 'error-handler').map((v) => v.devOnly), [false, true]);
  });

  it('reports directory listings, guarded or not, and sensitive logging', () => {
    const facts = configs(`const serveIndex = require('serve-index');
app.use('/files', serveIndex('files'));
console.log('body', req.body);
logger.info('user logged in', user.id);
console.log('token for', user.email, accessToken);
`);
    assert.deepEqual(of(facts, 'directory-listing').map((v) => `${v.path}:${v.guarded}`), ['/files:false']);
    assert.deepEqual(of(facts, 'log-sensitive-data').map((v) => v.data), ['req.body', 'accessToken']);
  });

  it('judges a member chain as a whole, not the property names inside it', () => {
    const facts = configs(`logger.error(\`Port \${this.config.port} is already in use\`);
console.log('password policy', user.password.length, settings.token.expiresIn);
console.log('config', config);
this.logger.info('loaded', this.config);
`);
    assert.deepEqual(of(facts, 'log-sensitive-data').map((v) => v.data), ['config', 'this.config']);
  });

  it('skips test files', () => {
    assert.equal(runExtractor(extractor, { 'test/app.test.js': `app.use(cors({ origin: true, credentials: true }));` }).facts.length, 0);
  });
  it('is not misled by callee names that are Object methods (toString, constructor)', () => {
    const out = runExtractor(extractor, { 'src/server.js': "const express = require('express');\nconst app = express();\napp.use(toString('x'));\napp.use(constructor({ secret: 'a' }));\napp.use(hasOwnProperty());\n" });
    assert.deepEqual(out.diagnostics, []);
  });
});

describe('extract/js/security-config trust proxy', () => {
  const proxy = (path: string, content: string) => configs(content, path).filter((f) => f.setting === 'trust-proxy').map((f) => `${f.values.framework}:${f.evidence.line}`);

  it('reports every-hop trust in Express, Koa and Fastify', () => {
    assert.deepEqual(proxy('app.js', `const app = require('express')();\napp.set('trust proxy', true);\napp.enable('trust proxy');`), ['express:2', 'express:3']);
    assert.deepEqual(proxy('koa.js', `const Koa = require('koa');\nconst app = new Koa();\napp.proxy = true;\nconst other = new Koa({ proxy: true });`), ['koa:3', 'koa:4']);
    assert.deepEqual(proxy('fast.js', `import Fastify from 'fastify';\nconst app = Fastify({ trustProxy: true, logger: true });`), ['fastify:2']);
  });

  it('leaves hop counts, subnets, Koa with maxIpsCount and other proxy properties alone', () => {
    assert.deepEqual(proxy('app.js', `const app = require('express')();\napp.set('trust proxy', 1);\napp.set('trust proxy', 'loopback');\napp.set('trust proxy', (ip) => ip === '10.0.0.1');`), []);
    assert.deepEqual(proxy('koa.js', `const Koa = require('koa');\nconst app = new Koa();\napp.proxy = true;\napp.maxIpsCount = 1;`), []);
    assert.deepEqual(proxy('client.js', `const axios = require('axios');\nconst config = {};\nconfig.proxy = true;`), []);
    assert.deepEqual(proxy('dev.js', `const app = require('express')();\nif (process.env.NODE_ENV === 'development') app.set('trust proxy', true);`), []);
  });
});
