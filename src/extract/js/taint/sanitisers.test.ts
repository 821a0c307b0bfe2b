import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kinds, scan } from './support.test.js';

describe('extract/js/taint sanitisers and traps', () => {
  it('treats numeric conversions as sanitising', () => {
    assert.deepEqual(
      scan(`
app.get('/n', async (req, res) => {
  const id = parseInt(req.query.id, 10);
  await db.query('SELECT * FROM t WHERE id = ' + id);
  await db.query('SELECT * FROM t WHERE id = ' + Number(req.query.n));
  await db.query(\`SELECT * FROM t LIMIT \${+req.query.limit}\`);
  await db.query('SELECT * FROM t WHERE ok = ' + Boolean(req.query.ok));
});
`),
      [],
    );
  });

  it('honours early-return validation guards', () => {
    assert.deepEqual(
      scan(`
const validator = require('validator');
const { exec } = require('child_process');
const ALLOWED = new Set(['ls', 'df']);
app.get('/g', (req, res) => {
  const id = req.query.id;
  if (!validator.isInt(id)) return res.status(400).send('bad id');
  db.query('SELECT * FROM t WHERE id = ' + id);
  const cmd = req.query.cmd;
  if (!ALLOWED.has(cmd)) {
    res.status(400).end();
    return;
  }
  exec(cmd);
  const name = req.query.name;
  if (!/^[a-z0-9_-]+$/i.test(name)) throw new Error('bad name');
  exec('id ' + name);
  if (typeof req.body.user !== 'string') return res.sendStatus(400);
  User.findOne({ user: req.body.user });
});
`),
      [],
    );
  });

  it('honours positive checks, ternaries and lookups', () => {
    assert.deepEqual(
      scan(`
const { exec } = require('child_process');
const TARGETS = ['/home', '/account'];
app.get('/p', (req, res) => {
  if (TARGETS.includes(req.query.next)) { res.redirect(req.query.next); }
  const to = TARGETS.indexOf(req.query.to) !== -1 ? req.query.to : '/';
  res.redirect(to);
  if (req.query.mode === 'fast') exec('run --' + req.query.mode);
  req.query.ok === 'yes' && exec('echo ' + req.query.ok);
});
`),
      [],
    );
  });

  it('keeps taint where a guard does not validate that sink kind', () => {
    assert.deepEqual(
      kinds(`
const fs = require('fs');
app.get('/k', (req, res) => {
  const file = req.query.file;
  if (!/^[\\w./-]+$/.test(file)) return res.sendStatus(400);
  fs.readFileSync('/srv/' + file);
  const u = req.query.u;
  if (!validator.isURL(u)) return res.sendStatus(400);
  fetch(u);
});
`),
      ['path', 'ssrf'],
    );
  });

  it('recognises escaping and encoding functions per context', () => {
    assert.deepEqual(
      scan(`
const mysql = require('mysql');
const escapeHtml = require('escape-html');
const DOMPurify = require('isomorphic-dompurify');
const he = require('he');
const path = require('path');
app.get('/e', (req, res) => {
  db.query('SELECT * FROM t WHERE name = ' + mysql.escape(req.query.name));
  res.send('<b>' + escapeHtml(req.query.a) + '</b>');
  res.send(DOMPurify.sanitize(req.query.b));
  res.send('<i>' + he.encode(req.query.c) + '</i>');
  res.redirect('/search?q=' + encodeURIComponent(req.query.q));
  res.sendFile(path.join('/srv', path.basename(req.query.f)));
  res.send('<p>' + req.query.d.replace(/[^a-z0-9 ]/gi, '') + '</p>');
  res.send('<p>' + req.query.e.replace(/</g, '&lt;') + '</p>');
});
`),
      [],
    );
  });

  it('treats hex and base64url encodings as path-safe, plain base64 not', () => {
    assert.deepEqual(
      scan(`
const path = require('path');
const fs = require('fs');
app.get('/thumb', (req, res) => {
  const key = Buffer.from(req.query.src).toString('base64url');
  res.sendFile(path.join('/var/cache/thumbs', \`\${key}-\${Number(req.query.w)}w.webp\`));
  fs.writeFileSync(path.join('/var/cache/thumbs', key + '.webp'), req.body.data);
  fs.readFileSync(path.join('/var/cache/raw', Buffer.from(req.query.id).toString('hex')));
  fs.readFileSync(path.join('/var/cache/raw', Buffer.from(req.query.b).toString('base64')));
});
`),
      ['path fs.readFileSync req.query.b @9'],
    );
  });

  it('does not treat context-specific encoders as universal', () => {
    assert.deepEqual(
      scan(`
const path = require('path');
app.get('/e', (req, res) => {
  db.query("SELECT * FROM t WHERE name = '" + encodeURIComponent(req.query.n) + "'");
  db.query("SELECT * FROM t WHERE f = '" + path.basename(req.query.f) + "'");
  require('fs').readFileSync('/srv/' + req.query.p.replace(/\\.\\.\\//g, ''));
});
`),
      ['path fs.readFileSync req.query.p @6', 'sql db.query req.query.f @5', 'sql db.query req.query.n @4'],
    );
  });

  it('uses local sanitiser helpers through their summaries', () => {
    assert.deepEqual(
      scan(`
function escapeRegExp(s) { return s.replace(/[.*+?^\${}()|[\\]\\\\]/g, '\\\\$&'); }
function toId(v) { return Number.parseInt(v, 10); }
app.get('/s', (req, res) => {
  const re = new RegExp('^' + escapeRegExp(req.query.q));
  db.query('SELECT * FROM t WHERE id = ' + toId(req.query.id));
});
`),
      [],
    );
  });

  it('does not mistake server-generated upload fields for request data', () => {
    assert.deepEqual(
      scan(`
const { execFile, exec } = require('child_process');
app.post('/upload', upload.single('f'), (req, res) => {
  exec('convert ' + req.file.path + ' out.png');
  exec('file ' + req.file.originalname);
});
`),
      ['command child_process.exec req.file.originalname @5'],
    );
  });

  it('does not mistake the temporary file path formidable (koa-body) chose for request data', () => {
    assert.deepEqual(
      scan(`
const { readFile, unlink } = require('fs/promises');
router.post('/import', async (ctx) => {
  const upload = ctx.request.files.file;
  const data = await readFile(upload.filepath);
  await unlink(upload.filepath);
  await readFile('/srv/imports/' + upload.originalFilename);
});
`),
      ['path fs.readFile ctx.request.files.file.originalFilename @7'],
    );
  });

  it('does not report client-side or config-only code', () => {
    assert.deepEqual(
      scan(`
axios.interceptors.request.use((request) => { request.headers.Authorization = token; return request; });
export function Page({ searchParams }) { return searchParams.q; }
const query = new URLSearchParams(window.location.search);
document.getElementById('x').innerHTML = query.get('q');
console.log(\`listening on \${port}\`);
`),
      [],
    );
  });

  it('does not report objects sent as JSON, whole bodies logged, or views rendered with request data', () => {
    assert.deepEqual(
      scan(`
app.get('/v', (req, res) => {
  res.render('search', { q: req.query.q });
  res.send(req.body);
  res.send([req.query.a]);
  console.log(req.body);
  logger.info('request', { body: req.body });
  User.findById(req.params.id);
  res.status(200).json(req.query);
});
`),
      [],
    );
  });
});
