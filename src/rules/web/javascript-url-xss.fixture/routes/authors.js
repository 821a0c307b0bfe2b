const express = require('express');
const { z } = require('zod');
const Joi = require('joi');
const yup = require('yup');
const Author = require('../models/author');

const router = express.Router();

const authorSchema = z.object({
  name: z.string().min(1),
  // zod's url() only asks new URL() to parse the value: javascript:alert(1) parses.
  // ruleid: javascript-url-xss
  site: z.string().url(),
  // ok: javascript-url-xss
  portfolio: z.string().url().startsWith('https://'),
  // ok: javascript-url-xss
  repo: z.string().url().regex(/^https?:\/\//),
  // ok: javascript-url-xss
  mastodon: z.url({ protocol: /^https?$/ }),
});

const feedSchema = Joi.object({
  // Joi's uri() takes any RFC 3986 scheme unless `scheme` names them.
  // ruleid: javascript-url-xss
  feed: Joi.string().uri(),
  // ok: javascript-url-xss
  forum: Joi.string().uri({ scheme: ['http', 'https'] }),
});

// yup's url() pattern requires http(s)/ftp followed by //.
const docsSchema = yup.object({
  // ok: javascript-url-xss
  docs: yup.string().url().required(),
});

router.post('/authors', async (req, res) => {
  const author = authorSchema.parse(req.body);
  const { feed, forum } = await feedSchema.validateAsync(req.query);
  const { docs } = await docsSchema.validate(req.query);
  res.json(await Author.create({ ...author, feed, forum, docs }));
});

module.exports = router;
