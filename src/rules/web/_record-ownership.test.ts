import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DataModelFact, EntrypointFact } from '../../model/types.js';
import { hasAssigneeColumn, normalModelName, ownershipOf, pathParamOf, roleGatedSiblings } from './_record-ownership.js';

function model(name: string, fields: string[]): DataModelFact {
  return { kind: 'data-model', name, fields, classification: 'internal', categories: [], extractor: 'test', evidence: { file: 'schema.sql', line: 1 } };
}

function route(method: string, path: string, auth: EntrypointFact['auth'], tags: string[] = []): EntrypointFact {
  return { kind: 'entrypoint', protocol: 'http', framework: 'express', method, path, auth, middleware: [], tags, extractor: 'test', evidence: { file: 'app.js', line: 1 } };
}

test('ownership: possession columns, authorship stamps, none, and the parent record', () => {
  const article = model('articles', ['id', 'title', 'author_id']);
  const order = model('Order', ['id', 'userId', 'total']);
  const models = new Map([article, order, model('tags', ['id', 'name'])].map((m) => [normalModelName(m.name), m]));
  assert.equal(ownershipOf(order, models), 'owned');
  assert.equal(ownershipOf(model('projects', ['id', 'org_id', 'created_by']), models), 'owned');
  assert.equal(ownershipOf(article, models), 'authored');
  assert.equal(ownershipOf(model('tags', ['id', 'name']), models), 'none');
  assert.equal(ownershipOf(model('User', ['id', 'email']), models), 'owned');
  assert.equal(ownershipOf(model('OrderLine', ['id', 'orderId', 'sku']), models), 'owned');
  assert.equal(ownershipOf(model('ArticleImage', ['id', 'articleId', 'url']), models), 'authored');
});

test('assignee columns mark work items handed between users', () => {
  assert.equal(hasAssigneeColumn(model('tasks', ['id', 'author_id', 'assigned_user_id'])), true);
  assert.equal(hasAssigneeColumn(model('posts', ['id', 'author_id'])), false);
});

test('role-gated siblings: privileged changes of the same record, not reads, deny-all or other records', () => {
  const patch = route('PATCH', '/api/tasks/:id', 'user');
  const del = route('DELETE', '/api/tasks/:taskId', 'admin');
  const assign = route('POST', '/api/tasks/:id/assign', 'admin');
  const others = [route('GET', '/api/tasks/:id/audit', 'admin'), route('DELETE', '/api/tasks/:id/x', 'admin', ['deny-all']), route('DELETE', '/api/tasksets/:id', 'admin'), route('POST', '/api/tasks', 'admin')];
  assert.deepEqual(roleGatedSiblings(patch, 'id', [patch, del, assign, ...others]), [del, assign]);
  assert.deepEqual(roleGatedSiblings(patch, 'slug', [patch, del]), []);
});

test('path parameter of an id source', () => {
  assert.equal(pathParamOf('req.params.id'), 'id');
  assert.equal(pathParamOf('ctx.params.taskId'), 'taskId');
  assert.equal(pathParamOf("@Param('slug')"), 'slug');
  assert.equal(pathParamOf('req.body.id'), undefined);
});
