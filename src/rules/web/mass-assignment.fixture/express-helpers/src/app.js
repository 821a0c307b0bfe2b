const express = require('express');
const { createHash } = require('crypto');
const { AppDataSource } = require('./data-source');
const { Flow, Note } = require('./entities');
const { stripProtected, withoutOwner, withDefaults } = require('./utils/fields');

const app = express();
app.use(express.json());

app.post('/flows', async (req, res) => {
  const flow = new Flow();
  // ok: mass-assignment
  Object.assign(flow, stripProtected(req.body));
  res.json(await AppDataSource.getRepository(Flow).save(flow));
});

app.put('/notes/:id', async (req, res) => {
  const note = await AppDataSource.getRepository(Note).findOneBy({ id: req.params.id });
  // ok: mass-assignment
  Object.assign(note, withoutOwner(req.body));
  res.json(await AppDataSource.getRepository(Note).save(note));
});

app.patch('/notes/:id', async (req, res) => {
  const note = await AppDataSource.getRepository(Note).findOneBy({ id: req.params.id });
  // ruleid: mass-assignment
  Object.assign(note, withDefaults(req.body));
  res.json(await AppDataSource.getRepository(Note).save(note));
});

app.post('/inbox', (req, res) => {
  // The body is hashed to check its digest, not stored.
  const data = req.rawBody || req.body;
  // ok: mass-assignment
  const digest = createHash('sha256').update(data).digest('base64');
  res.json({ ok: digest === req.get('digest') });
});

app.get('/home', (req, res, next) => {
  // The request's own query rebuilt for an internal rewrite.
  // ok: mass-assignment
  req.query = Object.assign(Object.fromEntries(new URLSearchParams('a=1')), req.query);
  next();
});

app.listen(3000);
