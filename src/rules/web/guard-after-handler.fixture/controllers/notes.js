const Note = require('../models/note');

module.exports = {
  list: async (req, res) => res.json(await Note.find({ user: req.user.sub })),
  create: async (req, res) => res.json(await Note.create({ user: req.user.sub, body: req.body.body })),
  remove: async (req, res) => {
    await Note.deleteOne({ _id: req.params.id, user: req.user.sub });
    res.json({ ok: true });
  },
};
