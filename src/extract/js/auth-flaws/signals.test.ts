import { describe } from 'node:test';
import { signalTests } from '../../../../test/helpers/signal-samples.js';
import { extractor } from './index.js';

/** One file per part. */
const PATHS: Record<string, string> = {
  'src/hook.js': "exports.h = (req) => req.headers['x-api-key'] === process.env.API_KEY;\n",
  'src/logout.js': "app.get('/logout', (req, res) => { res.clearCookie('sid'); res.redirect('/'); });\n",
  'src/reset.js': "exports.r = (req) => req.query.token == md5(req.query.login);\n",
  'src/callback.js': "exports.cb = (req, res) => res.redirect(`/app/auth/${req.user.jwt}`);\n",
  'src/mock.js': "exports.m = (req, res, next) => { if (config.debug && req.cookies.mock_user) { req.session.user = JSON.parse(req.cookies.mock_user); } next(); };\n",
  'src/share.js': "export async function validateShareAccess(id) { const share = await db.find(id); return { isValid: !!share }; }\nexport const mw = async (req, res, next) => { await validateShareAccess(req.query.id); next(); };\n",
  'src/login.js': "app.post('/login', async (req, res) => {\n  const user = await User.findOne({ email: req.body.email });\n  if (!user) return res.status(404).send('User not found');\n  if (!(await bcrypt.compare(req.body.password, user.hash))) return res.status(401).send('Wrong password');\n});\n",
  'src/change.js': "exports.c = async (req, res) => { await User.setPassword(req.user.id, req.query.newPassword); };\n",
  'src/signup.js': "exports.signup = (req, res) => { if (req.body.password.length < 6) return res.status(400).end(); };\n",
};

describe('extract/js/auth-flaws signals', () => {
  signalTests(extractor, PATHS);
});
