const express = require('express');
const Profile = require('./profile');

const app = express();
app.use(express.json());
const requireLogin = (req, res, next) => (req.session.userId ? next() : res.status(401).end());
// The caller's own id replaces whatever the client sent.
const appendUserId = (req, res, next) => {
  req.body.userId = req.session.userId;
  next();
};

module.exports = () => {
  // ok: bola-idor
  app.post('/profile', requireLogin, appendUserId, (req, res) => {
    const { userId, bio } = req.body;
    Profile.findByIdAndUpdate(userId, { bio }).then(() => res.sendStatus(204));
  });
  return app;
};
