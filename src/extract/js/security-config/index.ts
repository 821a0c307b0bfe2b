import { jsIndex, type JsIndex } from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import type { FactInput } from '../../../model/types.js';
import type { Extractor } from '../../types.js';
import { cookieFacts } from './cookies.js';
import { corsFacts } from './cors.js';
import { envSchemaFacts } from './env-schema.js';
import { errorFacts } from './errors.js';
import { headerFacts } from './headers.js';
import { loggingFacts } from './logging.js';
import { protectionFacts } from './protections.js';
import { proxyFacts } from './proxy.js';
import { servingFacts } from './serving.js';
import { presenceCookieFacts } from './presence-cookie.js';
import { shippedConfigFacts } from './shipped-config.js';
import { templateEngineFacts } from './templates.js';
import { xmlFacts } from './xml.js';
import { isTestFile } from '../_lib/routes.js';
import { anyCase } from '../_lib/signal-words.js';

/**
 * The sub-modules, in output order, each with the text without which it cannot emit a fact.
 *
 * Sound, not a guess: on every path to a fact the code looks for a name (a module specifier, a
 * callee or member name, an option key, a header name), and each list holds a piece of every such
 * name. A module name reaches `resolvedCallee` only from an import/require string or an identifier
 * of this file, so it is in the text. Names compared case-blind are listed in every letter case
 * (`anyCase`). The one assumption is the ordinary one: names are written out in one piece (no `\u`
 * escapes, no `'ex' + 'press'`; a const holding the name is fine). Generic pieces (`log`, `render`,
 * `lim`, `express`) stay because some path needs nothing rarer. signals.test.ts checks each list
 * against every fixture.
 */
export const PARTS: readonly { name: string; facts: (index: JsIndex) => FactInput[]; signals: readonly string[] }[] = [
  {
    name: 'cors',
    facts: corsFacts,
    signals: [
      // cors, @koa/cors, koa-cors, koa2-cors, @fastify/cors, fastify-cors, Nest's `cors` option of
      // NestFactory.create; app.enableCors().
      'cors',
      'enableCors',
      // Access-Control-Allow-Origin set by hand: headerCall lower-cases the name, so in any case
      // (allow(-ori)gin; pieces start at a hyphen: a rare first character keeps the scan fast).
      ...anyCase('-ori'),
    ],
  },
  {
    name: 'headers',
    facts: headerFacts,
    signals: [
      // helmet, koa-helmet, @fastify/helmet, fastify-helmet and helmet's parts; lusca and its parts;
      // app.disable('x-powered-by') (compared exactly).
      'helmet',
      'lusca',
      // @next-safe/middleware and friends (next-secure-headers holds '-secu').
      'next-safe',
      'x-powered-by',
      // Headers set by hand, lower-cased before comparing, so in any case: content-security(-poli)cy,
      // referrer(-poli)cy, permissions(-poli)cy, strict-transport(-secu)rity, x-frame(-opti)ons,
      // x-content-type(-opti)ons (pieces start at a hyphen: a rare first character keeps the scan fast).
      ...['-poli', '-secu', '-opti'].flatMap(anyCase),
    ],
  },
  {
    name: 'cookies',
    facts: cookieFacts,
    signals: [
      // res.cookie, ctx.cookies.set, reply.setCookie; express-session, cookie-session, koa-session,
      // @fastify/session, @fastify/secure-session, client-sessions.
      'ookie',
      'session',
    ],
  },
  {
    name: 'protections',
    facts: protectionFacts,
    signals: [
      // Limiter libraries (express-rate-limit, @fastify/rate-limit, koa-ratelimit, koa2-ratelimit,
      // express-limiter, rate-limiter-flexible, express-brute, @nestjs/throttler, express-slow-down)
      // and limiters applied by name: `/limit|throttl|brute|slowdown/i` in usedLimiter and
      // `/brute/i` in routes-refs compare case-blind, so a piece of each in any case ((lim)it,
      // th(rott)l, (brut)e, slo(wdo)wn: shorter pieces, fewer spellings to scan for).
      ...['lim', 'rott', 'brut', 'wdo'].flatMap(anyCase),
      'slow-down',
      // Nest's `{ provide: APP_GUARD, useClass: ThrottlerGuard }`.
      'APP_GUARD',
      // csurf, @dr.pogodin/csurf, tiny-csrf, lusca.csrf, koa-csrf, csrf-csrf, csrf-sync,
      // @fastify/csrf-protection, fastify-csrf.
      'csrf',
      'csurf',
      // Body parsers: express.json and the other express.* parsers, body-parser, koa-body(parser).
      'express',
      'body-parser',
      'koa-body',
      // Uploads: multer, express-fileupload, busboy, formidable, multiparty, @fastify/multipart.
      'multer',
      'fileupload',
      'busboy',
      'formidable',
      'multipart',
    ],
  },
  {
    name: 'proxy',
    facts: proxyFacts,
    // Every path needs one of these written out: Express's setting name, Koa's `proxy` option or
    // property (a `koa` import), Fastify's option.
    signals: ['trust proxy', 'proxy', 'trustProxy'],
  },
  {
    name: 'errors',
    facts: errorFacts,
    signals: [
      // `err.stack` in a response, res.render(view, { error: err }); errorhandler,
      // express-errorhandler, koa-error; a caught error's `message` (also written `err['message']`).
      'stack',
      'message',
      'render',
      'errorhandler',
      'koa-error',
    ],
  },
  {
    name: 'serving',
    facts: servingFacts,
    signals: [
      // express.static, express.directory; serve-index, koa-serve-index, serve-handler,
      // serve-static; koa-static(-cache); @fastify/static.
      'express',
      'serve-',
      'koa-static',
      'fastify/static',
    ],
  },
  {
    name: 'logging',
    facts: loggingFacts,
    signals: [
      // The logger objects it knows: console, log, logger, Logger, this.log, req.log..., winston,
      // pino, bunyan.
      'console',
      'log',
      'Log',
      'winston',
      'pino',
      'bunyan',
    ],
  },
  {
    name: 'templates',
    facts: templateEngineFacts,
    signals: [
      // The option that turns escaping off must be written: swig/nunjucks, handlebars.
      'autoescape',
      'noEscape',
    ],
  },
  {
    name: 'presence-cookie',
    facts: presenceCookieFacts,
    // Both facts need a cookie setter (`setCookie`, `.cookie(`, `cookies.set`) or a `cookies` jar.
    signals: ['ookie'],
  },
  {
    name: 'shipped-config',
    facts: shippedConfigFacts,
    // Secret and debug settings of a shipped default (`config.default.js`), compared case-blind:
    // se(cre)t, de(bug) in any case.
    signals: [...['cre', 'bug'].flatMap(anyCase)],
  },
  {
    name: 'env-schema',
    facts: envSchemaFacts,
    // class-validator's decorator, zod's refine/superRefine, Joi's invalid/disallow, written out.
    signals: ['IsNotIn', 'efine', 'invalid', 'disallow'],
  },
  {
    name: 'xml',
    facts: xmlFacts,
    signals: [
      // libxmljs options are compared exactly; the libxml2 flags are member names spelled out.
      'noent',
      'dtdload',
      'XML_PARSE_NOENT',
      'XML_PARSE_DTDLOAD',
    ],
  },
];

/** All sub-modules' signals: on payload they skip 70 % of the files the extractor matches. */
export const SIGNALS: readonly string[] = [...new Set(PARTS.flatMap((part) => part.signals))];

export const extractor: Extractor = {
  id: 'js/security-config',
  title: 'Security configuration in JS/TS services: CORS, headers, cookies and sessions, rate limits, CSRF, uploads, errors, static files, logging, XML parser options',
  matches: (path) => isJsFile(path) && !isTestFile(path),
  signals: SIGNALS,
  extract(file, ctx) {
    const index = jsIndex(file, ctx);
    const facts = PARTS.flatMap((part) => part.facts(index));
    return facts.length > 0 ? facts : null;
  },
};
