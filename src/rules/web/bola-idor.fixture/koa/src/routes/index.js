const Router = require('koa-router');
const jwt = require('koa-jwt');
const answers = require('../controllers/answers');
const threads = require('../controllers/threads');

const router = new Router();
const auth = jwt({ secret: process.env.JWT_SECRET });

// A loader selects the answer by the path; the handler deletes it without asking whose it is.
router.param('answer', answers.byAnswer);

// ruleid: bola-idor
router.del('/answers/:answer', auth, answers.del);
// ok: bola-idor
router.put('/answers/:answer', auth, answers.put);
// ruleid: bola-idor
router.del('/threads/:id', auth, threads.del);
// ok: bola-idor
router.post('/threads/:id/archive', auth, threads.archive);
// ok: bola-idor
router.get('/threads', auth, threads.list);

module.exports = router;
