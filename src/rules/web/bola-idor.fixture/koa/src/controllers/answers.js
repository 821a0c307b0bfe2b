const db = require('../db');

module.exports = {
  async byAnswer(answer, ctx, next) {
    answer = await db('answers').first().where({ id: answer });
    ctx.assert(answer, 404);
    ctx.params.answer = answer;
    return next();
  },

  async del(ctx) {
    const { answer } = ctx.params;
    await db('answers').del().where({ id: answer.id });
    ctx.body = {};
  },

  async put(ctx) {
    const { answer } = ctx.params;
    ctx.assert(answer.author_id === ctx.state.user.id, 403);
    await db('answers').update({ body: ctx.request.body.body }).where({ id: answer.id });
    ctx.body = {};
  },
};
