const Router = require('koa-router');
const jwt = require('koa-jwt');
const projects = require('../controllers/projects');

const router = new Router();
const auth = jwt({ secret: process.env.JWT_SECRET });

// ok: bola-idor
router.post('/projects/:id', auth, (ctx) => projects.update(ctx));
// ok: bola-idor
router.del('/projects/:id', auth, (ctx) => projects.remove(ctx));
// ok: bola-idor
router.get('/projects/:id', auth, (ctx) => projects.show(ctx));
// ruleid: bola-idor
router.get('/projects/:id/token', auth, (ctx) => projects.token(ctx));

module.exports = router;
