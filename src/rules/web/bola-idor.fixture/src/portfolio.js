const express = require('express');
const AllocationsHandler = require('./routes/allocations');
const BenefitsHandler = require('./routes/benefits');

module.exports = (app, db) => {
  const handler = new AllocationsHandler(db);
  const benefits = new BenefitsHandler(db);
  const isLoggedIn = (req, res, next) => (req.session.userId ? next() : res.redirect('/login'));
  // ruleid: bola-idor
  app.get('/allocations/:userId', isLoggedIn, handler.display);
  // ok: bola-idor
  app.get('/allocations', isLoggedIn, handler.displayOwn);
  // ruleid: bola-idor
  app.post('/benefits', isLoggedIn, benefits.update);
};
