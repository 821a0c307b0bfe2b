const express = require('express');
const check_logged = require('./login_check');
const requireUser = require('./require_user');
const db = require('../db');

const router = express.Router();

function mustBeSignedIn(req, res, next) {
  if (!req.session.logged) return res.redirect('/login');
  next();
}

function ensureSession(req, res) {
  if (!req.session.logged) {
    res.status(401).send('Sign in first');
    return false;
  }
  return true;
}

router.get('/products/detail', function (req, res) {
  // ruleid: guard-does-not-halt
  check_logged(req, res);
  db.one('SELECT * FROM products WHERE id = $1', [req.query.id]).then((p) => res.render('product_detail', { product: p }));
});

router.post('/products/buy', function (req, res) {
  // ruleid: guard-does-not-halt
  ensureSession(req, res);
  db.none('INSERT INTO purchases(product_id, user_name) VALUES($1, $2)', [req.body.id, req.session.user_name]).then(() => res.redirect('/products/purchased'));
});

router.get('/products/purchased', function (req, res) {
  // ok: guard-does-not-halt
  if (!ensureSession(req, res)) return;
  db.any('SELECT * FROM purchases WHERE user_name = $1', [req.session.user_name]).then((rows) => res.render('bought_products', { products: rows }));
});

router.get('/products/search', async function (req, res) {
  // ok: guard-does-not-halt
  requireUser(req);
  const rows = await db.any('SELECT * FROM products WHERE name ILIKE $1', ['%' + req.query.q + '%']);
  res.render('search', { products: rows });
});

router.get('/account', mustBeSignedIn, function (req, res) {
  // ok: guard-does-not-halt
  check_logged(req, res);
  db.one('SELECT * FROM users WHERE name = $1', [req.session.user_name]).then((u) => res.render('account', { user: u }));
});

router.post('/products/review', function (req, res) {
  // ruleid: guard-does-not-halt
  if (!req.session.user_name) {
    res.redirect('/login');
  }
  db.none('INSERT INTO reviews(product_id, body) VALUES($1, $2)', [req.body.id, req.body.text]).then(() => res.redirect('/products'));
});

router.post('/products/rate', function (req, res) {
  // ok: guard-does-not-halt
  if (!req.session.user_name) {
    return res.redirect('/login');
  }
  db.none('INSERT INTO ratings(product_id, stars) VALUES($1, $2)', [req.body.id, req.body.stars]).then(() => res.redirect('/products'));
});

module.exports = router;
