const express = require('express');
const errorhandler = require('errorhandler');

const app = express();

app.get('/report', async (req, res) => {
  try {
    res.json(await buildReport(req.query));
  } catch (e) {
    // ruleid: verbose-error-stack
    res.status(500).send(e.stack);
  }
});

if (process.env.NODE_ENV === 'development') {
  // ok: verbose-error-stack
  app.use(errorhandler());
}

app.use((err, req, res, next) => {
  res.locals.message = err.message;
  // ok: verbose-error-stack
  res.locals.error = req.app.get('env') === 'development' ? err.stack : {};
  res.status(err.status || 500);
  // ruleid: verbose-error-stack
  res.json({ message: err.message, stack: err.stack });
});

async function buildReport() { return {}; }
module.exports = app;
