// Hapi: server.route({ method, path, handler, options: { auth, pre, validate } }) (also arrays and
// route objects exported from other files), the route's auth config (false, a strategy, scopes,
// mode), its `pre` methods as middleware (pre.ts), its Joi payload schema as a body allow-list
// (validate.ts), and the server default strategy (server.auth.default), which link applies to
// routes without their own auth.
import type { FactInput } from '../../../model/types.js';
import {
  calleeName,
  calleeObject,
  jsIndex,
  memberPath,
  literalValue,
  objectKeys,
  objectProp,
  resolveObject,
  stringValue,
  unwrap,
  type AstNode,
  type CallLike,
  type JsIndex,
} from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { isTestFile } from '../_lib/routes.js';
import { accessFacts, resolveHandler, summarizeHandler, type ResolvedHandler } from '../_lib/routes-handler.js';
import { linkRoutes } from '../_lib/routes-link.js';
import { hapiRouteObject } from '../_lib/routes-scan-shapes.js';
import { adminLikeText, normalizeMethod, routeFact, type MwRef, type RouteMeta } from '../_lib/routes.js';
import type { Extractor } from '../../types.js';
import { linkPreGuards, ownerGuardFacts, preRefs } from './pre.js';
import { bodyValidationFact, routePayloadSchema } from './validate.js';
import { factoryFacts, linkFactories, requiredHandler, routeInfoFact, schemeImplFacts, schemeWiringFacts } from './factory.js';
import { strapiRouteObject } from '../strapi/index.js';

/**
 * Whether a hapi auth scope admits administrators only. A scope array is any-of (`['admin',
 * 'account']` lets every account holder in) except `+name` (required) and `!name` (forbidden).
 */
function adminOnlyScope(scope: AstNode, index: JsIndex): boolean {
  const n = unwrap(scope);
  const items = n.type === 'ArrayExpression' ? n.elements.map((e) => (e ? stringValue(e as AstNode, index) : undefined)) : [stringValue(n, index)];
  if (items.some((i) => i === undefined)) return adminLikeText(index.text(n));
  const names = items as string[];
  if (names.some((i) => i.startsWith('+') && adminLikeText(i))) return true;
  const anyOf = names.filter((i) => !i.startsWith('+') && !i.startsWith('!'));
  return anyOf.length > 0 && anyOf.every((i) => adminLikeText(i));
}

/** Route auth option → guard ref (or public). */
function authRef(node: AstNode | undefined, index: JsIndex): { ref?: MwRef; public?: boolean } {
  const n = unwrap(node);
  if (!n) return {};
  if (literalValue(n, index) === false) return { public: true };
  const s = stringValue(n, index);
  if (s !== undefined) return { ref: { name: `auth: ${s}`, role: 'auth-user', mechanism: /jwt/i.test(s) ? 'jwt' : /session|cookie/i.test(s) ? 'session' : 'custom', why: `auth strategy ${s}` } };
  const o = resolveObject(n, index);
  if (!o) return { ref: { name: 'auth', role: 'auth-unknown' } };
  const mode = stringValue(objectProp(o, 'mode'), index);
  if (mode === 'optional' || mode === 'try') return { ref: { name: `auth mode ${mode}`, role: 'auth-optional' } };
  const scope = objectProp(o, 'scope') ?? objectProp(o, 'access');
  const text = scope ? index.text(scope) : '';
  const strategyNode = objectProp(o, 'strategy') ?? objectProp(o, 'strategies');
  const strategy = stringValue(objectProp(o, 'strategy'), index) ?? (strategyNode ? index.text(strategyNode).slice(0, 30) : 'default');
  if (scope) return { ref: { name: `auth scope ${text}`, role: adminOnlyScope(scope, index) ? 'auth-admin' : 'auth-user', why: `hapi auth scope ${text}` } };
  return { ref: { name: `auth: ${strategy}`, role: 'auth-user', why: `auth strategy ${strategy}` } };
}

function routeObject(obj: AstNode, index: JsIndex, out: FactInput[]): void {
  const o = resolveObject(obj, index);
  // Strapi's route configuration (`handler: 'article.find'`) is read by js/strapi.
  if (!o || strapiRouteObject(index.file, o, index)) return;
  // `url`/`uri` instead of hapi's `path`: a descriptor some factory turns into a route (factory.ts).
  const pathKey = ['path', 'url', 'uri'].find((k) => objectProp(o, k) !== undefined);
  const path = pathKey ? stringValue(objectProp(o, pathKey), index) : undefined;
  const methodNode = unwrap(objectProp(o, 'method'));
  if (!path || !methodNode) return;
  if (pathKey !== 'path' && (!path.startsWith('/') || !objectProp(o, 'handler'))) return;
  const optionsNode = objectProp(o, 'options') ?? objectProp(o, 'config');
  const options = resolveObject(optionsNode, index);
  const handlerNode = objectProp(o, 'handler') ?? objectProp(options, 'handler');
  // `{ method, path, config: UserRoute.find }`: the route config lives in another module.
  const opaque = !handlerNode && !!optionsNode && !options;
  if (!handlerNode && !opaque) return;
  const methods = methodNode.type === 'ArrayExpression' ? methodNode.elements.map((e) => stringValue(e as AstNode, index) ?? '*') : [stringValue(methodNode, index) ?? '*'];
  const ownAuth = objectProp(options, 'auth');
  const { ref, public: isPublic } = opaque ? { ref: { name: `${index.text(optionsNode!)}.auth`, role: 'auth-unknown' as const }, public: false } : authRef(ownAuth ?? objectProp(o, 'auth'), index);
  const routePath = path.replace(/\{(\w+)\??\}/g, ':$1').replace(/\{(\w+)\*\d*\}/g, '*$1');
  const meta: RouteMeta = { mw: ref ? [ref] : [], local: routePath };
  if (isPublic) meta.public = true;
  const payload = resolveObject(objectProp(options, 'payload'), index);
  if (payload && (literalValue(objectProp(payload, 'output'), index) === 'file' || literalValue(objectProp(payload, 'multipart'), index) === true || /multipart/.test(index.text(payload)))) meta.mw.push({ name: 'payload multipart', role: 'upload' });
  const evidence = index.evidence(o);
  // Pre methods run after auth and before the handler.
  const pre = preRefs(objectProp(options, 'pre'), index, { file: index.file, line: evidence.line });
  meta.mw.push(...pre.refs);
  if (pre.fact) out.push(pre.fact);
  // `handler: require('./handlers/x')`: the required module's default export.
  const required = requiredHandler(handlerNode, index);
  const resolved: ResolvedHandler = required ? { ref: required, name: required.name } : handlerNode ? resolveHandler(handlerNode, index) : {};
  let handler: { file: string; line: number; name?: string } | undefined;
  if (resolved.fn) {
    const summary = summarizeHandler(resolved.fn, index);
    if (summary.inline) meta.inline = summary.inline;
    if (summary.tags.length) meta.handlerTags = summary.tags;
    handler = { file: index.file, line: index.line(resolved.fn), name: resolved.name };
    out.push(...accessFacts(summary, index, { file: index.file, line: evidence.line }));
  }
  if (resolved.ref) meta.handler = resolved.ref;
  const strategy = ownAuth ? (stringValue(ownAuth, index) ?? stringValue(objectProp(resolveObject(ownAuth, index), 'strategy'), index)) : undefined;
  const info = routeInfoFact(o, options, index, { own: !!ownAuth, ...(strategy ? { strategy } : {}), ...(pathKey !== 'path' ? { needsHapi: true } : {}) }, evidence.line);
  if (info) out.push(info);
  const schema = routePayloadSchema(options, index);
  for (const m of methods) {
    const method = m === '*' ? 'ALL' : normalizeMethod(m);
    out.push(routeFact({ framework: 'hapi', method, path: routePath, evidence, handler, meta }));
    if (schema) out.push(bodyValidationFact(schema, index, { file: index.file, line: evidence.line, endLine: evidence.endLine, method, path: routePath }, resolved.fn));
  }
}

/** Fastify route options hapi would reject at the top of a route config (it allows method, path, vhost, handler, options, config, rules). */
const FASTIFY_ROUTE_KEYS = new Set(['schema', 'onRequest', 'preParsing', 'preValidation', 'preHandler', 'preSerialization', 'onSend', 'onResponse', 'onError', 'onTimeout', 'attachValidation', 'bodyLimit', 'logLevel', 'exposeHeadRoute', 'constraints', 'errorHandler']);

/**
 * A Fastify `route({...})` call read as hapi's: the object has a Fastify route option (`schema`,
 * `onRequest`, `preHandler`), or it is called on an instance named `fastify`, and it has no
 * hapi-only shape (routes-scan-shapes.ts). The fastify extractor owns it (with its plugin prefix).
 */
function fastifyRoute(call: CallLike, o: AstNode | undefined, index: JsIndex): boolean {
  if (!o || o.type !== 'ObjectExpression' || hapiRouteObject(o, index)) return false;
  if (objectKeys(o).some((k) => FASTIFY_ROUTE_KEYS.has(k))) return true;
  return /fastify/i.test(memberPath(calleeObject(call))?.join('.') ?? '');
}

export function hapiFacts(index: JsIndex, callsOnly = false): FactInput[] {
  const out: FactInput[] = [];
  const seen = new Set<AstNode>();
  for (const call of index.nodesOf('CallExpression')) {
    const name = calleeName(call) ?? '';
    if (/(^|\.)route$/.test(name) && call.arguments.length === 1) {
      const arg = unwrap(call.arguments[0] as AstNode);
      const items = arg.type === 'ArrayExpression' ? (arg.elements as AstNode[]) : [arg];
      for (const item of items) {
        const o = resolveObject(item, index);
        if (o) seen.add(o);
        if (!fastifyRoute(call, o, index)) routeObject(item, index, out);
      }
    }
    if (/(^|\.)auth\.default$/.test(name) && call.arguments.length >= 1) {
      const { ref } = authRef(call.arguments[0] as AstNode, index);
      if (ref) out.push({ kind: 'config', setting: 'auth-global-guard', values: { framework: 'hapi', guard: ref.name, data: JSON.stringify({ framework: 'hapi', guard: ref }) }, summary: `default auth ${ref.name}`, evidence: index.evidence(call), key: `${index.file}#config:auth-global-guard:hapi` });
    }
  }
  // Route tables in their own modules: [{ method, path, handler | options: { handler } }].
  if (callsOnly) return out;
  for (const obj of index.nodesOf('ObjectExpression')) {
    if (seen.has(obj)) continue;
    const keys = objectKeys(obj);
    if (keys.includes('method') && (keys.includes('path') || keys.includes('url') || keys.includes('uri')) && (keys.includes('handler') || keys.includes('options') || keys.includes('config'))) routeObject(obj, index, out);
  }
  return out;
}

export const extractor: Extractor = {
  id: 'js/hapi',
  title: 'Hapi routes with their auth configuration and the default auth strategy',
  matches: (path) => isJsFile(path) && !isTestFile(path),
  signals: ['hapi', 'path:', 'path :', "'path'", 'url:', 'uri:', 'authenticate'],
  extract(file, ctx) {
    // Cheap text tests first: route objects, auth scheme implementations.
    if (!/\b(?:path|url|uri)\s*:|\bauthenticate\b|hapi/.test(file.content)) return null;
    const index = jsIndex(file, ctx);
    const hapiFile = index.imports('@hapi/hapi', 'hapi', '@hapi/*');
    if (index.imports('express', 'koa', 'fastify', '@nestjs/common', 'next')) return null;
    // A server-rendering plugin imports react too: only its `server.route({...})` calls count
    // there (a front end's route tables are not hapi's).
    if (index.imports('react', 'vue')) {
      const routes = hapiFile || /\.route\(/.test(file.content) ? hapiFacts(index, true) : [];
      return routes.length > 0 ? routes : null;
    }
    const facts = [...schemeImplFacts(index)];
    if (hapiFile || /\b(?:path|url|uri)\s*:/.test(file.content)) facts.push(...hapiFacts(index), ...ownerGuardFacts(index), ...factoryFacts(index), ...schemeWiringFacts(index, hapiFile));
    return facts.length > 0 ? facts : null;
  },
  // linkRoutes resolves imported pre guards first; then route factories and auth schemes, then
  // owner-or-admin pres are applied.
  link: (facts) => linkPreGuards(linkFactories(linkRoutes(facts))),
};
