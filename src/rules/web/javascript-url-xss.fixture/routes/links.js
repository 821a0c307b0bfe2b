const express = require('express');
const { body } = require('express-validator');
const Link = require('../models/link');
const Profile = require('../models/profile');

const router = express.Router();
const urlRegex = /^(?:(?:https?|ftp):)?\/\/\S+$/i;

const createLink = [
  // "Has some scheme that is not http" is let through beside the http pattern: javascript: passes.
  // ruleid: javascript-url-xss
  body('target')
    .isString()
    .trim()
    .custom((value) => urlRegex.test(value) || /^(?!https?|ftp)(\w+:|\/\/)/.test(value)),
  // validator's isURL only admits http, https and ftp unless told otherwise.
  // ok: javascript-url-xss
  body('homepage').optional().isURL({ require_protocol: true }),
];

router.post('/links', createLink, async (req, res) => {
  const { target, homepage } = req.body;
  const link = await Link.create({ target, homepage });
  res.json(link);
});

router.post('/profile', async (req, res) => {
  // ruleid: javascript-url-xss
  const { website, avatar } = req.body;
  await Profile.update({ website, avatar }, { where: { id: req.user.id } });
  res.redirect('/profile');
});

router.post('/profile/blog', async (req, res) => {
  const parsed = new URL(req.body.blog);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return res.status(400).end();
  // ok: javascript-url-xss
  await Profile.update({ blog: req.body.blog }, { where: { id: req.user.id } });
  res.redirect('/profile');
});

router.post('/profile/next', async (req, res) => {
  // Printed only after a fixed path, never as a whole URL.
  // ok: javascript-url-xss
  await Profile.update({ next: req.body.next }, { where: { id: req.user.id } });
  res.redirect('/profile');
});

router.get('/go/:id', async (req, res) => {
  const link = await Link.findByPk(req.params.id);
  res.setHeader('HX-Redirect', link.target);
  res.end();
});

module.exports = router;
