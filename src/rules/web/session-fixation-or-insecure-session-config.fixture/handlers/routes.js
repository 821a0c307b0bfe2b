const SessionHandler = require('./session');

module.exports = (app, users) => {
  const sessionHandler = new SessionHandler(users);
  // ruleid: session-fixation-or-insecure-session-config
  app.post('/login', sessionHandler.handleLogin);
  // ok: session-fixation-or-insecure-session-config
  app.post('/signup/login', sessionHandler.handleSignup);
};
