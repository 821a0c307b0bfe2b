// A lodash that skips __proto__ and constructor keys in deep merges (4.17.12 and later).
const express = require('express');
const { merge, defaultsDeep } = require('lodash');

const app = express();
app.use(express.json());
const defaults = { theme: 'light', notifications: {} };

app.put('/settings', (req, res) => {
  // ok: prototype-pollution
  const settings = merge({}, defaults, req.body);
  res.json(settings);
});

app.put('/settings/defaults', (req, res) => {
  // ok: prototype-pollution
  res.json(defaultsDeep(req.body, defaults));
});

app.put('/settings/raw', (req, res) => {
  const out = {};
  for (const key of Object.keys(req.body)) {
    // ruleid: prototype-pollution
    out[req.params.section][key] = req.body[key];
  }
  res.json(out);
});

module.exports = app;
