const Koa = require('koa');
const Router = require('@koa/router');
const vm = require('vm');

const app = new Koa();
const router = new Router();
const OPERATIONS = { add: (a, b) => a + b, mul: (a, b) => a * b };

router.post('/calc', (ctx) => {
  // ruleid: code-injection
  ctx.body = { result: eval(ctx.request.body.expression) };
});

router.post('/calc/v2', (ctx) => {
  const { op, a, b } = ctx.request.body;
  const fn = OPERATIONS[op];
  // ok: code-injection
  ctx.body = { result: fn ? fn(Number(a), Number(b)) : null };
});

router.post('/rules', (ctx) => {
  // ruleid: code-injection
  const check = new Function('order', ctx.request.body.rule);
  ctx.body = { ok: check({ total: 10 }) };
});

router.post('/sandbox', (ctx) => {
  // ruleid: code-injection
  ctx.body = vm.runInNewContext(ctx.request.body.script, { Math });
});

router.get('/config', (ctx) => {
  // ok: code-injection
  ctx.body = JSON.parse(ctx.query.settings || '{}');
});

router.get('/later', (ctx) => {
  // ok: code-injection
  setTimeout(() => console.info('done'), Number(ctx.query.ms));
  ctx.status = 204;
});

app.use(router.routes());
module.exports = app;
