const express = require('express');

const admin = express();
// ok: trust-proxy-all-hops
admin.set('trust proxy', 1);

module.exports = admin;
