// Lookups on SQL models (Bookshelf over knex, Objection): JSON operators are no query syntax there.
const express = require('express');
const models = require('./models/access-token');
const Invoice = require('./models/invoice');
const mongoose = require('mongoose');

const Device = mongoose.model('Device', new mongoose.Schema({ serial: String, owner: String }));

class KeyController {
  constructor({ AccessToken }) {
    this._AccessToken = AccessToken;
  }

  async revoke(req, res) {
    // ok: nosql-injection
    const token = await this._AccessToken.findOne({ id: req.body.tokenId });
    if (!token) return res.status(404).end();
    await token.destroy();
    res.status(204).end();
  }
}

const router = express.Router();
const controller = new KeyController({ AccessToken: models.AccessToken });

router.get('/keys/check', async (req, res) => {
  // ok: nosql-injection
  const key = await models.AccessToken.findOne({ secret: req.query.key }, { withRelated: ['owner'] });
  res.json({ valid: Boolean(key) });
});

router.post('/keys/revoke', (req, res) => controller.revoke(req, res));

router.post('/invoices/find', async (req, res) => {
  // ok: nosql-injection
  const invoice = await Invoice.query().findOne({ number: req.body.number });
  res.json(invoice);
});

router.post('/devices/find', async (req, res) => {
  // ruleid: nosql-injection
  const device = await Device.findOne({ serial: req.body.serial });
  res.json(device);
});

module.exports = router;
