const express = require('express');
const { expressjwt } = require('express-jwt');
const { Comment } = require('./models');

const app = express();
const router = express.Router();
const auth = expressjwt({ secret: process.env.JWT_SECRET, algorithms: ['HS256'], requestProperty: 'payload' });

// The path selects the comment; every handler below works on req.comment.
router.param('comment', async (req, res, next, id) => {
  req.comment = await Comment.findById(id);
  if (!req.comment) return res.sendStatus(404);
  next();
});

// ruleid: bola-idor
router.delete('/comments/:comment', auth, async (req, res) => {
  await req.comment.deleteOne();
  res.sendStatus(204);
});

// ok: bola-idor
router.put('/comments/:comment', auth, async (req, res) => {
  if (req.comment.author.toString() !== req.payload.id) return res.sendStatus(403);
  req.comment.body = req.body.body;
  await req.comment.save();
  res.json(req.comment);
});

app.use(express.json());
app.use('/api', router);
app.listen(3000);
