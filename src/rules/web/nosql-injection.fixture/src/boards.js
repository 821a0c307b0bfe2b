// A validation helper that throws unless the value passes a zod schema: past the call, a value a
// scalar schema accepted is a string, so it carries no query operators; an object schema's is not.
const express = require('express');
const mongoose = require('mongoose');
const { z } = require('zod');

const Board = mongoose.model('Board', new mongoose.Schema({ name: String, team: String }));
const boardIdSchema = z.string().regex(/^[0-9a-f]{24}$/);
const filterSchema = z.object({ team: z.string() });

const requireValid = (value, message) => {
  if (boardIdSchema.safeParse(value).success === false) {
    throw new Error(message);
  }
};

function requireFilter(value) {
  if (!filterSchema.safeParse(value).success) throw new Error('bad filter');
}

const router = express.Router();

router.post('/boards/open', async (req, res) => {
  requireValid(req.body.boardId, 'bad board id');
  // ok: nosql-injection
  res.json(await Board.findOne({ _id: req.body.boardId }));
});

router.post('/boards/search', async (req, res) => {
  requireFilter(req.body.filter);
  // ruleid: nosql-injection
  res.json(await Board.find({ team: req.body.filter }));
});

router.post('/boards/check', async (req, res) => {
  if (boardIdSchema.safeParse(req.query.id).success !== true) return res.status(400).end();
  // ok: nosql-injection
  res.json(await Board.findById(req.query.id));
});

module.exports = router;
