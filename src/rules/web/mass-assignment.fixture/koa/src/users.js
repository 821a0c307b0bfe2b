const Router = require('@koa/router');
const _ = require('lodash');
const db = require('./db');
const schemas = require('./schemas');

const router = new Router();

router.put('/user', async (ctx) => {
  const { user: fields = {} } = ctx.request.body;
  // Client fields over the signed-in user: a body `id` picks the row the update below writes.
  // ruleid: mass-assignment
  let user = Object.assign({}, ctx.state.user, fields);
  user = await schemas.user.validate(user);
  await db('users').where({ id: user.id }).update(user);
  ctx.body = { user };
});

router.put('/user/profile', async (ctx) => {
  const allowed = _.pick(ctx.request.body.user, ['bio', 'image']);
  // ok: mass-assignment
  const user = Object.assign({}, ctx.state.user, allowed);
  await db('users').where({ id: ctx.state.user.id }).update({ bio: user.bio, image: user.image });
  ctx.body = { user };
});

router.get('/search', async (ctx) => {
  const defaults = { limit: 20, offset: 0 };
  // ok: mass-assignment
  const options = Object.assign({}, defaults, ctx.request.body.options);
  ctx.body = await db('users').limit(options.limit).offset(options.offset);
});

module.exports = router;
