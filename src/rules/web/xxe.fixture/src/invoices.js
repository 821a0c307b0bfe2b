const express = require('express');
const libxmljs = require('libxmljs2');
const xml2js = require('xml2js');

const router = express.Router();
router.use(express.text({ type: 'application/xml' }));

router.post('/invoices', (req, res) => {
  // ruleid: xxe
  const doc = libxmljs.parseXml(req.body, { noent: true, dtdload: true });
  res.json({ total: doc.get('//total').text() });
});

router.post('/invoices/v2', (req, res) => {
  // ok: xxe
  const doc = libxmljs.parseXml(req.body);
  res.json({ total: doc.get('//total').text() });
});

router.post('/invoices/v3', async (req, res) => {
  // ok: xxe
  const parsed = await xml2js.parseStringPromise(req.body);
  res.json(parsed);
});

module.exports = router;
