import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scan, sinkFacts } from './support.test.js';

const CP = `const { exec } = require('child_process');\n`;

describe('extract/js/taint propagation', () => {
  it('follows assignments, templates, concatenation and +=', () => {
    const out = scan(`${CP}app.get('/p', (req, res) => {
  let cmd = 'ls ';
  cmd += req.query.dir;
  exec(cmd);
  const t = \`grep \${req.query.pattern} file\`;
  exec(t);
  let later;
  later = req.body.x;
  exec(later);
});`);
    assert.deepEqual(out, [
      'command child_process.exec req.body.x @10',
      'command child_process.exec req.query.dir @5',
      'command child_process.exec req.query.pattern @7',
    ]);
  });

  it('records the taint path from source to sink', () => {
    const [f] = sinkFacts({
      'src/app.js': `${CP}app.get('/p', (req, res) => {
  const dir = req.query.dir;
  const cmd = 'ls ' + dir;
  exec(cmd);
});`,
    });
    assert.deepEqual(
      f.path?.map((p) => p.line),
      [3, 4],
    );
    assert.equal(f.key, 'src/app.js#GET /p#child_process.exec#req.query.dir');
  });

  it('follows string methods, split/join, String(), JSON.parse, arrays, objects and spreads', () => {
    const out = scan(`${CP}app.post('/p', (req, res) => {
  exec(req.body.a.trim().toLowerCase());
  exec(req.body.b.split(',').join(' '));
  exec(String(req.body.c));
  exec(JSON.parse(req.body.d).cmd);
  exec(['ls', req.body.e].join(' '));
  const o = { ...req.body };
  exec(o.f);
  const p = { cmd: req.body.g, safe: 'x' };
  exec(p.cmd);
  exec(p.safe);
  exec('a'.concat(req.body.h));
  exec(req.body.i.replace('x', 'y'));
});`);
    assert.deepEqual(out, [
      'command child_process.exec req.body.a @3',
      'command child_process.exec req.body.b @4',
      'command child_process.exec req.body.c @5',
      'command child_process.exec req.body.d.cmd @6',
      'command child_process.exec req.body.e @7',
      'command child_process.exec req.body.f @9',
      'command child_process.exec req.body.g @11',
      'command child_process.exec req.body.h @13',
      'command child_process.exec req.body.i @14',
    ]);
  });

  it('does not taint a lookup in an own table by a request key', () => {
    assert.deepEqual(
      scan(`${CP}const COMMANDS = { list: 'ls', disk: 'df -h' };
app.get('/p', (req, res) => { exec(COMMANDS[req.query.name]); });`),
      [],
    );
  });

  it('follows local helper calls through parameter summaries', () => {
    const facts = sinkFacts({
      'src/app.js': `${CP}function run(command, label) {
  const tag = label;
  return exec(command);
}
function quote(s) { return "'" + s + "'"; }
app.get('/p', (req, res) => {
  run('ls ' + quote(req.query.dir), 'static');
  run('date', req.query.label);
});`,
    });
    assert.deepEqual(
      facts.map((f) => `${f.sink} ${f.source} @${f.evidence.line} ${f.route} ${f.key}`),
      ['command req.query.dir @4 GET /p src/app.js#run#child_process.exec#req.query.dir'],
    );
    assert.deepEqual(facts[0].path?.map((p) => p.line), [8]);
  });

  it('follows chains of helpers and class methods', () => {
    assert.deepEqual(
      scan(`${CP}class Runner {
  run(x) { return this.exec2(x); }
  exec2(y) { exec(y); }
}
const runner = new Runner();
const a = (x) => b(x);
const b = (y) => exec(y);
app.get('/p', (req, res) => { runner.run(req.query.a); a(req.query.b); });`),
      ['command child_process.exec req.query.a @4', 'command child_process.exec req.query.b @8'],
    );
  });

  it('follows closures and callbacks over tainted collections', () => {
    assert.deepEqual(
      scan(`${CP}app.post('/p', (req, res) => {
  const names = req.body.names;
  names.forEach((n) => exec('touch ' + n));
  new Promise((resolve) => { exec(req.body.now); resolve(); });
  req.body.items.map((i) => i.cmd).forEach((c) => exec(c));
  const ids = req.body.ids.map(Number);
  exec('kill ' + ids.join(' '));
});`),
      ['command child_process.exec req.body.items.cmd @6', 'command child_process.exec req.body.names @4', 'command child_process.exec req.body.now @5'],
    );
  });

  it('merges branches and keeps taint assigned in one of them', () => {
    assert.deepEqual(
      scan(`${CP}app.get('/p', (req, res) => {
  let cmd = 'ls';
  if (req.query.all) { cmd = 'ls ' + req.query.dir; }
  exec(cmd);
  let safe = req.query.x;
  safe = 'constant';
  exec(safe);
});`),
      ['command child_process.exec req.query.dir @5'],
    );
  });

  it('follows module-level values into deferred handlers', () => {
    assert.deepEqual(
      scan(`${CP}async function handler(req, res) { exec(req.query.cmd); }
router.get('/h', handler);`),
      ['command child_process.exec req.query.cmd @2'],
    );
  });

  it('survives deep expressions and recursion without crashing', () => {
    const deep = `${'('.repeat(1000)}1${')'.repeat(1000)}`;
    const chain = Array.from({ length: 5000 }, (_, i) => `'p${i}'`).join(' + ');
    const out = scan(`${CP}function f(x) { return f(x); }
const d = ${deep};
const c = ${chain} + process.env.X;
app.get('/p', (req, res) => { exec(f(req.query.a)); exec(${chain} + req.query.b); });`);
    assert.deepEqual(out, ['command child_process.exec req.query.b @5']);
  });

  it('keeps summaries bounded on dense call graphs', () => {
    // Every function calls the previous one twice with its parameter: naive summaries double per level.
    const fns = Array.from({ length: 120 }, (_, i) =>
      i === 0
        ? 'function f0(a, b) { exec(a); exec(b); db.query("SELECT * FROM t WHERE a = " + a); }'
        : `function f${i}(a, b) { f${i - 1}(a, b); f${i - 1}(b, a); return f${i - 1}(a + b, a); }`,
    ).join('\n');
    const started = Date.now();
    const out = scan(`${CP}${fns}\napp.get('/d', (req, res) => f119(req.query.a, req.query.b));`);
    assert.ok(Date.now() - started < 5000, 'analysis time');
    assert.deepEqual(out, ['command child_process.exec req.query.a @2', 'sql db.query req.query.a @2']);
  });
});
