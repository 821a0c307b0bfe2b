// Checks that confine a value through a derived variable, an equality allow-list of several
// literals, or a regex / containment helper judged by its body (round 9 precision cases).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scan } from './support.test.js';

describe('extract/js/taint sanitisers on derived values', () => {
  it('honours a containment check on a resolved copy of the path', () => {
    assert.deepEqual(
      scan(`
const fs = require('fs');
const path = require('path');
const yauzl = require('yauzl');
function extract(zipfile, target) {
  zipfile.on('entry', (entry) => {
    const safe = entry.fileName.replace(/^\\/+/, '');
    const fullPath = path.join(target, safe);
    const resolved = path.resolve(fullPath);
    if (!resolved.startsWith(path.resolve(target) + path.sep)) {
      zipfile.readEntry();
      return;
    }
    fs.mkdirSync(path.dirname(fullPath), { recursive: true });
    fs.createWriteStream(fullPath);
  });
}
function unchecked(zipfile, target) {
  zipfile.on('entry', (entry) => {
    const fullPath = path.join(target, entry.fileName);
    const resolved = path.resolve(fullPath);
    console.log(resolved.startsWith(target));
    fs.createWriteStream(fullPath);
  });
}
module.exports = { extract, unchecked };
`),
      ['archive fs.createWriteStream archive entry.fileName @23'],
    );
  });
});

describe('extract/js/taint equality allow-lists of several literals', () => {
  it('confines a value equal to one of several literals, in the branch and past an early return', () => {
    assert.deepEqual(
      scan(`
const url = require('url');
const { exec } = require('child_process');
app.post('/sync', (req, res) => {
  const { protocol } = url.parse(req.body.host);
  if (protocol === 'http:' || protocol === 'https:') {
    return require(protocol.substr(0, protocol.length - 1));
  }
  const mode = req.body.mode;
  if (mode !== 'fast' && mode !== 'slow') return res.sendStatus(400);
  exec('run --' + mode);
  const other = req.body.other;
  if (other === 'a' || req.body.flag === 'b') exec('run --' + other);
});
`),
      ['command child_process.exec req.body.other @13'],
    );
  });
});

describe('extract/js/taint path sanitisers and validating helpers', () => {
  it('treats stripping leading .. after path.normalize as a traversal sanitiser', () => {
    assert.deepEqual(
      scan(`
const fs = require('fs');
const path = require('path');
app.get('/public/:plugin/*', (req, res) => {
  const safeFile = path.normalize(req.params[0]).replace(/^(\\.\\.(\\/|\\\\|$))+/, '');
  res.sendFile(path.join(location, 'public', safeFile));
  const raw = req.query.f.replace(/^(\\.\\.(\\/|\\\\|$))+/, '');
  fs.readFileSync(path.join(location, raw));
});
`),
      ['path fs.readFileSync req.query.f @8'],
    );
  });

  it('judges a local helper by the checks its body makes before returning true', () => {
    assert.deepEqual(
      scan(`
const fs = require('fs');
const path = require('path');
const validateName = (name) => {
  if (!/^[a-zA-Z0-9_-]+$/.test(name)) {
    log('bad name ' + name);
    return false;
  }
  return true;
};
const validateDir = (dir, root) => {
  const resolved = path.resolve(dir);
  if (!resolved.startsWith(path.join(root, 'apps'))) return false;
  return true;
};
const logsOnly = (name) => {
  if (!/^[a-z]+$/.test(name)) log('odd');
  return true;
};
app.get('/build', (req, res) => {
  const { out, dir, other } = req.query;
  if (!validateName(out)) return res.send('bad');
  fs.readdirSync(path.join(root, 'apps', out));
  if (!validateDir(dir, root)) return res.send('bad');
  fs.readdirSync(dir);
  if (!logsOnly(other)) return res.send('bad');
  fs.readdirSync(other);
});
`),
      ['path fs.readdirSync req.query.other @27'],
    );
  });

  it('judges a containment method of the same class called on this', () => {
    assert.deepEqual(
      scan(`
const express = require('express');
const path = require('path');
class MediaRouter {
  constructor(root) {
    this.root = root;
    this.router = express.Router();
    this.router.get('/:folder/:name', this.serve.bind(this));
    this.router.get('/raw/:folder/:name', this.serveRaw.bind(this));
  }
  insideFolder(folder, target) {
    const rel = path.relative(folder, target);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel);
  }
  serve(req, res) {
    const folder = path.join(this.root, req.params.folder);
    const target = path.join(folder, req.params.name);
    if (!this.insideFolder(folder, target)) return res.sendStatus(400);
    res.sendFile(target);
  }
  serveRaw(req, res) {
    const target = path.join(this.root, req.params.folder, req.params.name);
    res.sendFile(target);
  }
}
module.exports = MediaRouter;
`),
      ['path res.sendFile req.params.folder @23'],
    );
  });

  it('treats a statement call of a local asserting helper as a check of its arguments', () => {
    assert.deepEqual(
      scan(`
const fs = require('fs');
const path = require('path');
function ensureInside(base, p) {
  const resolved = path.resolve(base, p);
  if (!resolved.startsWith(base + path.sep)) throw new Error('outside ' + p);
  return resolved;
}
function warnOutside(base, p) {
  if (!path.resolve(base, p).startsWith(base)) console.warn('outside');
}
app.get('/a', (req, res) => {
  ensureInside('/srv', req.query.c);
  fs.readFileSync(req.query.c);
  warnOutside('/srv', req.query.d);
  fs.readFileSync(req.query.d);
});
`),
      ['path fs.readFileSync req.query.d @16'],
    );
  });

  it('treats an empty yauzl.validateFileName result as a checked entry name', () => {
    assert.deepEqual(
      scan(`
const fs = require('fs');
const path = require('path');
const yauzl = require('yauzl');
function extract(zipfile, target) {
  zipfile.on('entry', (entry) => {
    const err = yauzl.validateFileName(entry.fileName);
    if (err) return zipfile.readEntry();
    fs.createWriteStream(path.join(target, entry.fileName));
  });
  zipfile.on('entry', (entry) => {
    if (yauzl.validateFileName(entry.fileName) !== null) console.warn('odd');
    fs.createWriteStream(path.join(target, entry.fileName));
  });
}
module.exports = { extract };
`),
      ['archive fs.createWriteStream archive entry.fileName @13'],
    );
  });

  it('treats an empty result of a URL validator named for its error as a checked URL', () => {
    assert.deepEqual(
      scan(`
app.post('/hooks/test', async (req, res) => {
  const target = req.body.url;
  const problem = await getPublicUrlValidationError(req, target);
  if (problem) return res.status(400).json({ error: problem });
  const reply = await fetch(target, { method: 'POST' });
  res.json({ status: reply.status });
});
app.post('/hooks/other', async (req, res) => {
  const target = req.body.url;
  const problem = await describeUrl(target);
  if (problem) console.warn(problem);
  res.json(await fetch(target));
});
`),
      ['ssrf fetch req.body.url @13'],
    );
  });
});
