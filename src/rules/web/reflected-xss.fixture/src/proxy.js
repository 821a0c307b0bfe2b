const express = require('express');
const needle = require('needle');
const axios = require('axios');

const app = express();

// The page echoes what a server chosen by the client returns, as HTML on this origin.
app.get('/quote', (req, res) => {
  needle.get(req.query.url, (err, response, body) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    // ruleid: reflected-xss
    res.write(body);
    res.end();
  });
});

app.get('/stock', async (req, res) => {
  // The host is fixed: the client only picks a path on it.
  const { data } = await axios.get(`https://quotes.example.com/v1/${encodeURIComponent(req.query.symbol)}`);
  res.type('html');
  // ok: reflected-xss
  res.send(data);
});

module.exports = app;
