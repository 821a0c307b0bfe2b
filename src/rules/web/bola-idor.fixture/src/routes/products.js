const router = require('express').Router();
const Product = require('../models/product');

// Products are shared catalogue data, not owned by a user.
// ok: bola-idor
router.get('/:id', async (req, res) => {
  res.json(await Product.findById(req.params.id));
});

module.exports = router;
