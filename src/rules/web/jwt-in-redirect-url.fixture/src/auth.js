const express = require('express');
const jwt = require('jsonwebtoken');
const passport = require('passport');

const router = express.Router();
const APP_URL = process.env.APP_URL;

router.get('/auth/google/callback', passport.authenticate('google', { session: false }), (req, res) => {
  const jwtToken = req.user.jwt;
  // ruleid: jwt-in-redirect-url
  res.redirect(`${APP_URL}/auth/${jwtToken}`);
});

router.get('/auth/github/callback', passport.authenticate('github', { session: false }), (req, res) => {
  const token = jwt.sign({ sub: req.user.id }, process.env.JWT_SECRET, { expiresIn: '1h' });
  // ruleid: jwt-in-redirect-url
  res.redirect(APP_URL + '/login?token=' + token);
});

router.get('/auth/gitlab/callback', passport.authenticate('gitlab', { session: false }), (req, res) => {
  const accessToken = jwt.sign({ sub: req.user.id }, process.env.JWT_SECRET, { expiresIn: '1h' });
  // In the fragment: never sent to a server.
  // ok: jwt-in-redirect-url
  res.redirect(`${APP_URL}/auth#token=${accessToken}`);
});

router.get('/auth/reset', (req, res) => {
  const csrfToken = req.csrfToken();
  // ok: jwt-in-redirect-url
  res.redirect(`/reset?csrf=${csrfToken}&next=${encodeURIComponent(req.query.next)}`);
});

router.get('/auth/cookie/callback', (req, res) => {
  res.cookie('jwt', jwt.sign({ sub: req.user.id }, process.env.JWT_SECRET), { httpOnly: true, secure: true });
  // ok: jwt-in-redirect-url
  res.redirect(`${APP_URL}/dashboard`);
});

module.exports = router;
