const { Server } = require('socket.io');
const jwt = require('jsonwebtoken');

module.exports = (http) => {
  const io = new Server(http);
  // A token the page sends explicitly: another site cannot read it to send it.
  // ok: websocket-cross-site-hijacking
  io.use((socket, next) => {
    try {
      socket.user = jwt.verify(socket.handshake.auth.token, process.env.JWT_SECRET);
      next();
    } catch (e) {
      next(new Error('unauthorized'));
    }
  });
  return io;
};
