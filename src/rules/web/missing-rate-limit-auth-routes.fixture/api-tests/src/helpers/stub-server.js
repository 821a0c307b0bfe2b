const express = require('express');

// A stub identity provider the API test suite starts: a test double, not the product's login.
const stub = express();
// ok: missing-rate-limit-auth-routes
stub.post('/login', (req, res) => res.json({ token: 'stub-token' }));

module.exports = stub;
