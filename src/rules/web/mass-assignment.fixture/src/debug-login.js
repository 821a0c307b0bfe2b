const mongoose = require('mongoose');
const config = require('./debug-config');
const UserModel = mongoose.model('User');

// A mock-user switch: web/debug-login-bypass reports the whole identity chosen by the cookie.
exports.authUser = function (req, res, next) {
  if (config.debug && req.cookies.mock_user) {
    const mockUser = JSON.parse(req.cookies.mock_user);
    // ok: mass-assignment
    req.session.user = new UserModel(mockUser);
    return next();
  }
  next();
};
