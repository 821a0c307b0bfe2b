const Koa = require('koa');
const Router = require('@koa/router');
const bodyParser = require('koa-bodyparser');
const bcrypt = require('bcryptjs');
const users = require('./users');

const app = new Koa();
const router = new Router({ prefix: '/api' });

// ruleid: missing-rate-limit-auth-routes
router.post('/session', async (ctx) => {
  const user = await users.byEmail(ctx.request.body.email);
  if (!user || !(await bcrypt.compare(ctx.request.body.password, user.hash))) ctx.throw(401);
  ctx.body = { token: users.tokenFor(user) };
});

// ruleid: missing-rate-limit-auth-routes
router.post('/register', async (ctx) => {
  const hash = await bcrypt.hash(ctx.request.body.password, 12);
  ctx.body = await users.create({ email: ctx.request.body.email, hash });
});

app.use(bodyParser());
app.use(router.routes());
app.listen(3000);
