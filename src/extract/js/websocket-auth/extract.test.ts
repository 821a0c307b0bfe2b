import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

function facts(source: string): string[] {
  return runExtractor(extractor, { 'src/ws.js': source })
    .facts.filter((f): f is ConfigFact => f.kind === 'config')
    .map((f) => `${f.evidence.line} ${f.values.library} ${f.values.by} ${f.values.hook}`);
}

describe('extract/js/websocket-auth', () => {
  it('finds ws verifyClient and upgrade handlers that trust the session cookie', () => {
    assert.deepEqual(
      facts(`const WebSocket = require('ws');
const wss = new WebSocket.Server({ verifyClient: (info, done) => sessionParser(info.req, {}, () => done(!!info.req.session.user)), server });
const bare = new WebSocket.WebSocketServer({ noServer: true });
server.on('upgrade', (req, socket, head) => {
  sessionParser(req, {}, () => {
    if (!req.session.userId) { socket.write('HTTP/1.1 401 Unauthorized\\r\\n\\r\\n'); socket.destroy(); return; }
    bare.handleUpgrade(req, socket, head, (ws) => bare.emit('connection', ws, req));
  });
});
`),
      ['2 ws session verifyClient', '4 ws session upgrade'],
    );
  });

  it('finds socket.io middleware that refuses by a cookie, not one that checks the origin or uses a handshake token', () => {
    assert.deepEqual(
      facts(`const io = require('socket.io')(server);
io.use((socket, next) => {
  const token = cookie.parse(socket.request.headers.cookie || '').authToken;
  if (!token) return next(new Error('auth'));
  next();
});
io.use((socket, next) => { socket.request.session.touch(); next(); });
`),
      ['2 socket.io cookie io.use'],
    );
    assert.deepEqual(facts(`const { Server } = require('socket.io');
const io = new Server(server, { cors: { origin: 'https://app.example.com', credentials: true } });
io.use((socket, next) => (socket.request.headers.cookie ? next() : next(new Error('auth'))));
`), []);
    assert.deepEqual(facts(`const { Server } = require('socket.io');
const io = new Server(server);
io.use((socket, next) => (verify(socket.handshake.auth.token) ? next() : next(new Error('auth'))));
`), []);
    assert.deepEqual(facts(`const WebSocket = require('ws');
new WebSocket.Server({ verifyClient: (info, done) => done(info.origin === HOST && !!parse(info.req.headers.cookie).sid) });
`), []);
  });
});
