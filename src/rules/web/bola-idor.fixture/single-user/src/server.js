const express = require('express');
const session = require('express-session');
const db = require('./db');

const app = express();
app.use(express.json());
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));

// One password protects the whole notebook: every note is the one user's.
function checkAuth(req, res, next) {
  if (!req.session.loggedIn) return res.status(401).end();
  next();
}

// ok: bola-idor
app.patch('/api/notes/:noteId', checkAuth, (req, res) => {
  db.notesRepository.updateNote(req.params.noteId, { title: req.body.title });
  res.sendStatus(204);
});

// ok: bola-idor
app.delete('/api/notes/:noteId', checkAuth, (req, res) => {
  db.notesRepository.deleteNote(req.params.noteId);
  res.sendStatus(204);
});

module.exports = app;
