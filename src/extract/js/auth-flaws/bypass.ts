// A guard that lets a request through when a credential it carries equals a string literal:
// `if (token === 'apitest-lkw') return next()`, `if (req.headers['x-api-key'] == 'debug123') { next() }`,
// `if (request.header('token') === 'x') { await next(); return }` in an Adonis middleware, `return true`
// in a Nest guard. The literal is a master key written in the source: a backdoor every reader of the
// repository holds (CWE-798, CWE-288). The literal is never kept, only its redacted form.
import type { FactInput } from '../../../model/types.js';
import { calleeProperty, memberPath, nodesUnder, stringValue, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';
import { redact, redactLine } from '../secrets/redact.js';
import { configFact } from '../security-config/common.js';
import { core, requestLabel } from './request.js';

/** What a credential the client sends is called: header, parameter, cookie or the variable holding it. */
const CREDENTIAL_NAME = /token|api_?-?key|access_?-?key|secret|passw|credential|authorization|\bauth\b|^x-auth|signature|^key$/i;
/** Settings about a credential rather than the credential: `tokenType`, `token.kind`, `authMode`. */
const NOT_CREDENTIAL = /(name|type|kind|mode|scheme|header|field|length|id|url|uri|path|status|version|provider|strategy|method)$/i;
/** Literals no one uses as a key: placeholders of an unset value and bare scheme words. */
const NO_KEY = /^(null|undefined|true|false|none|nil|bearer|basic|token|string|object)$/i;
/** A development or debug condition beside the comparison: the bypass is meant for development only. */
const DEV_CONDITION = /NODE_ENV|\b(is_?)?dev(elopment)?\b|\bdebug\b|\btest(ing)?\b|\blocal\b|\bmock\b/i;
/** Path parameters: `req.params.key`, `ctx.params.x`, `request.param('x')`, `@Param() key`. */
const PATH_PARAM = /(^|\.)params\b|\.param\(|^@Param\(/;
/** Functions whose `return true` lets a request in (Nest guards, auth callbacks). */
const GUARD_FUNCTION = /canActivate|auth|guard|verify|validate|check|handle|allow/i;

/** The literal and the request side of an equality, when one side is each. */
function literalVersusRequest(e: AstNode, index: JsIndex): { literal: string; request: string; name: string } | undefined {
  if (e.type !== 'BinaryExpression' || (e.operator !== '===' && e.operator !== '==')) return undefined;
  for (const [lit, other] of [[e.right, e.left], [e.left, e.right]] as [AstNode, AstNode][]) {
    const l = unwrap(lit);
    if (!(l.type === 'Literal' || (l.type === 'TemplateLiteral' && l.expressions.length === 0))) continue;
    const literal = stringValue(l, index);
    if (literal === undefined || literal.trim().length < 4 || NO_KEY.test(literal.trim())) continue;
    const request = requestLabel(other, index);
    // A path parameter names a resource (`req.params.key === 'credentials'`), the client's credential travels elsewhere.
    if (!request || PATH_PARAM.test(request)) continue;
    const name = credentialName(other, index);
    if (!name || !CREDENTIAL_NAME.test(name) || NOT_CREDENTIAL.test(name)) continue;
    return { literal, request: request.slice(0, 80), name };
  }
  return undefined;
}

/** The name the compared value goes by: the variable, the last member, or the getter's argument (`request.header('token')`). */
function credentialName(node: AstNode, index: JsIndex): string | undefined {
  const n = core(node);
  if (!n) return undefined;
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'CallExpression') return stringValue(n.arguments[0] as AstNode, index) ?? calleeProperty(n);
  if (n.type === 'MemberExpression') {
    if (n.computed) return stringValue(n.property as AstNode, index);
    const path = memberPath(n);
    return path?.[path.length - 1];
  }
  return undefined;
}

/** The equalities of an `if` test that decide alone or in an `||` / `&&` with others (never under `!`). */
function testEqualities(test: AstNode): AstNode[] {
  const t = unwrap(test);
  if (t.type === 'LogicalExpression' && (t.operator === '||' || t.operator === '&&')) return [...testEqualities(t.left as AstNode), ...testEqualities(t.right as AstNode)];
  return t.type === 'BinaryExpression' ? [t] : [];
}

/** The branch lets the request through: it calls `next()` (middleware) or answers `true` (a guard). */
function letsThrough(branch: AstNode, fnName: string): boolean {
  const calls = branch.type === 'CallExpression' ? [branch] : nodesUnder(branch, 'CallExpression');
  // `next()` of Express, Koa, Hono and Adonis middleware; `NextResponse.next()` of a Next.js middleware.
  if (calls.some((c) => calleeProperty(c) === 'next' && (unwrap(c.callee).type === 'Identifier' || memberPath(c.callee as AstNode)?.join('.') === 'NextResponse.next'))) return true;
  if (!GUARD_FUNCTION.test(fnName)) return false;
  const returns = branch.type === 'ReturnStatement' ? [branch] : nodesUnder(branch, 'ReturnStatement');
  return returns.some((r) => {
    const a = r.argument ? unwrap(r.argument as AstNode) : undefined;
    return a?.type === 'Literal' && a.value === true;
  });
}

export function bypassFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const stmt of index.nodesOf('IfStatement')) {
    const fn = index.enclosingFunction(stmt);
    if (!fn) continue;
    const fnName = index.enclosingFunctionName(stmt);
    const found = testEqualities(stmt.test as AstNode).map((e) => literalVersusRequest(e, index)).find((x) => x !== undefined);
    if (!found || !letsThrough(stmt.consequent as AstNode, fnName)) continue;
    const testText = index.text(stmt.test as AstNode);
    const evidence = index.evidence(stmt);
    const fact = configFact(index, stmt, 'auth-bypass-literal', {
      request: found.request,
      name: found.name,
      literal: redact(found.literal),
      devOnly: DEV_CONDITION.test(testText.split(found.literal).join('')),
      guard: fnName,
    }, `${found.request} equal to a literal lets the request through`, found.name);
    // The snippet quotes the comparison: mask the literal there too.
    out.push({ ...fact, evidence: { ...evidence, ...(evidence.snippet ? { snippet: redactLine(evidence.snippet, found.literal) } : {}) } });
  }
  return out;
}
