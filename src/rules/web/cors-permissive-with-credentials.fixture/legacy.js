var express = require('express');
var cors = require('cors');
var session = require('express-session');

var legacy = express();
legacy.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));

var corsOptions = { origin: true, credentials: true };
// ruleid: cors-permissive-with-credentials
legacy.use(cors(corsOptions));

var reviewedOptions = { origin: true, credentials: true };
reviewedOptions = { origin: ['https://app.example.com'], credentials: true };
// ok: cors-permissive-with-credentials
legacy.use(cors(reviewedOptions));

function echoOrigin(req, res) {
  if (req.get('origin')) {
    // ruleid: cors-permissive-with-credentials
    res.header('Access-Control-Allow-Origin', req.get('origin'));
    res.header('Access-Control-Allow-Credentials', true);
  } else {
    res.header('Access-Control-Allow-Origin', 'null');
    res.header('Access-Control-Allow-Credentials', true);
  }
  return res;
}

function trustedOrigin(req, res) {
  const known = req.headers.origin === 'https://app.example.com';
  // ok: cors-permissive-with-credentials
  res.header('Access-Control-Allow-Origin', known ? 'https://app.example.com' : 'null');
  res.header('Access-Control-Allow-Credentials', 'true');
  return res;
}

legacy.get('/api/profile', (req, res) => echoOrigin(req, res).json({ ok: true }));
legacy.get('/api/settings', (req, res) => trustedOrigin(req, res).json({ ok: true }));

module.exports = { legacy };
