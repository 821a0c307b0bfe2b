// Authentication mechanisms configured in a file: passport strategies and sessions, server-side
// sessions (express-session, cookie-session, koa-session, @fastify/session), NextAuth, HTTP Basic.
import type { AuthFact, FactInput } from '../../../model/types.js';
import { calleeName, calleeProperty, unwrap, type AstNode, type CallLike, type JsIndex } from '../_lib/ast.js';

const STRATEGY_MECHANISM: [RegExp, AuthFact['mechanism']][] = [
  [/^passport-jwt$/, 'jwt'],
  [/^passport-local/, 'custom'],
  [/^passport-http$/, 'basic'],
  [/^passport-http-bearer$/, 'custom'],
  [/^passport-headerapikey$|api-?key/, 'api-key'],
  [/oauth|openid|oidc|saml|google|facebook|github|twitter|linkedin|microsoft|azure|auth0|okta|apple|gitlab|discord|slack|keycloak/, 'oauth'],
];

const SESSION_LIBS = /^(express-session|cookie-session|koa-session|@fastify\/session|@fastify\/secure-session|fastify-session|client-sessions|iron-session|next-iron-session)$/;

function fact(index: JsIndex, at: AstNode, mechanism: AuthFact['mechanism'], library: string, name: string, details: AuthFact['details'] = {}): FactInput {
  return {
    kind: 'auth',
    mechanism,
    role: 'config',
    library,
    name,
    details,
    evidence: index.evidence(at),
    key: `${index.file}#auth:config:${library}:${name}`,
  };
}

export function strategyFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const calls: CallLike[] = [...index.nodesOf('CallExpression'), ...index.nodesOf('NewExpression')];
  for (const call of calls) {
    const r = index.resolvedCallee(call) ?? '';
    const parts = r.split('.');
    const module = parts[0].startsWith('@') ? parts.slice(0, 2).join('.') : parts[0];
    if (call.type === 'NewExpression' && /^passport-/.test(module) && /Strategy$/.test(r)) {
      const mechanism = STRATEGY_MECHANISM.find(([re]) => re.test(module))?.[1] ?? 'custom';
      out.push(fact(index, call, mechanism, module, module.replace(/^passport-/, ''), { strategy: module }));
      continue;
    }
    if (call.type === 'CallExpression' && calleeName(call) === 'passport.session') {
      out.push(fact(index, call, 'session', 'passport', 'passport.session'));
      continue;
    }
    if (call.type === 'CallExpression' && SESSION_LIBS.test(r)) {
      out.push(fact(index, call, 'session', r, r));
      continue;
    }
    if (call.type === 'CallExpression' && calleeProperty(call) === 'register' && call.arguments.length >= 1 && SESSION_LIBS.test(index.resolvedName(call.arguments[0] as AstNode) ?? '')) {
      out.push(fact(index, call, 'session', index.resolvedName(call.arguments[0] as AstNode) ?? 'session', 'session'));
      continue;
    }
    if (/^next-auth(\.default)?$/.test(r) || r === 'next-auth.NextAuth') {
      out.push(fact(index, call, 'oauth', 'next-auth', 'NextAuth'));
      continue;
    }
    if (r === 'express-basic-auth' || r === 'basic-auth' || r === 'basic-auth-connect') {
      out.push(fact(index, call, 'basic', r, r));
      continue;
    }
    if (call.type === 'CallExpression' && /^(server|this\.server|app)\.auth\.strategy$/.test(calleeName(call) ?? '')) {
      const scheme = unwrap(call.arguments[1] as AstNode | undefined);
      const text = scheme ? index.text(scheme) : '';
      const mechanism: AuthFact['mechanism'] = /jwt/i.test(text) ? 'jwt' : /cookie|session/i.test(text) ? 'session' : /basic/i.test(text) ? 'basic' : 'custom';
      out.push(fact(index, call, mechanism, '@hapi', text.replace(/['"]/g, '')));
    }
  }
  return out;
}
