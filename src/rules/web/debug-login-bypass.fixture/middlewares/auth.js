var config = require('../config');
var User = require('../models/user');

exports.authUser = function (req, res, next) {
  if (config.debug && req.cookies['mock_user']) {
    var mockUser = JSON.parse(req.cookies['mock_user']);
    // ruleid: debug-login-bypass
    req.session.user = new User(mockUser);
    return next();
  }
  if (config.debug) {
    // A fixed local user, not one the client picks.
    // ok: debug-login-bypass
    req.user = { name: 'developer' };
    console.log('cookies', req.cookies);
  }
  if (!config.debug && req.query.as) {
    // The production branch.
    // ok: debug-login-bypass
    req.session.user = null;
  }
  next();
};
