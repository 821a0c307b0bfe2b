const Koa = require('koa');

const app = new Koa();

app.use(async (ctx) => {
  if (ctx.path === '/hello') {
    // ruleid: reflected-xss
    ctx.body = `<p>Hello ${ctx.query.name}</p>`;
    return;
  }
  // ok: reflected-xss
  ctx.body = `Hello ${ctx.query.name}`;
});

module.exports = app;
