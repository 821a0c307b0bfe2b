const express = require('express');
const jwt = require('jsonwebtoken');
const { tasksRepository, postsRepository, commentsRepository, issuesRepository, documentsRepository } = require('./repositories');

const app = express();
app.use(express.json());

const requireAuth = (req, res, next) => {
  try {
    req.user = jwt.verify(req.headers.authorization, process.env.JWT_SECRET, { algorithms: ['HS256'] });
    next();
  } catch (e) {
    res.status(401).json({ error: 'unauthorized' });
  }
};
const requireModerator = (req, res, next) => {
  if (!req.user || req.user.role !== 'admin') return res.sendStatus(403);
  next();
};

// Shared board: no task belongs to one user, so reading or editing any task by id is the design.
// ok: bola-idor
app.get('/api/tasks/:id', requireAuth, async (req, res) => {
  res.json(await tasksRepository.findById(req.params.id));
});

// ok: bola-idor
app.patch('/api/tasks/:id', requireAuth, async (req, res) => {
  res.json(await tasksRepository.update(req.params.id, { title: req.body.title, status: req.body.status }));
});

// ok: bola-idor
app.delete('/api/tasks/:id', requireAuth, requireModerator, async (req, res) => {
  await tasksRepository.delete(req.params.id);
  res.sendStatus(204);
});

// ok: bola-idor
app.post('/api/tasks/:id/assign', requireAuth, requireModerator, async (req, res) => {
  res.json(await tasksRepository.update(req.params.id, { assigned_user_id: req.body.assignee }));
});

// Published posts are read by everyone; changing one is for its author only.
// ok: bola-idor
app.get('/api/posts/:id', requireAuth, async (req, res) => {
  res.json(await postsRepository.findById(req.params.id));
});

// ruleid: bola-idor
app.patch('/api/posts/:id', requireAuth, async (req, res) => {
  res.json(await postsRepository.update(req.params.id, { title: req.body.title, body: req.body.body }));
});

// Moderators delete comments, but that does not let every user rewrite anyone's comment.
// ruleid: bola-idor
app.patch('/api/comments/:id', requireAuth, async (req, res) => {
  res.json(await commentsRepository.update(req.params.id, { body: req.body.body }));
});

// ok: bola-idor
app.delete('/api/comments/:id', requireAuth, requireModerator, async (req, res) => {
  await commentsRepository.delete(req.params.id);
  res.sendStatus(204);
});

// An assignee column alone is no shared board: the author still owns the issue.
// ruleid: bola-idor
app.put('/api/issues/:id', requireAuth, async (req, res) => {
  res.json(await issuesRepository.update(req.params.id, { title: req.body.title }));
});

// A private document read by id with no owner check.
// ruleid: bola-idor
app.get('/api/documents/:id', requireAuth, async (req, res) => {
  res.json(await documentsRepository.findById(req.params.id));
});

module.exports = app;
