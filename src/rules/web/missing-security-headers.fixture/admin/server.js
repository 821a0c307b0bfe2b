const express = require('express');
const helmet = require('helmet');

// ok: missing-security-headers
const app = express();
// Only two of helmet's middlewares: no Content-Security-Policy, no HSTS.
// ruleid: missing-security-headers
app.use(helmet.noSniff());
app.use(helmet.frameguard());
app.get('/reports', (req, res) => res.send('<h1>reports</h1>'));
app.listen(3001);
