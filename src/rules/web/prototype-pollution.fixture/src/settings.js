const express = require('express');
const _ = require('lodash');

const app = express();
app.use(express.json());
const settings = { theme: 'light', notifications: {} };
const store = {};

function deepMerge(target, source) {
  for (const key of Object.keys(source)) {
    if (source[key] && typeof source[key] === 'object') {
      target[key] = target[key] || {};
      deepMerge(target[key], source[key]);
    } else {
      // ruleid: prototype-pollution
      target[key] = source[key];
    }
  }
  return target;
}

app.put('/settings', (req, res) => {
  // ruleid: prototype-pollution
  _.merge(settings, req.body);
  res.json(settings);
});

app.put('/settings/v2', (req, res) => {
  res.json(deepMerge({}, req.body));
});

app.put('/settings/theme', (req, res) => {
  // ok: prototype-pollution
  _.merge(settings, { theme: String(req.body.theme) });
  res.json(settings);
});

app.put('/store/:ns/:key', (req, res) => {
  // ruleid: prototype-pollution
  store[req.params.ns][req.params.key] = req.body.value;
  res.status(204).end();
});

app.put('/flags/:name', (req, res) => {
  const flags = new Map();
  // ok: prototype-pollution
  flags.set(req.params.name, Boolean(req.body.on));
  res.status(204).end();
});

module.exports = app;
