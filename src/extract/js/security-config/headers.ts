// Security response headers: helmet (and koa-helmet, @fastify/helmet, lusca), individual header
// middlewares, and headers set by hand (CSP, X-Frame-Options, HSTS, nosniff); Next.js in headers-next.ts.
import type { FactInput } from '../../../model/types.js';
import { calleeName, calleeProperty, literalValue, objectProp, resolveObject, type AstNode, type CallLike, type JsIndex } from '../_lib/ast.js';
import { configFact, headerCall } from './common.js';
import { nextHeaderFacts } from './headers-next.js';

const HELMET = /^(helmet|helmet\.default|koa-helmet|@fastify\/helmet|fastify-helmet|lusca|lusca\.default)$/;
const PARTS = /^(helmet|lusca)\.(contentSecurityPolicy|frameguard|hsts|noSniff|xframe|csp|xssProtection|referrerPolicy|crossOriginOpenerPolicy)$/;
/** The header each helmet/lusca part sends. */
const PART_HEADERS: Record<string, string> = {
  contentSecurityPolicy: 'content-security-policy',
  csp: 'content-security-policy',
  frameguard: 'x-frame-options',
  xframe: 'x-frame-options',
  hsts: 'strict-transport-security',
  noSniff: 'x-content-type-options',
  xssProtection: 'x-xss-protection',
  referrerPolicy: 'referrer-policy',
  crossOriginOpenerPolicy: 'cross-origin-opener-policy',
};
const SECURITY_HEADERS = new Set(['content-security-policy', 'x-frame-options', 'strict-transport-security', 'x-content-type-options', 'referrer-policy', 'permissions-policy']);

function helmetValues(opts: AstNode | undefined, index: JsIndex): Record<string, boolean> {
  const o = resolveObject(opts, index);
  const off = (k: string) => literalValue(objectProp(o, k), index) === false;
  return { csp: !off('contentSecurityPolicy'), frameguard: !off('frameguard') && !off('xFrameOptions'), hsts: !off('hsts') && !off('strictTransportSecurity') };
}

export function headerFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const manual = new Set<string>();
  let manualAt: CallLike | undefined;
  for (const call of index.nodesOf('CallExpression')) {
    const r = index.resolvedCallee(call) ?? '';
    if (HELMET.test(r)) {
      const library = r.replace(/\.default$/, '');
      out.push(configFact(index, call, 'headers', { library, ...helmetValues(call.arguments[0] as AstNode, index) }, `security headers via ${library}`, library));
    } else if (PARTS.test(r)) {
      out.push(configFact(index, call, 'headers', { library: r, partial: true, headers: PART_HEADERS[r.split('.').pop() ?? ''] ?? '' }, `security header via ${r}`, r));
    } else if (calleeProperty(call) === 'register' && /^(@fastify\/helmet|fastify-helmet)/.test(index.resolvedName(call.arguments[0] as AstNode) ?? '')) {
      out.push(configFact(index, call, 'headers', { library: '@fastify/helmet', ...helmetValues(call.arguments[1] as AstNode, index) }, 'security headers via @fastify/helmet', '@fastify/helmet'));
    } else if (calleeProperty(call) === 'disable' && /^(app|server|this\.app)\.disable$/.test(calleeName(call) ?? '') && literalValue(call.arguments[0] as AstNode, index) === 'x-powered-by') {
      out.push(configFact(index, call, 'headers', { library: 'express', poweredBy: false, partial: true }, 'X-Powered-By disabled', 'x-powered-by'));
    } else {
      const h = headerCall(call, index);
      if (h && SECURITY_HEADERS.has(h.name)) {
        manual.add(h.name);
        manualAt ??= call;
      }
    }
  }
  if (manualAt) {
    out.push(configFact(index, manualAt, 'headers', { library: 'manual', headers: [...manual].sort().join(','), partial: manual.size < 3 }, `security headers set by hand: ${[...manual].sort().join(', ')}`, 'manual'));
  }
  out.push(...nextHeaderFacts(index));
  return out;
}
