const express = require('express');
const { validatedRequest } = require('./middleware/validatedRequest');
const { requireKey } = require('./middleware/requireKey');

const app = express();
app.use(express.json());
app.post('/api/system/update-env', [validatedRequest], (req, res) => {
  process.env[req.body.key] = req.body.value;
  res.json({ ok: true });
});
app.get('/api/workspaces', validatedRequest, (req, res) => res.json([]));
app.delete('/api/keys/:id', requireKey, (req, res) => res.status(204).end());
app.get('/api/ping', (req, res) => res.send('pong'));
app.listen(3001);
