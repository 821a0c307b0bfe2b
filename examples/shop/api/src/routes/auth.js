const express = require('express');
const rateLimit = require('express-rate-limit');

const config = require('../config');
const db = require('../db');
const email = require('../services/email');
const { requireAuth } = require('../middleware/auth');
const { hashPassword, verifyPassword, isLegacyHash } = require('../utils/passwords');
const { signSession, makeResetToken } = require('../utils/tokens');

const router = express.Router();

// Bots were creating thousands of accounts during the launch campaign.
const signupLimiter = rateLimit({ windowMs: 60 * 60 * 1000, limit: 20, standardHeaders: true });

// Where the storefront may send people after logging out.
const LOGOUT_DESTINATIONS = new Set(['/', '/login', '/products', '/orders']);

function publicUser(row) {
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}

router.post('/signup', signupLimiter, async (req, res, next) => {
  try {
    const { email: address, password, name } = req.body;
    if (!address || typeof password !== 'string' || password.length < 8) {
      return res.status(400).json({ error: 'email and a password of at least 8 characters are required' });
    }
    const passwordHash = await hashPassword(password);
    const { rows } = await db.query(
      'INSERT INTO users (email, password_hash, name) VALUES ($1, $2, $3) RETURNING *',
      [String(address).toLowerCase(), passwordHash, name || null]
    );
    return res.status(201).json({ user: publicUser(rows[0]), token: signSession(rows[0]) });
  } catch (err) {
    if (err.code === '23505') return res.status(409).json({ error: 'email already registered' });
    return next(err);
  }
});

router.post('/login', async (req, res, next) => {
  try {
    const { email: address, password } = req.body;
    const { rows } = await db.query('SELECT * FROM users WHERE email = $1', [String(address).toLowerCase()]);
    const user = rows[0];
    if (!user || !(await verifyPassword(password, user.password_hash))) {
      return res.status(401).json({ error: 'invalid email or password' });
    }
    if (isLegacyHash(user.password_hash)) {
      const upgraded = await hashPassword(password);
      await db.query('UPDATE users SET password_hash = $1 WHERE id = $2', [upgraded, user.id]);
    }

    const token = signSession(user);
    res.cookie('token', token, { maxAge: 7 * 24 * 60 * 60 * 1000 });

    // The admin pages post the login form with ?next=/admin/... and expect to land there.
    if (req.query.next) {
      return res.redirect(req.query.next);
    }
    return res.json({ user: publicUser(user), token });
  } catch (err) {
    return next(err);
  }
});

router.post('/logout', (req, res) => {
  res.clearCookie('token');
  const destination = LOGOUT_DESTINATIONS.has(req.query.returnTo) ? req.query.returnTo : '/';
  res.redirect(303, destination);
});

router.post('/password-reset', async (req, res, next) => {
  try {
    const address = String(req.body.email || '').toLowerCase();
    const { rows } = await db.query('SELECT id, email FROM users WHERE email = $1', [address]);
    if (rows[0]) {
      const token = makeResetToken();
      await db.query(
        "UPDATE users SET reset_token = $1, reset_expires = now() + interval '1 hour' WHERE id = $2",
        [token, rows[0].id]
      );
      await email.sendPasswordReset(rows[0].email, `${config.appUrl}/#/reset?token=${token}`);
    }
    // Same answer either way, so the form does not reveal who has an account.
    return res.json({ ok: true });
  } catch (err) {
    return next(err);
  }
});

router.post('/password-reset/confirm', async (req, res, next) => {
  try {
    const { token, password } = req.body;
    if (!token || typeof password !== 'string' || password.length < 8) {
      return res.status(400).json({ error: 'token and a password of at least 8 characters are required' });
    }
    const { rows } = await db.query(
      'SELECT id FROM users WHERE reset_token = $1 AND reset_expires > now()',
      [String(token)]
    );
    if (!rows[0]) return res.status(400).json({ error: 'invalid or expired token' });
    await db.query(
      'UPDATE users SET password_hash = $1, reset_token = NULL, reset_expires = NULL WHERE id = $2',
      [await hashPassword(password), rows[0].id]
    );
    return res.json({ ok: true });
  } catch (err) {
    return next(err);
  }
});

router.get('/me', requireAuth, async (req, res, next) => {
  try {
    const { rows } = await db.query(
      'SELECT id, email, name, phone, address, role FROM users WHERE id = $1',
      [req.user.id]
    );
    if (!rows[0]) return res.status(404).json({ error: 'user not found' });
    return res.json({ user: rows[0] });
  } catch (err) {
    return next(err);
  }
});

// Profile form: name, phone, address (the form only sends what changed).
router.patch('/me', requireAuth, async (req, res, next) => {
  try {
    const fields = Object.keys(req.body);
    if (fields.length === 0) return res.status(400).json({ error: 'nothing to update' });
    const assignments = fields.map((field, i) => `${field} = $${i + 1}`).join(', ');
    const values = fields.map((field) => req.body[field]);
    const { rows } = await db.query(
      `UPDATE users SET ${assignments} WHERE id = $${fields.length + 1} RETURNING *`,
      [...values, req.user.id]
    );
    return res.json({ user: publicUser(rows[0]) });
  } catch (err) {
    return next(err);
  }
});

module.exports = router;
