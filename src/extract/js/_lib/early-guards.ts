// Judges an RPC-style middleware or handler (tRPC `t.middleware(({ ctx, next }) => ...)`, a
// procedure's resolver, a Hono `(c, next) => ...` middleware or `(c) => ...` handler) by
// what its body does before it lets the call through: a top-level `if (!ctx.session) throw new
// TRPCError({ code: 'UNAUTHORIZED' })` requires a user, one that tests a role or an admin flag
// (directly or through a `const isUserAdmin = isAdmin(ctx.user)`) requires an administrator. A
// check that runs only on some paths (inside `if (authorizationHeader) {...}`, or after an early
// `return` of a public path) guards nothing on the others: optional authentication.
import { calleeName, isFunctionLike, nodesUnder, paramNames, someNode, unwrap, unwrapAwait, type AstNode, type FunctionLike, type JsIndex } from './ast.js';
import { pathTest } from './guard-bypass.js';
import { rejects } from './routes-guard-signals.js';
import { authLikeName, rateLimitLikeName } from './routes.js';

export type Level = 'none' | 'optional' | 'user' | 'admin' | 'unknown';

export interface Verdict {
  level: Level;
  why: string;
  /** A resolver that lets a caller in by a token it is given (a signing link, an invite): no login, but not open either. */
  capability?: boolean;
  /** A resolver that checks credentials it is given (a password, an API key) and answers with a session or key: a login step. */
  login?: boolean;
  /** Besides the login it requires, it admits a caller by a capability it validates (`share`: `validateShareAccess(input.shareId)`). */
  altCapability?: string;
  /** Request paths an early `if (c.req.path === '/health') return next()` lets past the checks (exact, or `re:` for prefixes). */
  unless?: string[];
  /** No login, but refuses unless the application's first-run (onboarding, setup) state admits the call: set by callers that read such gates. */
  bootstrap?: boolean;
}

/** The caller's identity as tRPC code reads it: `ctx.user`, `ctx.session?.user`, `opts.ctx.auth.userId`. */
const IDENTITY = /\b(?:ctx|context)\s*\??\.\s*(?:user|session|auth|userId|viewer|account|identity|me|token|apiKey|member|currentUser)\b|\bc\s*\.\s*(?:get\s*\(\s*['"`](?:user|session|auth\w*|jwtPayload|userId|currentUser)['"`]|var\s*\.\s*(?:user|session|auth\w*|jwtPayload|userId|currentUser)\b)/;
/** Names of the caller without the context (`if (!session) throw ...UNAUTHORIZED`), counted only with an auth refusal. */
const LOOSE_IDENTITY = /\b(?:session|user|currentUser|userId|viewer|identity|principal|authUser|auth|token|\w*Token|apiKey|key|\w*Key)\b/;
/** An administrator check: a flag or helper (`isAdmin`, `user.isSuperuser`) or a role compared with an admin-like value. */
const ADMIN = /\b(?:is_?admin|isSuperuser|is_?superuser|superuser|isStaff|is_staff|isSysadmin|sysop)\b|\.admin\b|\badmin(?:Only|istrator)?\b|\brole[s]?\b[^;]*?\b(?:admin\w*|ADMIN\w*|Admin\w*|super\w*|SUPER\w*|owner|OWNER)\b/i;
/** The verdict of a credential check (`!result.isAuthorized`, `!check.authenticated`), counted only with an auth refusal. */
const AUTHORIZED_RESULT = /\.\s*(?:is)?(?:[Aa]uthori[sz]ed|[Aa]uthenticated)\b/;
/** A local named for an administrator credential (`adminAuthResult`, `adminKeyCheck`). */
const ADMIN_PREFIX = /\badmin[A-Z]\w*\s*\??\./;
/** `throw new TRPCError({ code: 'UNAUTHORIZED' })` or FORBIDDEN: the call is refused for who the caller is. */
const AUTH_CODE = /['"`.](?:UNAUTHORI[SZ]ED|FORBIDDEN)\b/;
/** A credential the request carries, read by the test (`const [apiToken] = authorization.split('Bearer ')`). */
const REQUEST_CREDENTIAL = /(?:headers\s*\.\s*get|\.\s*header)\s*\(\s*['"`](?:authorization|x-api-key|api-key|x-auth-token)['"`]|\bauthorizationHeader\b/i;
/** A vendor key or token header (`c.req.header('x-acme-key')`), counted when its absence is refused as unauthorised. */
const CREDENTIAL_HEADER = /(?:headers\s*\.\s*get|\.\s*header)\s*\(\s*['"`][\w-]*[-_](?:key|token|secret)['"`]/i;

/** `bearerAuth({ token })`, `basicAuth({ username, password })`, `jwt({ secret })` from Hono's middleware. */
export const HONO_AUTH = /^hono\/(bearer-auth\.bearerAuth|basic-auth\.basicAuth|jwt\.jwt|jwk\.jwk)$/;

/**
 * `return bearerAuth({ token: process.env.CRON_SECRET })(c, next)`: the branch hands the call to
 * one of Hono's credential middlewares, built on the spot and given this middleware's context.
 */
function handsToCredentialMiddleware(branch: AstNode, requestName: string | undefined, index: JsIndex): string | undefined {
  const body = statements(branch);
  const last = body[body.length - 1];
  const call = last?.type === 'ReturnStatement' ? unwrapAwait(last.argument as AstNode | null) : undefined;
  if (!call || call.type !== 'CallExpression') return undefined;
  const built = unwrap(call.callee as AstNode);
  const first = unwrap(call.arguments[0] as AstNode | undefined);
  if (built.type !== 'CallExpression' || !HONO_AUTH.test(index.resolvedCallee(built) ?? '')) return undefined;
  if (!requestName || first?.type !== 'Identifier' || first.name !== requestName) return undefined;
  return index.text(built).replace(/\s+/g, ' ').slice(0, 60);
}

/** An answer with an error status: `c.json({ error }, 500)`, `new Response(null, { status: 503 })`. */
function errorAnswer(node: AstNode, index: JsIndex): boolean {
  if (refusal(node, index)) return true;
  return someNode(node, (n) => {
    if (n.type !== 'Literal') return false;
    const v = (n as unknown as { value: unknown }).value;
    return typeof v === 'number' && v >= 400 && v < 600;
  });
}

/**
 * The statements after a branch never let the call through: no `next()`, and every way out is a
 * throw or an error answer (`logger.error(...); return c.json({ error: 'not configured' }, 500)`).
 */
function failsClosed(rest: AstNode[], index: JsIndex): boolean {
  const last = rest[rest.length - 1];
  if (!last || (last.type !== 'ReturnStatement' && last.type !== 'ThrowStatement')) return false;
  if (rest.some((s) => someNode(s, (n) => n.type === 'CallExpression' && /(^|\.)next$/.test(calleeName(n) ?? '')))) return false;
  return rest.every((s) => !someNode(s, (n) => n.type === 'ReturnStatement' && !(n.argument && errorAnswer(n.argument as AstNode, index))));
}

/** The text a test reads, with one level of `const` aliases it names (`!isUserAdmin`, `!user`). */
function testText(test: AstNode, index: JsIndex): string {
  const parts = [index.text(test)];
  for (const id of nodesUnder(test, 'Identifier')) {
    const init = index.initAt(id.name, id);
    if (init && !isFunctionLike(unwrap(init))) parts.push(index.text(init).slice(0, 200));
  }
  return parts.join(' ');
}

/** An error helper handed the status first: `quickError(401, 'no_key')`, `fail(403)`, `httpError(401, msg)`. */
const ERROR_HELPER = /error|fail|deny|denied|reject|refuse|abort|unauthori[sz]ed|forbidden|exception/i;

/** Hono and fetch-style refusals: `c.json(body, 401)`, `c.text('no', 403)`, `new Response(null, { status: 401 })`, `return quickError(401, …)`. */
function statusRefusal(node: AstNode): string | undefined {
  let why: string | undefined;
  someNode(node, (n) => {
    if (n.type !== 'CallExpression') return false;
    const prop = calleeName(n)?.split('.').pop() ?? '';
    const first = n.arguments.length > 0 ? unwrap(n.arguments[0] as AstNode) : undefined;
    const code = first?.type === 'Literal' ? (first as unknown as { value: unknown }).value : undefined;
    if ((code === 401 || code === 403) && ERROR_HELPER.test(prop)) {
      why = `${prop}(${code})`;
      return true;
    }
    if (!/^(json|text|body|html|newResponse)$/.test(prop) || n.arguments.length < 2) return false;
    const status = unwrap(n.arguments[1] as AstNode);
    const v = status.type === 'Literal' ? (status as unknown as { value: unknown }).value : undefined;
    if (v === 401 || v === 403) why = `${prop}(…, ${v})`;
    return why !== undefined;
  });
  return why;
}

/** Does a subtree end the call unsuccessfully? */
function refusal(node: AstNode, index: JsIndex): string | undefined {
  return rejects(node, index) ?? statusRefusal(node);
}

/** Does a branch let the call through (`return next(...)`, `return await something`)? */
function returnsSuccess(branch: AstNode, index: JsIndex): boolean {
  return someNode(branch, (n) => {
    if (n.type !== 'ReturnStatement') return false;
    const arg = unwrapAwait(n.argument as AstNode | null);
    // `return next({ ctx })` hands the call on (the shared test reads `next(x)` as Express error passing).
    if (!arg || (arg.type === 'CallExpression' && /(^|\.)next$/.test(calleeName(arg) ?? ''))) return true;
    // `return simpleRateLimit({ reason })`, `return quickError(429, …)`: an error answer, no way in.
    if (arg.type === 'CallExpression') {
      const name = calleeName(arg)?.split('.').pop() ?? '';
      if (rateLimitLikeName(name) || (ERROR_HELPER.test(name) && !/^(?:on|handle|catch|log)/i.test(name))) return false;
    }
    return refusal(arg, index) === undefined;
  });
}

/** Statements of a block or a single statement. */
function statements(node: AstNode | null | undefined): AstNode[] {
  if (!node) return [];
  return node.type === 'BlockStatement' ? (node.body as AstNode[]) : [node];
}

/** Is this branch a refusal: it throws (or answers 401/403) and never passes the call on? */
function endsInThrow(branch: AstNode): boolean {
  const body = statements(branch);
  return body[body.length - 1]?.type === 'ThrowStatement';
}

function refuses(branch: AstNode, index: JsIndex): string | undefined {
  if (returnsSuccess(branch, index)) return undefined;
  const body = statements(branch);
  const last = body[body.length - 1];
  if (!last || (last.type !== 'ThrowStatement' && last.type !== 'ReturnStatement')) return undefined;
  return refusal(branch, index);
}

/**
 * `if (authorizationHeader) { ...verify, throw when bad...; return next(...) }`: another way in that
 * authenticates by itself (it refuses bad credentials on the way), not a public path.
 */
function authenticatingBranch(test: AstNode, branch: AstNode, index: JsIndex): boolean {
  if (!someNode(branch, (n) => n.type === 'ThrowStatement')) return false;
  return /authori[sz]ation|token|api[-_]?key|bearer|cookie|session|credential/i.test(testText(test, index));
}

/** A variable naming a credential the request carries: `jwt`, `apiKey`, `capgkey`, `bearerToken`, `sessionId`. */
const CREDENTIAL_NAME = /jwt|token|key|bearer|session|credential|auth/i;

/**
 * `if (jwt) { await verifyJwt(c, jwt) ... } else if (apiKey) { ... checkKey(c, apiKey) ... } else
 * { return c.json({ error }, 401) }`: every branch hands the credential it tests to a check, none
 * passes the call on by itself, and a request carrying none of them is refused as unauthorised.
 */
function credentialChain(stmt: AstNode, index: JsIndex): string | undefined {
  const tested: string[] = [];
  let s: AstNode | null = stmt;
  while (s && s.type === 'IfStatement') {
    const t = unwrap(s.test as AstNode);
    if (t.type !== 'Identifier' && t.type !== 'MemberExpression') return undefined;
    const name = index.text(t);
    if (!CREDENTIAL_NAME.test(name.split('.').pop() ?? '')) return undefined;
    const branch = s.consequent as AstNode;
    if (someNode(branch, (n) => n.type === 'CallExpression' && /(^|\.)next$/.test(calleeName(n) ?? ''))) return undefined;
    if (!nodesUnder(branch, 'CallExpression').some((c) => c.arguments.some((a) => index.text(a as AstNode) === name))) return undefined;
    tested.push(name);
    s = s.alternate as AstNode | null;
  }
  if (!s || tested.length === 0) return undefined;
  const refused = statusRefusal(s) ?? (AUTH_CODE.test(index.text(s)) ? refuses(s, index) : undefined);
  return refused && refuses(s, index) ? `${tested.join(' / ')} checked, none → ${refused}` : undefined;
}

/** A validator of something the caller holds: `validateShareAccess`, `verifyInviteToken`, `checkSignature`. */
const CAPABILITY_CALL = /^(?:validate|verify|check|assert|ensure)\w*?(share|invite|capability|signature|grant|link)\w*$/i;

/**
 * A branch taken when the caller names a capability (`if (input.shareId)`) that hands what the test
 * reads to a validator which throws itself (`await validateShareAccess(input.shareId, ...)`) or
 * whose result decides a refusal (`if (!v.isValid) throw ...`): the kind of capability.
 */
function capabilityBranch(test: AstNode, branch: AstNode, index: JsIndex): string | undefined {
  const tested = new Set(nodesUnder(test, 'MemberExpression').map((m) => index.text(m)));
  const t = unwrap(test);
  if (t.type === 'Identifier' || t.type === 'MemberExpression') tested.add(index.text(t));
  if (tested.size === 0) return undefined;
  for (const call of nodesUnder(branch, 'CallExpression')) {
    const kind = CAPABILITY_CALL.exec(calleeName(call)?.split('.').pop() ?? '')?.[1];
    if (!kind || !call.arguments.some((a) => tested.has(index.text(a as AstNode)))) continue;
    const stmt = statements(branch).find((st) => st.start <= call.start && call.end <= st.end);
    if (!stmt) continue;
    // A statement of its own: the validator throws when the capability is bad.
    if (stmt.type === 'ExpressionStatement' && unwrapAwait(stmt.expression as AstNode) === call) return kind.toLowerCase();
    // `const v = await validate(...)`, then `if (!v.isValid) throw ...`.
    const decl = stmt.type === 'VariableDeclaration' ? stmt.declarations.find((d) => unwrapAwait(d.init as AstNode | null) === call) : undefined;
    const name = decl && decl.id.type === 'Identifier' ? decl.id.name : undefined;
    if (name && statements(branch).some((st) => st.type === 'IfStatement' && nodesUnder(st.test as AstNode, 'Identifier').some((i) => i.name === name) && refuses(st.consequent as AstNode, index))) return kind.toLowerCase();
  }
  return undefined;
}

/** A test that is only a negated administrator flag: `!isAdmin`, `!(await isPlatformAdmin)`, `!user.is_superuser`. */
const NEGATED_ADMIN_FLAG = /^\s*!\s*\(?\s*(?:await\s+)?(?:[\w$]+\s*\??\.\s*)*(?:is_?admin|is\w*Admin|is_?superuser|isSuperAdmin|is_?staff|isSysadmin)\s*\)?\s*$/i;

function levelOf(test: AstNode, branch: AstNode, index: JsIndex): 'user' | 'admin' | undefined {
  const text = testText(test, index);
  // `const { data: isAdmin } = await db.rpc('is_platform_admin'); if (!isAdmin) throw …`: refused unless an administrator.
  if (NEGATED_ADMIN_FLAG.test(index.text(test))) return 'admin';
  // A not-found check on a record the resolver loaded (`if (!user) throw NOT_FOUND`) is no auth.
  const authRefusal = AUTH_CODE.test(index.text(branch)) || statusRefusal(branch) !== undefined;
  // A bare name (`!session`) counts only in an existence test: `user.email === x` compares a record.
  const exists = /^\s*!|[!=]==?\s*(?:null|undefined)\b/.test(index.text(test));
  const caller = IDENTITY.test(text) || REQUEST_CREDENTIAL.test(text) || (authRefusal && exists && (LOOSE_IDENTITY.test(text) || CREDENTIAL_HEADER.test(text) || AUTHORIZED_RESULT.test(text))) || sharedSecretCompare(test, text);
  // `if (!adminAuthResult.isAuthorized) throw UNAUTHORIZED`: the verdict of an administrator credential check.
  if ((ADMIN.test(text) || (ADMIN_PREFIX.test(text) && AUTHORIZED_RESULT.test(text))) && (caller || authRefusal)) return 'admin';
  return caller ? 'user' : undefined;
}

/** A constant-time comparison (`timingSafeEqual`, `safeCompare`): only credentials are compared that way. */
const CONSTANT_TIME = /\b(?:timingSafeEqual|(?:timing|constant)[-_]?(?:Safe|Time)[-_]?(?:Equal|Compare)\w*|safeCompare|secureCompare|safeEqual|secureEqual)\s*\(/i;

/** `if (!(await timingSafeEqual(c.req.header('x-secret'), env.SECRET))) throw …`: a shared secret the request carries, compared in constant time. */
function sharedSecretCompare(test: AstNode, text: string): boolean {
  return CONSTANT_TIME.test(text) && /\bheaders?\b|\.header\s*\(/i.test(text) && nodesUnder(test, 'CallExpression').some((c) => CONSTANT_TIME.test(`${calleeName(c) ?? ''}(`));
}

const RANK: Record<Level, number> = { none: 0, optional: 1, unknown: 2, user: 3, admin: 4 };

/** Names the middleware's context goes by: its first parameter, or `ctx` / `c` / `context` destructured from it (tRPC's `({ ctx, next })`). */
function contextParams(fn: FunctionLike): Set<string> {
  const first = fn.params[0] ? unwrap(fn.params[0] as AstNode) : undefined;
  const p = first?.type === 'AssignmentPattern' ? unwrap(first.left as AstNode) : first;
  if (p?.type === 'Identifier') return new Set([p.name]);
  const out = new Set<string>();
  if (p?.type !== 'ObjectPattern') return out;
  for (const prop of p.properties) {
    if (prop.type !== 'Property' || prop.key.type !== 'Identifier' || !/^(ctx|c|context)$/.test(prop.key.name)) continue;
    const v = unwrap(prop.value as AstNode);
    if (v.type === 'Identifier') out.add(v.name);
  }
  return out;
}

/** Fields of a context that carry the request or the caller: a test of them is a test of what the client sent. */
const REQUEST_FIELD = /^(req|request|raw|res|response|input|rawInput|path|url|method|headers?|query|params|body|cookies?|session|user|auth\w*|token|ip|host|origin|type|meta)$/i;

/**
 * `ctx.transport === 'ws'`, `ctx.bypassAuth === true`: a field the server put on the context (the
 * transport, already authenticated when its connection was opened; an in-process caller) compared
 * with a literal. No request value decides it, so an early `return next()` on it is not a public
 * path past the checks below.
 */
function serverMode(test: AstNode, contexts: ReadonlySet<string>): boolean {
  const t = unwrap(test);
  if (t.type !== 'BinaryExpression' || !['===', '==', '!==', '!='].includes(t.operator)) return false;
  const sides = [unwrap(t.left as AstNode), unwrap(t.right as AstNode)];
  const literal = sides.find((s) => s.type === 'Literal' && (typeof s.value === 'string' || typeof s.value === 'boolean'));
  const field = sides.find((s) => s !== literal);
  if (!literal || field?.type !== 'MemberExpression' || field.computed || field.property.type !== 'Identifier') return false;
  const obj = unwrap(field.object as AstNode);
  return obj.type === 'Identifier' && contexts.has(obj.name) && !REQUEST_FIELD.test(field.property.name);
}

/**
 * What a middleware or resolver requires of its caller. Only checks on the path every call takes
 * count; `optional` when the body refuses bad credentials somewhere but lets anonymous calls through.
 */
export function judgeBody(fn: FunctionLike, index: JsIndex, resolver = false): Verdict {
  const body = unwrap(fn.body as AstNode | null);
  if (!body || body.type !== 'BlockStatement') return { level: 'none', why: '' };
  // `try { ...checks...; work } catch (e) { ... }`: the try block runs on every call.
  const top: AstNode[] = [];
  // `try { if (!token) throw new Error('missing'); await verify(token) } catch { throw UNAUTHORIZED }`:
  // any throw of the try block ends in the catch's refusal.
  const caught = new Map<AstNode, AstNode>();
  for (const stmt of body.body as AstNode[]) {
    if (stmt.type !== 'TryStatement') {
      top.push(stmt);
      continue;
    }
    const block = (stmt.block as AstNode & { body: AstNode[] }).body ?? [];
    top.push(...block);
    const handler = stmt.handler as { body?: AstNode } | null;
    if (handler?.body && refuses(handler.body, index)) for (const s of block) caught.set(s, handler.body);
  }
  let level: Level = 'none';
  const whys: string[] = [];
  const raise = (l: Level, why: string) => {
    if (RANK[l] > RANK[level]) level = l;
    whys.push(why);
  };
  let open = true;
  let altCapability: string | undefined;
  const unless: string[] = [];
  // The context or request the middleware is given (`(c, next)`): paths are read from it.
  const requestName = paramNames(fn)[0];
  const contextNames = contextParams(fn);
  let loginTest = false;
  const scan = (stmts: AstNode[]): void => {
    for (const [i, stmt] of stmts.entries()) {
      if (!open) break;
      if (stmt.type === 'ReturnStatement') break;
      if (stmt.type === 'IfStatement') {
        const cons = stmt.consequent as AstNode;
        const alt = stmt.alternate as AstNode | null;
        // `if (process.env.CRON_SECRET) return bearerAuth({ token: ... })(c, next);` and an error
        // answer otherwise: Hono's credential middleware decides every call that gets through.
        const delegated = alt ? undefined : handsToCredentialMiddleware(cons, requestName, index);
        if (delegated && failsClosed(stmts.slice(i + 1), index)) {
          raise('user', `${delegated} (refuses otherwise)`);
          open = false;
          continue;
        }
        // `if (input.shareId) { validate it, refuse when invalid; return next() } ...`: another way in
        // that checks what the caller holds; the checks on the other path still count.
        const chain = alt ? credentialChain(stmt, index) : undefined;
        if (chain) {
          raise('user', chain);
          continue;
        }
        const capability = capabilityBranch(stmt.test as AstNode, cons, index);
        if (capability) {
          altCapability = capability;
          if (alt) scan(statements(alt));
          continue;
        }
        const viaCatch = endsInThrow(cons) ? caught.get(stmt) : undefined;
        const refused = refuses(cons, index) ?? (viaCatch ? refuses(viaCatch, index) : undefined);
        // `if (!(await ctx.user.validatePassword(input.password))) throw UNAUTHORIZED`: a resolver checking
        // the credentials it is given is a login step, not a check of a signed-in caller.
        if (refused && resolver && verifiesGivenCredentials(stmt.test as AstNode, index)) {
          loginTest = true;
          continue;
        }
        if (refused) {
          const l = levelOf(stmt.test as AstNode, cons, index) ?? (viaCatch ? levelOf(stmt.test as AstNode, viaCatch, index) : undefined);
          if (l) raise(l, `${index.text(stmt.test as AstNode).replace(/\s+/g, ' ').slice(0, 80)} → ${refused}`);
          continue;
        }
        if (alt && refuses(alt, index)) {
          const l = levelOf(stmt.test as AstNode, alt, index);
          if (l) raise(l, `${index.text(stmt.test as AstNode).replace(/\s+/g, ' ').slice(0, 80)} else refuses`);
          if (returnsSuccess(cons, index) && !l) open = false;
          continue;
        }
        // Named request paths let through (`if (c.req.path === '/health') return next()`): the later
        // checks still hold for every other path.
        const exempt = !alt && requestName && returnsSuccess(cons, index) ? pathTest(stmt.test as AstNode, requestName, index) : undefined;
        if (exempt && exempt.lists.length === 0 && exempt.unless.length > 0) {
          unless.push(...exempt.unless);
          continue;
        }
        // `if (ctx.transport === 'ws') return next()`: a mode the server set on the context, not a public path.
        if (!alt && returnsSuccess(cons, index) && serverMode(stmt.test as AstNode, contextNames)) {
          whys.push(`except when ${index.text(stmt.test as AstNode).replace(/\s+/g, ' ').slice(0, 60)}`);
          continue;
        }
        // An early way out: fine when it authenticates by itself, else a public path past every later check.
        if (returnsSuccess(cons, index) && !authenticatingBranch(stmt.test as AstNode, cons, index)) open = false;
        if (alt && returnsSuccess(alt, index)) open = false;
        continue;
      }
      // `await requireUser(ctx)` / `assertAdmin(ctx.user)`: a helper judged by its name only.
      if (stmt.type === 'ExpressionStatement') {
        const call = unwrapAwait(stmt.expression as AstNode);
        const name = call?.type === 'CallExpression' ? (calleeName(call) ?? '') : '';
        if (name && /^(assert|require|ensure|check|verify|enforce)/i.test(name.split('.').pop() ?? '') && authLikeName(name) && call && IDENTITY.test(index.text(call))) {
          raise(ADMIN.test(name) ? 'admin' : 'unknown', `${name}()`);
        }
      }
    }
  };
  scan(top);
  const final = level as Level;
  if (unless.length > 0 && (final === 'user' || final === 'admin')) {
    const v: Verdict = { level: final, why: `${whys.join('; ')} (not on ${unless.join(', ')})`, unless };
    return altCapability ? { ...v, altCapability } : v;
  }
  if (altCapability && (final === 'user' || final === 'admin')) return { level: final, why: `${whys.join('; ')}, or a validated ${altCapability}`, altCapability };
  if (level === 'none' && resolver && (loginTest || verifiesGivenCredentials(body, index))) return { level: 'none', why: 'verifies the credentials it is given', login: true };
  if (level === 'none' && resolver) {
    // `const recipient = findFirst({ where: { token } }); if (!recipient) throw ...`: a record found by a token the caller holds.
    const byToken =
      nodesUnder(body, 'IfStatement').some((s) => refuses(s.consequent as AstNode, index) && /\btoken\b|Token\b/.test(testText(s.test as AstNode, index))) ||
      // `const { token, fieldId } = input; await signField({ token, ... })`: the token it is given decides.
      /\binput\s*\.\s*\w*[tT]oken\b|\{[^{}]*\b\w*[tT]oken\b[^{}]*\}\s*=\s*input\b/.test(index.text(body));
    return byToken ? { level: 'none', why: 'looks a record up by a token it is given', capability: true } : { level: 'none', why: '' };
  }
  if (level === 'none' && someNode(body, (n) => n.type === 'ThrowStatement') && /authori[sz]ation|token|api[-_]?key|bearer|session/i.test(index.text(body))) {
    // Refuses a bad credential when one is presented, lets anonymous calls through.
    const checks = nodesUnder(body, 'IfStatement').filter((s) => someNode(s.consequent as AstNode, (n) => n.type === 'ThrowStatement'));
    if (checks.some((s) => IDENTITY.test(testText(s.test as AstNode, index)) || /authori[sz]ation|token|api[-_]?key/i.test(testText(s.test as AstNode, index)))) {
      return { level: 'optional', why: 'checks credentials only when presented' };
    }
  }
  return { level, why: whys.join('; ') };
}

/**
 * What a helper that finds the caller requires (`getSession(c)`, `resolveApiToken(header)`): its
 * own early checks, or a body that hands the caller back on success and otherwise ends by
 * refusing (`if (session && user) return {...}; throw new AppError(Unauthorized)`).
 */
export function helperVerdict(fn: FunctionLike, index: JsIndex): Verdict {
  const v = judgeBody(fn, index);
  if (v.level === 'user' || v.level === 'admin') return v;
  const body = unwrap(fn.body as AstNode | null);
  if (!body || body.type !== 'BlockStatement') return { level: 'none', why: '' };
  const stmts = body.body as AstNode[];
  const last = stmts[stmts.length - 1];
  if (last && last.type === 'ThrowStatement' && /unauthori[sz]ed|forbidden|authenticat|log(ged)?[- ]?in|session/i.test(index.text(last)) && stmts.some((s) => s.type === 'IfStatement' && returnsSuccess(s.consequent as AstNode, index))) {
    return { level: 'user', why: `ends with ${index.text(last).replace(/\s+/g, ' ').slice(0, 60)}` };
  }
  return { level: 'none', why: '' };
}

/** `validatePassword(input.email, input.password)`, `bcrypt.compare(input.password, hash)`, `authenticateApiKey(input.apiKey)`. */
const CREDENTIAL_CHECK = /^(?:(?:validate|verify|check|compare)(?:User)?(?:Password|Credentials?|Login)|authenticate(?:User|ApiKey|Credentials?|Password|WithPassword)?)$/i;
const HASH_COMPARE = /^(?:bcrypt\w*|argon2|scrypt)\.(?:compare|compareSync|verify)$/;

function verifiesGivenCredentials(body: AstNode, index: JsIndex): boolean {
  return nodesUnder(body, 'CallExpression').some((call) => {
    const name = calleeName(call) ?? '';
    if (!CREDENTIAL_CHECK.test(name.split('.').pop() ?? '') && !HASH_COMPARE.test(name)) return false;
    return (call.arguments as AstNode[]).some((a) => /^input\b/.test(index.text(a)));
  });
}
