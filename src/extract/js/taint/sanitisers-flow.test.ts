// Sanitising that depends on control flow or on what a value is: checks inside an earlier `try`
// whose `catch` leaves, constants assigned in the branch that reaches the sink, URL parts that
// cannot hold a path separator or markup, and server-side state that is no request data.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scan } from './support.test.js';

describe('extract/js/taint sanitisers that depend on control flow', () => {
  it('keeps an allow-list check made in an earlier try whose catch returns', () => {
    const handler = (catchBody: string) => `
const fs = require('fs');
const path = require('path');
io.on('connection', (socket) => {
  socket.on('getExample', async (language, callback) => {
    try {
      if (!/^[a-z-]+$/.test(language)) {
        throw new Error('Invalid language');
      }
    } catch (e) {
      ${catchBody}
    }
    const dir = path.join('./examples', language);
    callback(await fs.promises.readdir(dir));
  });
});
`;
    assert.deepEqual(scan(handler('callback({ ok: false }); return;')), []);
    // A catch that carries on does not stop the bad value.
    assert.deepEqual(scan(handler('callback({ ok: false });')), ["path fs.readdir socket event 'getExample' language @14"]);
  });

  it('a constant assigned in the branch that reaches the sink replaces the request value there', () => {
    assert.deepEqual(
      scan(`
const { execSync } = require('child_process');
app.post('/chrome', (req, res) => {
  let exe = req.body.path;
  if (!exe) {
    exe = '/usr/bin/chromium';
    execSync(exe + ' --version');
  } else if (exe === '#bundled') {
    exe = undefined;
  }
  res.send('ok');
});
`),
      [],
    );
    // After the branch the variable may still hold the request value.
    assert.deepEqual(
      scan(`
const { execSync } = require('child_process');
app.post('/chrome', (req, res) => {
  let exe = req.body.path;
  if (process.env.CONTAINER) {
    exe = '/usr/bin/chromium';
  }
  execSync(exe + ' --version');
});
`),
      ['command child_process.execSync req.body.path @8'],
    );
    // A request value assigned deeper inside the branch reaches the sink after it.
    assert.deepEqual(
      scan(`
const { execSync } = require('child_process');
app.post('/chrome', (req, res) => {
  let exe = 'chromium';
  if (process.env.CONTAINER) {
    exe = '/usr/bin/chromium';
    if (req.body.custom) { exe = req.body.custom; }
    execSync(exe + ' --version');
  }
});
`),
      ['command child_process.execSync req.body.custom @8'],
    );
  });

  it('applies a branch constant through a helper called in that branch', () => {
    assert.deepEqual(
      scan(`
const childProcess = require('child_process');
function install(exe) { childProcess.execSync(exe + ' --version'); }
async function prepare(exe) {
  if (!exe) {
    exe = '/usr/bin/chromium';
    await install(exe);
  }
  return exe;
}
app.post('/chrome', async (req, res) => { res.json(await prepare(req.body.path)); });
`),
      [],
    );
  });

  it('a URL hostname holds no path separator', () => {
    assert.deepEqual(
      scan(`
const fs = require('fs');
const path = require('path');
app.post('/tls', async (req, res) => {
  const dirName = new URL(req.body.url).hostname;
  const ca = await fs.promises.readFile(path.join('/data/tls', dirName, 'ca.pem'));
  const { host } = new URL(req.body.url);
  fs.readFileSync(path.join('/data/tls', host));
  res.json({ ok: !!ca });
});
`),
      [],
    );
    // The pathname does.
    assert.deepEqual(
      scan(`
const fs = require('fs');
app.post('/tls', (req, res) => { fs.readFileSync(new URL(req.body.url).pathname); });
`),
      ['path fs.readFileSync req.body.url @3'],
    );
  });
});

describe('extract/js/taint html-safe values', () => {
  it('Koa ctx.state is server state, not request data', () => {
    assert.deepEqual(
      scan(`
import crypto from 'crypto';
router.get('/app', async (ctx) => {
  ctx.state.cspNonce = crypto.randomBytes(16).toString('hex');
  ctx.type = 'text/html';
  ctx.body = \`<script nonce="\${ctx.state.cspNonce}">boot()</script>\`;
});
`, 'src/app.ts'),
      [],
    );
  });

  it('recognises es-toolkit escape, JSON escaped for a script block, and URL origin and pathname', () => {
    assert.deepEqual(
      scan(`
import { escape } from 'es-toolkit/compat';
router.get('/page', async (ctx) => {
  ctx.type = 'text/html';
  ctx.body = '<link rel="canonical" href="' + escape(ctx.query.canonical) + '">';
  ctx.body = '<script>window.env = ' + JSON.stringify(ctx.query).replace(/</g, '\\\\u003c') + ';</script>';
  const u = new URL(ctx.query.next);
  ctx.body = '<form action="' + u.origin + u.pathname + '"></form>';
});
`, 'src/page.ts'),
      [],
    );
    // Without them the same lines are findings.
    assert.deepEqual(
      scan(`
router.get('/page', async (ctx) => {
  ctx.type = 'text/html';
  ctx.body = '<link rel="canonical" href="' + ctx.query.canonical + '">';
  const u = new URL(ctx.query.next);
  ctx.body = '<form action="' + u.search + '"></form>';
});
`, 'src/page.ts'),
      ['html ctx.body ctx.query.canonical @4', 'html ctx.body ctx.query.next.search @6'],
    );
  });
});
