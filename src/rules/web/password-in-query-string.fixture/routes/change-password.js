const User = require('../models/user');
const security = require('../lib/security');

// The factory the route registers: its handler destructures the request.
exports.changePassword = function changePassword() {
  return async ({ query, headers }, res, next) => {
    // ruleid: password-in-query-string
    const currentPassword = query.current;
    const newPassword = query.new;
    const user = await User.findByPk(security.userOf(headers.authorization));
    if (currentPassword && security.hash(currentPassword) !== user.password) return res.status(401).end();
    await user.update({ password: security.hash(newPassword) });
    res.json({ ok: true });
  };
};
