const User = require('../models/user');

function SessionHandler() {
  const validateSignup = (userName, password, errors) => {
    const USER_RE = /^.{1,20}$/;
    // ruleid: weak-password-policy
    const PASS_RE = /^.{1,20}$/;
    if (!USER_RE.test(userName)) {
      errors.userNameError = 'Invalid user name.';
      return false;
    }
    if (!PASS_RE.test(password)) {
      errors.passwordError = 'Invalid password.';
      return false;
    }
    return true;
  };

  this.handleSignup = (req, res) => {
    const errors = {};
    if (!validateSignup(req.body.userName, req.body.password, errors)) return res.render('signup', errors);
    return User.add(req.body.userName, req.body.password).then(() => res.redirect('/'));
  };

  this.handleLogin = (req, res) => {
    const { userName, password } = req.body;
    // A login only checks the form: the policy is the sign-up's.
    // ok: weak-password-policy
    if (!password || password.length < 4) return res.render('login', { error: 'Invalid' });
    return User.login(userName, password).then(() => res.redirect('/'));
  };

  this.changePassword = (req, res) => {
    // A composition rule with no length is not a length policy.
    // ok: weak-password-policy
    if (!/[A-Z]/.test(req.body.password)) return res.status(400).end();
    return User.setPassword(req.session.userId, req.body.password).then(() => res.end());
  };
}

module.exports = new SessionHandler();
