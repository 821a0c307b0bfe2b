import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

function facts(setting: string, files: Record<string, string>): string[] {
  return runExtractor(extractor, files)
    .facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === setting)
    .map((f) => `${f.evidence.file}:${f.evidence.line} ${JSON.stringify(f.values)}`);
}

describe('extract/js/auth-flaws secret comparisons', () => {
  it('pairs a client value with an environment, configuration or HMAC secret', () => {
    const out = facts('secret-comparison', {
      'hooks.js': [
        "const crypto = require('crypto');",
        "exports.a = (req, res) => req.headers['x-api-key'] === process.env.API_KEY;",
        "exports.b = (req, res) => { const sig = crypto.createHmac('sha256', k).update(req.rawBody).digest('hex'); return `sha=${sig}` !== req.get('x-sig'); };",
        'exports.c = (ctx) => ctx.query.token == config.adminToken;',
        "exports.d = (c) => c.req.header('authorization') === process.env.CRON_SECRET;",
        'exports.e = (request) => request.headers.get("authorization") !== `Bearer ${process.env.CRON_SECRET}`;',
      ].join('\n'),
    });
    assert.deepEqual(out.map((f) => f.split(' ')[0]), ['hooks.js:2', 'hooks.js:3', 'hooks.js:4', 'hooks.js:5', 'hooks.js:6']);
    assert.match(out[0], /"secret":"process.env.API_KEY","secretKind":"env","request":"req.headers\['x-api-key'\]"/);
    assert.match(out[1], /"secretKind":"hmac"/);
  });

  it('follows Nest body parameters and objects filled from request headers', () => {
    const out = facts('secret-comparison', {
      'c.ts': "class C { m(@Body() body: any) { return body.apiKey !== process.env.AGENT_API_KEY; } }\n",
      'm.js': "function h(req) { const info = { masterKey: req.get('X-Master-Key') }; return info.masterKey === req.config.masterKey; }\n",
    });
    assert.deepEqual(out.map((f) => f.split(' ')[0]), ['c.ts:1', 'm.js:1']);
  });

  it('reads a secret from a section of the configuration or from what a configuration getter returns', () => {
    const out = facts('secret-comparison', {
      'upload.ts': [
        "import { Config } from './config';",
        "export const up = (req, res) => { if (req.headers.signature !== Config.get().security.requestSignature) throw new Error('bad'); };",
        'export const hook = (req) => getConfig().webhookSecret === req.body.secret;',
        'export const nested = (req) => config.auth.sharedKey === req.query.key;',
        "export const other = (req) => Config.get().security.signatureHeader === req.headers.name;",
      ].join('\n'),
    });
    assert.deepEqual(out.map((f) => f.split(' ')[0]), ['upload.ts:2', 'upload.ts:3', 'upload.ts:4']);
    assert.match(out[0], /"secret":"Config.security.requestSignature","secretKind":"config","request":"req.headers.signature"/);
  });

  it('leaves constant-time checks, plain digests, non-secret settings and server-only values alone', () => {
    assert.deepEqual(
      facts('secret-comparison', {
        'ok.js': [
          'exports.a = (req) => crypto.timingSafeEqual(Buffer.from(req.get("x-sig")), expected);',
          "exports.b = (req) => crypto.createHash('sha256').update(req.rawBody).digest('hex') === req.headers.digest;",
          'exports.c = (req) => req.query.sortKey === config.defaultSortKey;',
          'exports.d = (req) => req.query.mode === process.env.MODE;',
          'exports.e = (user) => user.token === process.env.API_TOKEN;',
          "exports.f = (ctx) => ctx.body === process.env.API_KEY;",
          'exports.g = (req) => req.query.kind === process.env.TOKEN_TYPE || req.body.header === config.apiKeyHeader;',
        ].join('\n'),
      }),
      [],
    );
  });
});

describe('extract/js/auth-flaws logout handlers', () => {
  it('tells handlers that end the session from those that only clear a cookie', () => {
    const out = facts('logout-handler', {
      'routes.js': [
        "app.get('/logout', (req, res) => { res.clearCookie('sid'); res.redirect('/'); });",
        "app.post('/auth/logout', (req, res) => req.session.destroy(() => res.redirect('/')));",
        'exports.signOut = async (req, res) => { await sessions.revokeSession(req.sessionID); res.end(); };',
        "router.get('/sign-out', function (req, res) { req.session = null; res.redirect('/'); });",
        "app.get('/logs/:id', (req, res) => res.send('x'));",
      ].join('\n'),
    });
    assert.deepEqual(out.map((f) => f.replace(/,"by":"[^"]*"/, '')), [
      'routes.js:1 {"ends":false,"clearsCookie":true,"how":"route"}',
      'routes.js:2 {"ends":true,"clearsCookie":false,"how":"route"}',
      'routes.js:4 {"ends":true,"clearsCookie":false,"how":"route"}',
      'routes.js:3 {"ends":true,"clearsCookie":false,"how":"name"}',
    ]);
  });

  it('finds Nest methods under a logout route, from their decorators', () => {
    const out = facts('logout-handler', {
      'auth.controller.ts': "class A {\n  @Post('auth/logout')\n  end(@Res() res) {\n    res.clearCookie('refresh_token');\n  }\n}\n",
    });
    assert.deepEqual(out, ['auth.controller.ts:2 {"ends":false,"clearsCookie":true,"how":"decorator"}']);
  });
});

describe('extract/js/auth-flaws account enumeration', () => {
  it('compares the missing-account answer with the wrong-password answer of one login', () => {
    const out = facts('login-enumeration', {
      'login.js': [
        'app.post("/login", async (req, res) => {',
        '  const user = await User.findOne({ email: req.body.email });',
        '  if (!user) return res.status(401).json({ message: "No account for this e-mail" });',
        '  const ok = await bcrypt.compare(req.body.password, user.hash);',
        '  if (!ok) return res.status(401).json({ message: "Wrong password" });',
        '});',
      ].join('\n'),
    });
    assert.equal(out.length, 1);
    assert.match(out[0], /^login.js:3 \{"flow":"login","how":"message","userAnswer":"401 'no account for this e-mail'","passwordAnswer":"401 'wrong password'","passwordLine":5,"lookup":"req.body.email"/);
  });

  it('reads error flags of a callback and messages kept in constants (NodeGoat)', () => {
    const out = facts('login-enumeration', {
      'session.js': [
        'this.handleLoginRequest = (req, res, next) => {',
        '  const { userName, password } = req.body;',
        '  userDAO.validateLogin(userName, password, (err, user) => {',
        '    const invalidUserNameErrorMessage = "Invalid username";',
        '    const invalidPasswordErrorMessage = "Invalid password";',
        '    if (err) {',
        '      if (err.noSuchUser) {',
        '        console.log("no such user", userName);',
        '        return res.render("login", { loginError: invalidUserNameErrorMessage });',
        '      } else if (err.invalidPassword) {',
        '        return res.render("login", { loginError: invalidPasswordErrorMessage });',
        '      }',
        '    }',
        '  });',
        '};',
      ].join('\n'),
    });
    assert.equal(out.length, 1);
    assert.match(out[0], /^session.js:7 .*"userAnswer":"'invalid username'","passwordAnswer":"'invalid password'"/);
  });

  it('stays silent on one answer for both, lookups keyed by the session, and generic wording', () => {
    const out = facts('login-enumeration', {
      'same.js': [
        'app.post("/a", async (req, res) => {',
        '  const user = await User.findOne({ email: req.body.email });',
        '  if (!user) return res.status(401).send("Invalid email or password");',
        '  if (!(await bcrypt.compare(req.body.password, user.hash))) return res.status(401).send("Invalid email or password");',
        '});',
        'app.post("/b", async (req, res) => {',
        '  const user = await User.findById(req.session.uid);',
        '  if (!user) return res.status(404).send("User not found");',
        '  if (!(await bcrypt.compare(req.body.password, user.hash))) return res.status(403).send("Wrong password");',
        '});',
        'app.post("/c", async (req, res) => {',
        '  const user = await User.findOne({ email: req.body.email });',
        '  if (!user) return res.status(401).send("Login failed");',
        '  if (!(await bcrypt.compare(req.body.password, user.hash))) return res.status(401).send("Invalid credentials");',
        '});',
      ].join('\n'),
    });
    assert.deepEqual(out, []);
  });
});

describe('extract/js/auth-flaws predictable tokens', () => {
  it('finds tokens checked against or made as digests of the login, e-mail or time', () => {
    const out = facts('predictable-token', {
      'reset.js': [
        "const crypto = require('crypto');",
        'exports.a = (req, res) => { if (req.query.token == md5(req.query.login)) res.render("reset"); };',
        "exports.b = async (req) => { const u = await User.findOne({ email: req.body.email }); u.resetToken = crypto.createHash('sha256').update(u.email + Date.now()).digest('hex'); };",
        "exports.c = (req) => req.params.code !== Buffer.from(req.params.email).toString('base64');",
        "function forgotPassword(user) { const verificationCode = sha1(user.id); return verificationCode; }",
      ].join('\n'),
    });
    assert.deepEqual(out.map((f) => f.split(' ')[0]), ['reset.js:2', 'reset.js:4', 'reset.js:5', 'reset.js:3']);
    assert.match(out[0], /"flow":"compare","derivation":"md5\(req.query.login\)","inputs":"request"/);
    assert.match(out[3], /"flow":"generate".*"inputs":"identity,time".*"target":"resetToken"/);
  });

  it('leaves keyed, salted and random tokens and plain field comparisons alone', () => {
    const out = facts('predictable-token', {
      'ok.js': [
        "const crypto = require('crypto');",
        "exports.a = (req) => req.body.token !== crypto.createHmac('sha256', process.env.KEY).update(req.body.email).digest('hex');",
        'exports.b = (req) => req.body.token !== md5(req.body.email + process.env.RESET_SECRET);',
        "exports.c = (u) => { u.resetToken = crypto.createHash('sha256').update(crypto.randomBytes(32)).digest('hex'); };",
        'exports.d = (req) => req.body.password !== req.body.confirm;',
        'exports.e = (req) => req.query.token === md5(user.passwordHash);',
        "exports.f = (u) => { const etag = md5(u.email); const cacheKey = sha1(u.id); return [etag, cacheKey]; };",
        "exports.verifySignature = (req) => { const computedHash = crypto.createHash('sha256').update(JSON.stringify(req.body)).digest('hex'); return computedHash; };",
        "exports.resetPassword = async (req) => { const { token } = req.body; const tokenHash = crypto.createHash('sha256').update(token).digest('hex'); return User.findOne({ tokenHash }); };",
      ].join('\n'),
    });
    assert.deepEqual(out, []);
  });
});

describe('extract/js/auth-flaws tokens in redirect URLs', () => {
  it('finds bearer tokens in a redirect path or query, not in the fragment or under other names', () => {
    const out = facts('token-in-redirect', {
      'cb.ts': [
        'class C { cb(@Req() request, @Res() response) { const jwt = request.user.jwt; response.redirect(`${this.root}/auth/${jwt}`); } }',
        "exports.a = (req, res) => { const token = jwt.sign({ sub: 1 }, k); res.redirect('/app?token=' + token); };",
        'exports.b = (req, res) => { const accessToken = make(); res.redirect(`/app#access_token=${accessToken}`); };',
        'exports.c = (req, res) => { const token = req.csrfToken(); res.redirect(`/form?t=${token}`); };',
      ].join('\n'),
    });
    assert.deepEqual(out.map((f) => f.split(' ')[0]), ['cb.ts:1', 'cb.ts:2']);
  });
});

describe('extract/js/auth-flaws passwords in the query string', () => {
  it('finds passwords read from the query of Express, Koa, Hono, Next and Nest requests', () => {
    const out = facts('credential-in-query', {
      'q.ts': [
        'export const a = (req, res) => User.login(req.query.email, req.query.password);',
        "export const b = (req, res) => { const { newPassword } = req.query; return save(newPassword); };",
        'export function f() { return async ({ query, headers }: Request, res: Response) => { const newPassword = query.new as string; return save(newPassword); }; }',
        'export const c = async (ctx) => { const pwd = ctx.request.query.pwd; await save(pwd); };',
        "export const d = (c) => save(c.req.query('password'));",
        "export async function GET(request) { const url = new URL(request.url); return save(url.searchParams.get('password')); }",
        "class C { set(@Query('newPassword') p: string) { return save(p); } }",
      ].join('\n'),
    });
    assert.deepEqual(out.map((f) => f.split(' ')[0]), ['q.ts:1', 'q.ts:3', 'q.ts:4', 'q.ts:2', 'q.ts:5', 'q.ts:6', 'q.ts:7']);
    assert.match(out[1], /"field":"new","variable":"newPassword","read":"query.new"/);
  });

  it('leaves one-time tokens, other query fields and passwords from the body alone', () => {
    const out = facts('credential-in-query', {
      'ok.js': [
        'exports.a = (req, res) => User.reset(req.query.token, req.body.password);',
        'exports.b = (req, res) => User.find({ passwordExpired: req.query.passwordExpired, q: req.query.q });',
        'exports.c = ({ query }) => render(query.password);',
        'exports.d = (req, res) => { const password = req.body.password; return save(password, req.query.code); };',
      ].join('\n'),
    });
    assert.deepEqual(out, []);
  });
});

describe('extract/js/auth-flaws password policies', () => {
  it('finds minimums below 8 where a password is set', () => {
    const out = facts('password-policy', {
      'signup.js': [
        'const validateSignup = (password) => { const PASS_RE = /^.{1,20}$/; return PASS_RE.test(password); };',
        "router.post('/register', body('password').isLength({ min: 6 }), handler);",
        'exports.changePassword = (req, res) => { if (req.body.newPassword.length < 4) return res.status(400).end(); };',
        'const registerSchema = Joi.object({ password: Joi.string().pattern(/^[a-zA-Z0-9]{3,30}$/) });',
        "const userSchema = new mongoose.Schema({ password: { type: String, minlength: [5, 'too short'] } });",
        'const User = sequelize.define("User", { password: { type: DataTypes.STRING, validate: { len: [2, 50] } } });',
      ].join('\n'),
      'dto.ts': 'export class RegisterDto {\n  @MinLength(6)\n  password: string;\n}\nexport class ForgotReturnPasswordDto {\n  @MinLength(3)\n  password: string;\n}\n',
    });
    assert.deepEqual(out.map((f) => f.split(' ')[0]), ['signup.js:1', 'signup.js:3', 'signup.js:2', 'signup.js:4', 'signup.js:5', 'signup.js:6', 'dto.ts:2', 'dto.ts:6']);
    assert.match(out[6], /"how":"decorator","field":"password","check":"MinLength\(6\)"/);
    assert.match(out[0], /"min":1,"how":"pattern","field":"password","check":"\/\^\.\{1,20\}\$\/"/);
  });

  it('leaves minimums of 8 or more, logins, required-field checks, maximums and other fields alone', () => {
    const out = facts('password-policy', {
      'ok.js': [
        'const validateSignup = (password) => /^(?=.*\\d)(?=.*[a-z]).{8,}$/.test(password);',
        "exports.login = (req, res) => { if (req.body.password.length < 6) return res.status(400).end(); };",
        'const signupSchema = z.object({ password: z.string().min(1) });',
        'exports.register = (req, res) => { if (req.body.password.length > 72) return res.status(400).end(); };',
        'const registerSchema = Joi.object({ username: Joi.string().min(3) });',
        'exports.resetPassword = (req, res) => { const p = req.body.password; if (p.length < 12 || !/^.{1,128}$/.test(p)) return res.status(400).end(); };',
        'exports.signup = (req, res) => { if (!/[A-Z]/.test(req.body.password)) return res.status(400).end(); };',
        'const loginSchema = z.object({ password: z.string().min(6) });',
      ].join('\n'),
      'strength.js': "const zxcvbn = require('zxcvbn');\nexports.signup = (password) => password.length >= 6 && zxcvbn(password).score > 2;\n",
      'nostr.js': 'exports.resetKey = (body) => body.password.match(/.{1,2}/g).map((b) => parseInt(b, 16));\n',
      'change.ts': 'const updatePasswordSchema = z.object({ currentPassword: z.string().min(6), newPassword: z.string().min(10) });\n',
      'Settings.tsx': 'const formSchema = z.object({ newPassword: z.string().min(6) });\nexport const Settings = () => <form />;\n',
    });
    assert.deepEqual(out, []);
  });
});

describe('extract/js/auth-flaws account lockout', () => {
  it('finds a password check that counts failures on the account and refuses or locks it past a limit', () => {
    const out = facts('account-lockout', {
      'svc.ts': [
        'class Auth {',
        '  async check(email: string, password: string) {',
        '    const u = await this.repo.find(email);',
        '    if (u.passwordRetryCount >= this.limit) throw new Error();',
        '    if (!(await bcrypt.compare(password, u.password))) {',
        '      await this.repo.update(u.id, { passwordRetryCount: u.passwordRetryCount + 1 });',
        '      throw new Error();',
        '    }',
        '  }',
        '}',
      ].join('\n'),
      'mongo.js': [
        'exports.login = async (email, password) => {',
        '  const user = await User.findOne({ email });',
        '  if (!(await user.verifyPassword(password))) {',
        '    user.loginAttempts += 1;',
        '    if (user.loginAttempts > 5) user.lockUntil = Date.now() + 3600000;',
        '    await user.save();',
        '  }',
        '};',
      ].join('\n'),
    });
    assert.deepEqual(out.map((f) => f.split(' ')[0]), ['svc.ts:6', 'mongo.js:4']);
    assert.match(out[0], /"counter":"passwordRetryCount","function":"Auth.check"/);
  });

  it('ignores counters that never refuse a sign-in and counters outside password checks', () => {
    const out = facts('account-lockout', {
      'stats.js': 'exports.login = async (email, password) => { const ok = await bcrypt.compare(password, h); if (!ok) metrics.failedLogins++; return ok; };\n',
      'jobs.js': 'exports.retry = (job) => { job.retryCount++; if (job.retryCount > 3) job.failed = true; };\n',
      // A browser retry loop beside a proxy's password: no password is verified there.
      'browser.js': 'exports.open = async (proxy) => { let retryCount = 0; const auth = { username: proxy.user, password: proxy.password }; while (retryCount < 3) { try { return await launch(auth); } catch { retryCount++; } } };\n',
    });
    assert.deepEqual(out, []);
  });
});

describe('extract/js/auth-flaws hard-coded bypass tokens', () => {
  it('finds a guard that lets a request through on a literal credential, never keeping the literal', () => {
    const out = facts('auth-bypass-literal', {
      'auth.js': [
        'function a(req, res, next) {',
        "  const token = req.headers['x-access-token'];",
        "  if (token === 'apitest-lkw') return next();",
        "  if (req.query.api_key == 'debug123') { next(); return; }",
        "  if (token === process.env.API_TOKEN || token === '' || token === 'null') return next();",
        "  if (req.user.role === 'admin') return next();",
        "  if (req.headers['x-token-type'] === 'service') return next();",
        "  if (token === 'another-literal') return res.status(401).end();",
        "  if (req.params.key === 'credentials') return next();",
        '}',
      ].join('\n'),
      'app/middleware/auth_middleware.ts': [
        'export default class AuthMiddleware {',
        '  async handle({ request }, next) {',
        "    if (process.env.NODE_ENV !== 'production' && request.header('token') === 'dev-token-1') {",
        '      await next()',
        '      return',
        '    }',
        '  }',
        '}',
      ].join('\n'),
      'middleware.ts': [
        "import { NextResponse, type NextRequest } from 'next/server';",
        'export function middleware(request: NextRequest) {',
        "  if (request.headers.get('x-api-key') === 'preview-key-77') return NextResponse.next();",
        "  if (request.headers.get('authorization') !== `Bearer ${process.env.API_KEY}`) return new NextResponse(null, { status: 401 });",
        '  return NextResponse.next();',
        '}',
      ].join('\n'),
    });
    assert.deepEqual(out.map((f) => f.split(' ')[0]), ['auth.js:3', 'auth.js:4', 'app/middleware/auth_middleware.ts:3', 'middleware.ts:3']);
    assert.ok(out.every((f) => !/apitest-lkw|debug123|dev-token-1/.test(f)));
    assert.match(out[0], /"literal":"apit\*\*\*\*"/);
    assert.match(out[2], /"devOnly":true/);
  });
});
