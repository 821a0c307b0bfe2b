import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scan, sinkFacts, sinks } from './support.test.js';

// Patterns seen in public applications, written from scratch for these tests.
describe('extract/js/taint real-world patterns', () => {
  it('recognises request parameters by their framework type', () => {
    assert.deepEqual(
      scan(`
import { type Request, type Response } from 'express';
import fs from 'node:fs';
export async function upload({ file, body }: Request, res: Response) {
  fs.writeFileSync('/srv/' + body.name, file.buffer);
}
`, 'src/upload.ts'),
      ['path fs.writeFileSync req.body.name @5'],
    );
  });

  it('treats entries of archives opened from buffers as archive names', () => {
    assert.deepEqual(
      scan(`
import unzipper from 'unzipper';
import fs from 'node:fs';
export async function extract(buffer) {
  const directory = await unzipper.Open.buffer(buffer);
  for (const entry of directory.files) fs.createWriteStream('uploads/' + entry.path);
}
`),
      ['archive fs.createWriteStream unzipper.Open.buffer().files.path @6'],
    );
  });

  it('does not report redirects to the browser-set Host or Referer, but does report SSRF through Host', () => {
    assert.deepEqual(
      scan(`
app.use((req, res, next) => {
  if (!req.secure) return res.redirect('https://' + req.get('host') + req.url);
  res.redirect(req.get('Referrer') || '/');
  fetch('http://' + req.headers.host + '/internal/status');
});
`),
      ['ssrf fetch req.headers.host @5'],
    );
  });

  it('reads options held in variables', () => {
    assert.deepEqual(
      scan(`
const libxmljs = require('libxmljs');
const { spawn } = require('child_process');
const OPTIONS = { noent: true, noblanks: true };
const SAFE = { noblanks: true };
const ROOT = { root: '/srv/public' };
app.post('/x', (req, res) => {
  libxmljs.parseXml(req.body.xml, OPTIONS);
  libxmljs.parseXml(req.body.xml2, SAFE);
  const opts = { shell: true };
  spawn('convert', [req.body.file], opts);
  res.sendFile(req.body.f, ROOT);
});
`),
      ['command child_process.spawn req.body.file @11', 'xml libxmljs.parseXml req.body.xml @8'],
    );
  });

  it('does not treat binary buffers or GraphQL scalars as query operators', () => {
    assert.deepEqual(
      scan(`
app.post('/login', async (req, res) => {
  const id = Buffer.from(JSON.parse(req.body.credential).id, 'base64url');
  await User.findOne({ credentialId: id });
});
const resolvers = { Query: { user: (_, args) => User.findOne({ name: args.name }) } };
module.exports = { resolvers };
`),
      [],
    );
  });

  it('reports legacy MongoDB updates but not Sequelize updates', () => {
    assert.deepEqual(
      scan(`
app.patch('/reviews', async (req, res) => {
  await db.reviews.update({ _id: req.body.id }, { $set: { message: String(req.body.message) } });
  await Review.update({ message: String(req.body.message) }, { where: { id: req.body.id } });
});
`),
      ['nosql db.reviews.update req.body.id @3'],
    );
  });

  it('honours allow-list ternaries over call expressions', () => {
    assert.deepEqual(
      scan(`
const fs = require('fs');
app.post('/avatar', (req, res) => {
  const url = req.body.imageUrl;
  const ext = ['jpg', 'png'].includes(url.split('.').pop().toLowerCase()) ? url.split('.').pop().toLowerCase() : 'jpg';
  fs.createWriteStream('uploads/avatar.' + ext);
});
`),
      [],
    );
  });

  it('reports one finding per sink line', () => {
    assert.deepEqual(
      scan(`
function auth(user, pass) { return db.one("SELECT * FROM users WHERE name = '" + user + "' AND pass = '" + pass + "'"); }
app.post('/login', (req, res) => auth(req.body.username, req.body.password));
`),
      ['sql db.one req.body.username @2'],
    );
  });

  it('drops operator-injection findings of a service that installs express-mongo-sanitize', () => {
    const files = {
      'api/package.json': JSON.stringify({ dependencies: { express: '^4', 'js-yaml': '^4.1.0' } }),
      'api/src/app.js': `const mongoSanitize = require('express-mongo-sanitize');\napp.use(mongoSanitize());`,
      'api/src/login.js': `app.post('/login', (req, res) => { User.findOne({ email: req.body.email }); User.find({ $where: 'this.a == ' + req.body.a }); });`,
      'other/package.json': JSON.stringify({ dependencies: { express: '^4', mongoose: '^8' } }),
      'other/login.js': `app.post('/login', (req, res) => { User.findOne({ email: req.body.email }); });`,
    };
    assert.deepEqual(sinks(files), ['nosql User.find $where req.body.a @1', 'nosql User.findOne req.body.email @1']);
    assert.deepEqual(sinkFacts(files).map((f) => f.evidence.file).sort(), ['api/src/login.js', 'other/login.js']);
  });
});
