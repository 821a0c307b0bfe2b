// Meteor methods, publications and HTTP routes as entry points, with the auth their bodies enforce.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { EntrypointFact, SinkFact } from '../../../model/types.js';
import { extractor as taint } from '../taint/index.js';
import { runExtractors } from '../../testing.js';
import { extractor } from './index.js';

const APP = fileURLToPath(new URL('./fixtures/app', import.meta.url));

function readTree(dir: string, out: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) readTree(full, out);
    else out[relative(APP, full)] = readFileSync(full, 'utf8');
  }
  return out;
}

function entryPoints(files: Record<string, string>): string[] {
  return runExtractors([extractor], files)
    .facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint')
    .map((e) => `${e.protocol} ${e.method} ${e.path} ${e.auth}`)
    .sort();
}

describe('extract/js/meteor', () => {
  it('emits methods, publications and HTTP routes of the fixture app with their auth', () => {
    assert.deepEqual(entryPoints(readTree(APP)), [
      'http ALL /health/* none',
      'http GET /api/tasks/:id user',
      'websocket DDP method:tasks.byOwner none',
      'websocket DDP method:tasks.insert user',
      // ensureAdmin is defined in another file: judged in link by its body.
      'websocket DDP method:tasks.purge admin',
      'websocket DDP method:tasks.reindex admin',
      'websocket DDP method:tasks.search none',
      'websocket DDP publish:tasks.all admin',
      'websocket DDP publish:tasks.mine user',
      'websocket DDP publish:tasks.public none',
    ]);
  });

  it('reads ValidatedMethod, Picker, Restivus, Meteor 3 handlers and server-only methods', () => {
    const files = {
      'imports/api/lists/server/methods.js': `import { ValidatedMethod } from 'meteor/mdg:validated-method';
import { SimpleSchema } from 'meteor/aldeed:simple-schema';
export const rename = new ValidatedMethod({
  name: 'lists.rename',
  validate: new SimpleSchema({ listId: { type: String }, name: { type: String } }).validator(),
  run({ listId, name }) {
    const user = Meteor.user();
    if (!user) throw new Meteor.Error('not-logged-in');
    return Lists.update(listId, { $set: { name } });
  },
});
Meteor.methods({
  'internal.sync'(doc) {
    if (this.connection !== null) throw new Meteor.Error('not-authorized');
    return Docs.upsert(doc._id, doc);
  },
  async 'org.rename'(org, name) {
    if ((await Meteor.userAsync())?.isAdmin) {
      await Orgs.updateAsync(org, { $set: { name } });
    }
  },
});
`,
      'server/routes.js': `import { Picker } from 'meteor/meteorhacks:picker';
import { WebApp } from 'meteor/webapp';
const posts = Picker.filter((req) => req.method === 'POST');
posts.route('/hooks/:id', (params, req, res) => { res.end('ok'); });
WebApp.handlers.delete('/api/items/:id', async (req, res) => {
  if (!req.userId) return res.status(401).end();
  res.json(await Items.removeAsync({ _id: req.params.id, owner: req.userId }));
});
const Api = new Restivus({ apiPath: 'rest/', version: 'v1', useDefaultAuth: true });
Api.addRoute('boards/:id', { authRequired: true }, {
  get() { return Boards.findOne(this.urlParams.id); },
  delete: { roleRequired: ['admin'], action() { return Boards.remove(this.urlParams.id); } },
});
`,
      // Client stubs are no server entry points.
      'client/stubs.js': `Meteor.methods({ 'lists.rename'() {} });`,
      'imports/ui/page.js': `if (Meteor.isClient) { Meteor.methods({ 'ui.only'() {} }); }`,
      'server/testing.js': `if (isTesting) { Meteor.methods({ 'test.reset'() { Items.remove({}); } }); }`,
    };
    assert.deepEqual(entryPoints(files), [
      'http DELETE /api/items/:id user',
      'http DELETE /rest/v1/boards/:id admin',
      'http GET /rest/v1/boards/:id user',
      'http POST /hooks/:id none',
      'websocket DDP method:internal.sync admin',
      'websocket DDP method:lists.rename user',
      'websocket DDP method:org.rename admin',
      'websocket DDP method:test.reset none',
    ]);
    const devTags = runExtractors([extractor], { 'server/testing.js': files['server/testing.js'] }).facts.find((f): f is EntrypointFact => f.kind === 'entrypoint')?.tags;
    assert.ok(devTags?.includes('dev-only'));
  });

  it('makes DDP method and publication arguments taint sources, cleaned by check()', () => {
    const files = {
      'package.json': '{ "dependencies": { "meteor-node-stubs": "^1.2.5" } }',
      'server/methods.js': `import { check } from 'meteor/check';
Meteor.methods({
  async 'items.find'(selector) {
    return Items.find(selector).fetchAsync();
  },
  async 'items.byName'(name) {
    check(name, String);
    return Items.findOneAsync({ name });
  },
});
Meteor.publish('items.of', function (owner) {
  return Items.find({ owner });
});
export const rename = new ValidatedMethod({
  name: 'items.rename',
  validate: new SimpleSchema({ id: String }).validator(),
  run({ id }) { return Items.updateAsync(id, { $set: { x: 1 } }); },
});
`,
      // Client stubs run against the browser's cache.
      'client/stubs.js': `Meteor.methods({ 'items.find'(selector) { return Items.find(selector).fetch(); } });`,
    };
    const sinks = runExtractors([taint], files).facts.filter((f): f is SinkFact => f.kind === 'sink' && f.sink === 'nosql');
    assert.deepEqual(sinks.map((s) => `${s.evidence.file}:${s.evidence.line} ${s.route} ${s.source}`).sort(), [
      'server/methods.js:12 WS publish:items.of DDP publish:items.of argument owner',
      'server/methods.js:4 WS method:items.find DDP method:items.find argument selector',
    ]);
  });

  it('finds a method argument reaching meteor/http (SSRF)', () => {
    const files = {
      'server/hooks.js': `import { HTTP } from 'meteor/http';
Meteor.methods({
  'hooks.test'(url) {
    check(url, String);
    return HTTP.call('GET', url);
  },
  'hooks.ping'(host) {
    return HTTP.get('https://' + host + '/ping');
  },
});
`,
    };
    const sinks = runExtractors([taint], files).facts.filter((f): f is SinkFact => f.kind === 'sink' && f.sink === 'ssrf');
    assert.deepEqual(sinks.map((s) => `${s.evidence.line} ${s.api}`).sort(), ['5 meteor/http.HTTP.call', '8 meteor/http.HTTP.get']);
  });

  it('makes Restivus this.bodyParams / urlParams / queryParams and Picker params taint sources', () => {
    const files = {
      'server/api.js': `import { Restivus } from 'meteor/nimble:restivus';
import { exec } from 'child_process';
const Api = new Restivus({ useDefaultAuth: true, prettyJson: true });
Api.addRoute('items/:id', { authRequired: true }, {
  get() {
    return Items.findOne({ _id: this.urlParams.id, owner: this.userId });
  },
  post: {
    action() {
      return Items.find(this.bodyParams.filter).fetch();
    },
  },
  put() {
    exec('convert ' + this.queryParams.file);
    return { ok: true };
  },
});
`,
      'server/picker.js': `import { Picker } from 'meteor/meteorhacks:picker';
import { exec } from 'child_process';
Picker.route('/export/:name', (params, req, res) => {
  exec('tar czf /tmp/out.tgz ' + params.name);
  res.end('ok');
});
const post = Picker.filter((req) => req.method === 'POST');
post.route('/safe/:name', (params, req, res) => {
  exec('tar czf /tmp/out.tgz fixed');
  res.end('ok');
});
`,
    };
    const sinks = runExtractors([taint], files).facts.filter((f): f is SinkFact => f.kind === 'sink');
    assert.deepEqual(sinks.map((s) => `${s.evidence.file}:${s.evidence.line} ${s.sink} ${s.route}`).sort(), [
      'server/api.js:10 nosql POST items/:id',
      'server/api.js:14 command PUT items/:id',
      'server/picker.js:4 command ALL /export/:name',
    ]);
  });
});
