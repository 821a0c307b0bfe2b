import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';
import { sinkFacts, sinks } from './support.test.js';

describe('extract/js/taint across files', () => {
  it('follows a route into an imported CommonJS service', () => {
    const facts = sinkFacts({
      'src/routes/users.js': `
const express = require('express');
const userService = require('../services/userService');
const router = express.Router();
router.get('/users', async (req, res) => {
  res.json(await userService.search(req.query.name));
});
module.exports = router;
`,
      'src/services/userService.js': `
const db = require('../db');
async function search(name) {
  const sql = "SELECT * FROM users WHERE name LIKE '%" + name + "%'";
  return db.query(sql);
}
module.exports = { search };
`,
    });
    assert.equal(facts.length, 1);
    const f = facts[0];
    assert.equal(f.sink, 'sql');
    assert.equal(f.evidence.file, 'src/services/userService.js');
    assert.equal(f.evidence.line, 5);
    assert.equal(f.source, 'req.query.name');
    assert.equal(f.route, 'GET /users');
    assert.equal(f.key, 'src/services/userService.js#search#db.query#req.query.name');
    assert.deepEqual(
      f.path?.map((p) => `${p.file}:${p.line}`),
      ['src/routes/users.js:6', 'src/services/userService.js:4'],
    );
  });

  it('follows ESM named imports, barrels and path aliases', () => {
    const out = sinks({
      'src/app.ts': `
import { runReport } from './reports';
import { archive } from '@/lib/files';
app.post('/report', (req, res) => { runReport(req.body.name); archive(req.body.file); });
`,
      'src/reports/index.ts': `export * from './runner';\nexport { helper as other } from './runner';`,
      'src/reports/runner.ts': `
import { execSync } from 'node:child_process';
export function runReport(name: string) { return execSync(\`./report.sh \${name}\`); }
export const helper = (x: string) => x;
`,
      'src/lib/files.ts': `
import fs from 'fs';
export const archive = (file: string) => fs.unlinkSync('/data/' + file);
`,
    });
    assert.deepEqual(out, ['command child_process.execSync req.body.name @3', 'path fs.unlinkSync req.body.file @3']);
  });

  it('follows Nest controllers into injected services and repositories', () => {
    const facts = sinkFacts({
      'src/users/users.controller.ts': `
import { Controller, Get, Query } from '@nestjs/common';
import { UsersService } from './users.service';
@Controller('users')
export class UsersController {
  constructor(private readonly usersService: UsersService) {}
  @Get('search')
  search(@Query('q') q: string) { return this.usersService.search(q); }
  @Get('count')
  count(@Query('n') n: string) { return this.usersService.count(parseInt(n, 10)); }
}
`,
      'src/users/users.service.ts': `
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { User } from './user.entity';
@Injectable()
export class UsersService {
  constructor(@InjectRepository(User) private repo: Repository<User>) {}
  search(q: string) { return this.repo.query(\`SELECT * FROM user WHERE name = '\${q}'\`); }
  count(n: number) { return this.repo.query('SELECT * FROM user LIMIT ' + n); }
}
`,
    });
    assert.deepEqual(
      facts.map((f) => `${f.sink} ${f.api} ${f.evidence.file}:${f.evidence.line} ${f.route} ${f.key}`),
      ["sql typeorm.query src/users/users.service.ts:9 GET /users/search src/users/users.service.ts#UsersService.search#typeorm.query#@Query('q') q"],
    );
  });

  it('follows three hops and ignores sanitising services', () => {
    const out = sinks({
      'src/controller.js': `
const svc = require('./service');
exports.show = (req, res) => svc.load(req.params.file);
exports.safe = (req, res) => svc.loadSafe(req.params.file);
`,
      'src/service.js': `
const repo = require('./repo');
const path = require('path');
exports.load = (name) => repo.read('/srv/' + name);
exports.loadSafe = (name) => repo.read('/srv/' + path.basename(name));
`,
      'src/repo.js': `
const fs = require('fs');
module.exports.read = (p) => fs.readFileSync(p, 'utf8');
`,
    });
    assert.deepEqual(out, ['path fs.readFileSync req.params.file @3']);
  });

  it('terminates on import cycles', () => {
    const out = sinks({
      'src/a.js': `const b = require('./b');\nexports.f = (x) => b.g(x);\napp.get('/x', (req, res) => exports.f(req.query.x));`,
      'src/b.js': `const a = require('./a');\nexports.g = (y) => a.f(y);`,
    });
    assert.deepEqual(out, []);
  });

  it('drops its internal facts after linking', () => {
    const { facts } = runExtractor(extractor, {
      'src/a.js': `const b = require('./b');\napp.get('/x', (req, res) => b.run(req.query.x));`,
      'src/b.js': `exports.run = (c) => require('child_process').exec(c);`,
    });
    assert.ok(facts.every((f) => f.kind === 'sink'));
    assert.equal(facts.length, 1);
  });

  it('follows values returned by helpers of other modules', () => {
    const out = sinks({
      'src/routes/track.ts': `
import * as utils from '../lib/utils';
import * as db from '../data/mongodb';
export function track() {
  return (req, res) => {
    const id = utils.trunc(req.params.id, 60);
    db.orders.find({ $where: \`this.orderId === '\${id}'\` });
    const n = utils.toNumber(req.params.n);
    db.orders.find({ $where: 'this.n == ' + n });
  };
}
`,
      'src/lib/utils.ts': `
export function trunc(str: string, length: number) { return str.length > length ? str.slice(0, length) + '...' : str; }
export function toNumber(v: string) { return parseInt(v, 10); }
`,
      'src/data/mongodb.ts': `export const orders = db.collection('orders');`,
    });
    assert.deepEqual(out, ['nosql db.orders.find $where req.params.id @7']);
  });

  it('follows constructor-function modules (this.method = ...)', () => {
    const out = sinks({
      'app/routes/allocations.js': `
const AllocationsDAO = require('../data/allocations-dao').AllocationsDAO;
function AllocationsHandler(db) {
  const dao = new AllocationsDAO(db);
  this.display = (req, res) => dao.byThreshold(req.query.threshold, () => res.end());
}
module.exports = AllocationsHandler;
`,
      'app/data/allocations-dao.js': `
function AllocationsDAO(db) {
  const col = db.collection('allocations');
  this.byThreshold = (threshold, cb) => {
    const criteria = () => ({ $where: \`this.stocks > '\${threshold}'\` });
    col.find(criteria()).toArray(cb);
  };
}
module.exports.AllocationsDAO = AllocationsDAO;
`,
    });
    assert.deepEqual(out, ['nosql col.find $where req.query.threshold @6']);
  });

  it('judges calls on own services by their summaries, not by method names', () => {
    const out = sinks({
      'src/user.controller.ts': `
import { UserService } from './user.service';
export class UserController {
  constructor(private readonly userService: UserService) {}
  login(req) { return this.userService.findOne(req.body); }
  create(req) { return this.userService.create(req.body); }
}
`,
      'src/user.service.ts': `
import { User } from './user.model';
export class UserService {
  findOne(dto) { return User.findOne({ email: String(dto.email) }); }
  create(dto) { return User.create(dto); }
}
`,
    });
    assert.deepEqual(out, ['mass-assignment User.create req.body @5']);
  });
});

describe('extract/js/taint: a project sanitiser that strips query operators', () => {
  it('takes what a helper deleting the `$` keys of its argument returns as no NoSQL filter', () => {
    const out = sinks({
      'src/routes/members.js': `
const express = require('express');
const { dropOperators, trimmed } = require('../lib/clean');
const router = express.Router();
router.post('/members/find', async (req, res) => {
  res.json(await db.members.findOne({ mail: dropOperators(req.body.mail) }));
});
router.post('/members/byname', async (req, res) => {
  res.json(await db.members.findOne({ name: trimmed(req.body.name) }));
});
module.exports = router;
`,
      'src/lib/clean.js': `
function dropOperators(value) {
  if (value instanceof Object) {
    for (const key in value) {
      if (/^\\$/.test(key)) delete value[key];
    }
  }
  return value;
}
// Deletes keys too, but not the operators: no sanitiser.
function trimmed(value) {
  if (value instanceof Object) for (const key in value) if (key === '') delete value[key];
  return value;
}
module.exports = { dropOperators, trimmed };
`,
    });
    assert.deepEqual(out, ['nosql db.members.findOne req.body.name @9']);
  });

  it('keeps per-member taint of a context object handed on inside another object, across modules', () => {
    // A request handler builds a context from the signed-in user plus one header, creates a server
    // with it, and the server hands `{ server, context }` to plugin registrars in other modules that
    // destructure `context` and read only the user's members.
    const out = sinks({
      'package.json': '{"dependencies":{"mongoose":"8.0.0","express":"4.0.0"}}',
      'src/app.ts': `
import express from 'express';
import { buildServer } from './server';
const app = express();
app.post('/rpc', (req, res) => {
  const ctx = { orgId: String(req.user.org), agent: parseAgent(req.get('User-Agent')), note: req.body.note };
  buildServer(ctx);
  res.end();
});
function parseAgent(ua) { return { name: ua }; }
export default app;
`,
      'src/server.ts': `
import widgetPlugin from './plugins/widgets';
export function buildServer(context) {
  const host = { server: {}, context };
  widgetPlugin(host);
}
`,
      'src/plugins/widgets/index.ts': `
import { registerFind } from './find';
export default function widgetPlugin(host) { registerFind(host); }
`,
      'src/plugins/widgets/find.ts': `
import Widget from '../../widget';
export function registerFind({ context }) {
  const { orgId } = context;
  Widget.findOne({ org: orgId });
  Widget.findOne({ org: context.orgId, note: context.note });
}
`,
      'src/widget.ts': `import mongoose from 'mongoose'; export default mongoose.model('Widget', new mongoose.Schema({}));`,
    });
    assert.deepEqual(out.map((s) => s.replace(/ req\.\S+ @/, ' @')), ['nosql Widget.findOne @6']);
  });

  it('keeps a string member of an object argument a string in another module', () => {
    // A route parameter is always a string; the body's member may be an object.
    const out = sinks({
      'package.json': '{"dependencies":{"mongoose":"8.0.0","express":"4.0.0"}}',
      'src/app.ts': `
import express from 'express';
import { purge } from './purge';
const app = express();
app.put('/boards/:id', async (req, res) => {
  const { id } = req.params;
  await purge({ boardId: id, panels: req.body.panels });
  res.end();
});
export default app;
`,
      'src/purge.ts': `
import Panel from './panel';
export async function purge({ boardId, panels }) {
  await Panel.deleteMany({ board: boardId });
  await Panel.deleteMany({ _id: panels });
}
`,
      'src/panel.ts': `import mongoose from 'mongoose'; export default mongoose.model('Panel', new mongoose.Schema({}));`,
    });
    assert.deepEqual(out.map((s) => s.replace(/ req\.\S+ @/, ' @')), ['nosql Panel.deleteMany @5']);
  });
  it("follows a SvelteKit endpoint into a helper imported from $lib", () => {
    const facts = sinkFacts({
      'src/routes/api/notes/[id]/+server.ts': `
import { findNote } from '$lib/server/notes';
export const GET = async ({ params }) => {
  return Response.json(await findNote(params.id));
};
`,
      'src/lib/server/notes.ts': `
import { db } from './db';
export async function findNote(id) {
  return db.query("SELECT * FROM notes WHERE id = '" + id + "'");
}
`,
    });
    assert.deepEqual(facts.map((f) => `${f.sink} ${f.evidence.file}:${f.evidence.line}`), ['sql src/lib/server/notes.ts:4']);
  });
});
