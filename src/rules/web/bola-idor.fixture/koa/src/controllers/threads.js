const db = require('../db');

module.exports = {
  async del(ctx) {
    await db('threads').where('id', ctx.params.id).del();
    ctx.body = {};
  },

  async archive(ctx) {
    await db('threads').where({ id: ctx.params.id, author_id: ctx.state.user.id }).update({ archived: true });
    ctx.body = {};
  },

  async list(ctx) {
    ctx.body = await db('threads').select('id', 'title').where({ author_id: ctx.state.user.id });
  },
};
