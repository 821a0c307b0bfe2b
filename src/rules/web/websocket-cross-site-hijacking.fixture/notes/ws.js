const WebSocket = require('ws');

let wss;

function init(httpServer, sessionParser) {
  wss = new WebSocket.Server({
    // The session cookie comes with any site's handshake and nothing looks at where it came from.
    // ruleid: websocket-cross-site-hijacking
    verifyClient: (info, done) => {
      sessionParser(info.req, {}, () => done(!!info.req.session.loggedIn));
    },
    server: httpServer,
  });
  wss.on('connection', (ws) => ws.send(JSON.stringify({ type: 'hello' })));
}

module.exports = { init };
