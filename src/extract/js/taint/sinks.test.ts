import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scan, sinkFacts, sinks } from './support.test.js';

describe('extract/js/taint sinks', () => {
  it('finds SQL built from request data and ignores parameterised queries', () => {
    const out = scan(`
const { Pool } = require('pg');
const pool = new Pool();
const knex = require('knex')({ client: 'pg' });
app.get('/u', async (req, res) => {
  await pool.query('SELECT * FROM users WHERE id = ' + req.query.id);
  await pool.query('SELECT * FROM users WHERE id = $1', [req.query.id]);
  await db.query(\`SELECT * FROM t WHERE name = '\${req.query.name}'\`);
  await db.query(\`\${req.query.raw}\`);
  await knex('users').whereRaw("name = '" + req.query.n + "'");
  await knex('users').whereRaw('name = ?', [req.query.n]);
  await sequelize.query('SELECT * FROM x WHERE a = :a', { replacements: { a: req.query.a } });
  await prisma.$queryRawUnsafe(\`SELECT * FROM u WHERE e = '\${req.query.e}'\`);
  await prisma.$queryRaw\`SELECT * FROM u WHERE e = \${req.query.e}\`;
  const stmt = sqlite.prepare('SELECT * FROM t WHERE c = ' + req.query.c);
  await dataSource.createQueryBuilder('u').where(\`u.name = '\${req.query.u}'\`).getMany();
  await dataSource.createQueryBuilder('u').where('u.name = :n', { n: req.query.u }).getMany();
});
`);
    assert.deepEqual(out, [
      "sql createQueryBuilder().where req.query.u @16",
      'sql db.query req.query.name @8',
      'sql knex.whereRaw req.query.n @10',
      'sql pg.query req.query.id @6',
      'sql prisma.$queryRawUnsafe req.query.e @13',
      'sql sqlite.prepare req.query.c @15',
    ]);
  });

  it('finds NoSQL operator and $where injection', () => {
    const out = scan(`
app.post('/login', async (req, res) => {
  const user = await User.findOne({ name: req.body.name, pass: req.body.pass });
  const byString = await User.findOne({ name: String(req.body.name) });
  const all = await db.collection('u').find(req.query);
  const where = await User.find({ $where: 'this.age > ' + req.body.age });
  const byId = await User.findOne({ _id: req.params.id });
  const orm = await User.findOne({ where: { name: req.body.name } });
  const safe = await User.find({ age: { $gt: req.body.age } });
  const arr = items.find((i) => i.id === req.body.id);
});
`);
    assert.deepEqual(out, [
      'nosql User.find $where req.body.age @6',
      'nosql User.findOne req.body.name @3',
      'nosql db.collection().find req.query @5',
    ]);
  });

  it('finds command injection and ignores constant commands and argument arrays', () => {
    const out = scan(`
import { exec, execFile, spawn } from 'node:child_process';
import shell from 'shelljs';
app.post('/c', (req, res) => {
  exec(\`ping -c 1 \${req.body.host}\`);
  exec('uptime');
  execFile('ping', ['-c', '1', req.body.host]);
  execFile(req.body.bin, []);
  spawn('sh', ['-c', req.body.script]);
  spawn('git', ['log', req.body.ref], { shell: true });
  spawn('git', ['log', req.body.ref]);
  shell.exec('tar xf ' + req.body.file);
});
`);
    assert.deepEqual(out, [
      'command child_process.exec req.body.host @5',
      'command child_process.execFile req.body.bin @8',
      'command child_process.spawn req.body.ref @10',
      'command child_process.spawn req.body.script @9',
      'command shelljs.exec req.body.file @12',
    ]);
  });

  it('finds code evaluation', () => {
    const out = scan(`
const vm = require('vm');
app.post('/e', (req, res) => {
  eval(req.body.code);
  eval('1 + 1');
  new Function('a', req.body.fn);
  vm.runInNewContext(req.body.expr, {});
  setTimeout(req.body.later, 10);
  setTimeout(() => res.end(), 10);
  require(req.body.plugin);
});
`);
    assert.deepEqual(out, [
      'code-eval Function req.body.fn @6',
      'code-eval eval req.body.code @4',
      'code-eval require req.body.plugin @10',
      'code-eval setTimeout req.body.later @8',
      'code-eval vm.runInNewContext req.body.expr @7',
    ]);
  });

  it('finds path traversal and respects basename, root options and containment checks', () => {
    const out = scan(`
const fs = require('fs');
const path = require('path');
const ROOT = path.join(__dirname, 'files');
app.get('/f', (req, res) => {
  fs.readFile(path.join(ROOT, req.query.name), () => {});
  fs.readFile(path.join(ROOT, path.basename(req.query.name)), () => {});
  res.sendFile(req.query.file);
  res.sendFile(req.query.file, { root: ROOT });
  res.download(path.resolve(ROOT, req.params.f));
  const full = path.resolve(ROOT, req.query.p);
  if (!full.startsWith(ROOT)) return res.status(400).end();
  fs.createReadStream(full).pipe(res);
});
app.get('/g', async (req, res) => {
  await fs.promises.unlink('/tmp/' + req.query.f);
});
`);
    assert.deepEqual(out, [
      'path fs.readFile req.query.name @6',
      'path fs.unlink req.query.f @16',
      'path res.download req.params.f @10',
      'path res.sendFile req.query.file @8',
    ]);
  });

  it('finds zip slip from archive entry names', () => {
    const out = scan(`
const AdmZip = require('adm-zip');
const fs = require('fs');
const path = require('path');
function unpack(file, dest) {
  const zip = new AdmZip(file);
  zip.getEntries().forEach((entry) => {
    fs.writeFileSync(path.join(dest, entry.entryName), entry.getData());
  });
  zip.getEntries().forEach((entry) => {
    fs.writeFileSync(path.join(dest, path.basename(entry.entryName)), entry.getData());
  });
}
fs.createReadStream('a.zip').pipe(unzipper.Parse()).on('entry', (entry) => {
  const target = path.join('/out', entry.path);
  if (!target.startsWith('/out/')) return entry.autodrain();
  entry.pipe(fs.createWriteStream(target));
});
fs.createReadStream('b.zip').pipe(unzipper.Parse()).on('entry', (entry) => {
  entry.pipe(fs.createWriteStream(path.join('/out', entry.path)));
});
`);
    assert.deepEqual(out, ['archive fs.createWriteStream archive entry.path @20', 'archive fs.writeFileSync zip.getEntries().entryName @8']);
  });

  it('finds unsafe deserialisation and only flags js-yaml when the version or schema is unsafe', () => {
    const code = `
const serialize = require('node-serialize');
const yaml = require('js-yaml');
app.post('/d', (req, res) => {
  serialize.unserialize(req.body.data);
  yaml.load(req.body.yaml);
  yaml.load(req.body.full, { schema: yaml.DEFAULT_FULL_SCHEMA });
  yaml.safeLoad(req.body.safe);
});
`;
    assert.deepEqual(sinks({ 'src/app.js': code }), [
      'deserialize js-yaml.load req.body.full @7',
      'deserialize node-serialize.unserialize req.body.data @5',
    ]);
    const old = sinks({ 'src/app.js': code, 'package.json': JSON.stringify({ dependencies: { 'js-yaml': '^3.13.1' } }) });
    assert.ok(old.includes('deserialize js-yaml.load req.body.yaml @6'));
    const modern = sinks({ 'src/app.js': code, 'package.json': JSON.stringify({ dependencies: { 'js-yaml': '^4.1.0' } }) });
    assert.ok(!modern.includes('deserialize js-yaml.load req.body.yaml @6'));
  });

  it('finds serialize-javascript output evaluated back', () => {
    assert.deepEqual(
      scan(`
const serialize = require('serialize-javascript');
app.post('/s', (req, res) => {
  const copy = eval('(' + serialize(req.body.state) + ')');
  res.json(copy);
});
`),
      ['code-eval eval req.body.state @4'],
    );
  });

  it('finds XXE only with entity expansion enabled', () => {
    assert.deepEqual(
      scan(`
const libxmljs = require('libxmljs');
app.post('/x', (req, res) => {
  libxmljs.parseXml(req.body.xml, { noent: true });
  libxmljs.parseXml(req.body.xml);
  xml2js.parseString(req.body.xml, () => {});
});
`),
      ['xml libxmljs.parseXml req.body.xml @4'],
    );
  });

  it('finds SSRF when the request controls the scheme or host, not only the path', () => {
    const out = scan(`
const axios = require('axios');
const got = require('got');
const http = require('http');
app.get('/s', async (req, res) => {
  await axios.get(req.query.url);
  await fetch(\`https://\${req.query.host}/status\`);
  await fetch(\`https://api.example.com/users/\${req.query.id}\`);
  await got({ url: req.query.u2, method: 'GET' });
  http.get({ host: req.query.h, path: '/' });
  await axios.get('https://api.example.com/search', { params: { q: req.query.q } });
});
`);
    assert.deepEqual(out, [
      'ssrf axios.get req.query.url @6',
      'ssrf fetch req.query.host @7',
      'ssrf got req.query.u2 @9',
      'ssrf http.get req.query.h @10',
    ]);
  });

  it('finds open redirects and ignores relative and allow-listed targets', () => {
    const out = scan(`
const ALLOWED = ['/home', '/profile'];
app.get('/r', (req, res) => {
  res.redirect(req.query.next);
  res.redirect('/users/' + req.query.id);
  if (ALLOWED.includes(req.query.to)) res.redirect(req.query.to);
  res.redirect(encodeURIComponent(req.query.e));
  res.setHeader('Location', req.query.loc);
  res.redirect(302, req.query.n2);
});
router.get('/k', (ctx) => { ctx.redirect(ctx.query.back); });
`);
    assert.deepEqual(out, [
      'redirect ctx.redirect ctx.query.back @11',
      'redirect res.redirect req.query.n2 @9',
      'redirect res.redirect req.query.next @4',
      'redirect res.setHeader req.query.loc @8',
    ]);
  });

  it('finds server-side template injection in the template source only', () => {
    assert.deepEqual(
      scan(`
const ejs = require('ejs');
const pug = require('pug');
const _ = require('lodash');
app.post('/t', (req, res) => {
  res.send(ejs.render(req.body.tpl, {}));
  ejs.render('<p><%= name %></p>', { name: req.body.name });
  pug.compile(req.body.src)();
  _.template(req.body.t)();
  nunjucks.renderString(req.body.n, {});
});
`),
      ['template ejs.render req.body.tpl @6', 'template lodash.template req.body.t @9', 'template nunjucks.renderString req.body.n @10', 'template pug.compile req.body.src @8'],
    );
  });

  it('finds reflected XSS in HTML responses but not JSON or encoded output', () => {
    const out = scan(`
const escapeHtml = require('escape-html');
app.get('/x', (req, res) => {
  res.send('<p>Hello ' + req.query.name + '</p>');
  res.json({ name: req.query.name });
  res.send({ name: req.query.name });
  res.send('<p>' + escapeHtml(req.query.name) + '</p>');
  res.status(404).send(\`Not found: \${req.params.path}\`);
  res.type('text/plain');
});
app.get('/y', (req, res) => {
  res.type('json').send(req.query.cb);
});
app.get('/z', (req, res) => {
  res.type('text/plain');
  res.send(req.query.z);
});
router.get('/k', (ctx) => { ctx.body = '<h1>' + ctx.query.q + '</h1>'; ctx.body = 'Hello ' + ctx.query.q; });
`);
    assert.deepEqual(out, ['html ctx.body ctx.query.q @18', 'html res.send req.params.path @8', 'html res.send req.query.name @4']);
  });

  it('finds ReDoS from request-built patterns and nested quantifiers', () => {
    assert.deepEqual(
      scan(`
const escapeRe = require('escape-string-regexp');
const EMAIL = /^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$/;
app.get('/re', (req, res) => {
  new RegExp(req.query.pattern);
  new RegExp(escapeRe(req.query.safe));
  EMAIL.test(req.query.email);
  /^[a-z]+$/.test(req.query.name);
  req.query.s.match(/(a+)+b/);
});
`),
      ['regex RegExp req.query.pattern @5', 'regex RegExp.prototype.test req.query.email @7', 'regex String.prototype.match req.query.s @9'],
    );
  });

  it('finds prototype pollution through deep merges and double computed writes', () => {
    assert.deepEqual(
      scan(`
const _ = require('lodash');
function merge(target, source) {
  for (const key in source) {
    if (typeof source[key] === 'object') merge(target[key], source[key]);
    else target[key] = source[key];
  }
}
app.post('/m', (req, res) => {
  _.merge({}, req.body);
  _.set(config, req.body.path, req.body.value);
  merge(settings, req.body);
  store[req.body.ns][req.body.key] = req.body.value;
  _.merge({}, { name: String(req.body.name) });
});
`),
      [
        'merge computed property assignment req.body.key @13',
        'merge lodash.merge req.body @10',
        'merge lodash.set req.body.path @11',
        'merge recursive merge req.body @6',
      ],
    );
  });

  it('finds mass assignment of the whole body but not picked fields', () => {
    assert.deepEqual(
      scan(`
const _ = require('lodash');
app.post('/u', async (req, res) => {
  await User.create(req.body);
  await User.create({ name: req.body.name, email: req.body.email });
  await User.findByIdAndUpdate(req.params.id, req.body);
  await User.create(_.pick(req.body, ['name']));
  const u = new User({ ...req.body });
  const { role, ...rest } = req.body;
  await prisma.user.update({ where: { id: 1 }, data: rest });
  Object.assign(user, req.body);
  await user.save();
});
`),
      [
        'mass-assignment Object.assign req.body @11',
        'mass-assignment User.create req.body @4',
        'mass-assignment User.findByIdAndUpdate req.body @6',
        'mass-assignment new User req.body @8',
        'mass-assignment prisma.user.update req.body @10',
      ],
    );
  });

  it('finds log injection of request strings but not structured objects', () => {
    assert.deepEqual(
      scan(`
app.post('/l', (req, res) => {
  console.log('login attempt for ' + req.body.user);
  logger.info({ user: req.body.user });
  console.log(req.body);
  logger.warn(\`bad token \${req.headers.authorization}\`);
  console.log(req.url);
});
`),
      ["log console.log req.body.user @3", "log logger.warn req.headers.authorization @6", 'log console.log req.url @7'].sort(),
    );
  });

  it('finds header injection but leaves CORS and content type to other rules', () => {
    assert.deepEqual(
      scan(`
app.get('/h', (req, res) => {
  res.setHeader('X-Name', req.query.name);
  res.set('Content-Disposition', 'attachment; filename=' + req.query.f);
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
  res.setHeader('Content-Type', req.query.type);
  res.set({ 'X-Trace': req.get('X-Trace') });
});
`),
      ["header res.set req.get('X-Trace') @7", 'header res.set req.query.f @4', 'header res.setHeader req.query.name @3'],
    );
  });

  it('does not report sinks without request data', () => {
    assert.deepEqual(
      scan(`
const { exec } = require('child_process');
exec('ls ' + process.argv[2]);
eval(fs.readFileSync('x.js', 'utf8'));
db.query('SELECT * FROM t WHERE id = ' + config.id);
function helper(x) { exec(x); }
helper('date');
`),
      [],
    );
  });

  it('sets route and key without line numbers', () => {
    const [f] = sinkFacts({ 'src/app.js': `const cp = require('child_process');\napp.get('/a', (req, res) => cp.exec(req.query.a));` });
    assert.equal(f.key, 'src/app.js#GET /a#child_process.exec#req.query.a');
    assert.ok(!/#\d+$/.test(f.key ?? ''));
  });

  it('finds code run in JavaScript sandboxes that are no boundary (vm2, safeify)', () => {
    const code = `
const Safeify = require('safeify').default;
const { VM, NodeVM } = require('vm2');
app.post('/run', async (req, res) => {
  const safeVm = new Safeify({ timeout: 3000 });
  await safeVm.run(req.body.script + '; return this;', {});
  new VM({ timeout: 10 }).run(req.body.expr);
  new NodeVM().run(req.body.module, 'x.js');
  res.end();
});
`;
    assert.deepEqual(scan(code), ['code-eval safeify.run req.body.script @6', 'code-eval vm2.run req.body.expr @7', 'code-eval vm2.run req.body.module @8']);
  });

  it('finds XPath expressions and LDAP filters built from request data, and XML documents sent with request data in their markup', () => {
    const code = `
const xpath = require('xpath');
const ldap = require('ldapjs');
const client = ldap.createClient({ url: 'ldap://dir' });
app.get('/x', (req, res) => {
  xpath.select("//user[name='" + req.query.name + "']", doc);
  client.search('dc=example', { filter: '(uid=' + req.query.uid + ')', scope: 'sub' }, () => {});
  client.search('dc=example', { filter: '(objectClass=person)' }, () => {});
  res.type('application/xml');
  res.send('<user><name>' + req.query.name + '</name></user>');
});
app.get('/html', (req, res) => res.send('<p>' + req.query.name + '</p>'));
`;
    assert.deepEqual(scan(code), [
      'html res.send req.query.name @12',
      'ldap ldapjs.search req.query.uid @7',
      'xml-injection res.send req.query.name @10',
      'xpath xpath.select req.query.name @6',
    ]);
  });
});
