const express = require('express');
const axios = require('axios');

const app = express();

app.get('/rates', async (req, res) => {
  // ruleid: unencrypted-flow
  const rates = await axios.get('http://rates.example.net/v1/latest');
  res.json(rates.data);
});

app.get('/health', async (req, res) => {
  // ok: unencrypted-flow
  const status = await axios.get('https://status.example.org/api');
  res.json(status.data);
});

app.listen(3000);
