const express = require('express');
const session = require('express-session');
const lusca = require('lusca');
const Account = require('./models/account');
const account = require('./controllers/account');

const app = express();
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));
app.use(lusca.csrf());

function requireLogin(req, res, next) {
  if (!req.session.accountId) return res.redirect('/login');
  next();
}

// ruleid: state-change-on-get
app.get('/profile/providers/:name/detach', requireLogin, account.detachProvider);

// ruleid: state-change-on-get
app.get('/notes/:id/remove', requireLogin, async (req, res) => {
  await Account.deleteOne({ _id: req.params.id, owner: req.session.accountId });
  res.redirect('/notes');
});

// ok: state-change-on-get
app.get('/profile', requireLogin, account.showProfile);

// ok: state-change-on-get
app.get('/email/confirm-link/:token', requireLogin, account.confirmEmail);

// ok: state-change-on-get
app.get('/invites/accept', requireLogin, account.acceptInvite);

// ok: state-change-on-get
app.get('/auth/provider/callback', requireLogin, async (req, res) => {
  const acct = await Account.findById(req.session.accountId);
  acct.linked = true;
  await acct.save();
  res.redirect('/profile');
});

// ok: state-change-on-get
app.get('/logout', requireLogin, async (req, res) => {
  await Account.updateOne({ _id: req.session.accountId }, { lastSeen: Date.now() });
  req.session.destroy(() => res.redirect('/'));
});

// A Map is not storage. ok: state-change-on-get
app.get('/recent/:id/forget', requireLogin, (req, res) => {
  const recent = new Map(Object.entries(req.session.recent || {}));
  recent.delete(req.params.id);
  res.json([...recent.keys()]);
});

// The write itself is fine on POST. ok: state-change-on-get
app.post('/notes/:id/remove', requireLogin, async (req, res) => {
  await Account.deleteOne({ _id: req.params.id });
  res.redirect('/notes');
});

// Public: nobody's cookie rides on it. ok: state-change-on-get
app.get('/visits/record', async (req, res) => {
  await Account.updateOne({ name: 'stats' }, { $inc: { visits: 1 } });
  res.end();
});

module.exports = app;
