const express = require('express');
const jwt = require('jsonwebtoken');

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

// ruleid: missing-audit-logging
app.delete('/admin/users/:id', requireAdmin, async (req, res) => {
  await req.app.locals.users.remove(req.params.id);
  res.status(204).end();
});

app.listen(4000);
