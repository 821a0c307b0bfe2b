// Koa parses the query string flat (node querystring): `ctx.query.tag` is a string or an array of
// strings, so only the body and the whole query object can carry operators.
const Router = require('koa-router');
const mongoose = require('mongoose');

const Item = mongoose.model('Item', new mongoose.Schema({ tag: String, shelf: String }));
const router = new Router({ prefix: '/catalog' });

router.get('/by-tag', async (ctx) => {
  // ok: nosql-injection
  ctx.body = await Item.find({ tag: ctx.query.tag });
});

router.post('/by-shelf', async (ctx) => {
  // ruleid: nosql-injection
  ctx.body = await Item.findOne({ shelf: ctx.request.body.shelf });
});

router.get('/search', async (ctx) => {
  // ruleid: nosql-injection
  ctx.body = await Item.find(ctx.query);
});

module.exports = router;
