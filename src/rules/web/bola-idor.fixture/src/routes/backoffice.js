const router = require('express').Router();
const Order = require('../models/order');

// The back office of the shop: every signed-in staff member handles every customer's orders. The
// missing role check is admin-route-without-admin-check's finding; an id naming "another user's"
// order is the area's purpose, not an object-level flaw.
// ok: bola-idor
router.get('/manage/orders/:id', async (req, res) => {
  const order = await Order.findById(req.params.id);
  res.json(order);
});

// ok: bola-idor
router.post('/manage/orders/:orderId/cancel', async (req, res) => {
  await Order.findByIdAndDelete(req.params.orderId);
  res.sendStatus(204);
});

module.exports = router;
