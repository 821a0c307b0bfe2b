import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSync, type Expression } from 'oxc-parser';
import { schemaValidated } from '../_lib/taint-library.js';
import { sourceValue } from '../_lib/taint-sources.js';
import { kindBit } from '../_lib/taint-types.js';
import { sinks } from './support.test.js';

const mass = (files: Record<string, string>): string[] => sinks(files).filter((l) => l.startsWith('mass-assignment'));

describe('extract/js/taint mass assignment: Nest body parameters', () => {
  const controller = (params: string, call: string, extra = '') => `
import { Body, Controller, Put, ValidationPipe } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';
import { UpdateUserDto } from './dto';
${extra}
const prisma = new PrismaClient();
@Controller('users')
export class UsersController {
  @Put(':id')
  update(${params}) {
    return ${call};
  }
}
`;

  it('a bare @Body typed by a class holds that class (the decorator can only check the declared type)', () => {
    // `@Body payload: UpdateUserDto` of a project's own decorator, which parses the body with the
    // parameter's type; an untyped bare `@Body payload` is the whole body.
    assert.deepEqual(mass({ 'src/users.controller.ts': controller('@Body dto: UpdateUserDto', 'prisma.user.update({ where: { id: 1 }, data: dto })') }), []);
    assert.deepEqual(mass({ 'src/users.controller.ts': controller('@Body dto', 'prisma.user.update({ where: { id: 1 }, data: dto })') }), [
      'mass-assignment @prisma/client.user.update @Body dto @11',
    ]);
  });

  it('a keyed @Body is the client-built sub-object', () => {
    assert.deepEqual(mass({ 'src/users.controller.ts': controller(`@Body('user') user`, 'prisma.user.update({ where: { id: 1 }, data: user })') }), [
      "mass-assignment @prisma/client.user.update @Body('user') user @11",
    ]);
  });

  it('a DTO-typed body stays whole: the rule decides whether a whitelisting pipe runs', () => {
    assert.deepEqual(mass({ 'src/users.controller.ts': controller(`@Body('user') user: UpdateUserDto`, 'prisma.user.update({ where: { id: 1 }, data: user })') }), [
      "mass-assignment @prisma/client.user.update @Body('user') user @11",
    ]);
    assert.deepEqual(mass({ 'src/users.controller.ts': controller('@Body() dto: UpdateUserDto', 'prisma.user.create({ data: dto })') }), [
      'mass-assignment @prisma/client.user.create @Body() dto @11',
    ]);
  });

  it('a whitelisting ValidationPipe on the parameter limits a DTO to its declared fields', () => {
    for (const pipe of ['{ whitelist: true }', '{ forbidNonWhitelisted: true, transform: true }']) {
      assert.deepEqual(mass({ 'src/users.controller.ts': controller(`@Body(new ValidationPipe(${pipe})) dto: UpdateUserDto`, 'prisma.user.create({ data: dto })') }), []);
      assert.deepEqual(mass({ 'src/users.controller.ts': controller(`@Body('user', new ValidationPipe(${pipe})) dto: UpdateUserDto`, 'prisma.user.create({ data: dto })') }), []);
    }
    // Without whitelisting (or without a DTO class to whitelist against) the body passes as sent.
    assert.equal(mass({ 'src/users.controller.ts': controller('@Body(new ValidationPipe({ transform: true })) dto: UpdateUserDto', 'prisma.user.create({ data: dto })') }).length, 1);
    assert.equal(mass({ 'src/users.controller.ts': controller('@Body(new ValidationPipe({ whitelist: true })) body', 'prisma.user.create({ data: body })') }).length, 1);
  });

  it('GraphQL input arguments and single query values are not whole objects', () => {
    assert.deepEqual(mass({ 'src/users.controller.ts': controller(`@Args('input') input: UpdateUserDto`, 'prisma.user.create({ data: input })', "import { Args } from '@nestjs/graphql';") }), []);
    assert.deepEqual(mass({ 'src/users.controller.ts': controller(`@Query('name') name`, 'prisma.user.create({ data: name })', "import { Query } from '@nestjs/common';") }), []);
  });

  it('follows a keyed body into a service that merges it over a loaded entity', () => {
    const out = mass({
      'src/user/user.controller.ts': `
import { Body, Controller, Put } from '@nestjs/common';
import { UserService } from './user.service';
@Controller()
export class UserController {
  constructor(private readonly userService: UserService) {}
  @Put('user')
  async update(@Body('user') userData: UpdateUserDto) {
    return this.userService.update(1, userData);
  }
}
`,
      'src/user/user.service.ts': `
import { Injectable } from '@nestjs/common';
@Injectable()
export class UserService {
  constructor(private readonly userRepository: Repository<UserEntity>) {}
  async update(id: number, dto: UpdateUserDto) {
    const toUpdate = await this.userRepository.findOne(id);
    const updated = Object.assign(toUpdate, dto);
    return this.userRepository.save(updated);
  }
}
`,
    });
    assert.ok(out.includes("mass-assignment Object.assign @Body('user') userData @8"), out.join('\n'));
  });
});

describe('extract/js/taint mass assignment: request fields merged over the signed-in user or a record', () => {
  const koa = (body: string) => `
const Router = require('@koa/router');
const _ = require('lodash');
const humps = require('humps');
const db = require('./db');
const router = new Router();
router.put('/user', async (ctx) => {
${body}
});
`;

  it('Object.assign({}, ctx.state.user, body.user) lets the client choose id, role or owner', () => {
    assert.deepEqual(mass({ 'src/users.js': koa('  const { user: fields = {} } = ctx.request.body;\n  const user = Object.assign({}, ctx.state.user, fields);\n  await db.update(user);') }), [
      'mass-assignment Object.assign ctx.request.body.user @9',
    ]);
    assert.deepEqual(mass({ 'src/users.js': koa('  const merged = Object.assign({}, ctx.request.user, ctx.request.body.profile);') }), [
      'mass-assignment Object.assign ctx.request.body.profile @8',
    ]);
  });

  it('a record read from the database counts as the base too', () => {
    const out = mass({ 'src/users.js': koa('  const current = await UserModel.findById(ctx.params.id);\n  const next = Object.assign({}, current, ctx.request.body.user);') });
    assert.deepEqual(out, ['mass-assignment Object.assign ctx.request.body.user @9']);
  });

  it('not for defaults, picked fields or fields named in code', () => {
    for (const body of [
      '  const opts = Object.assign({}, { limit: 20 }, ctx.request.body.options);',
      '  const defaults = { limit: 20 };\n  const opts = Object.assign({}, defaults, ctx.request.body.options);',
      "  const allowed = _.pick(ctx.request.body.user, ['bio']);\n  const user = Object.assign({}, ctx.state.user, allowed);",
      '  const { bio, image } = ctx.request.body.user;\n  const user = Object.assign({}, ctx.state.user, { bio, image });',
    ]) {
      assert.deepEqual(mass({ 'src/users.js': koa(body) }), [], body);
    }
  });

  it('key renaming (humps, camelcase-keys) keeps the whole body', () => {
    assert.deepEqual(mass({ 'src/users.js': koa('  await db.insert(humps.decamelizeKeys(ctx.request.body));') }), ['mass-assignment db.insert ctx.request.body @8']);
  });
});

describe('extract/js/taint mass assignment: schema validators', () => {
  const body = sourceValue('req.body', 'object', true);
  const call = (code: string): { callee: Expression; args: Expression[] } => {
    const stmt = parseSync('x.js', code).program.body[0];
    assert.ok(stmt?.type === 'ExpressionStatement' && stmt.expression.type === 'CallExpression');
    return { callee: stmt.expression.callee, args: stmt.expression.arguments as Expression[] };
  };
  const judge = (callee: string, qname: string | undefined, opts = ''): 'whole' | 'fields' | 'none' => {
    const method = callee.slice(callee.lastIndexOf('.') + 1);
    const parsed = call(`${callee}(body${opts ? `, ${opts}` : ''})`);
    const v = schemaValidated(method, parsed.callee, qname, [body, undefined], parsed.args);
    if (!v?.flags) return 'none';
    if (v.flags.clean & kindBit('mass-assignment')) return 'fields';
    return v.flags.whole === 'yes' ? 'whole' : 'fields';
  };

  it('yup keeps unknown keys unless stripUnknown or noUnknown', () => {
    assert.equal(judge('userSchema.validate', undefined), 'whole');
    assert.equal(judge('ctx.app.schemas.user.validate', undefined, '{ abortEarly: false }'), 'whole');
    assert.equal(judge('schema.validateSync', undefined), 'whole');
    assert.equal(judge('schema.cast', undefined), 'whole');
    assert.equal(judge('userSchema.validate', undefined, '{ stripUnknown: true }'), 'fields');
    assert.equal(judge('yup.object().noUnknown().validate', undefined), 'fields');
  });

  it('joi rejects and zod strips unknown keys by default', () => {
    assert.equal(judge('schema.validateAsync', undefined), 'fields');
    assert.equal(judge('schema.validate', 'joi.object.validate'), 'fields');
    assert.equal(judge('schema.validate', 'joi.object.validate', '{ allowUnknown: true }'), 'whole');
    assert.equal(judge('UserSchema.parse', undefined), 'fields');
    assert.equal(judge('UserSchema.safeParse', undefined), 'fields');
  });

  it('other validate, parse and create calls are not schema checks', () => {
    assert.equal(judge('ajv.validate', 'ajv.validate'), 'none');
    assert.equal(judge('tokens.validate', undefined), 'none');
    assert.equal(judge('parser.parse', undefined), 'none');
    assert.equal(judge('repo.create', undefined), 'none');
  });
});

describe('extract/js/taint mass assignment: schema validation in the flow', () => {
  const route = (validate: string) => `
const express = require('express');
const yup = require('yup');
const Joi = require('joi');
const User = require('./models/user');
const userSchema = yup.object({ email: yup.string().email(), name: yup.string() });
const joiSchema = Joi.object({ email: Joi.string().email(), name: Joi.string() });
const app = express();
app.post('/users', async (req, res) => {
  const data = await ${validate};
  res.json(await User.create(data));
});
`;

  it('yup hands back every key of the body, so the create is still mass assignment', () => {
    assert.equal(mass({ 'src/app.js': route('userSchema.validate(req.body)') }).length, 1);
  });

  it('stripUnknown, joi and zod keep only the schema\'s keys', () => {
    assert.deepEqual(mass({ 'src/app.js': route('userSchema.validate(req.body, { stripUnknown: true })') }), []);
    assert.deepEqual(mass({ 'src/app.js': route('joiSchema.validateAsync(req.body)') }), []);
  });
});


describe('extract/js/taint mass assignment: helpers of the repository and ORM bulk imports', () => {
  const handler = (call: string) => `
const { Proxy } = require('./proxy');
module.exports.proxySocketHandler = (socket) => {
  socket.on('addProxy', async (proxy, proxyID, callback) => {
    const bean = await ${call};
    callback({ ok: true, id: bean.id });
  });
};
`;
  const helper = (body: string) => `
const { R } = require('redbean-node');
class Proxy {
  static async save(proxy, proxyID, userID) {
    let bean = R.dispense('proxy');
${body}
    await R.store(bean);
    return bean;
  }
}
module.exports = { Proxy };
`;

  it('a helper that copies named fields or stores the object as one JSON column is no mass assignment', () => {
    const body = '    bean.user_id = userID;\n    bean.protocol = proxy.protocol;\n    bean.host = proxy.host;\n    bean.config = JSON.stringify(proxy);';
    assert.deepEqual(mass({ 'server/handler.js': handler('Proxy.save(proxy, proxyID, socket.userID)'), 'server/proxy.js': helper(body) }), []);
  });

  it('the whole-object sink inside the helper is reported there', () => {
    assert.deepEqual(mass({ 'server/handler.js': handler('Proxy.save(proxy, proxyID, socket.userID)'), 'server/proxy.js': helper('    bean.import(proxy);') }), [
      "mass-assignment bean.import socket event 'addProxy' proxy @6",
    ]);
    const create = "const Model = require('./model');\nclass Proxy { static save(p) { return Model.create(p); } }\nmodule.exports = { Proxy };\n";
    assert.deepEqual(mass({ 'server/handler.js': handler('Proxy.save(proxy)'), 'server/proxy.js': create }), ["mass-assignment Model.create socket event 'addProxy' proxy @2"]);
  });

  it('a method the module does not define (an ORM base class) is still judged by its name', () => {
    const model = "const { Model } = require('sequelize');\nclass Proxy extends Model {}\nmodule.exports = { Proxy };\n";
    assert.deepEqual(mass({ 'server/handler.js': handler('Proxy.save(proxy)'), 'server/proxy.js': model }), ["mass-assignment Proxy.save socket event 'addProxy' proxy @5"]);
  });

  it('redbean-node bean.import of the client object, not of an object named in code', () => {
    const code = (arg: string) => `
const { R } = require('redbean-node');
io.on('connection', (socket) => {
  socket.on('add', async (monitor, callback) => {
    let bean = R.dispense('monitor');
    delete monitor.notificationIDList;
    monitor.conditions = JSON.stringify(monitor.conditions);
    bean.import(${arg});
    bean.user_id = socket.userID;
    await R.store(bean);
  });
});
`;
    assert.deepEqual(mass({ 'server/server.js': code('monitor') }), ["mass-assignment bean.import socket event 'add' monitor @8"]);
    assert.deepEqual(mass({ 'server/server.js': code('{ name: monitor.name, active: monitor.active }') }), []);
  });
});

describe('extract/js/taint mass assignment: keys the code sets after the spread', () => {
  const app = (call: string) => `
import express from 'express';
import { Note } from './models';
const app = express();
app.post('/notes', async (req, res) => {
  res.json(await ${call});
});
`;

  it('carries the keys set after the last spread of request data on the api', () => {
    assert.deepEqual(mass({ 'src/app.ts': app('Note.create({ ...req.body, team: req.user.team, createdBy: req.user.id })') }), [
      'mass-assignment Note.create !set(team,createdBy) req.body @6',
    ]);
    // A literal spread of the code's own keys overrides nothing; a key holding request data is the client's.
    assert.deepEqual(mass({ 'src/app.ts': app('Note.create({ ...req.body, team: req.user.team, ...(x && { at: 1 }), title: req.body.title })') }), [
      'mass-assignment Note.create !set(team) req.body @6',
    ]);
  });

  it('carries nothing when the request data is spread after the keys', () => {
    assert.deepEqual(mass({ 'src/app.ts': app('Note.create({ team: req.user.team, ...req.body })') }), ['mass-assignment Note.create req.body @6']);
  });
});
