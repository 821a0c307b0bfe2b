const express = require('express');
const { AppDataSource } = require('../data-source');
const { Credential, Article } = require('../models/invoice');

const router = express.Router();

// No login, and a stored third-party credential is used by whoever names its id.
// ruleid: bola-idor
router.post('/credentials/:credentialId/refresh', async (req, res) => {
  const credential = await AppDataSource.getRepository(Credential).findOneBy({ id: req.params.credentialId });
  if (!credential) return res.status(404).end();
  res.json({ refreshed: await credential.refresh() });
});

// Public records by id are what a public route is for.
// ok: bola-idor
router.get('/articles/:id', async (req, res) => {
  res.json(await AppDataSource.getRepository(Article).findOneBy({ id: req.params.id }));
});

module.exports = router;
