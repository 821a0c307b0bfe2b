import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scan, sinkFacts } from './support.test.js';

function routes(files: Record<string, string>): string[] {
  return sinkFacts(files)
    .map((f) => `${f.route ?? '-'} | ${f.sink} ${f.source}`)
    .sort();
}

describe('extract/js/taint routes and frameworks', () => {
  it('names routes for Express registrations, chains and wrapped handlers', () => {
    assert.deepEqual(
      routes({
        'src/app.js': `
const cp = require('child_process');
const asyncHandler = require('express-async-handler');
router.route('/jobs/:id').post((req, res) => cp.exec(req.params.id)).delete((req, res) => cp.exec(req.body.x));
router.get('/a', auth, asyncHandler(async (req, res) => { cp.exec(req.query.a); }));
app.use('/m', (req, res, next) => { cp.exec(req.query.m); next(); });
app.del('/old', function handler(req, res) { cp.exec(req.query.o); });
`,
      }),
      ['- | command req.query.m', 'DELETE /jobs/:id | command req.body.x', 'DELETE /old | command req.query.o', 'GET /a | command req.query.a', 'POST /jobs/:id | command req.params.id'],
    );
  });

  it('names routes for Fastify and Hapi object registrations', () => {
    assert.deepEqual(
      routes({
        'src/app.js': `
const cp = require('child_process');
fastify.route({ method: 'PUT', url: '/f/:id', handler: async (request, reply) => cp.exec(request.params.id) });
server.route([
  { method: 'GET', path: '/h', options: { handler: (request, h) => cp.exec(request.query.h) } },
]);
`,
      }),
      ['GET /h | command request.query.h', 'PUT /f/:id | command request.params.id'],
    );
  });

  it('applies framework rules for HTML responses', () => {
    assert.deepEqual(
      scan(`
fastify.get('/a', async (request, reply) => { reply.send('<b>' + request.query.a + '</b>'); });
fastify.get('/b', async (request, reply) => { reply.type('text/html').send('<b>' + request.query.b + '</b>'); });
server.route({ method: 'GET', path: '/c', handler: (request, h) => h.response('<i>' + request.query.c + '</i>') });
http.createServer((req, res) => { res.end('<p>' + req.url + '</p>'); res.end('path: ' + req.url); });
`),
      ['html h.response request.query.c @4', 'html reply.send request.query.b @3', 'html res.end req.url @5'],
    );
  });

  it('handles Next.js responses, server-side props and lambda events', () => {
    assert.deepEqual(
      sinkFacts({
        'app/search/route.ts': `
export async function GET(request: Request) {
  const q = new URL(request.url).searchParams.get('q');
  return new Response('<h1>' + q + '</h1>', { headers: { 'Content-Type': 'text/html' } });
}
export async function POST(request: Request) {
  const { q } = await request.json();
  return new Response(JSON.stringify({ q }), { headers: { 'content-type': 'application/json' } });
}
`,
        'pages/items/[id].tsx': `
import { exec } from 'child_process';
export async function getServerSideProps(context) { exec('x ' + context.query.id); return { props: {} }; }
`,
        'lambda/handler.js': `
const { exec } = require('child_process');
// AWS lambda behind API Gateway
exports.handler = async (event) => { exec(event.queryStringParameters.cmd); return { statusCode: 200 }; };
`,
      }).map((f) => `${f.evidence.file} ${f.sink} ${f.source} ${f.route ?? '-'}`).sort(),
      [
        "app/search/route.ts html request.url.searchParams.get('q') GET /search",
        'lambda/handler.js command event.queryStringParameters.cmd -',
        'pages/items/[id].tsx command context.query.id -',
      ],
    );
  });

  it('keeps request sanitising per source when values are combined', () => {
    assert.deepEqual(
      scan(`
const fs = require('fs');
const path = require('path');
app.post('/up', (req, res) => {
  fs.writeFileSync(path.join('/data', req.user.dir, path.basename(req.body.name)), 'x');
  fs.writeFileSync(path.join('/data', req.body.folder, path.basename(req.body.name)), 'x');
});
`),
      ['path fs.writeFileSync req.body.folder @6'],
    );
  });

  it('reads request data in socket.io handlers with acknowledgements', () => {
    assert.deepEqual(
      scan(`
const { exec } = require('child_process');
io.on('connection', (socket) => {
  socket.on('lookup', ({ host }, ack) => { exec('nslookup ' + host); ack('ok'); });
});
`),
      ["command child_process.exec socket event 'lookup'.host @4"],
    );
  });

  it('reads GraphQL resolver arguments', () => {
    assert.deepEqual(
      routes({
        'src/schema.js': `
const resolvers = {
  Query: {
    user: async (_parent, { id }, ctx) => ctx.db.query('SELECT * FROM users WHERE id = ' + id),
    me: (_parent, _args, ctx) => ctx.user,
  },
  Mutation: { run: { resolve: (_p, args) => require('child_process').exec(args.cmd) } },
};
module.exports = { resolvers };
`,
      }),
      ['GRAPHQL Mutation.run | command graphql args.cmd', 'GRAPHQL Query.user | sql graphql args.id'],
    );
  });

  it('skips browser-only files', () => {
    assert.deepEqual(
      sinkFacts({
        'src/components/Search.tsx': `'use client';\nexport function Search({ request }) { fetch(request.url); }`,
        'public/sw.js': `async function networkFirst(request) { return fetch(request.url); }\nself.addEventListener('fetch', (e) => e.respondWith(networkFirst(e.request)));`,
      }),
      [],
    );
  });
});

describe('extract/js/taint regex routes', () => {
  it('takes the capture groups of a regex route (`req.params[N]`, URL-decoded by Express) as request data, and a containment check as their sanitiser', () => {
    assert.deepEqual(
      routes({
        'src/library.js': `
const fs = require('fs');
const fspath = require('path');
const root = '/srv/lib';
app.get(/^\\/library\\/([^\\/]+)\\/(.*)$/, (req, res) => {
  res.send(fs.readFileSync(fspath.join(root, req.params[0], req.params[1])));
});
app.get(/^\\/safe\\/(.*)$/, (req, res) => {
  const p = fspath.join(root, req.params[0]);
  const rel = fspath.relative(root, p);
  if (rel.startsWith('..') || fspath.isAbsolute(rel)) return res.status(400).end();
  res.send(fs.readFileSync(p));
});
`,
      }),
      ['- | path req.params'],
    );
  });

  it('takes the params of an XML-RPC method handler as request data, not the server\'s own events', () => {
    assert.deepEqual(
      routes({
        'rpc.js': `
const xmlrpc = require('xmlrpc');
const needle = require('needle');
const { exec } = require('child_process');
const server = xmlrpc.createServer({ port: 9090, path: '/xmlrpc' });
server.on('NotFound', (method, params) => exec('echo ' + params));
server.on('site.check', (err, params, callback) => {
  const url = params[0];
  needle.get(url, (e, r) => callback(null, r.statusCode));
});
`,
      }),
      ['- | ssrf xml-rpc site.check params'],
    );
  });
});
