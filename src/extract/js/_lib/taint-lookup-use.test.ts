import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSync } from 'oxc-parser';
import { type LookupUse, lookupUse } from './taint-output.js';

/** lookupUse of the call that starts at the first `MARK` (the marker is removed). */
function useAt(code: string, mark = 'User.find'): LookupUse | undefined {
  const { program } = parseSync('x.js', code);
  const start = code.indexOf(mark);
  let found: { start: number; end: number } | undefined;
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object' || found) return;
    const n = node as { type?: string; start?: number; end?: number };
    if (n.type === 'CallExpression' && n.start === start) found = { start: n.start, end: n.end ?? 0 };
    for (const v of Object.values(node)) if (v && typeof v === 'object') visit(v);
  };
  visit(program);
  assert.ok(found, `no call at ${mark}`);
  return lookupUse(program, found);
}

describe('js/_lib lookupUse: what follows a database lookup', () => {
  it('a found record that must still pass a model password method', () => {
    const code = `async function login(req, res) {
      const user = await User.findOne({ email: req.body.email });
      if (user && (await user.matchPassword(req.body.password))) return res.json({ token: sign(user._id) });
      res.status(401).end();
    }`;
    assert.equal(useAt(code), 'password-checked');
  });

  it('a record compared with bcrypt, also through a query-builder chain and a node callback', () => {
    const chained = `async function login(req, res) {
      const account = await User.findOne({ name: req.body.name }).select('+password').exec();
      if (!account) return res.status(401).end();
      const ok = await bcrypt.compare(req.body.password, account.password);
      if (!ok) return res.status(401).end();
      res.json({ id: account.id });
    }`;
    assert.equal(useAt(chained), 'password-checked');
    const callback = `function login(req, res) {
      User.findOne({ name: req.body.name }, (err, found) => {
        if (err || !found) return res.status(401).end();
        argon2.verify(found.passwordHash, req.body.password).then((ok) => res.json({ ok }));
      });
    }`;
    assert.equal(useAt(callback), 'password-checked');
  });

  it('a result only tested for existence', () => {
    const exists = `async function register(req, res) {
      const exists = await User.find({ email: req.body.email });
      if (exists.length !== 0) return res.status(409).end();
      await User.create({ email: String(req.body.email) });
      res.status(201).end();
    }`;
    assert.equal(useAt(exists), 'existence');
    const inline = `async function check(req, res) {
      if (await User.findOne({ email: req.body.email })) return res.status(409).end();
      res.end();
    }`;
    assert.equal(useAt(inline), 'existence');
  });

  it('an existence pre-check whose refusal names the record found (409 "user x already exists")', () => {
    const named = `async function add(req, res) {
      const { username } = req.body;
      const obj = await User.findOne({ username });
      if (obj != null) {
        if (obj.username) {
          res.writeHead(409, { 'Content-Type': 'text/plain' });
          res.write('User ' + obj.username + ' already exists');
          res.end();
          return;
        }
      }
      await new User(req.body).save();
    }`;
    assert.equal(useAt(named), 'existence');
  });

  it('ok: a branch that signs the found record in, or refuses with its secret, is no refusal', () => {
    const signsIn = `async function magic(req, res) {
      const user = await User.findOne({ email: req.body.email });
      if (user) {
        req.session.userId = user.id;
        return res.redirect('/');
      }
      res.status(404).end();
    }`;
    assert.equal(useAt(signsIn), undefined);
    const leaksHash = `async function add(req, res) {
      const user = await User.findOne({ email: req.body.email });
      if (user) return res.status(409).send('taken by ' + user.passwordHash);
    }`;
    assert.equal(useAt(leaksHash), undefined);
  });

  it('ok: a record returned, or used past the existence test, keeps no calibration', () => {
    const returned = `async function reset(req, res) {
      const user = await User.findOne({ resetToken: req.body.token });
      if (!user) return res.status(400).end();
      user.password = req.body.password;
      await user.save();
      res.json(user);
    }`;
    assert.equal(useAt(returned), undefined);
    const listed = `async function list(req, res) { res.json(await User.find(req.query)); }`;
    assert.equal(useAt(listed), undefined);
    const comparedToRequest = `async function login(req, res) {
      const user = await User.findOne({ email: req.body.email });
      if (user.password === req.body.password) res.json(user);
    }`;
    assert.equal(useAt(comparedToRequest), undefined);
  });
});
