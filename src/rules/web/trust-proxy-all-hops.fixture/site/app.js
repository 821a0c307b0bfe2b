const Koa = require('koa');

const app = new Koa();
// ok: trust-proxy-all-hops
app.proxy = true;

app.use(async (ctx) => {
  ctx.body = 'hello';
});

module.exports = app;
