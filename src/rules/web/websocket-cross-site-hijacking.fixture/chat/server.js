const express = require('express');
const cookie = require('cookie');
const jwt = require('jsonwebtoken');
const app = express();
const server = app.listen(3000);

const io = require('socket.io')(server);
// The token cookie alone decides who the socket belongs to.
// ruleid: websocket-cross-site-hijacking
io.use((socket, next) => {
  const cookies = cookie.parse(socket.request.headers.cookie || '');
  jwt.verify(cookies.authToken, process.env.JWT_SECRET, (err, user) => {
    if (err) return next(new Error('Authentication error'));
    socket.user = user;
    next();
  });
});
// Keeps the session alive; refuses nothing.
// ok: websocket-cross-site-hijacking
io.use((socket, next) => {
  if (socket.request.session) socket.request.session.touch();
  next();
});
io.on('connection', (socket) => socket.emit('wallet', socket.user));
