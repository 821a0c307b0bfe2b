const express = require('express');
const winston = require('winston');

const logger = winston.createLogger({ transports: [new winston.transports.Console()] });
const app = express();
app.use(express.json());

app.post('/login', (req, res) => {
  // ruleid: log-injection
  logger.warn(`failed login for ${req.body.username}`);
  // ok: log-injection
  logger.warn('failed login', { username: req.body.username });
  res.status(401).end();
});

app.get('/audit', (req, res) => {
  // ruleid: log-injection
  console.log('audit query: ' + req.query.filter);
  // ok: log-injection
  console.log('audit query received', JSON.stringify({ filter: req.query.filter }).length);
  res.json([]);
});

app.post('/events', (req, res) => {
  const safe = String(req.body.event).replace(/[\r\n]/g, ' ');
  // ok: log-injection
  console.info('event ' + safe);
  res.status(202).end();
});

module.exports = app;
