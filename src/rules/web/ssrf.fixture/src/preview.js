const express = require('express');
const axios = require('axios');

const app = express();
const ALLOWED_HOSTS = new Set(['images.example.com', 'cdn.example.com']);

app.get('/preview', async (req, res) => {
  // ruleid: ssrf
  const page = await axios.get(req.query.url);
  res.json({ title: /<title>(.*?)<\/title>/.exec(page.data)?.[1] });
});

app.get('/avatar', async (req, res) => {
  // ruleid: ssrf
  const img = await fetch(`http://${req.query.host}/avatar.png`);
  res.type('image/png').send(Buffer.from(await img.arrayBuffer()));
});

app.get('/users/:id', async (req, res) => {
  // ok: ssrf
  const user = await axios.get(`https://api.example.com/users/${encodeURIComponent(req.params.id)}`);
  res.json(user.data);
});

app.get('/image', async (req, res) => {
  const url = new URL(req.query.src);
  if (!ALLOWED_HOSTS.has(url.hostname)) return res.status(400).end();
  // ok: ssrf
  const img = await fetch(url);
  res.type('image/png').send(Buffer.from(await img.arrayBuffer()));
});

module.exports = app;
