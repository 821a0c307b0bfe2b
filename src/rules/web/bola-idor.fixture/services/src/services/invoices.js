const { AppDataSource } = require('../data-source');
const { Invoice } = require('../models/invoice');

const repo = () => AppDataSource.getRepository(Invoice);
const scopeOf = (workspaceId) => ({ workspaceId });

async function getInvoiceById(id, workspaceId) {
  return repo().findOneBy({ id, workspaceId });
}

async function deleteInvoice(id, workspaceId) {
  return repo().delete({ id, ...scopeOf(workspaceId) });
}

async function findInvoiceById(id, workspaceId) {
  const query = { id };
  if (workspaceId) query.workspaceId = workspaceId;
  return repo().findOne({ where: query });
}

async function updateInvoice(id, note, userId) {
  const invoice = await repo().findOneBy({ id });
  invoice.note = note;
  invoice.updatedBy = userId;
  return repo().save(invoice);
}

async function readInvoice(id) {
  return repo().findOneBy({ id });
}

module.exports = { getInvoiceById, deleteInvoice, findInvoiceById, updateInvoice, readInvoice };
