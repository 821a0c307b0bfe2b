const express = require('express');
const cookieParser = require('cookie-parser');
const serialize = require('node-serialize');
const yaml = require('js-yaml');

const app = express();
app.use(cookieParser());
app.use(express.text({ type: 'application/yaml' }));

app.get('/profile', (req, res) => {
  const raw = Buffer.from(req.cookies.profile, 'base64').toString();
  // ruleid: insecure-deserialization
  const profile = serialize.unserialize(raw);
  res.json({ name: profile.name });
});

app.get('/profile/v2', (req, res) => {
  // ok: insecure-deserialization
  const profile = JSON.parse(Buffer.from(req.cookies.profile, 'base64').toString());
  res.json({ name: profile.name });
});

app.post('/pipelines', (req, res) => {
  // ruleid: insecure-deserialization
  const pipeline = yaml.load(req.body);
  res.json({ steps: pipeline.steps.length });
});

app.post('/pipelines/v2', (req, res) => {
  // ok: insecure-deserialization
  const pipeline = yaml.safeLoad(req.body);
  res.json({ steps: pipeline.steps.length });
});

module.exports = app;
