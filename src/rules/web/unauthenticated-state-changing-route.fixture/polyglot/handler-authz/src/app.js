const express = require('express');
const session = require('express-session');
const { Page, Table, Comment, getConfig } = require('./models');

const app = express();
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));

function loggedIn(req, res, next) {
  if (!req.session.user) return res.status(401).end();
  next();
}

// ok: unauthenticated-state-changing-route
app.post('/account/settings', loggedIn, async (req, res) => res.json(await req.session.user.update(req.body)));

// No guard, but the handler admits only callers whose role the page allows (the anonymous role is
// 100): reported as a check to confirm, medium at most.
// ruleid: unauthenticated-state-changing-route
app.post('/page/:name/action', async (req, res) => {
  const role = req.session.user ? req.session.user.role_id : 100;
  const page = await Page.findOne({ name: req.params.name });
  if (!page || role > page.min_role) return res.status(404).json({ error: 'Not found' });
  await page.runAction(req.body);
  res.json({ success: 'ok' });
});

// The minimum role to upload is a setting: the same check against stored data.
// ruleid: unauthenticated-state-changing-route
app.post('/files/upload', async (req, res) => {
  const minRole = getConfig('min_role_upload', 1);
  const role = req.session.user ? req.session.user.role_id : 100;
  if (role > +minRole) return res.redirect('/');
  await Table.insertFile(req.body);
  res.redirect('/files');
});

// Nothing checked at all: the open write stays as it was.
// ruleid: unauthenticated-state-changing-route
app.post('/comments', async (req, res) => {
  await Comment.create({ text: req.body.text });
  res.sendStatus(201);
});

app.listen(3000);
