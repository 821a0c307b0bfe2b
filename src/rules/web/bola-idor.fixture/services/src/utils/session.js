const jwt = require('jsonwebtoken');
const { Invoice } = require('../models/invoice');

async function userFromSession(req) {
  const token = (req.headers.authorization || '').split(' ')[1];
  return token ? jwt.verify(token, process.env.JWT_SECRET) : null;
}

function getLoggedInUser(req) {
  return req.user;
}

async function assertInvoiceAccessible(user, id) {
  const invoice = await Invoice.get({ id });
  if (!invoice || invoice.workspaceId !== user.workspaceId) throw Object.assign(new Error('forbidden'), { status: 403 });
}

module.exports = { userFromSession, getLoggedInUser, assertInvoiceAccessible };
