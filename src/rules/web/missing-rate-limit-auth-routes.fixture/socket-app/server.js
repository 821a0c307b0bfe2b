const express = require('express');
const http = require('http');
const { Server } = require('socket.io');
const users = require('./users');

const app = express();
const server = http.createServer(app);
const io = new Server(server);

app.get('/health', (req, res) => res.send('ok'));

io.on('connection', (socket) => {
  // A password sign-in over the socket: as guessable as a login route.
  // ruleid: missing-rate-limit-auth-routes
  socket.on('auth:login', async (data) => {
    const user = await users.verify(data.user, data.password);
    if (!user) return socket.emit('auth:failed');
    socket.on('messages:send', (msg) => users.send(user, msg));
  });
  socket.on('ping', () => socket.emit('pong'));
});

server.listen(3000);
