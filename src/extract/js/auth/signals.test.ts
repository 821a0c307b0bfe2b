import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuthFact, FactInput } from '../../../model/types.js';
import { checkSignals, signalTests } from '../../../../test/helpers/signal-samples.js';
import { jsIndex, type JsIndex } from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { objectEnd } from '../_lib/signal-words.js';
import { runExtractor } from '../../testing.js';
import type { Extractor } from '../../types.js';
import { decodeHelperFacts } from './decode-helpers.js';
import { guardDefinitions } from './guards.js';
import { extractor } from './index.js';
import { fromRequest, inRequestPath, jwtFacts, verifiedNearby } from './jwt.js';
import { DECODE_HELPER_SIGNALS, GUARD_SIGNALS, JWT_SIGNALS, laterParamName, paramName, SIGNALS, SPACE, STRATEGY_SIGNALS, wholeName } from './signals.js';
import { strategyFacts } from './strategies.js';

/** Each sub-module with its own group of signals, as in index.ts. */
const PARTS: { name: string; signals: readonly string[]; facts: (index: JsIndex) => FactInput[] }[] = [
  { name: 'jwt', signals: JWT_SIGNALS, facts: jwtFacts },
  { name: 'strategies', signals: STRATEGY_SIGNALS, facts: strategyFacts },
  { name: 'guards', signals: GUARD_SIGNALS, facts: guardDefinitions },
  {
    name: 'decode-helpers',
    signals: DECODE_HELPER_SIGNALS,
    facts: (index) => decodeHelperFacts(index, { fromRequest: (c, i) => c.type === 'CallExpression' && fromRequest(c, i), inRequestPath, verifiedNearby }),
  },
];

/**
 * A sub-module on its own, reading test-like paths too: a file it draws a fact from must hold one
 * of its own signals (another group's must not hide a gap).
 */
function partAlone(part: (typeof PARTS)[number]): Extractor {
  return { id: `js/auth:${part.name}`, title: part.name, matches: isJsFile, signals: part.signals, extract: (file, ctx) => {
    const facts = part.facts(jsIndex(file, ctx));
    return facts.length > 0 ? facts : null;
  } };
}

/**
 * One small file per way auth reaches a fact, each written to hold as few signals as it can
 * (mostly one word's), so that word alone is seen to let it through.
 */
const WAYS_IN: Record<string, string> = {
  // jwt.ts
  'jwt/jsonwebtoken.js': "import { sign } from 'jsonwebtoken';\nexport const t = sign({ sub: 1 }, process.env.KEY);\n",
  'jwt/nest-service.ts': 'export const t = () => tokens.myJWTSERVICE.signAsync({ sub: 1 });\n',
  'jwt/jwt-simple.js': "const s = require('jwt-simple');\nexport const t = s.encode({ sub: 1 }, process.env.KEY);\n",
  'jwt/jose-verify.mjs': "import { jwtVerify } from 'jose';\nexport const check = (t, k) => jwtVerify(t, k);\n",
  'jwt/jose-unsecured.mjs': "import * as jose from 'jose';\nexport const read = (t) => jose.UnsecuredJWT.decode(t);\n",
  'jwt/express-jwt.js': "const guard = require('express-jwt');\napp.use(guard({ secret: process.env.KEY, algorithms: ['HS256'] }));\n",
  'jwt/koa-jwt.js': "import guard from 'koa-jwt';\napp.use(guard({ secret: process.env.KEY }));\n",
  'jwt/passport-strategy.js': "const { Strategy } = require('passport-jwt');\npassport.use(new Strategy({ secretOrKey: process.env.KEY }, verifyUser));\n",
  'jwt/nest-strategy.ts': "import { PassportStrategy } from '@nestjs/passport';\nimport { Strategy } from 'passport-jwt';\nexport class S extends PassportStrategy(Strategy) {\n  constructor() { super({ secretOrKey: process.env.KEY }); }\n}\n",
  'jwt/nest-module.ts': "import { JwtModule } from '@nestjs/jwt';\nexport const m = JwtModule.register({ secret: process.env.KEY });\n",
  'jwt/fastify.js': "fastify.register(require('@fastify/jwt'), { secret: process.env.KEY });\n",
  'jwt/jws-verify.js': "const jws = require('jws');\nexport const check = (t) => jws.verify(t, process.env.KEY);\n",
  // strategies.ts
  'strategies/passport-local.js': "const { Strategy } = require('passport-local');\nauthn.use(new Strategy(verifyUser));\n",
  'strategies/passport-session.js': 'app.use(passport.session());\n',
  'strategies/express-session.js': "const sessions = require('express-session');\napp.use(sessions({ secret: process.env.KEY }));\n",
  'strategies/fastify-session.js': "fastify.register(require('@fastify/session'), { secret: process.env.KEY });\n",
  'strategies/next-auth.ts': "import NextAuth from 'next-auth';\nexport default NextAuth({ providers: [] });\n",
  'strategies/basic-auth.js': "const credentialsOf = require('basic-auth');\nexport const who = (m) => credentialsOf(m);\n",
  'strategies/hapi.js': "server.auth.strategy('simple', 'basic', { validate });\n",
  // guards.ts: functions by their parameters
  'guards/req.js': 'function needUser(req, s, next) {\n  if (!req.user) return s.sendStatus(401);\n  next();\n}\n',
  'guards/request.ts': "export async function needUser(request) {\n  if (!request.user) throw new Error('unauthorized');\n}\n",
  'guards/ctx.js': 'export const needUser = async (ctx, next) => {\n  if (!ctx.state.user) ctx.throw(401);\n  await next();\n};\n',
  'guards/context.js': "export function needUser(context) {\n  if (!context.user) throw new Error('unauthorized');\n}\n",
  'guards/res.js': 'function needUser(q, res, next) {\n  if (!res.locals.user) return res.sendStatus(401);\n  next();\n}\n',
  'guards/response.js': "export function needUser(q, response) {\n  verifyToken(q.get('x-token'));\n}\n",
  'guards/reply.js': 'export const needUser = async (q, reply) => {\n  if (!reply.locals.user) return reply.code(401).send();\n};\n',
  'guards/h.js': 'export const needUser = (r, h) => {\n  verifyToken(r.headers.authorization);\n  return h.continue;\n};\n',
  'guards/factory.js': 'export const needRole = (role) => (req, s, next) => (req.user.role === role ? next() : s.sendStatus(403));\n',
  // guards.ts: classes, decorators, exported library guards
  'guards/can-activate.ts': 'export class AdminGuard {\n  canActivate(c) { return c.switchToHttp().getRequest().user.isAdmin; }\n}\n',
  'guards/nest-middleware.ts': 'export class M {\n  use(q, s, next) { verifyToken(q.headers.authorization); next(); }\n}\n',
  'guards/auth-guard.ts': "import { AuthGuard } from './nest';\nexport class G extends AuthGuard('bearer') {}\n",
  'guards/decorate.js': "fastify.decorate('authenticate', async (q) => { await q.verifyToken(); });\n",
  'guards/passport.js': "const passport = require('passport');\nmodule.exports = { required: passport.authenticate('bearer', { session: false }) };\n",
  'guards/express-jwt.js': "const { expressjwt } = require('express-jwt');\nexports.required = expressjwt({ secret: process.env.KEY, algorithms: ['HS256'] });\n",
  'guards/openid.js': "const { requiresAuth } = require('express-openid-connect');\nexports.needLogin = requiresAuth();\n",
  'guards/clerk.ts': "import { requireAuth } from '@clerk/express';\nexport const needLogin = requireAuth();\n",
  'guards/ensure-login.js': "const { ensureLoggedIn } = require('connect-ensure-login');\nexports.needLogin = ensureLoggedIn('/login');\n",
  'guards/basic-auth.js': "const basic = require('express-basic-auth');\nexports.needLogin = basic({ users: {} });\n",
  'guards/keycloak.js': 'exports.needLogin = kc.KEYCLOAK.protect();\n',
};

/**
 * decode-helpers.ts: exported helpers that only decode (`lib/tokens.*`), and calls of one in a
 * request path, each use holding only the request words of its way in. Both are internal facts
 * that link joins into a decode fact at the call, so they are checked together.
 */
const HELPERS: Record<string, string> = {
  'lib/tokens.js': "import jws from 'jws';\nexport const read = (t) => jws.decode(t).payload;\n",
  'lib/tokens.ts': "import d from 'jwt-decode';\nexport function read(t) { return d(t); }\n",
  'lib/tokens.mjs': "import { decodeJwt } from 'jose';\nexport const read = (t) => decodeJwt(t);\n",
};
const HELPER_USES: Record<string, string> = {
  'uses/socket.js': "import { read } from '../lib/tokens';\nexport const onJoin = (socket) => read(socket.handshake.auth);\n",
  'uses/context.js': "import { read } from '../lib/tokens';\nexport const handler = async (context) => read(context.headers.authorization);\n",
  'uses/req.js': "import { read } from '../lib/tokens';\nexport const who = (req) => read(req.headers.authorization);\n",
  'uses/assign.js': "import { read } from '../lib/tokens';\nexport function attach(m) {\n  req.user = read(m.headers.authorization);\n}\n",
  'uses/assign-cast.ts': "import { read } from '../lib/tokens';\nexport function attach(m) {\n  (ctx as any).user = read(m.headers.authorization);\n}\n",
};

describe('extract/js/auth signals', () => {
  signalTests(extractor, WAYS_IN);

  it('hold every sub-module\'s signals', () => {
    const all = new Set(SIGNALS);
    for (const part of PARTS) for (const s of part.signals) assert.ok(all.has(s), `${part.name}: ${JSON.stringify(s)}`);
    assert.equal(all.size, SIGNALS.length);
  });

  it('are in the text of every sample file each sub-module draws a fact from', () => {
    const parts = new Set<string>();
    for (const part of PARTS) {
      const { withFacts, unsignalled } = checkSignals(partAlone(part));
      assert.deepEqual(unsignalled, [], `${part.name} draws facts from files holding none of its signals`);
      if (withFacts > 0) parts.add(part.name);
    }
    // Not a vacuous pass: the samples exercise every sub-module.
    assert.deepEqual([...parts].sort(), PARTS.map((p) => p.name).sort());
  });

  it('let each way in through to its sub-module', () => {
    const expected: Record<string, string> = { jwt: 'jwt', strategies: 'strategies', guards: 'guards' };
    for (const [path, content] of Object.entries(WAYS_IN)) {
      const part = PARTS.find((p) => p.name === expected[path.split('/')[0]]);
      assert.ok(part, path);
      assert.ok(part.signals.some((s) => content.includes(s)), `${path} holds none of the ${part.name} signals`);
      const facts = runExtractor(partAlone(part), { [path]: content }).facts;
      assert.ok(facts.length > 0, `${path}: no ${part.name} fact`);
    }
  });

  it('let decode-only helpers and their calls in a request path through, joined by link', () => {
    const [firstHelper] = Object.entries(HELPERS);
    const [firstUse] = Object.entries(HELPER_USES);
    const pairs = [...Object.entries(HELPERS).map((helper) => [helper, firstUse]), ...Object.entries(HELPER_USES).map((use) => [firstHelper, use])];
    for (const [[helperPath, helper], [path, content]] of pairs) {
      assert.ok(DECODE_HELPER_SIGNALS.some((s) => helper.includes(s)) && DECODE_HELPER_SIGNALS.some((s) => content.includes(s)), path);
      const facts = runExtractor(extractor, { [helperPath]: helper, [path]: content }).facts as AuthFact[];
      const decode = facts.find((f) => f.evidence.file === path && f.details?.operation === 'decode');
      assert.ok(decode, `${helperPath} + ${path}`);
      assert.equal(decode.library, 'read() helper');
      // Only the request-path words let the calls in: no JWT, guard-class or library name.
      assert.ok(!/jwt|jws|jsonwebtoken|class|passport/i.test(content), path);
    }
  });

  it('skip files where auth can find nothing', () => {
    const quiet = [
      "const lodash = require('lodash');\nexport const requests = lodash.map(items, (item) => item.id);\n",
      "import { useState } from 'react';\nexport function Counter() { const [n, setN] = useState(0); return n; }\n",
      "// Features and measures of the response.\nexport const responseTime = (ms) => ms / 1000;\n",
      'export const features = { reqs: 1, contextual: true, strategyName: "x" };\n',
    ];
    for (const text of quiet) assert.ok(!SIGNALS.some((s) => text.includes(s)), text);
  });

  it('are built from the words the code compares', () => {
    // `\s` of the engine that runs the code: every ECMAScript white space and line terminator.
    assert.equal(SPACE.length, 25);
    for (const s of objectEnd('x')) if (/^x\s$/.test(s)) assert.ok(SPACE.includes(s.slice(1)), JSON.stringify(s));
    assert.deepEqual(paramName('req').slice(0, 7), ['req,', 'req)', 'req:', 'req=', 'req?', 'req/', 'req\t']);
    assert.ok(laterParamName('h').includes(',h)') && laterParamName('h').includes(' h)') && laterParamName('h').includes(')h:') && laterParamName('h').includes('\nh\n'));
    assert.ok(!laterParamName('res').some((s) => s.startsWith('res') || s.startsWith('(')));
    assert.ok(wholeName('req').includes('req.') && wholeName('req').includes('req|') && !wholeName('req').some((s) => /^req[\w$\\]/.test(s)));
  });
});
