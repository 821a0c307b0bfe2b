var crypto = require('crypto');
var config = require('../config');
var User = require('../models/user');

function gen_session(user, res) {
  // The cookie holds the user id alone: its signature is the only check.
  var auth_token = user._id + '$$$$';
  var opts = { path: '/', signed: true, httpOnly: true };
  // ruleid: forgeable-identity-cookie
  res.cookie(config.auth_cookie_name, auth_token, opts);
}

function remember(res) {
  // A random token the server looks up: knowing the secret does not let anyone pick a user.
  var token = crypto.randomBytes(32).toString('hex');
  // ok: forgeable-identity-cookie
  res.cookie('remember', token, { signed: true, httpOnly: true });
}

function lastVisit(res, user) {
  // Not signed: not relied on for identity.
  // ok: forgeable-identity-cookie
  res.cookie('last_user', user._id, { httpOnly: true });
}

exports.signin = function (req, res) {
  User.check(req.body.name, req.body.pass, function (user) {
    gen_session(user, res);
    remember(res);
    lastVisit(res, user);
    res.redirect('/');
  });
};

exports.authUser = function (req, res, next) {
  var auth_token = req.signedCookies[config.auth_cookie_name];
  if (!auth_token) return next();
  User.findById(auth_token.split('$$$$')[0], function (err, user) {
    req.session.user = user;
    next();
  });
};
