const jwt = require('jsonwebtoken');
const Wallet = require('../models/wallet');

exports.balance = async (req, res) => {
  const w = await Wallet.findOne({ where: { userId: req.session.userId } });
  // ruleid: jsonp-authenticated-response
  res.jsonp({ btc: w.btc, eth: w.eth });
};

// Public exchange rates: nothing of the visitor's is in the answer.
exports.rates = (req, res) => {
  // ok: jsonp-authenticated-response
  res.jsonp({ btc: 60000, eth: 3000 });
};

exports.profile = async (req, res) => {
  const w = await Wallet.findOne({ where: { userId: req.session.userId } });
  // ok: jsonp-authenticated-response
  res.json({ btc: w.btc });
};

// Open to everyone, but a signed-in visitor's token cookie makes it answer with their identity.
exports.whoami = (req, res) => {
  let user = {};
  try {
    user = jwt.verify(req.cookies.token, process.env.JWT_SECRET);
  } catch (e) {
    user = {};
  }
  // ruleid: jsonp-authenticated-response
  res.jsonp({ id: user.id, email: user.email });
};
