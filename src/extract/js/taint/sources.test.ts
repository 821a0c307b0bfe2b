import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kinds, scan, sinkFacts } from './support.test.js';

describe('extract/js/taint sources', () => {
  it('reads Express request members, getters and destructuring', () => {
    const out = scan(`
const { exec } = require('child_process');
app.get('/a', (req, res) => {
  exec(req.query.a);
  exec(req.body.b);
  exec(req.params.c);
  exec(req.headers['x-d']);
  exec(req.cookies.e);
  exec(req.get('X-F'));
  exec(req.header('g'));
  exec(req.param('h'));
  const { id } = req.params;
  exec(id);
  exec(req.file.originalname);
});
`);
    assert.deepEqual(out, [
      'command child_process.exec req.body.b @5',
      "command child_process.exec req.get('X-F') @9",
      "command child_process.exec req.header('g') @10",
      'command child_process.exec req.cookies.e @8',
      'command child_process.exec req.file.originalname @14',
      "command child_process.exec req.headers['x-d'] @7",
      "command child_process.exec req.param('h') @11",
      'command child_process.exec req.params.c @6',
      'command child_process.exec req.params.id @13',
      'command child_process.exec req.query.a @4',
    ].sort());
  });

  it('does not treat the client address, the user or argv as request data', () => {
    assert.deepEqual(
      scan(`
const { exec } = require('child_process');
app.get('/a', (req, res) => {
  exec('ping ' + req.ip);
  exec('id ' + req.user.name);
  exec('x ' + process.argv[2]);
  exec('y ' + req.method);
});
`),
      [],
    );
  });

  it('reads Koa context members', () => {
    const out = scan(`
import { exec } from 'child_process';
router.post('/k', async (ctx) => {
  exec(ctx.request.body.cmd);
  exec(ctx.query.q);
  exec(ctx.params.id);
  exec(ctx.get('X-Cmd'));
});
`);
    assert.deepEqual(out, [
      "command child_process.exec ctx.get('X-Cmd') @7",
      'command child_process.exec ctx.params.id @6',
      'command child_process.exec ctx.query.q @5',
      'command child_process.exec ctx.request.body.cmd @4',
    ]);
  });

  it('reads Hapi payloads and Fastify requests', () => {
    const out = scan(`
const cp = require('child_process');
server.route({ method: 'POST', path: '/run', handler: (request, h) => { cp.exec(request.payload.cmd); return 'ok'; } });
fastify.get('/f', async (request, reply) => { cp.execSync(request.query.cmd); });
`);
    assert.deepEqual(out, ['command child_process.exec request.payload.cmd @3', 'command child_process.execSync request.query.cmd @4']);
    const facts = sinkFacts({ 'src/app.js': `const cp = require('child_process');\nserver.route({ method: 'POST', path: '/run', handler: (request, h) => cp.exec(request.payload.cmd) });` });
    assert.equal(facts[0].route, 'POST /run');
  });

  it('names handler parameters by position when registered as routes', () => {
    const facts = sinkFacts({
      'src/app.js': `
const cp = require('child_process');
router.get('/x/:id', function (r, w) { cp.exec(r.params.id); });
`,
    });
    assert.equal(facts.length, 1);
    assert.equal(facts[0].source, 'r.params.id');
    assert.equal(facts[0].route, 'GET /x/:id');
  });

  it('reads Nest parameter decorators', () => {
    const facts = sinkFacts({
      'src/users.controller.ts': `
import { Controller, Get, Post, Query, Body, Param } from '@nestjs/common';
import { exec } from 'child_process';
@Controller('users')
export class UsersController {
  @Get(':id')
  find(@Param('id') id: string, @Query('q') q: string) {
    exec('grep ' + q);
    return id;
  }
  @Post()
  create(@Body() body: any) {
    exec(body.cmd);
  }
  helper(x: string) { return x; }
}
`,
    });
    // `return id` is also an HTML body (reflected-xss); this test is about the command sources.
    assert.deepEqual(
      facts.filter((f) => f.sink === 'command').map((f) => `${f.source} ${f.route}`).sort(),
      ["@Body() body.cmd POST /users", "@Query('q') q GET /users/:id"].sort(),
    );
  });

  it('reads parameter decorators applied bare, without a call (`@Body payload: Dto`)', () => {
    // A project's own controller decorators (`@RestController`), whose body and query parameter
    // decorators take no key: the decorator itself marks the request input.
    const out = scan(
      `
import { exec } from 'child_process';
import { Body, Get, Param, Post, Query, RestController } from '@acme/decorators';
@RestController('/jobs')
export class JobsController {
  @Post('/run')
  async run(req: AuthenticatedRequest, res: Response, @Body payload: RunJobDto) {
    exec(payload.command);
  }
  @Get('/:id')
  async one(req: AuthenticatedRequest, _res: Response, @Param('id') id: string, @Query query: ListQuery) {
    exec('ls ' + query.dir);
  }
}
`,
      'src/jobs.controller.ts',
    );
    assert.deepEqual(out, ['command child_process.exec @Body payload.command @8', 'command child_process.exec @Query query.dir @12']);
  });

  it('reads the parameter decorators of routing-controllers, inversify-express-utils and tsoa controllers', () => {
    const facts = sinkFacts({
      'src/reports.ts': `
import { JsonController, Get, QueryParam, HeaderParam } from 'routing-controllers';
import { exec } from 'child_process';
@JsonController('/reports')
export class Reports {
  @Get('/run')
  run(@QueryParam('name') name: string) { exec('report ' + name); return 'ok'; }
  @Get('/zone')
  zone(@HeaderParam('x-tz') tz: string) { exec('zone ' + tz); return 'ok'; }
}
`,
      'src/files.ts': `
import { controller, httpPost, requestBody } from 'inversify-express-utils';
import { Request } from 'express';
import { exec } from 'child_process';
@controller('/files')
export class Files {
  @httpPost('/:name')
  save(request: Request) { exec('touch ' + request.params.name); return 'ok'; }
  @httpPost('/')
  run(@requestBody() body: any) { exec(body.cmd); return 'ok'; }
}
`,
      'src/jobs.ts': `
import { Route, Get, Path } from 'tsoa';
import { exec } from 'child_process';
@Route('jobs')
export class Jobs {
  @Get('{jobId}')
  public start(@Path() jobId: string) { exec('start ' + jobId); return 'ok'; }
}
`,
    });
    assert.deepEqual(
      facts.filter((f) => f.sink === 'command').map((f) => `${f.source} ${f.route}`).sort(),
      ["@HeaderParam('x-tz') tz GET /reports/zone", "@Path() jobId GET /jobs/{jobId}", "@QueryParam('name') name GET /reports/run", '@requestBody() body.cmd POST /files', 'request.params.name POST /files/:name'].sort(),
    );
  });

  it('reads Next.js pages and app router requests', () => {
    const pages = sinkFacts({
      'pages/api/run.ts': `
import { exec } from 'child_process';
export default function handler(req, res) { exec(req.query.cmd); res.status(200).json({}); }
`,
    });
    assert.equal(pages[0].route, 'ALL /api/run');
    const app = sinkFacts({
      'src/app/api/(tools)/run/route.ts': `
import { exec } from 'child_process';
export async function POST(request: Request) {
  const body = await request.json();
  exec(body.cmd);
  const u = new URL(request.url);
  exec(u.searchParams.get('x'));
}
export async function GET(req) {
  exec(req.nextUrl.searchParams.get('q'));
}
`,
    });
    assert.deepEqual(app.map((f) => `${f.route} ${f.source}`).sort(), [
      "GET /api/run req.nextUrl.searchParams.get('q')",
      'POST /api/run request.json().cmd',
      "POST /api/run request.url.searchParams.get('x')",
    ]);
  });

  it('reads Medusa request members: the validated body and query and the list filters', () => {
    const out = scan(`
const { exec } = require('child_process');
export const POST = async (req, res) => {
  exec(req.validatedBody.script);
  exec(req.validatedQuery.q);
  exec(req.filterableFields.name);
  exec(req.auth_context.actor_id);
};
`);
    assert.deepEqual(out, [
      'command child_process.exec req.filterableFields.name @6',
      'command child_process.exec req.validatedBody.script @4',
      'command child_process.exec req.validatedQuery.q @5',
    ]);
  });

  it('treats websocket messages as request data', () => {
    const out = scan(`
const { exec } = require('child_process');
io.on('connection', (socket) => {
  socket.on('run', (data) => exec(data.cmd));
  socket.on('disconnect', (reason) => exec('log ' + reason));
});
wss.on('connection', (ws, req) => {
  ws.on('message', (msg) => { const m = JSON.parse(msg); exec(m.cmd); });
});
`);
    assert.deepEqual(out, ["command child_process.exec socket event 'run' data.cmd @4", 'command child_process.exec websocket message msg.cmd @8']);
  });

  it('treats server actions arguments as request data', () => {
    assert.deepEqual(
      kinds(
        `'use server';
import { exec } from 'child_process';
export async function run(formData: FormData) { exec(formData.get('cmd')); }
`,
        'src/app/actions.ts',
      ),
      ['command'],
    );
  });

  it('reads request objects passed to helpers by name', () => {
    assert.deepEqual(
      scan(`
const cp = require('child_process');
function build(req) { return 'ls ' + req.query.dir; }
exports.list = function (req, res) { cp.exec(build(req)); };
`),
      ['command child_process.exec req.query.dir @4'],
    );
  });
});
