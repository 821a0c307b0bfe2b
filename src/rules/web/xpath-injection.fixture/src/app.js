const express = require('express');
const xpath = require('xpath');
const { DOMParser } = require('@xmldom/xmldom');

const app = express();
const doc = new DOMParser().parseFromString('<config><release>1.0</release></config>', 'text/xml');
const RELEASES = ['1.0', '2.0'];

app.get('/release/:release', (req, res) => {
  const value = decodeURI(req.params.release);
  // ruleid: xpath-injection
  const nodes = xpath.select("//config/release[text()='" + value + "']", doc);
  res.json(nodes.map(String));
});

app.get('/users', (req, res) => {
  // ruleid: xpath-injection
  const node = xpath.evaluate(`//user[name='${req.query.name}']`, doc, null, xpath.XPathResult.ANY_TYPE, null);
  res.json(String(node.iterateNext()));
});

app.get('/v2/release/:release', (req, res) => {
  const value = RELEASES.includes(req.params.release) ? req.params.release : '1.0';
  // ok: xpath-injection
  const nodes = xpath.select("//config/release[text()='" + value + "']", doc);
  res.json(nodes.map(String));
});

app.get('/count', (req, res) => {
  // ok: xpath-injection
  res.json(xpath.select('count(//release)', doc));
});

module.exports = app;
