const express = require('express');

const router = express.Router();

router.post('/members/:id/password', async (req, res) => {
  await req.members.update(req.params.id, {
    // ok: weak-password-hash
    password: req.body.password,
  });
  res.json({ ok: true });
});

router.post('/members/:id/legacy-password', async (req, res) => {
  await req.db.collection('members').updateOne({ id: req.params.id }, {
    // ruleid: weak-password-hash
    password: req.body.password,
  });
  res.json({ ok: true });
});

module.exports = router;
