const express = require('express');
const { requireAdmin } = require('../middleware/auth');

const router = express.Router();
router.use(requireAdmin);

// ok: admin-route-without-admin-check
router.get('/sales', (req, res) => res.json([]));

module.exports = router;
