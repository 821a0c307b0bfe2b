// Socket.IO / ws events as entry points: one per `socket.on(event)` of a server's connection
// callback (handler modules joined across files), auth from guards judged by their bodies, and
// taint findings from a socket event scored with that event's entry point.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { analyzeDirectory } from '../../../api/pipeline.js';
import { rule as ssrf } from '../../../rules/web/ssrf.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor as express } from '../express/index.js';

function events(files: Record<string, string>): Map<string, string> {
  const { facts } = runExtractors([express, auth], files);
  const out = new Map<string, string>();
  for (const f of facts as Fact[]) {
    if (f.kind !== 'entrypoint' || f.protocol !== 'websocket') continue;
    const e = f as EntrypointFact;
    out.set(`${e.path} ${e.handler?.file}:${e.handler?.line}`, e.auth);
  }
  return out;
}

const UTIL = `
exports.checkLogin = (socket) => {
  if (!socket.userID) {
    throw new Error('You are not logged in.');
  }
};
exports.sendInfo = (socket) => { socket.emit('info', {}); };
`;

describe('routes-socket', () => {
  it('emits one entry point per event, follows handler modules and judges the guard called first by its body', () => {
    const got = events({
      'server/server.js': `
const { checkLogin, sendInfo } = require('./util');
const { dockerHandler } = require('./handlers/docker');
const io = server.io;
io.on('connection', async (socket) => {
  await sendInfo(socket);
  socket.on('login', async (data, callback) => {
    const user = await login(data.username, data.password);
    callback({ ok: !!user });
  });
  socket.on('deleteMonitor', async (monitorID, deleteChildren, callback) => {
    try {
      if (typeof deleteChildren === 'function') { callback = deleteChildren; deleteChildren = false; }
      checkLogin(socket);
      await removeMonitor(monitorID);
    } catch (e) { callback({ ok: false }); }
  });
  socket.on('disconnect', () => {});
  dockerHandler(socket);
});
`,
      'server/util.js': UTIL,
      'server/handlers/docker.js': `
const { checkLogin } = require('../util');
module.exports.dockerHandler = (socket) => {
  socket.on('testDockerHost', async (host, callback) => {
    try {
      checkLogin(socket);
      callback(await probe(host));
    } catch (e) { callback({ ok: false }); }
  });
  socket.on('listPublic', async (callback) => callback(await list()));
};
`,
    });
    assert.deepEqual(
      [...got].sort(),
      [
        ['/#deleteMonitor server/server.js:11', 'user'],
        ['/#listPublic server/handlers/docker.js:10', 'none'],
        ['/#login server/server.js:7', 'none'],
        ['/#testDockerHost server/handlers/docker.js:4', 'user'],
      ],
    );
  });

  it("reads `connect` like `connection`, and what a login event's handler registers as for logged-in clients", () => {
    const { facts } = runExtractors([express, auth], {
      'server.ts': `
import { Server } from 'socket.io';
import Uploader from './uploader';
const sockets = new Server(server);
sockets.on('connect', (socket) => {
  socket.on('error', (err) => log(err));
  if (Config.values.public) {
    performAuthentication.call(socket, {});
  } else {
    socket.on('auth:perform', performAuthentication);
  }
});
function performAuthentication(this: Socket, data: AuthData) {
  const socket = this;
  const done = (ok: boolean) => {
    if (!ok) return socket.emit('auth:failed');
    initializeClient(socket, client);
  };
  Auth.auth(manager, data.user, data.password, done);
}
function initializeClient(socket: Socket, client: Client) {
  new Uploader(socket);
  socket.on('input', (data) => client.input(data));
  socket.on('open', (data) => client.open(socket.id, data));
  socket.on('disconnect', () => client.detach(socket.id));
}
`,
      'uploader.ts': `
import type { Socket } from 'socket.io';
class Uploader {
  constructor(socket: Socket) {
    socket.on('upload:auth', () => socket.emit('upload:auth', token()));
  }
}
export default Uploader;
`,
      'inline.js': `
const io = require('socket.io')(server);
io.on('connection', (socket) => {
  socket.on('login', async ({ username, password }, cb) => {
    if (!(await check(username, password))) return cb(false);
    socket.on('save', (doc) => store(doc));
  });
});
`,
      'client.js': `
const socket = io();
socket.on('connect', () => socket.emit('auth:perform', { user, password }));
socket.on('init', (data) => render(data));
`,
    });
    const got = (facts as Fact[]).filter((f): f is EntrypointFact => f.kind === 'entrypoint' && f.protocol === 'websocket').map((e) => `${e.path} ${e.evidence.file}:${e.evidence.line} ${e.auth} ${(e.tags ?? []).filter((t) => t === 'login' || t === 'auth-conditional').join(',')}`);
    assert.deepEqual(got.sort(), [
      // A login event (its handler reads a password from the payload) is a `login` route.
      '/#auth:perform server.ts:10 none login',
      // Registered only after the login succeeded, except in the mode the connection callback
      // runs the login handler without credentials.
      '/#input server.ts:23 user auth-conditional',
      // Listeners the login handler adds itself once the password checked out.
      '/#login inline.js:4 none login',
      // `open` with a payload is a message: a server-side socket never opens.
      '/#open server.ts:24 user auth-conditional',
      '/#save inline.js:6 user ',
      '/#upload:auth uploader.ts:5 user auth-conditional',
    ]);
  });

  it('takes io.use guards per namespace, and guards of the connection callback for its handler modules', () => {
    const got = events({
      'app.js': `
const { Server } = require('socket.io');
const { chat } = require('./chat');
const io = new Server(3000);
const admin = io.of('/admin');
admin.use((socket, next) => {
  if (!socket.request.session.userId) return next(new Error('unauthorized'));
  next();
});
admin.on('connection', (socket) => {
  socket.on('ban', (who) => ban(who));
});
io.on('connection', (socket) => {
  socket.on('hello', (msg) => socket.emit('hi', msg));
});
io.of('/rooms').on('connection', (socket) => {
  if (!socket.data.user) return socket.disconnect(true);
  chat(socket);
});
`,
      'chat.js': `export function chat(socket) { socket.on('say', (text) => broadcast(text)); }`,
    });
    assert.deepEqual(
      [...got].sort(),
      [
        ['/#hello app.js:14', 'none'],
        ['/admin#ban app.js:11', 'user'],
        // The connection of a namespace whose callback receives no message itself.
        ['/rooms#connection app.js:16', 'user'],
        ['/rooms#say chat.js:1', 'user'],
      ],
    );
  });

  it('takes io.use middleware that lets the socket on only when the identity is set, and refuses otherwise', () => {
    const got = events({
      'io.js': `
const { Server } = require('socket.io');
const io = new Server(httpServer);
io.engine.use(sessionMiddleware);
io.use((socket, next) => {
  if (socket.request.user) {
    next();
  } else {
    next(new Error('unauthorized'));
  }
});
io.on('connection', (socket) => {
  socket.on('whoami', (cb) => cb(socket.request.user.username));
});
const rooms = io.of('/rooms');
rooms.use((socket, next) => {
  const session = socket.request.session;
  if (session && session.authenticated) next();
  else next(new Error('unauthorized'));
});
rooms.on('connection', (socket) => {
  socket.on('join', (room) => socket.join(room));
});
// A token the client sent is no identity until verified.
const open = io.of('/open');
open.use((socket, next) => {
  if (socket.handshake.auth.token) next();
  else next(new Error('no token'));
});
open.on('connection', (socket) => {
  socket.on('say', (text) => broadcast(text));
});
`,
    });
    assert.deepEqual([...got].sort(), [
      ['/#whoami io.js:13', 'user'],
      ['/open#say io.js:31', 'none'],
      ['/rooms#join io.js:22', 'user'],
    ]);
  });

  it('makes every event admin after an early return unless the session user is an admin (not for client-sent flags)', () => {
    const got = events({
      'adminsettings.ts': `
import { Server } from 'socket.io';
exports.socketio = (hookName, { io }) => {
  io.of('/settings').on('connection', (socket) => {
    const { session: { user: { is_admin: isAdmin } = {} } = {} } = socket.conn.request;
    if (!isAdmin) return;
    socket.on('saveSettings', async (s) => { await save(s); });
    socket.on('restartServer', async () => { await restart(); });
  });
  io.of('/roles').on('connection', (socket) => {
    const user = socket.request.session.user;
    if (user.role !== 'admin') return socket.disconnect();
    socket.on('grant', (who) => grant(who));
  });
  io.of('/spoof').on('connection', (socket) => {
    if (!socket.handshake.query.isAdmin) return;
    socket.on('wipe', () => wipe());
  });
};
`,
    });
    assert.deepEqual(
      [...got].sort(),
      [
        ['/roles#grant adminsettings.ts:13', 'admin'],
        ['/settings#restartServer adminsettings.ts:8', 'admin'],
        ['/settings#saveSettings adminsettings.ts:7', 'admin'],
        ['/spoof#wipe adminsettings.ts:17', 'none'],
      ],
    );
  });

  it('counts a connection callback that logs the socket in first (throws without a credential, stores the identity)', () => {
    const got = events({
      'realtime.ts': `
import * as IO from 'socket.io';
const io = new IO.Server(server, { path: '/realtime' });
io.on('connection', async (socket) => {
  socket.on('disconnect', () => {});
  try {
    const user = await authenticate(socket);
    await socket.join('user-' + user.id);
  } catch (err) {
    socket.disconnect();
  }
});
async function authenticate(socket) {
  const { accessToken } = cookie.parse(socket.request.headers.cookie ?? '');
  if (!accessToken) throw new Error('No access token');
  const { user } = await getUserForJWT(accessToken);
  socket.client.auth = { userId: user.id };
  return user;
}
`,
      'open.ts': `
import { Server } from 'socket.io';
const io = new Server();
io.on('connection', async (socket) => { await greet(socket); });
async function greet(socket) { if (!socket.connected) throw new Error('gone'); socket.emit('hi'); }
`,
    });
    assert.deepEqual([...got].sort(), [
      ['/#connection open.ts:4', 'none'],
      ['/#connection realtime.ts:4', 'user'],
    ]);
  });

  it('reads ws servers: their path, and the upgrade request checked in the connection callback', () => {
    const got = events({
      'live.js': `
const WebSocket = require('ws');
const wss = new WebSocket.Server({ server, path: '/live' });
wss.on('connection', (ws, req) => {
  if (!req.session.userId) { ws.close(4401); return; }
  ws.on('message', (raw) => handle(raw));
  ws.on('close', () => {});
});
const open = new WebSocket.Server({ port: 8081 });
open.on('connection', (ws) => { ws.on('message', (raw) => echo(raw)); });
`,
    });
    assert.deepEqual([...got].sort(), [
      ['/#message live.js:10', 'none'],
      ['/live#message live.js:6', 'user'],
    ]);
  });

  it('reads a ws connection that looks the caller up from the whole upgrade request and closes without one', () => {
    const got = events({
      'term.ts': `
import { WebSocketServer } from 'ws';
export function setup(server) {
  const wss = new WebSocketServer({ noServer: true, path: '/shell' });
  wss.on('connection', async (ws, req) => {
    const { user, session } = await loadSession(req);
    if (!user || !session) { ws.close(); return; }
    ws.on('message', (raw) => run(raw));
  });
  const feed = new WebSocketServer({ noServer: true, path: '/feed' });
  feed.on('connection', async (ws, req) => {
    const room = await findRoom(req.url);
    if (!room) { ws.close(); return; }
    ws.on('message', (raw) => post(room, raw));
  });
}
`,
    });
    assert.deepEqual([...got].sort(), [
      ['/feed#message term.ts:14', 'none'],
      ['/shell#message term.ts:8', 'user'],
    ]);
  });

  it('judges guards by body, not by name', () => {
    const got = events({
      'server.js': `
const { Server } = require('socket.io');
const { checkLogin, mustHaveUser } = require('./guards');
const io = new Server();
function isSignedIn(s) { return !!s.user; }
io.on('connection', (socket) => {
  socket.on('a', (x) => { checkLogin(socket); save(x); });
  socket.on('b', (x) => { mustHaveUser(socket); save(x); });
  socket.on('c', (x, cb) => { if (!isSignedIn(socket)) return cb('no'); save(x); });
  socket.on('d', (x, cb) => { if (!socket.userId) return cb('login first'); save(x); });
  socket.on('e', (x) => { save(x); checkLogin(socket); });
});
`,
      'guards.js': `
exports.checkLogin = (socket) => { console.log('seen', socket.id); };
exports.mustHaveUser = (client) => { if (client.user == null) throw new Error('401'); };
`,
    });
    assert.deepEqual(
      [...got].sort(),
      [
        ['/#a server.js:7', 'unknown'],
        ['/#b server.js:8', 'user'],
        ['/#c server.js:9', 'user'],
        ['/#d server.js:10', 'user'],
        ['/#e server.js:11', 'none'],
      ].sort(),
    );
  });

  it('skips raw TCP sockets, browser clients, event buses and handshake data the client sends', () => {
    const got = events({
      'tcp.js': `
const net = require('net');
const server = net.createServer();
server.on('connection', (sock) => { sock.on('data', (buf) => handle(buf)); sock.on('error', () => {}); });
`,
      'src/client.js': `
import { io } from 'socket.io-client';
const socket = io();
export function listen(socket) { socket.on('monitorList', (list) => render(list)); }
socket.on('connection', () => {});
`,
      'bus.js': `module.exports = (emitter) => { emitter.on('orderCreated', (o) => mail(o)); };`,
      'ws.js': `
const { Server } = require('socket.io');
const io = new Server();
io.use((socket, next) => { if (!socket.handshake.auth.user) return next(new Error('no')); next(); });
io.on('connection', (socket) => { socket.on('x', (v) => run(v)); });
`,
    });
    assert.deepEqual([...got], [['/#x ws.js:5', 'none']]);
  });

  it('scores a finding from a socket event with that event\'s auth', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tc-socket-'));
    try {
      const files: Record<string, string> = {
        'package.json': JSON.stringify({ name: 'probe', dependencies: { 'socket.io': '^4.7.0', axios: '^1.6.0' } }),
        'server/util.js': UTIL,
        'server/index.js': `
const { Server } = require('socket.io');
const axios = require('axios');
const { checkLogin } = require('./util');
const io = new Server(3000);
io.on('connection', (socket) => {
  socket.on('probe', async (url, cb) => {
    checkLogin(socket);
    cb(await axios.get(url));
  });
  socket.on('fetchUrl', async (url, cb) => {
    cb(await axios.get(url));
  });
});
`,
      };
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content);
      }
      const model = await analyzeDirectory(dir, { rules: [ssrf], today: '2026-06-01', cache: false, pool: false });
      const byEvent = new Map(model.threats.filter((t) => t.ruleId === 'ssrf').map((t) => [t.grammar.prerequisites, t.score.factors.map((f) => f.detail).join('; ')]));
      assert.match(byEvent.get('who can send requests to WS probe') ?? '', /requires an authenticated user/);
      assert.match(byEvent.get('who can send requests to WS fetchUrl') ?? '', /no authentication in front of the entry point/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
