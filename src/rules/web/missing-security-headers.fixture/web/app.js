const express = require('express');
const helmet = require('helmet');

// ok: missing-security-headers
const app = express();
app.use(helmet());
app.get('/', (req, res) => res.send('home'));
module.exports = app;
