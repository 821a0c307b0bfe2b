// CORS: the cors / @koa/cors / @fastify/cors middleware, Nest enableCors, and hand-written
// Access-Control-* headers. `origin` is normalised to '*', 'reflect' (any request origin is echoed),
// 'list' (fixed allow-list / regex), 'dynamic' (a function with checks, or a variable).
import type { FactInput } from '../../../model/types.js';
import {
  calleeProperty,
  isFunctionLike,
  literalValue,
  memberPath,
  nodesUnder,
  objectProp,
  stringValue,
  unwrap,
  type AstNode,
  type CallLike,
  type FunctionLike,
  type JsIndex,
} from '../_lib/ast.js';
import { configFact, devOnly, headerCall } from './common.js';
import { optionsObject } from './options-object.js';

/** How open an origin setting is, least to most: the worst one set in a function is what it allows. */
const OPENNESS = ['none', 'list', 'dynamic', '*', 'reflect'];

function worse(a: string | undefined, b: string): string {
  return a !== undefined && OPENNESS.indexOf(a) >= OPENNESS.indexOf(b) ? a : b;
}

/** `req.get('origin')`, `req.header('Origin')`, `ctx.get('origin')`: the request's own Origin header. */
function readsRequestOrigin(n: AstNode, index: JsIndex): boolean {
  if (n.type !== 'CallExpression' || !['get', 'header', 'getHeader'].includes(calleeProperty(n) ?? '')) return false;
  const root = memberPath(unwrap(n.callee as AstNode))?.[0] ?? '';
  return /^(req|request|ctx|context)$/.test(root) && /^origin$/i.test(stringValue(n.arguments[0] as AstNode, index) ?? '');
}

/** An origin callback that allows everything: `(o, cb) => cb(null, true)` / `cb(null, origin)`. */
function allowsAll(fn: FunctionLike, index: JsIndex): boolean {
  if (nodesUnder(fn.body as AstNode, 'IfStatement').length > 0 || nodesUnder(fn.body as AstNode, 'ConditionalExpression').length > 0) return false;
  const calls = nodesUnder(fn.body as AstNode, 'CallExpression');
  return calls.some((c) => {
    const second = unwrap(c.arguments[1] as AstNode | undefined);
    if (!second) return false;
    if (literalValue(second, index) === true) return true;
    return second.type === 'Identifier' && second.name === (fn.params[0] as AstNode & { name?: string })?.name;
  });
}

function originKind(node: AstNode | undefined, index: JsIndex, absentMeans: 'star' | 'reflect'): string {
  const n = unwrap(node);
  if (!n) return absentMeans === 'star' ? '*' : 'reflect';
  const v = literalValue(n, index);
  if (v === true) return 'reflect';
  if (v === '*') return '*';
  if (v === false) return 'none';
  if (typeof v === 'string') return 'list';
  if (n.type === 'ArrayExpression') return n.elements.some((e) => stringValue(e as AstNode, index) === '*') ? '*' : 'list';
  if (n.type === 'Literal' && 'regex' in n && n.regex) return /^\.\*$|^\^?\.\*\$?$/.test((n.regex as { pattern: string }).pattern) ? 'reflect' : 'list';
  const fn = isFunctionLike(n) ? n : n.type === 'Identifier' ? index.functionByName(n.name) : undefined;
  if (fn) return allowsAll(fn, index) ? 'reflect' : 'dynamic';
  // `cond ? req.headers.origin : 'null'`, `req.headers.origin || '*'`: the most open branch that
  // runs in production (`isDev ? true : [...]` is the list).
  if (n.type === 'ConditionalExpression') {
    const live = [n.consequent, n.alternate].filter((b) => !devOnly(b, index));
    return live.map((b) => originKind(b, index, 'star')).reduce<string | undefined>((a, b) => worse(a, b), undefined) ?? 'dynamic';
  }
  if (n.type === 'LogicalExpression') return worse(originKind(n.left as AstNode, index, 'star'), originKind(n.right, index, 'star'));
  if (readsRequestOrigin(n, index)) return 'reflect';
  const path = memberPath(n);
  if (path && /^(req|request|ctx)\b/.test(path[0]) && /origin/i.test(path.join('.'))) return 'reflect';
  return 'dynamic';
}

function corsFromOptions(index: JsIndex, at: CallLike, library: string, opts: AstNode | undefined, absentMeans: 'star' | 'reflect'): FactInput {
  const o = optionsObject(opts, index);
  const dynamicOpts = !!opts && !o && literalValue(opts, index) === undefined;
  const origin = dynamicOpts ? 'dynamic' : originKind(objectProp(o, 'origin'), index, absentMeans);
  const credentials = literalValue(objectProp(o, 'credentials'), index) === true;
  return configFact(index, at, 'cors', { library, origin, credentials, optionsDynamic: dynamicOpts }, `CORS via ${library}: origin ${origin}${credentials ? ', credentials allowed' : ''}`, library);
}

export function corsFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const manual = new Map<FunctionLike | undefined, { origin?: string; credentials?: boolean; at?: CallLike }>();
  for (const call of index.nodesOf('CallExpression')) {
    const r = index.resolvedCallee(call) ?? '';
    if (r === 'cors' || r === 'cors.default') out.push(corsFromOptions(index, call, 'cors', call.arguments[0] as AstNode, 'star'));
    // kcors is @koa/cors under its first name: both reflect the request's Origin by default.
    else if (r === '@koa/cors' || r === 'kcors' || r === 'koa-cors' || r === 'koa2-cors') out.push(corsFromOptions(index, call, r, call.arguments[0] as AstNode, r === '@koa/cors' || r === 'kcors' ? 'reflect' : 'star'));
    else if (calleeProperty(call) === 'register' && /^(@fastify\/cors|fastify-cors)/.test(index.resolvedName(call.arguments[0] as AstNode) ?? '')) {
      out.push(corsFromOptions(index, call, '@fastify/cors', call.arguments[1] as AstNode, 'star'));
    } else if (calleeProperty(call) === 'enableCors') out.push(corsFromOptions(index, call, 'nestjs', call.arguments[0] as AstNode, 'star'));
    else if (/NestFactory\.create$/.test(r)) {
      const cors = objectProp(optionsObject(call.arguments[1] as AstNode, index), 'cors');
      if (cors) out.push(literalValue(cors, index) === true ? corsFromOptions(index, call, 'nestjs', undefined, 'star') : corsFromOptions(index, call, 'nestjs', cors, 'star'));
    } else {
      const h = headerCall(call, index);
      if (!h || devOnly(call, index)) continue;
      const fn = index.enclosingFunction(call);
      const entry = manual.get(fn) ?? {};
      if (h.name === 'access-control-allow-origin') {
        // Branches of one function (`if (origin) set(origin) else set('null')`): keep the most open.
        const v = stringValue(h.value, index);
        const origin = v === '*' ? '*' : v !== undefined ? 'list' : originKind(h.value, index, 'star');
        if (worse(entry.origin, origin) !== entry.origin) {
          entry.origin = origin;
          entry.at = call;
        }
      } else if (h.name === 'access-control-allow-credentials') {
        entry.credentials = entry.credentials === true || String(literalValue(h.value, index)) === 'true';
      }
      manual.set(fn, entry);
    }
  }
  for (const m of manual.values()) {
    if (!m.at || !m.origin) continue;
    out.push(configFact(index, m.at, 'cors', { library: 'manual', origin: m.origin, credentials: !!m.credentials, optionsDynamic: false }, `Access-Control-Allow-Origin: ${m.origin}${m.credentials ? ' with credentials' : ''}`, 'manual'));
  }
  return out;
}
