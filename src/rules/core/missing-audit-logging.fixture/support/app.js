const express = require('express');
const jwt = require('jsonwebtoken');
const logger = require('pino')();

const app = express();
app.use(express.json());

function requireAdmin(req, res, next) {
  try {
    const claims = jwt.verify(req.get('authorization').slice(7), process.env.JWT_PUBLIC_KEY, { algorithms: ['RS256'] });
    if (claims.role !== 'admin') return res.status(403).end();
    req.user = claims;
    return next();
  } catch {
    return res.status(401).end();
  }
}

// ok: missing-audit-logging
app.post('/admin/refunds/:id', requireAdmin, async (req, res) => {
  logger.info({ actor: req.user.sub, action: 'refund', target: req.params.id }, 'audit');
  res.status(202).end();
});

app.listen(4001);
