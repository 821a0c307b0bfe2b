const express = require('express');
const { authenticate } = require('./auth');

const app = express();
const notes = new Map();

// ok: openapi-auth-not-enforced-in-code
app.get('/notes', authenticate, (req, res) => res.json([...notes.values()]));
// ok: openapi-auth-not-enforced-in-code
app.post('/notes', authenticate, (req, res) => res.status(201).json({ id: notes.size }));
// ruleid: openapi-auth-not-enforced-in-code
app.delete('/notes/:noteId', (req, res) => {
  notes.delete(req.params.noteId);
  res.status(204).end();
});
// ok: openapi-auth-not-enforced-in-code
app.get('/status', (req, res) => res.json({ up: true }));
// Signing out needs no caller, whatever the spec-wide security says.
// ok: openapi-auth-not-enforced-in-code
app.post('/auth/logout', (req, res) => {
  req.session.destroy(() => res.status(200).json({ ok: true }));
});

app.listen(3000);
