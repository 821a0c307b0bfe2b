const express = require('express');
const cors = require('cors');

const api = express();
// ruleid: cors-permissive-with-credentials
api.use(cors({ origin: true, credentials: true }));

const partner = express();
partner.use(
  // ruleid: cors-permissive-with-credentials
  cors({
    origin: (origin, callback) => callback(null, true),
    credentials: true,
  }),
);

const web = express();
// ok: cors-permissive-with-credentials
web.use(cors({ origin: ['https://app.example.com', 'https://admin.example.com'], credentials: true }));

const publicApi = express();
// ok: cors-permissive-with-credentials
publicApi.use(cors());

const checked = express();
const allowed = new Set(['https://app.example.com']);
checked.use(
  // ok: cors-permissive-with-credentials
  cors({
    origin(origin, callback) {
      if (!origin || allowed.has(origin)) return callback(null, true);
      return callback(new Error('not allowed'));
    },
    credentials: true,
  }),
);

module.exports = { api, partner, web, publicApi, checked };
