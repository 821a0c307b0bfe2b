// `===` / `!==` / `==` / `!=` / `.equals()` between a secret the server holds (environment or
// configuration value named like a key, or an HMAC it just computed) and a value the client sent.
// Such a comparison stops at the first differing character, so response times tell an attacker how
// much of a guess is right (CWE-208). `crypto.timingSafeEqual` is the fix and is never matched here.
import type { FactInput } from '../../../model/types.js';
import { calleeProperty, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';
import { requestLabel, secretOf } from './request.js';

const EQUALITY = new Set(['===', '!==', '==', '!=']);

export function compareFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const pairs: { at: AstNode; a: AstNode; b: AstNode; operator: string }[] = [];
  for (const e of index.nodesOf('BinaryExpression')) {
    if (EQUALITY.has(e.operator)) pairs.push({ at: e, a: e.left as AstNode, b: e.right as AstNode, operator: e.operator });
  }
  for (const call of index.nodesOf('CallExpression')) {
    // `Buffer.from(sig).equals(expected)`: Buffer#equals compares byte by byte and stops early.
    const callee = unwrap(call.callee);
    if (calleeProperty(call) === 'equals' && callee.type === 'MemberExpression' && call.arguments.length === 1) {
      pairs.push({ at: call, a: callee.object as AstNode, b: call.arguments[0] as AstNode, operator: '.equals' });
    }
  }
  for (const { at, a, b, operator } of pairs) {
    // A literal or `typeof` on either side (most comparisons) leaves no secret or no client value.
    if (constant(a) || constant(b) || !index.enclosingFunction(at)) continue;
    const sides = judge(a, b, index) ?? judge(b, a, index);
    if (!sides) continue;
    out.push({
      kind: 'config',
      setting: 'secret-comparison',
      values: { secret: sides.secret.label, secretKind: sides.secret.kind, request: sides.request, operator },
      summary: `${sides.secret.label} compared with ${sides.request} by ${operator}`,
      evidence: index.evidence(at),
      key: `${index.file}#config:secret-comparison:${index.enclosingFunctionName(at)}:${sides.secret.label}`,
    });
  }
  return out;
}

function constant(n: AstNode): boolean {
  const u = unwrap(n);
  return u.type === 'Literal' || (u.type === 'TemplateLiteral' && u.expressions.length === 0) || (u.type === 'UnaryExpression' && u.operator === 'typeof') || (u.type === 'Identifier' && u.name === 'undefined');
}

function judge(secretSide: AstNode, requestSide: AstNode, index: JsIndex): { secret: NonNullable<ReturnType<typeof secretOf>>; request: string } | undefined {
  const secret = secretOf(secretSide, index);
  if (!secret) return undefined;
  const request = requestLabel(requestSide, index);
  return request ? { secret, request: request.slice(0, 80) } : undefined;
}
