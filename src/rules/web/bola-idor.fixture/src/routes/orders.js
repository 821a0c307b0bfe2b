const router = require('express').Router();
const Order = require('../models/order');

// ruleid: bola-idor
router.get('/:id', async (req, res) => {
  const order = await Order.findById(req.params.id);
  res.json(order);
});

// ok: bola-idor
router.get('/:id/receipt', async (req, res) => {
  const order = await Order.findOne({ _id: req.params.id, user: req.user.id });
  if (!order) return res.sendStatus(404);
  res.json(order);
});

// ruleid: bola-idor
router.delete('/:orderId', async (req, res) => {
  const { orderId } = req.params;
  await Order.findByIdAndDelete(orderId);
  res.sendStatus(204);
});

// An API client authenticated by its key: the order is looked up in the client's organisation.
// ok: bola-idor
router.get('/:id/export', async (req, res) => {
  const order = await Order.findOne({ _id: req.params.id, organizationId: req.client.organizationId });
  if (!order) return res.sendStatus(404);
  res.json(order);
});

module.exports = router;
