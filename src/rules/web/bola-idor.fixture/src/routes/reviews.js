const router = require('express').Router();
const db = require('../db');

// Anyone logged in edits any review: the filter is only the id the client sends.
// ruleid: bola-idor
router.patch('/', (req, res) => {
  db.reviewsCollection.update({ _id: req.body.id }, { $set: { message: req.body.message } }).then((r) => res.json(r));
});

module.exports = router;
