const express = require('express');
const jwt = require('jsonwebtoken');
const guard = require('express-jwt-permissions')();
const notes = require('../controllers/notes');

const router = express.Router();

function validateToken(req, res, next) {
  if (!req.headers.authorization) return res.status(401).send({ error: 'Token required' });
  req.user = jwt.verify(req.headers.authorization.split(' ')[1], process.env.JWT_SECRET);
  next();
}

// ruleid: guard-after-handler
router.get('/notes', validateToken, notes.list, guard.check(['notes:read']));
// ruleid: guard-after-handler
router.delete('/notes/:id', validateToken, notes.remove, guard.check(['notes:write']));
// ok: guard-after-handler
router.post('/notes', validateToken, guard.check(['notes:write']), notes.create);
// ok: guard-after-handler
router.get('/public', notes.list);

module.exports = router;
