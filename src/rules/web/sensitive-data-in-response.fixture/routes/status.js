const express = require('express');
const { requireLogin } = require('../middleware/auth');

const router = express.Router();

router.get('/diagnostics', (req, res) => {
  // ruleid: sensitive-data-in-response
  res.json({ uptime: process.uptime(), env: process.env });
});

router.get('/diagnostics/full', requireLogin, (req, res) => {
  // ruleid: sensitive-data-in-response
  res.send(process.env);
});

router.get('/version', (req, res) => {
  // ok: sensitive-data-in-response
  res.json({ version: process.env.APP_VERSION, mode: process.env.NODE_ENV });
});

router.get('/runtime', (req, res) => {
  const report = { platform: process.platform, settings: process.env };
  // ruleid: sensitive-data-in-response
  res.json(report);
});

module.exports = router;
