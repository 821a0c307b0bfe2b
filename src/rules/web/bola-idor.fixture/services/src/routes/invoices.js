const express = require('express');
const controller = require('../controllers/invoices');
const { Invoice } = require('../models/invoice');
const { userFromSession } = require('../utils/session');

// Loads the invoice the path names scoped to the caller; nothing found, 404.
async function ownsInvoice(req, res, next) {
  const clause = { id: Number(req.params.id) };
  const user = await userFromSession(req, res);
  clause.userId = user?.id ?? null;
  const invoice = await Invoice.get(clause);
  if (!invoice) return res.status(404).json({ error: 'Invoice not found' });
  next();
}

// Only checks that the invoice exists.
async function invoiceExists(req, res, next) {
  const invoice = await Invoice.get({ id: Number(req.params.id) });
  if (!invoice) return res.status(404).json({ error: 'Invoice not found' });
  next();
}

const router = express.Router();

// The service selects by the id and the caller's workspace.
// ok: bola-idor
router.get('/:id', controller.getInvoice);

// ok: bola-idor
router.delete('/:id', controller.deleteInvoice);

// ok: bola-idor
router.get('/:id/details', controller.findInvoice);

// The caller's id only stamps the change: any invoice id works.
// ruleid: bola-idor
router.put('/:id', controller.updateInvoice);

// A lookup scoped to the caller, 404 otherwise, before the change.
// ok: bola-idor
router.put('/:id/note', controller.setNote);

// An access helper handed the caller and the requested id.
// ok: bola-idor
router.get('/', controller.showInvoice);

// ok: bola-idor
router.delete('/:id/attachments', ownsInvoice, async (req, res) => {
  await Invoice.delete(Number(req.params.id));
  res.sendStatus(204);
});

// ruleid: bola-idor
router.delete('/:id/payments', invoiceExists, async (req, res) => {
  await Invoice.delete(Number(req.params.id));
  res.sendStatus(204);
});

module.exports = router;
