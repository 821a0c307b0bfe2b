const express = require('express');
const jwt = require('jsonwebtoken');
const _ = require('lodash');

const app = express();
app.use(express.json());
const config = { site: {}, mail: {} };

function requireLogin(req, res, next) {
  try {
    req.user = jwt.verify(req.headers.authorization, process.env.JWT_KEY);
    next();
  } catch {
    res.status(401).end();
  }
}

function requireAdmin(req, res, next) {
  if (!req.user || req.user.role !== 'admin') return res.status(403).end();
  next();
}

// Only administrators choose the keys: reported, but low.
app.put('/admin/config', requireLogin, requireAdmin, (req, res) => {
  // ruleid: prototype-pollution
  _.merge(config, req.body);
  res.json(config);
});

// Any signed-in user chooses them.
app.put('/me/config', requireLogin, (req, res) => {
  // ruleid: prototype-pollution
  _.merge(config, req.body);
  res.json(config);
});

module.exports = app;
