const express = require('express');
const { create } = require('xmlbuilder2');

const app = express();
app.use(express.json());

app.post('/profile/export', (req, res) => {
  const xml = `<userProfile>
  <username>${req.body.username}</username>
  <role>user</role>
</userProfile>`;
  res.set('Content-Type', 'application/xml');
  // ruleid: xml-injection
  res.send(xml);
});

app.get('/soap/status', (req, res) => {
  res.setHeader('Content-Type', 'text/xml');
  // ruleid: xml-injection
  res.end('<?xml version="1.0"?><soap:Envelope><soap:Body><status user="' + req.query.user + '">ok</status></soap:Body></soap:Envelope>');
});

app.post('/v2/profile/export', (req, res) => {
  const xml = create({ userProfile: { username: req.body.username, role: 'user' } }).end();
  res.type('application/xml');
  // ok: xml-injection
  res.send(xml);
});

app.get('/echo', (req, res) => {
  res.type('application/json');
  // ok: xml-injection
  res.send(`{"name": "<b>${Number(req.query.n)}</b>"}`);
});

module.exports = app;
