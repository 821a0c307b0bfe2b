const { WebSocketServer } = require('ws');
const ALLOWED = ['https://app.example.com'];

module.exports = (server, sessionParser) => new WebSocketServer({
  server,
  // The origin is checked before the session is trusted.
  // ok: websocket-cross-site-hijacking
  verifyClient: (info, done) => {
    if (!ALLOWED.includes(info.origin)) return done(false);
    sessionParser(info.req, {}, () => done(!!info.req.session.userId));
  },
});
