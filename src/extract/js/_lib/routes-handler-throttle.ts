// A handler that throttles itself: it asks a limiter about the caller (`const { success } = await
// limiter.limit(ip)`, `await Promise.all([byEmail.limit(e), byIp.limit(ip)])`) and answers
// 429 Too Many Requests when told no. As good as a limiter middleware in front of the route.
import { calleeProperty, memberPath, nodesUnder, unwrap, type AstNode, type FunctionLike, type JsIndex } from './ast.js';

/**
 * A limiter asked about this request: `x.limit(key)`, `checkRateLimit(...)`, `throttle(...)`,
 * `consume(key)` (rate-limiter-flexible), awaited or not (`await checkOTPRateLimit(email)`).
 */
const LIMITER_CALL = /(^|\.)(limit|consume)\s*\(|(^|[^\w$])(\w*[Rr]ate[Ll]imit\w*|\w*[Tt]hrottle\w*)\s*\(/;

/** What a too-many-requests refusal says when it is thrown rather than answered: `new ApiError({ code: 'rate_limit_exceeded' })`. */
const TOO_MANY = /too[ _-]?many[ _-]?requests|rate[ _-]?limit[ _-]?exceeded|TooManyRequests/i;

/** `.status(429)`, `sendStatus(429)`, `{ status: 429 }`, `statusCode = 429`, or a throw saying too many requests. */
function answers429(branch: AstNode, index: JsIndex): boolean {
  if (nodesUnder(branch, 'ThrowStatement').some((t) => TOO_MANY.test(index.text(t)))) return true;
  for (const c of nodesUnder(branch, 'CallExpression')) if (/^(status|sendStatus|code|writeHead)$/.test(calleeProperty(c) ?? '') && index.text(c.arguments[0] as AstNode) === '429') return true;
  for (const p of nodesUnder(branch, 'Property')) if (p.key.type === 'Identifier' && /^(status|statusCode)$/.test(p.key.name) && index.text(p.value as AstNode) === '429') return true;
  return nodesUnder(branch, 'AssignmentExpression').some((a) => /\bstatus(Code)?$/.test(index.text(a.left as AstNode)) && index.text(a.right as AstNode) === '429');
}

/** A helper named for a limiter: `limiterLoginBruteForce`, `rateLimitByIp`, `throttleLogins`, `bruteForce.check`. */
const LIMITER_NAME = /rate-?limit|limiter|throttl|brute-?force/i;
/** Statements looked at from the top of the handler. */
const LEADING = 3;

/**
 * `await limiterLoginBruteForce(userIp(ctx));` among the first statements: a limiter helper awaited
 * for its throw (its answer unused), which refuses with a too-many-requests error from inside.
 */
function awaitsLimiterFirst(body: AstNode): boolean {
  if (body.type !== 'BlockStatement') return false;
  return body.body.slice(0, LEADING).some((s) => {
    if (s.type !== 'ExpressionStatement') return false;
    const e = unwrap(s.expression as AstNode);
    if (e.type !== 'AwaitExpression') return false;
    const call = unwrap(e.argument as AstNode);
    return call.type === 'CallExpression' && LIMITER_NAME.test(memberPath(call.callee as AstNode)?.join('.') ?? '');
  });
}

export function throttlesItself(fn: FunctionLike, index: JsIndex): boolean {
  const body = fn.body as AstNode | null;
  if (body && awaitsLimiterFirst(body)) return true;
  if (!body) return false;
  const text = index.text(body);
  if (!text.includes('429') && !TOO_MANY.test(text)) return false;
  // Locals holding a limiter's answer, destructured or not (`const [byEmail, byIp] = await Promise.all([...])`).
  const answers = new Set<string>();
  for (const d of nodesUnder(body, 'VariableDeclarator')) {
    if (d.init && LIMITER_CALL.test(index.text(d.init as AstNode))) for (const id of nodesUnder(d.id as AstNode, 'Identifier')) answers.add(id.name);
  }
  return nodesUnder(body, 'IfStatement').some((s) => {
    if (!answers429(s.consequent as AstNode, index)) return false;
    const test = s.test as AstNode;
    return LIMITER_CALL.test(index.text(test)) || nodesUnder(test, 'Identifier').some((id) => answers.has(id.name));
  });
}
