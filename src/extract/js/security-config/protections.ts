// Abuse protections: rate limiting (definitions and where they are applied), CSRF middleware,
// request body limits and multipart upload limits.
import type { FactInput } from '../../../model/types.js';
import {
  calleeName,
  calleeProperty,
  literalValue,
  memberPath,
  objectProp,
  resolveObject,
  stringValue,
  unwrap,
  type AstNode,
  type CallLike,
  type JsIndex,
} from '../_lib/ast.js';
import { flattenArgs, mwRef } from '../_lib/routes-refs.js';
import { configFact, numeric, withoutDefault } from './common.js';
import { debugGate } from './shipped-config.js';

const RATE_LIMIT_DEF = /^(express-rate-limit|express-rate-limit\.(rateLimit|default)|express-slow-down|express-slow-down\.(slowDown|default)|koa-ratelimit|koa2-ratelimit\.RateLimit\.middleware|express-limiter|express-brute|rate-limiter-flexible\.\w+|@nestjs\/throttler\.ThrottlerModule\.forRoot)$/;
const CSRF = /^(csurf|@dr\.pogodin\/csurf|tiny-csrf|lusca\.csrf|koa-csrf|csrf-csrf\.doubleCsrf|csrf-sync\.csrfSync|@fastify\/csrf-protection|csrf-csrf)$/;
const BODY = /^(express|body-parser)\.(json|urlencoded|raw|text)$|^(body-parser)$|^(koa-body|koa-bodyparser|koa-body\.koaBody)$/;

/** Upload libraries, the option path to the per-file size limit, and whether they are unbounded by default. */
// Without a prototype: callee names such as `toString` must not find Object's methods.
const UPLOADS: Record<string, { limit: string[][]; unlimited: boolean }> = Object.assign(Object.create(null) as Record<string, { limit: string[][]; unlimited: boolean }>, {
  multer: { limit: [['limits', 'fileSize']], unlimited: true },
  'express-fileupload': { limit: [['limits', 'fileSize']], unlimited: true },
  busboy: { limit: [['limits', 'fileSize']], unlimited: true },
  formidable: { limit: [['maxFileSize']], unlimited: false },
  'formidable.IncomingForm': { limit: [['maxFileSize']], unlimited: false },
  'formidable.formidable': { limit: [['maxFileSize']], unlimited: false },
  multiparty: { limit: [['maxFilesSize']], unlimited: true },
  'multiparty.Form': { limit: [['maxFilesSize']], unlimited: true },
  '@fastify/multipart': { limit: [['limits', 'fileSize']], unlimited: false },
});

function nested(opts: AstNode | undefined, path: string[], index: JsIndex): AstNode | undefined {
  let cur = opts;
  for (const key of path) {
    const o = resolveObject(cur, index);
    if (!o) return undefined;
    cur = objectProp(o, key);
  }
  return cur;
}

function uploadFact(index: JsIndex, call: CallLike, library: string, optsNode: AstNode | undefined): FactInput {
  const spec = UPLOADS[library];
  const opts = resolveObject(optsNode, index);
  const dynamic = !!optsNode && !opts;
  let limit: number | string | null = null;
  for (const p of spec.limit) {
    const v = nested(opts, p, index);
    if (v) limit = numeric(v, index);
  }
  const lib = library.split('.')[0];
  const values = {
    library: lib,
    fileSizeLimit: dynamic ? 'dynamic' : limit,
    unlimitedByDefault: spec.unlimited,
    fileFilter: !!objectProp(opts, 'fileFilter'),
    storage: objectProp(opts, 'storage') ? 'custom' : objectProp(opts, 'dest') ? 'disk' : 'memory',
  };
  return configFact(index, call, 'upload', values, `${lib} uploads: file size limit ${limit ?? 'none'}`, lib);
}

export function protectionFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const call of [...index.nodesOf('CallExpression'), ...index.nodesOf('NewExpression')]) {
    const r = withoutDefault(index.resolvedCallee(call) ?? '');
    if (RATE_LIMIT_DEF.test(r)) {
      // A key function that never reads the client address (`keyGenerator: (req) => req.body.email`)
      // keys the limit on the account: a forged X-Forwarded-For does not escape it.
      const opts = resolveObject(call.arguments[0] as AstNode, index);
      const keyFn = objectProp(opts, 'keyGenerator') ?? objectProp(opts, 'key');
      const keyedOnAccount = !!keyFn && /Function/.test(keyFn.type) && !/\bips?\b|forwarded|remoteAddress|getClientIp/i.test(index.text(keyFn));
      out.push(configFact(index, call, 'rate-limit', { library: r.split('.')[0], scope: 'defined', ...(keyedOnAccount ? { keyedOnAccount } : {}) }, `rate limiter defined (${r})`, `def:${r}`));
    } else if (CSRF.test(r)) {
      // Applied only when a config module's debug switch is off (`if (!config.debug) app.use(csurf())`):
      // the rule weighs that against the shipped default of the switch.
      const gate = debugGate(call, index);
      out.push(configFact(index, call, 'csrf', { library: r.split('.')[0], ...(gate ? { gateModule: gate.module, gatePath: gate.path, gateAppliedWhen: gate.appliedWhen } : {}) }, `CSRF protection via ${r}`, r));
    } else if (BODY.test(r)) {
      const opts = resolveObject(call.arguments[0] as AstNode, index);
      const limit = numeric(objectProp(opts, 'limit') ?? objectProp(opts, 'jsonLimit'), index);
      out.push(configFact(index, call, 'body-limit', { library: r, limit }, `body parser ${r} limit ${limit ?? 'default'}`, r));
    } else if (UPLOADS[r]) {
      out.push(uploadFact(index, call, r, call.arguments[0] as AstNode));
    }
    if (call.type !== 'CallExpression') continue;
    const prop = calleeProperty(call);
    if (prop === 'use' || prop === 'useGlobalGuards') usedLimiter(index, call, out);
    if (prop === 'register' && call.arguments.length >= 1) {
      const plugin = (index.resolvedName(call.arguments[0] as AstNode) ?? '').replace(/\.default$/, '');
      const opts = resolveObject(call.arguments[1] as AstNode, index);
      if (/^(@fastify\/rate-limit|fastify-rate-limit)$/.test(plugin)) {
        const global = literalValue(objectProp(opts, 'global'), index) !== false;
        out.push(configFact(index, call, 'rate-limit', { library: plugin, scope: global ? 'global' : 'defined' }, `rate limiting via ${plugin}`, `use:${plugin}`));
      } else if (/^(@fastify\/csrf-protection|fastify-csrf)$/.test(plugin)) {
        out.push(configFact(index, call, 'csrf', { library: plugin }, `CSRF protection via ${plugin}`, plugin));
      } else if (UPLOADS[plugin]) {
        out.push(uploadFact(index, call, plugin, call.arguments[1] as AstNode));
      }
    }
  }
  // Nest: { provide: APP_GUARD, useClass: ThrottlerGuard }
  for (const obj of index.nodesOf('ObjectExpression')) {
    const provide = memberPath(objectProp(obj, 'provide'))?.join('.');
    const useClass = memberPath(objectProp(obj, 'useClass'))?.join('.') ?? '';
    if (provide === 'APP_GUARD' && /Throttler/i.test(useClass)) {
      out.push(configFact(index, obj, 'rate-limit', { library: '@nestjs/throttler', scope: 'global' }, 'ThrottlerGuard applied globally', 'nest-global'));
    }
  }
  return out;
}

/** `app.use(limiter)` / `app.use('/api', limiter)`: where a rate limiter applies. */
function usedLimiter(index: JsIndex, call: CallLike, out: FactInput[]): void {
  const args = call.arguments as AstNode[];
  const path = stringValue(args[0], index);
  const rest = flattenArgs(path !== undefined ? args.slice(1) : args);
  for (const arg of rest) {
    const ref = mwRef(arg, index);
    const byName = ref.role === undefined && /limit(er)?\b|limiter|throttl|brute|slowdown/i.test(ref.name);
    if (ref.role !== 'rate-limit' && !byName && !/Throttler/.test(calleeName(call) === 'app.useGlobalGuards' ? index.text(unwrap(arg)) : '')) continue;
    const scope = path === undefined || path === '/' || path === '*' ? 'global' : 'path';
    out.push(configFact(index, call, 'rate-limit', { library: ref.name, scope, path: path ?? null }, `rate limiter ${ref.name} applied ${scope === 'global' ? 'to every route' : `under ${path}`}`, `use:${ref.name}:${path ?? ''}`));
  }
}
