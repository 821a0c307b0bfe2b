const invoiceService = require('../services/invoices');
const { Invoice } = require('../models/invoice');
const { userFromSession, getLoggedInUser, assertInvoiceAccessible } = require('../utils/session');

async function getInvoice(req, res) {
  res.json(await invoiceService.getInvoiceById(req.params.id, req.user.workspaceId));
}

async function deleteInvoice(req, res) {
  const workspaceId = req.user?.workspaceId;
  if (!workspaceId) return res.status(404).end();
  await invoiceService.deleteInvoice(req.params.id, workspaceId);
  res.sendStatus(204);
}

async function findInvoice(req, res) {
  const workspaceId = req.user.workspaceId;
  res.json(await invoiceService.findInvoiceById(req.params.id, workspaceId));
}

async function updateInvoice(req, res) {
  res.json(await invoiceService.updateInvoice(req.params.id, req.body.note, req.user.id));
}

async function setNote(req, res) {
  const user = await userFromSession(req, res);
  const owned = await Invoice.get({ id: Number(req.params.id), userId: user?.id ?? null });
  if (!owned) return res.status(404).end();
  await Invoice.update(Number(req.params.id), { note: String(req.body.note) });
  res.sendStatus(204);
}

async function showInvoice(req, res) {
  const user = getLoggedInUser(req);
  await assertInvoiceAccessible(user, req.query.id);
  res.json(await invoiceService.readInvoice(req.query.id));
}

module.exports = { getInvoice, deleteInvoice, findInvoice, updateInvoice, setNote, showInvoice };
