// Guards and handlers exported through error-forwarding wrappers (`asyncHandler(fn)`, `catchAsync(fn)`)
// resolve to the wrapped function; factories that build something else (`rateLimit({...})`) do not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

function run(files: Record<string, string>): { eps: EntrypointFact[]; facts: Fact[] } {
  const facts = runExtractors([auth, extractor], files).facts;
  return { eps: facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint'), facts };
}

const APP = {
  'middleware/async.js': `const asyncHandler = (fn) => (req, res, next) => Promise.resolve(fn(req, res, next)).catch(next);
module.exports = asyncHandler;
`,
  'middleware/auth.js': `const jwt = require('jsonwebtoken');
const asyncHandler = require('./async');
const rateLimit = require('express-rate-limit');

exports.protect = asyncHandler(async (req, res, next) => {
  const token = req.headers.authorization;
  if (!token) return res.status(401).json({ error: 'no token' });
  req.user = jwt.verify(token, process.env.JWT_SECRET);
  next();
});

exports.limiter = rateLimit({ windowMs: 60000, max: 10 });
`,
  'controllers/auth.js': `const asyncHandler = require('../middleware/async');
const catchAsync = (fn) => (req, res, next) => fn(req, res, next).catch(next);

exports.getMe = asyncHandler(async (req, res, next) => {
  res.json({ id: req.user.id });
});

const listNotes = catchAsync(async (req, res) => {
  res.json([]);
});
module.exports.listNotes = listNotes;
`,
  'routes/auth.js': `const express = require('express');
const { getMe, listNotes } = require('../controllers/auth');
const { protect, limiter } = require('../middleware/auth');
const router = express.Router();
router.get('/me', protect, getMe);
router.get('/notes', limiter, listNotes);
module.exports = router;
`,
  'server.js': `const express = require('express');
const app = express();
app.use('/api/auth', require('./routes/auth'));
`,
};

describe('extract/js/express wrapped exports', () => {
  it('treats a guard exported through asyncHandler as an authentication check', () => {
    const { eps } = run(APP);
    const me = eps.find((e) => e.path === '/api/auth/me');
    assert.equal(me?.auth, 'user');
  });

  it('resolves handlers exported through wrappers to the wrapped function', () => {
    const { eps } = run(APP);
    const table = eps.map((e) => `${e.method} ${e.path} ${e.handler?.file}:${e.handler?.line}`).sort();
    assert.deepEqual(table, ['GET /api/auth/me controllers/auth.js:4', 'GET /api/auth/notes controllers/auth.js:8']);
  });

  it('keeps an owner-or-admin check in a linked handler at user level', () => {
    const { eps } = run({
      ...APP,
      'controllers/reviews.js': `const asyncHandler = require('../middleware/async');
exports.updateReview = asyncHandler(async (req, res, next) => {
  const review = await Review.findById(req.params.id);
  if (review.user.toString() !== req.user.id && req.user.role !== 'admin') {
    return res.status(401).end();
  }
  res.json(review);
});
exports.purge = asyncHandler(async (req, res, next) => {
  if (req.user.role !== 'admin') return res.status(403).end();
  res.end();
});
`,
      'routes/reviews.js': `const express = require('express');
const { updateReview, purge } = require('../controllers/reviews');
const { protect } = require('../middleware/auth');
const router = express.Router();
router.put('/:id', protect, updateReview);
router.delete('/', protect, purge);
module.exports = router;
`,
      'server.js': `const express = require('express');
const app = express();
app.use('/api/reviews', require('./routes/reviews'));
`,
    });
    const table = eps.filter((e) => e.path?.startsWith('/api/reviews')).map((e) => `${e.method} ${e.path} ${e.auth}`).sort();
    assert.deepEqual(table, ['DELETE /api/reviews admin', 'PUT /api/reviews/:id user']);
  });

  it('does not take a factory call for a guard or a handler', () => {
    const { eps, facts } = run(APP);
    const notes = eps.find((e) => e.path === '/api/auth/notes');
    assert.notEqual(notes?.auth, 'user');
    const guardNames = facts.filter((f) => f.kind === 'auth' && f.role === 'guard-definition').map((f) => (f.kind === 'auth' ? f.name : ''));
    assert.ok(guardNames.includes('protect'));
    assert.ok(!guardNames.includes('limiter'));
    const handlerExports = facts
      .filter((f) => f.kind === 'config' && f.setting === 'js-handler')
      .flatMap((f) => (f.kind === 'config' ? (JSON.parse(String(f.values.data)) as { exports: string[] }).exports : []));
    assert.ok(!handlerExports.includes('limiter'));
  });
});
