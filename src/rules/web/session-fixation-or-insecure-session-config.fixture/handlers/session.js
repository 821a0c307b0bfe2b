// Handlers built by a constructor function, registered from another file (routes.js).
function SessionHandler(users) {
  this.handleLogin = (req, res) => {
    users.check(req.body.name, req.body.password, (err, user) => {
      if (err) return res.render('login', { error: 'invalid' });
      req.session.userId = user.id;
      return res.redirect('/home');
    });
  };

  this.handleSignup = (req, res) => {
    users.add(req.body.name, req.body.password, (err, user) => {
      req.session.regenerate(() => {
        req.session.userId = user.id;
        res.redirect('/home');
      });
    });
  };
}

module.exports = SessionHandler;
