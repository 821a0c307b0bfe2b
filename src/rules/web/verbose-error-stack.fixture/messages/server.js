const express = require('express');
const app = express();

app.post('/orders', async (req, res, next) => {
  try {
    res.status(201).json(await req.app.locals.orders.create(req.body.item));
  } catch (err) {
    // A validation answer the handler chose for the client.
    // ok: verbose-error-stack
    res.status(400).json({ error: err.message });
  }
});

// Errors the application raised with their own HTTP status are answered as they are.
app.use((err, req, res, next) => {
  if (!err.statusCode) return next(err);
  // ok: verbose-error-stack
  res.status(err.statusCode).json({ error: err.message });
});

// Every error reaches this handler, the database's own messages included.
app.use((err, req, res, next) => {
  // ruleid: verbose-error-stack
  res.status(err.status || 500).json({ error: err.message });
});

module.exports = app;
