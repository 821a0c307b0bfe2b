// ruleid: session-not-invalidated-on-logout
exports.signOut = function (req, res) {
  res.cookie('connect.sid', '', { maxAge: 0 });
  res.json({ ok: true });
};
