import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigFact, Fact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import { extractor as express } from '../express/index.js';
import { extractor } from './index.js';

/** `METHOD path → api idSource operation` of the record accesses linked to routes. */
function accesses(files: Record<string, string>): string[] {
  const extractors = [extractor, express];
  const facts: Fact[] = [];
  for (const [path, content] of Object.entries(files)) facts.push(...extractFile({ path, content }, extractors).facts);
  return linkFacts(facts, extractors)
    .filter((f): f is ConfigFact => f.kind === 'config' && f.setting === 'record-access' && typeof f.values.routePath === 'string')
    .map((f) => `${f.values.routeMethod} ${f.values.routePath} → ${f.values.api} ${f.values.idSource} ${f.values.operation}`)
    .sort();
}

const ROUTER = `const Router = require('koa-router');
const jwt = require('koa-jwt');
const notes = require('../controllers/notes');
const router = new Router();
const auth = jwt({ secret: process.env.SECRET });
router.param('note', notes.byNote);
router.del('/notes/:note', auth, notes.del);
router.put('/notes/:note', auth, notes.put);
router.get('/notes/:note/tags', auth, notes.tags);
router.del('/drafts/:id', auth, notes.dropDraft);
router.post('/drafts/:id/publish', auth, notes.publish);
module.exports = router;
`;

const CONTROLLER = `const db = require('../db');
module.exports = {
  async byNote(note, ctx, next) {
    note = await db('notes').first().where({ id: note });
    ctx.assert(note, 404);
    ctx.params.note = note;
    return next();
  },
  async del(ctx) {
    const { note } = ctx.params;
    await db('notes').del().where({ id: note.id });
    ctx.body = {};
  },
  async put(ctx) {
    const { note } = ctx.params;
    ctx.assert(note.author === ctx.state.user.id, 403, 'not yours');
    await db('notes').update({ body: ctx.request.body.body }).where({ id: note.id });
    ctx.body = {};
  },
  async tags(ctx) {
    const { note } = ctx.params;
    ctx.body = await db('note_tags').select('tag').where({ note: note.id });
  },
  async dropDraft(ctx) {
    await db('drafts').where('id', '=', ctx.params.id).delete();
    ctx.body = {};
  },
  async publish(ctx) {
    await db('drafts').where({ id: ctx.params.id }).andWhere('author_id', ctx.state.user.id).update({ published: true });
    ctx.body = {};
  },
};
`;

describe('extract/js/koa record access', () => {
  it('reads query-builder chains: table from the root call, verb and where from any step', () => {
    assert.deepEqual(accesses({ 'src/routes/notes.js': ROUTER, 'src/controllers/notes.js': CONTROLLER }), [
      'DELETE /drafts/:id → drafts.del ctx.params.id delete',
      'DELETE /notes/:note → notes.del ctx.params.note.id delete',
    ]);
  });

  it('keeps ownership-scoped and ownership-checked chains out, and a foreign-key filter is no selector', () => {
    const out = accesses({ 'src/routes/notes.js': ROUTER, 'src/controllers/notes.js': CONTROLLER }).join('\n');
    assert.doesNotMatch(out, /PUT \/notes/);
    assert.doesNotMatch(out, /publish/);
    assert.doesNotMatch(out, /note_tags/);
  });

  it('treats records a loader put on ctx.state as request-selected', () => {
    const out = accesses({
      'src/app.js': `const Koa = require('koa');
const Router = require('@koa/router');
const Post = require('./post');
const app = new Koa();
const router = new Router();
router.param('post', async (id, ctx, next) => {
  ctx.state.post = await Post.findByPk(id);
  return next();
});
router.delete('/posts/:post', async (ctx) => {
  await ctx.state.post.destroy();
  ctx.status = 204;
});
router.patch('/posts/:post', async (ctx) => {
  const { post } = ctx.state;
  if (post.userId !== ctx.state.user.id) ctx.throw(403);
  await post.update(ctx.request.body);
  ctx.status = 204;
});
app.use(router.routes());
`,
    });
    assert.deepEqual(out, ['DELETE /posts/:post → Post.destroy ctx.state.post delete']);
  });
});
