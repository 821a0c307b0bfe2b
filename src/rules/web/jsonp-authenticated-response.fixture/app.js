const express = require('express');
const session = require('express-session');
const wallet = require('./routes/wallet');

const app = express();
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));

function requireLogin(req, res, next) {
  if (!req.session.userId) return res.status(401).send('login first');
  next();
}

app.get('/api/balance', requireLogin, wallet.balance);
app.get('/api/rates', wallet.rates);
app.get('/api/profile', requireLogin, wallet.profile);
app.get('/api/whoami', wallet.whoami);
app.listen(3000);
