const express = require('express');
const User = require('./models/user');
const BenefitsHandler = require('./routes/benefits');
const details = require('./routes/details');

module.exports = (db) => {
  const app = express();
  const benefits = new BenefitsHandler(db);
  const isLoggedIn = (req, res, next) => (req.session.userId ? next() : res.redirect('/login'));
  const isAdmin = (req, res, next) => (req.session.role === 'admin' ? next() : res.sendStatus(403));

  // Every user's whole account, through the data layer, to any logged-in user.
  // ruleid: admin-route-without-admin-check
  app.get('/benefits', isLoggedIn, benefits.display);
  // ok: admin-route-without-admin-check
  app.get('/benefits/admin', isLoggedIn, isAdmin, benefits.display);
  // ok: admin-route-without-admin-check
  app.get('/plans', isLoggedIn, benefits.plans);
  // A factory that returns the handler by name.
  // ruleid: admin-route-without-admin-check
  app.get('/users/details', isLoggedIn, details());

  // Every account, whole, through a result object.
  // ruleid: admin-route-without-admin-check
  app.get('/users/all', isLoggedIn, async (req, res) => {
    const result = { status: 200 };
    const users = await User.find({});
    result.result = users;
    res.send(result);
  });

  // Public fields only: a member search.
  // ok: admin-route-without-admin-check
  app.get('/users/search', isLoggedIn, async (req, res) => {
    const users = await User.find({}, 'username');
    res.json(users);
  });
  // The caller's own team.
  // ok: admin-route-without-admin-check
  app.get('/team', isLoggedIn, async (req, res) => {
    const users = await User.find({ teamId: req.session.teamId });
    res.json({ users });
  });
  // Names only.
  // ok: admin-route-without-admin-check
  app.get('/users/names', isLoggedIn, async (req, res) => {
    const users = await User.find();
    res.json(users.map((u) => u.username));
  });
  // A number, not the records.
  // ok: admin-route-without-admin-check
  app.get('/users/count', isLoggedIn, async (req, res) => {
    const users = await User.find();
    res.json({ count: users.length });
  });
  return app;
};
