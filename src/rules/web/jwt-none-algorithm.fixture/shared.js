const jwt = require('jsonwebtoken');

// ruleid: jwt-none-algorithm
const verifyOptions = {
  issuer: 'https://issuer.example.com',
  algorithms: ['HS256', 'none'],
};

const strictOptions = { algorithms: ['HS256'] };

function readAccount(token) {
  // ok: jwt-none-algorithm
  return jwt.verify(token, undefined, verifyOptions);
}

function readOrders(token) {
  // ok: jwt-none-algorithm
  return jwt.verify(token, null, verifyOptions);
}

function readInvoices(token) {
  // ok: jwt-none-algorithm
  return jwt.verify(token, '', verifyOptions);
}

function readProfile(token) {
  // ok: jwt-none-algorithm
  return jwt.verify(token, process.env.SIGNING_KEY, strictOptions);
}

module.exports = { readAccount, readOrders, readInvoices, readProfile };
