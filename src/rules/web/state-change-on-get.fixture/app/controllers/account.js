const Account = require('../models/account');

// Detaches a linked provider: a write behind a safe method.
exports.detachProvider = async (req, res) => {
  const account = await Account.findById(req.session.accountId);
  account.providers[req.params.name] = undefined;
  await account.save();
  res.redirect('/profile');
};

// Only reads.
exports.showProfile = async (req, res) => {
  const account = await Account.findById(req.session.accountId);
  res.json({ name: account.name });
};

// The link from the confirmation e-mail: the one-time token is the protection.
exports.confirmEmail = async (req, res) => {
  const account = await Account.findOne({ confirmToken: req.params.token });
  account.confirmed = true;
  await account.save();
  res.redirect('/profile');
};

// Same pattern with the token in the query string.
exports.acceptInvite = async (req, res) => {
  const account = await Account.findOne({ inviteCode: req.query.code });
  account.joined = true;
  await account.save();
  res.redirect('/');
};
