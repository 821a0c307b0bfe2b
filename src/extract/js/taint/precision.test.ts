// Precision on code written the way real services are: members of option objects the caller fills
// with server data, key-builder helpers in front of the database, path containment checks made by
// local helpers, and sanitisers called inside a try whose catch leaves.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scan, sinks } from './support.test.js';

describe('extract/js/taint precision', () => {
  it('a helper of the repository that builds a string key is judged by its body, not by its name', () => {
    const files = {
      'src/posts/index.js': `
const db = require('../database');
const Posts = module.exports;
Posts.exists = async function (pids) {
  return await db.exists(Array.isArray(pids) ? pids.map((pid) => \`post:\${pid}\`) : \`post:\${pids}\`);
};
`,
      'src/models/user.js': `const mongoose = require('mongoose'); module.exports = mongoose.model('User', new mongoose.Schema({}));`,
      'src/app.js': `
const posts = require('./posts');
const User = require('./models/user');
app.get('/x', async (req, res) => {
  const e = await posts.exists(req.query.pid);
  const u = await User.findOne({ name: req.query.name });
  res.json({ e, u });
});
`,
    };
    // The model (an ORM object the repository does not define methods for) still counts.
    assert.deepEqual(sinks(files), ['nosql User.findOne req.query.name @6']);
  });

  it('a member of an options object is tainted only when the caller filled it from the request', () => {
    const mailer = `
const fs = require('fs/promises');
class Mailer {
  async sendMail({ templatePath, context, ...rest }) {
    const template = await fs.readFile(templatePath, 'utf-8');
    return render(template, context, rest);
  }
}
module.exports = { Mailer };
`;
    const caller = (templatePath: string) => `
const path = require('path');
const { Mailer } = require('./mailer');
const mailer = new Mailer();
async function signUp(data) {
  await mailer.sendMail({ to: data.email, templatePath: ${templatePath}, context: { name: data.name } });
}
app.post('/signup', async (req, res) => {
  await signUp(req.body);
  res.end();
});
`;
    assert.deepEqual(sinks({ 'src/mailer.js': mailer, 'src/app.js': caller(`path.join(process.cwd(), 'mail', 'activation.hbs')`) }), []);
    assert.deepEqual(sinks({ 'src/mailer.js': mailer, 'src/app.js': caller('data.template') }), ['path fs.readFile req.body @5']);
  });

  it('a member picked from an object literal keeps only its own taint across helpers', () => {
    const code = (nodes: string) => `
const registry = require('./registry');
const compile = async (params) => {
  const { flow, componentNodes } = params;
  for (const w of flow.nodes) {
    const m = await import(componentNodes[w.name].filePath);
    m.run(w);
  }
};
const build = async ({ flowConfig, componentNodes, agentflow }) => {
  const options = { chatId: flowConfig.chatId };
  await compile({ flow: agentflow, componentNodes, options });
};
app.post('/x', async (req, res) => {
  const data = { flowConfig: { chatId: req.body.chatId }, componentNodes: ${nodes}, agentflow: req.body.flow };
  data.signal = req.query.signal;
  res.json(await build(data));
});
`;
    // The request only picks a key of the server's own registry of modules.
    assert.deepEqual(scan(code('registry.nodes')), []);
    assert.deepEqual(scan(code('req.body.nodes')), ['code-eval import req.body.nodes @6']);
  });

  it("the server-chosen path of an upload read through a helper is no client path", () => {
    const code = (field: string) => `
const fs = require('fs');
async function store(uploadedFile) {
  return fs.promises.readFile(uploadedFile.${field});
}
app.post('/upload', async (req, res) => {
  res.json(await store(req.files[0]));
});
`;
    assert.deepEqual(scan(code('path')), []);
    assert.deepEqual(scan(code('name')), ['path fs.readFile req.files @4']);
  });

  it('a check made before a callback still holds for the value the callback extends', () => {
    const code = (check: string) => `
const fs = require('fs');
const path = require('path');
const ROOT = path.join(__dirname, 'admin');
app.get('/admin/*', (req, res) => {
  let pathname = path.normalize(path.join(ROOT, req.url));
  ${check}
  fs.exists(pathname, (exist) => {
    if (exist && fs.statSync(pathname).isDirectory()) {
      pathname = pathname + '/index.html';
    }
    fs.readFile(pathname, (err, data) => res.end(data));
  });
});
`;
    assert.deepEqual(scan(code(`if (!pathname.startsWith(ROOT)) { return res.status(403).end(); }`)), []);
    assert.deepEqual(scan(code('')), ['path fs.readFile req.url @12']);
  });

  it('a local helper whose body is a containment test cleans the path it was given', () => {
    const code = (helper: string) => `
const fs = require('fs');
const path = require('path');
const base = path.resolve('storage/documents');
${helper}
app.get('/doc/:name', (req, res) => {
  const target = path.join(base, req.params.name);
  if (!fs.existsSync(target) || !isWithin(base, target)) return res.status(404).end();
  res.send(fs.readFileSync(target, 'utf8'));
});
`;
    const within = `function isWithin(outer, inner) {
  const rel = path.relative(path.resolve(outer), path.resolve(inner));
  if (rel === '') return false;
  return !rel.startsWith('..' + path.sep) && rel !== '..' && !path.isAbsolute(rel);
}`;
    assert.deepEqual(scan(code(within)), []);
    // A helper that checks something else is no containment check.
    assert.deepEqual(scan(code(`function isWithin(outer, inner) { return inner.length < 200 && outer.length > 0; }`)), ['path fs.readFileSync req.params.name @9']);
  });

  it('a regex constant used as an allow-list and a guarded optional path clean the value', () => {
    const code = (pattern: string) => `
const fs = require('fs');
const path = require('path');
const themeNamePattern = ${pattern};
app.get('/themes/:theme', async (req, res) => {
  if (!themeNamePattern.test(req.params.theme)) throw new Error('invalid');
  const dir = path.join('node_modules', req.params.theme);
  const config = await fs.promises.readFile(path.join(dir, 'theme.json'), 'utf8');
  res.send(config);
});
`;
    assert.deepEqual(scan(code(String.raw`/^(@[\w-]+\/)?nodebb-theme-[\w-]+$/`)), []);
    assert.deepEqual(scan(code('/theme/')), ['path fs.readFile req.params.theme @8']);
    const optional = (check: string) => `
const path = require('path');
app.get('/shot', (req, res) => {
  const dir = path.join(__dirname, 'themes');
  const shot = req.query.s ? path.join(dir, req.query.s) : '';
  if (shot && ${check}) throw new Error('invalid-path');
  res.sendFile(shot || 'default.png');
});
`;
    assert.deepEqual(scan(optional('!shot.startsWith(dir)')), []);
    assert.deepEqual(scan(optional('shot.length > 300')), ['path res.sendFile req.query.s @7']);
  });

  it('a sanitiser assigned inside a try whose catch leaves replaces the request value', () => {
    const code = (after: string) => `
const fs = require('fs');
const path = require('path');
function sanitizePathname(p) {
  p = path.normalize(p);
  if (path.isAbsolute(p)) throw new Error('absolute paths are forbidden');
  if (p.split(path.sep)[0] === '..') throw new Error('directory traversal');
  return p;
}
app.get('/static/*', async (req, res) => {
  let filename = req.params[0];
  try {
    filename = sanitizePathname(filename);
  } catch (err) {
    res.status(404).end();
    ${after}
  }
  res.send(await fs.promises.readFile(path.resolve('static', filename)));
});
`;
    assert.deepEqual(scan(code('return;')), []);
    // A catch that carries on leaves the request value in place.
    assert.deepEqual(scan(code('')), ['path fs.readFile req.params @18']);
  });

  it('a path after a fixed internal host stays in the path when the caller starts it with text', () => {
    const code = (arg: string) => `
const BASE = 'http://127.0.0.1:8888';
function forward(endpoint, body) {
  return fetch(\`\${BASE}\${endpoint}\`, { method: 'POST', body: JSON.stringify(body) });
}
app.post('/ext/:platform', async (req, res) => {
  res.json(await forward(${arg}, req.body));
});
`;
    assert.deepEqual(scan(code('`/ext/${req.params.platform}-repo/branches`')), []);
    assert.deepEqual(scan(code('req.params.platform')), ['ssrf fetch req.params.platform @4']);
  });

  it('namespaces of CommonJS modules resolve to the functions that define them', () => {
    const files = (remove: string) => ({
      'src/activitypub/index.js': `
const ActivityPub = module.exports;
ActivityPub.blocklists = require('./blocklists');
`,
      'src/activitypub/blocklists.js': `
const db = require('../database');
const Blocklists = module.exports;
Blocklists.core = {};
Blocklists.core.remove = async (domain) => {
  ${remove}
};
`,
      'src/activitypub/actors.js': `
const activitypub = module.parent.exports;
exports.drop = async (domain) => activitypub.blocklists.core.remove(domain);
`,
      'src/app.js': `
const activitypub = require('./activitypub');
const actors = require('./activitypub/actors');
app.delete('/blocklist', async (req, res) => {
  await activitypub.blocklists.core.remove(req.query.domain);
  await actors.drop(req.query.other);
  res.end();
});
`,
    });
    // A sorted-set member is a string value, not a query object.
    assert.deepEqual(sinks(files(`await db.sortedSetRemove('blocklist:core', domain);`)), []);
  });

  it('require of a path checked to stay in its directory loads no code of the client', () => {
    const code = (check: string) => `
const path = require('path');
const languagesPath = path.join(__dirname, 'languages');
app.get('/lang', (req, res) => {
  const file = path.join(languagesPath, req.query.lang, 'full.json');
  ${check}
  res.json(require(file));
});
`;
    assert.deepEqual(scan(code(`if (!file.startsWith(languagesPath)) throw new Error('invalid-path');`)), []);
    assert.deepEqual(scan(code('')), ['code-eval require req.query.lang @7']);
  });

  it('filter methods are MongoDB sinks only in a repository that installs a document database', () => {
    const app = `
app.post('/t', (req, res) => {
  const found = client.find(req.body.target);
  const where = client.find({ $where: 'this.a > ' + req.body.a });
  res.json({ found, where });
});
`;
    const none = { 'src/app.js': app, 'package.json': JSON.stringify({ dependencies: { express: '^4.19.2', lodash: '^4.17.21' } }) };
    // An in-memory lookup over the application's own objects: only `$where` speaks for itself.
    assert.deepEqual(sinks(none), ['nosql client.find $where req.body.a @4']);
    const mongo = { ...none, 'server/package.json': JSON.stringify({ dependencies: { mongoose: '^8.3.0' } }) };
    assert.deepEqual(sinks(mongo), ['nosql client.find $where req.body.a @4', 'nosql client.find req.body.target @3']);
  });

  it('an allow-list test of a string built from the request values vouches for each of them', () => {
    const code = (test: string): string => `
const path = require('path');
app.get('/packages/:package/:filename', (req, res) => {
  const packageName = req.params.package;
  const fileName = req.params.filename;
  if (${test}) return res.status(404).send('Not found');
  return res.sendFile(path.join(ROOT, packageName, fileName));
});
`;
    assert.deepEqual(scan(code('!packages.getFiles().includes(`${packageName}/${fileName}`)')), []);
    assert.deepEqual(scan(code('KNOWN.indexOf(packageName + "/" + fileName) === -1')), []);
    assert.deepEqual(scan(code('!KNOWN.has(`${packageName}/x`)')), ['path res.sendFile req.params.filename @7']);
  });

  it('the TypeScript this parameter of a socket handler is the socket, not the event payload', () => {
    const code = `
import { Uploader } from './uploader';
io.on('connection', (socket) => {
  socket.on('auth:perform', performAuthentication);
});
function performAuthentication(this: Socket, data: AuthPerformData) {
  const socket = this;
  new Uploader(socket);
  User.create(data);
}
`;
    assert.deepEqual(scan(code, 'src/server.ts'), ["mass-assignment User.create socket event 'auth:perform' data @9"]);
  });
});
