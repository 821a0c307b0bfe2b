const Koa = require('koa');
const session = require('koa-session');
const Router = require('@koa/router');

const app = new Koa();
const router = new Router();
app.keys = [process.env.COOKIE_KEY];
// No store: the whole session lives in the signed cookie, and forgetting the cookie ends it.
app.use(session({ key: 'sess' }, app));

// ok: session-not-invalidated-on-logout
router.post('/logout', (ctx) => {
  ctx.cookies.set('sess', null);
  ctx.redirect('/');
});

app.use(router.routes());
app.listen(3000);
