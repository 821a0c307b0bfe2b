// JWT issue/verify/decode sites and JWT middleware/strategy/module configuration: algorithms,
// `none`, verification skipped, where the secret comes from. Rules read the `details`.
import type { AuthFact, FactInput } from '../../../model/types.js';
import {
  calleeName,
  calleeProperty,
  isFunctionLike,
  literalValue,
  memberPath,
  nodesUnder,
  objectProp,
  paramNames,
  resolveObject,
  stringValue,
  unwrap,
  valueOrigin,
  type AstNode,
  type CallLike,
  type JsIndex,
} from '../_lib/ast.js';
import { optionsObject } from '../security-config/options-object.js';

type Details = NonNullable<AuthFact['details']>;

function algorithmsOf(opts: AstNode | undefined, key: string, index: JsIndex): string[] | undefined {
  const v = unwrap(objectProp(opts, key));
  if (!v) return undefined;
  if (v.type === 'ArrayExpression') return v.elements.map((e) => stringValue(e as AstNode, index) ?? '?');
  const s = stringValue(v, index);
  return s !== undefined ? [s] : ['?'];
}

function secretDetails(secret: AstNode | undefined, index: JsIndex): Details {
  if (!secret) return { secretOrigin: 'none' };
  const s = stringValue(secret, index);
  if (s !== undefined && /-----BEGIN (RSA |EC )?PUBLIC KEY|-----BEGIN CERTIFICATE/.test(s)) return { secretOrigin: 'public-key' };
  const origin = valueOrigin(secret, index);
  // A public key is not a secret, wherever it comes from.
  if (origin !== 'literal' && /public|\bpub\b|\.pub\b|cert|jwks/i.test(index.text(secret))) return { secretOrigin: 'public-key', keyHint: index.text(secret).slice(0, 60) };
  const d: Details = { secretOrigin: origin };
  if (origin === 'literal' && s !== undefined) d.secretLength = s.length;
  else d.keyHint = index.text(secret).replace(/\s+/g, ' ').slice(0, 60);
  const defined = definitionOf(secret, index);
  if (defined && (origin === 'literal' || origin === 'env-fallback')) d.secretLine = index.line(defined);
  return d;
}

/** Where a secret passed by name gets its value in this file (`const key = '...'`, `{ secret: '...' }`). */
function definitionOf(secret: AstNode, index: JsIndex): AstNode | undefined {
  const n = unwrap(secret);
  const path = memberPath(n);
  if (!path) return undefined;
  const init = index.initAt(path[0], n);
  if (!init) return undefined;
  if (path.length === 1) return init;
  const obj = resolveObject(init, index);
  return path.length === 2 ? objectProp(obj, path[1]) : undefined;
}

/** Options object of a call: a literal, or a same-file name never reassigned; `dynamic` when passed some other way. */
function options(call: CallLike, i: number, index: JsIndex): { opts?: AstNode; dynamic: boolean } {
  const arg = call.arguments[i] as AstNode | undefined;
  if (!arg || isFunctionLike(unwrap(arg))) return { dynamic: false };
  const opts = optionsObject(arg, index);
  return opts ? { opts, dynamic: false } : { dynamic: true };
}

/**
 * Where a shared options object is declared (`const options = { algorithms: [...] }` passed by name
 * to many verify calls), so rules can report a weak setting once, at the declaration.
 */
function sharedOptions(call: CallLike, i: number, opts: AstNode | undefined, index: JsIndex): Details {
  const arg = unwrap(call.arguments[i] as AstNode | undefined);
  if (!opts || !arg || arg.type !== 'Identifier') return {};
  const line = index.line(opts);
  const declared = index.lineText(line).trim().slice(0, 120);
  return { optionsName: arg.name, optionsScope: index.enclosingFunctionName(opts), optionsLine: line, optionsSnippet: declared };
}

const UNIT_SECONDS: Record<string, number> = { s: 1, sec: 1, secs: 1, second: 1, seconds: 1, m: 60, min: 60, mins: 60, minute: 60, minutes: 60, h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600, d: 86400, day: 86400, days: 86400, w: 604800, week: 604800, weeks: 604800, y: 31557600, yr: 31557600, year: 31557600, years: 31557600 };

/** `expiresIn` as seconds: a number of seconds, or an `ms`-style string ('60d', '2 hours', '3600'). */
function lifetimeSeconds(node: AstNode | undefined, index: JsIndex): number | undefined {
  if (!node) return undefined;
  const v = literalValue(node, index);
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(v);
  if (!m) return undefined;
  // jsonwebtoken reads a bare numeric string as milliseconds.
  if (!m[2]) return Number(m[1]) / 1000;
  const unit = UNIT_SECONDS[m[2].toLowerCase()];
  return unit === undefined ? undefined : Number(m[1]) * unit;
}

function fact(index: JsIndex, call: AstNode, role: AuthFact['role'], library: string, details: Details, api: string): FactInput {
  return {
    kind: 'auth',
    mechanism: 'jwt',
    role,
    library,
    details,
    evidence: index.evidence(call),
    key: `${index.file}#auth:${index.enclosingFunctionName(call)}:${api}`,
  };
}

/** The decoded token comes from the request (header, cookie, query, body), directly or via a local. */
export function fromRequest(call: CallLike, index: JsIndex): boolean {
  const arg = call.arguments[0] as AstNode | undefined;
  if (!arg) return false;
  const REQ = /\b(req|request|ctx|context|event|socket)\s*\.\s*(headers?|cookies|signedCookies|query|body|params|get|cookie|handshake|request)\b|authorization|bearer|\w*(jwt|token)\w*\s*\(\s*(req|request|ctx)\b/i;
  if (REQ.test(index.text(arg))) return true;
  for (const id of nodesUnder(arg, 'Identifier')) {
    const init = index.initAt(id.name, id);
    if (init && REQ.test(index.text(init))) return true;
  }
  return false;
}

/** The decoded token is the request's Authorization header (`req.headers.authorization`, `tokenFrom(req.headers)`). */
function fromHeader(call: CallLike, index: JsIndex): boolean {
  const arg = call.arguments[0] as AstNode | undefined;
  if (!arg) return false;
  const HEADER = /\bheaders?\b|authorization|bearer/i;
  if (HEADER.test(index.text(arg))) return true;
  return nodesUnder(arg, 'Identifier').some((id) => {
    const init = index.initAt(id.name, id);
    return !!init && HEADER.test(index.text(init));
  });
}

export function inRequestPath(call: AstNode, index: JsIndex): boolean {
  const fn = index.enclosingFunction(call);
  if (fn && ['req', 'request', 'ctx', 'context', 'socket'].includes(paramNames(fn)[0] ?? '')) return true;
  const parent = index.parent(call);
  const target = parent && parent.type === 'AssignmentExpression' ? memberPath(parent.left as AstNode) : undefined;
  return !!target && ['req', 'request', 'ctx'].includes(target[0]);
}

export function verifiedNearby(call: AstNode, index: JsIndex): boolean {
  const scope = (index.enclosingFunction(call) ?? index.program) as AstNode;
  return nodesUnder(scope, 'CallExpression').some((c) => {
    const r = index.resolvedCallee(c) ?? calleeName(c) ?? '';
    return /(^|\.)(verify|jwtVerify|verifyAsync)$/.test(r) && c !== call;
  });
}

/** Claims that only time a token (`exp`, `iat`, `nbf`) or describe it (`header`), not whose it is. */
const TIMING_CLAIMS = new Set(['exp', 'iat', 'nbf', 'header']);

/**
 * Is only the token's lifetime read from the decoded payload (`const { exp } = jwt.decode(token)`,
 * `jwt.decode(token).exp`)? Putting a token on a deny-list until it expires, or scheduling a refresh,
 * trusts no identity in it: a forged `exp` only changes how long the presented token stays listed.
 */
function timingClaimsOnly(call: AstNode, index: JsIndex): boolean {
  let node: AstNode = call;
  let parent = index.parent(node);
  while (parent && /^(AwaitExpression|TSAsExpression|TSNonNullExpression|ParenthesizedExpression|ChainExpression)$/.test(parent.type)) {
    node = parent;
    parent = index.parent(node);
  }
  if (!parent) return false;
  if (parent.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'ObjectPattern') {
    const props = parent.id.properties;
    return props.length > 0 && props.every((p) => p.type === 'Property' && p.key.type === 'Identifier' && TIMING_CLAIMS.has(p.key.name));
  }
  return parent.type === 'MemberExpression' && parent.object === node && !parent.computed && parent.property.type === 'Identifier' && TIMING_CLAIMS.has(parent.property.name);
}

export function jwtFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const calls: CallLike[] = [...index.nodesOf('CallExpression'), ...index.nodesOf('NewExpression')];
  for (const call of calls) {
    const r = index.resolvedCallee(call) ?? '';
    const name = calleeName(call) ?? '';
    const prop = calleeProperty(call);
    if (r === 'jsonwebtoken.sign' || r === 'jsonwebtoken.verify' || r === 'jsonwebtoken.decode' || (/^(sign|verify|signAsync|verifyAsync|decode)$/.test(prop ?? '') && /jwtService$/i.test(name.replace(/\.\w+$/, '')))) {
      const nest = !r.startsWith('jsonwebtoken');
      const op = (prop ?? '').replace(/Async$/, '');
      const library = nest ? '@nestjs/jwt' : 'jsonwebtoken';
      if (op === 'decode') {
        const inRequest = inRequestPath(call, index) && fromRequest(call, index);
        // Where the token came from and which handler decodes it: a rule can see whether every
        // route to that handler verified the same header token in a guard first.
        const site: Details = inRequest && fromHeader(call, index) ? { tokenFrom: 'header', handler: index.enclosingFunctionName(call) } : {};
        const details: Details = { operation: 'decode', verified: false, inRequestPath: inRequest, verifiedNearby: verifiedNearby(call, index), ...site };
        if (timingClaimsOnly(call, index)) details.claimsRead = 'timing';
        out.push(fact(index, call, 'token-verify', library, details, `${library}.decode`));
        continue;
      }
      const optIndex = nest ? 1 : 2;
      const { opts, dynamic } = options(call, optIndex, index);
      const secret = nest ? (objectProp(opts, 'secret') ?? objectProp(opts, 'privateKey') ?? objectProp(opts, 'publicKey')) : (call.arguments[1] as AstNode | undefined);
      const details: Details = { operation: op, ...(nest && !secret ? { secretOrigin: 'module' } : secretDetails(secret, index)), optionsDynamic: dynamic };
      if (op === 'sign') {
        const alg = stringValue(objectProp(opts, 'algorithm'), index);
        details.algorithm = alg ?? null;
        details.none = alg?.toLowerCase() === 'none';
        // `exp`, or an application claim its own verifier bounds the age by (`expiresAt`,
        // `validUntil`, an explicit `createdAt`; jsonwebtoken adds `iat` to every token, so not that).
        details.expiresIn = !!objectProp(opts, 'expiresIn') || /\b(exp|expires\w*|expiry|expiration\w*|valid_?until|ttl|created_?at|createdAt|issued_?at|issuedAt)\b/i.test(index.text(call.arguments[0] as AstNode ?? call));
        // What the token-lifetime rule needs: a payload written out (so a missing `exp` is known),
        // and the lifetime when `expiresIn` is a literal ('60d', 3600).
        const payload = unwrap(call.arguments[0] as AstNode | undefined);
        details.payloadLiteral = payload?.type === 'ObjectExpression' && !payload.properties.some((p) => p.type === 'SpreadElement');
        const lifetime = lifetimeSeconds(objectProp(opts, 'expiresIn'), index);
        if (lifetime !== undefined) details.lifetimeSeconds = lifetime;
        out.push(fact(index, call, 'token-issue', library, details, `${library}.sign`));
      } else {
        const algs = algorithmsOf(opts, 'algorithms', index);
        details.algorithms = algs ? algs.join(',') : null;
        details.none = !!algs?.some((a) => a.toLowerCase() === 'none');
        details.ignoreExpiration = literalValue(objectProp(opts, 'ignoreExpiration'), index) === true;
        details.maxAge = !!objectProp(opts, 'maxAge');
        Object.assign(details, sharedOptions(call, optIndex, opts, index));
        out.push(fact(index, call, 'token-verify', library, details, `${library}.verify`));
      }
      continue;
    }
    if (r === 'jwt-simple.decode' || r === 'jwt-simple.encode') {
      const noVerify = literalValue(call.arguments[2] as AstNode, index) === true;
      const alg = stringValue(call.arguments[r.endsWith('decode') ? 3 : 2] as AstNode, index);
      const details: Details = { operation: r.endsWith('decode') ? (noVerify ? 'decode' : 'verify') : 'sign', ...secretDetails(call.arguments[1] as AstNode, index), none: alg?.toLowerCase() === 'none', verified: !noVerify };
      if (noVerify) Object.assign(details, { inRequestPath: inRequestPath(call, index), verifiedNearby: false });
      out.push(fact(index, call, r.endsWith('encode') ? 'token-issue' : 'token-verify', 'jwt-simple', details, r));
      continue;
    }
    // jws before 3.0 took the algorithm from the token's header (`jws.verify(token, key)`): `none`
    // and HMAC-with-the-public-key tokens pass. From 3.0 the algorithm is the second argument.
    if (r === 'jws.verify') {
      const pinned = call.arguments.length >= 3;
      const alg = pinned ? stringValue(call.arguments[1] as AstNode, index) ?? '?' : undefined;
      const secret = call.arguments[pinned ? 2 : 1] as AstNode | undefined;
      out.push(fact(index, call, 'token-verify', 'jws', { operation: 'verify', algorithms: alg ?? null, none: alg?.toLowerCase() === 'none', optionsDynamic: false, ...secretDetails(secret, index) }, r));
      continue;
    }
    if (r === 'jose.jwtVerify') {
      const { opts, dynamic } = options(call, 2, index);
      const algs = algorithmsOf(opts, 'algorithms', index);
      out.push(fact(index, call, 'token-verify', 'jose', { operation: 'verify', algorithms: algs ? algs.join(',') : null, none: false, optionsDynamic: dynamic, ...secretDetails(call.arguments[1] as AstNode, index), keyIsJwks: /JWKS|jwks/.test(index.text(call.arguments[1] as AstNode ?? call)) }, r));
      continue;
    }
    if (/^jose\.(UnsecuredJWT|UnsecuredJWT\.decode)$/.test(r)) {
      out.push(fact(index, call, 'token-verify', 'jose', { operation: 'decode', none: true, verified: false, inRequestPath: inRequestPath(call, index), verifiedNearby: false }, r));
      continue;
    }
    if (/^(express-jwt|express-jwt\.(expressjwt|expressJwt|default)|koa-jwt|koa-jwt\.default)$/.test(r)) {
      const { opts, dynamic } = options(call, 0, index);
      const algs = algorithmsOf(opts, 'algorithms', index);
      const secret = objectProp(opts, 'secret');
      out.push(fact(index, call, 'config', r.split('.')[0], { operation: 'middleware', algorithms: algs ? algs.join(',') : null, none: !!algs?.some((a) => a.toLowerCase() === 'none'), optionsDynamic: dynamic, credentialsRequired: literalValue(objectProp(opts, 'credentialsRequired'), index) !== false, ...secretDetails(secret, index), keyIsJwks: /jwks|expressJwtSecret|koaJwtSecret/i.test(index.text(secret ?? call)) }, r));
      continue;
    }
    if (/^passport-jwt\.Strategy$/.test(r) || (call.type === 'CallExpression' && unwrap(call.callee).type === 'Super' && superIsJwtStrategy(call, index))) {
      const { opts, dynamic } = options(call, 0, index);
      const algs = algorithmsOf(opts, 'algorithms', index);
      const secret = objectProp(opts, 'secretOrKey');
      out.push(fact(index, call, 'config', 'passport-jwt', { operation: 'strategy', algorithms: algs ? algs.join(',') : null, none: !!algs?.some((a) => a.toLowerCase() === 'none'), optionsDynamic: dynamic, ignoreExpiration: literalValue(objectProp(opts, 'ignoreExpiration'), index) === true, ...(secret ? secretDetails(secret, index) : { secretOrigin: objectProp(opts, 'secretOrKeyProvider') ? 'dynamic' : 'none' }), ...sharedOptions(call, 0, opts, index) }, 'passport-jwt.Strategy'));
      continue;
    }
    if (/(^|\.)JwtModule\.(register|registerAsync)$/.test(r) || /^@nestjs\/jwt\.JwtModule\.register/.test(r)) {
      const { opts, dynamic } = options(call, 0, index);
      const factory = objectProp(opts, 'useFactory');
      const secret = objectProp(opts, 'secret') ?? objectProp(opts, 'privateKey');
      const signOptions = resolveObject(objectProp(opts, 'signOptions'), index);
      const algorithm = stringValue(objectProp(signOptions, 'algorithm'), index);
      // The lifetime of every token the module's JwtService signs (`signOptions: { expiresIn: '180 days' }`).
      const lifetime = lifetimeSeconds(objectProp(signOptions, 'expiresIn'), index);
      out.push(fact(index, call, 'config', '@nestjs/jwt', { operation: 'module', algorithm: algorithm ?? null, none: algorithm?.toLowerCase() === 'none', optionsDynamic: dynamic || !!factory, ...(lifetime !== undefined ? { lifetimeSeconds: lifetime } : {}), ...(secret ? secretDetails(secret, index) : { secretOrigin: factory ? 'dynamic' : 'none' }) }, 'JwtModule.register'));
      continue;
    }
    if (prop === 'register' && call.arguments.length >= 2 && /^(@fastify\/jwt|fastify-jwt)/.test(index.resolvedName(call.arguments[0] as AstNode) ?? '')) {
      const { opts, dynamic } = options(call, 1, index);
      const secret = objectProp(opts, 'secret');
      out.push(fact(index, call, 'config', '@fastify/jwt', { operation: 'module', optionsDynamic: dynamic, ...secretDetails(secret, index) }, '@fastify/jwt'));
    }
  }
  return out;
}

/** `super({...})` inside `class X extends PassportStrategy(Strategy)` with Strategy from passport-jwt. */
function superIsJwtStrategy(call: AstNode, index: JsIndex): boolean {
  const cls = index.enclosingClass(call);
  const sup = unwrap(cls?.superClass as AstNode | null | undefined);
  if (!sup || sup.type !== 'CallExpression') return false;
  return sup.arguments.some((a) => /^passport-jwt(\.Strategy)?$/.test(index.resolvedName(a as AstNode) ?? ''));
}
