const express = require('express');
const math = require('mathjs');
const { evaluate } = require('mathjs');

const app = express();
app.use(express.json());

app.post('/formula', (req, res) => {
  // ruleid: code-injection
  res.json({ value: math.eval(req.body.formula) });
});

app.post('/formula/v2', (req, res) => {
  // ruleid: code-injection
  res.json({ value: evaluate(req.body.formula) });
});

app.post('/formula/sum', (req, res) => {
  // The expression is fixed; request values only fill its scope, as numbers.
  // ok: code-injection
  res.json({ value: evaluate('a + b', { a: Number(req.body.a), b: Number(req.body.b) }) });
});

module.exports = app;
