const Koa = require('koa');
const Router = require('@koa/router');
const User = require('./models/user');

const app = new Koa();
const router = new Router();

router.get('/api/password', async (ctx) => {
  // ruleid: password-in-query-string
  const pwd = ctx.query.pwd;
  await User.setPassword(ctx.state.user.id, pwd);
  ctx.body = { ok: true };
});

router.get('/api/verify', async (ctx) => {
  // ok: password-in-query-string
  await User.verifyEmail(ctx.query.code);
  ctx.body = { ok: true };
});

app.use(router.routes());
app.listen(3001);
