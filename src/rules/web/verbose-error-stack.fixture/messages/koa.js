const Koa = require('koa');
const app = new Koa();

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = err.status || 500;
    // ruleid: verbose-error-stack
    ctx.body = { message: err.message };
  }
});

app.use(async (ctx) => {
  try {
    ctx.body = JSON.parse(ctx.request.rawBody);
  } catch (e) {
    // Only a parse error of the client's own body is caught here.
    // ok: verbose-error-stack
    ctx.body = { message: e.message };
  }
});

module.exports = app;
