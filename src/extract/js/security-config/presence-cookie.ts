// Capability cookies a client can write itself: a cookie set to a constant (`'1'`) without a
// signature after a password check (`setCookie(`shared-${id}`, '1')`), and a check that only asks
// whether such a cookie is there (`!!ctx.cookies[`shared-${id}`]`). Anyone who knows the name
// sends `Cookie: shared-<id>=1` and skips the password. The rule joins the two by the name.
import type { FactInput } from '../../../model/types.js';
import { calleeProperty, literalValue, memberPath, nodesUnder, objectProp, stringValue, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';
import { configFact } from './common.js';
import { optionsObject } from './options-object.js';

/** A cookie name, or the fixed start of one built by a template (`shared-dashboard-${id}` → `shared-dashboard-*`). */
function namePattern(node: AstNode | undefined, index: JsIndex): string | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  const literal = stringValue(n, index);
  if (literal !== undefined) return literal;
  if (n.type === 'TemplateLiteral' && n.expressions.length > 0) {
    const head = n.quasis[0].value.cooked ?? n.quasis[0].value.raw;
    return head.length >= 3 ? `${head}*` : undefined;
  }
  return undefined;
}

/** The names a variable holds: its initialiser and every assignment to it in the function (`cookieName = `shared-x-${id}``). */
function namesOf(node: AstNode | undefined, index: JsIndex): string[] {
  const n = unwrap(node);
  if (!n) return [];
  if (n.type !== 'Identifier') {
    const p = namePattern(n, index);
    return p ? [p] : [];
  }
  const out = new Set<string>();
  const init = index.initAt(n.name, n);
  const first = namePattern(init ?? undefined, index);
  if (first) out.add(first);
  const scope = index.enclosingFunction(n);
  for (const a of scope ? nodesUnder(scope.body as AstNode, 'AssignmentExpression') : []) {
    const left = unwrap(a.left as AstNode);
    if (left.type !== 'Identifier' || left.name !== n.name) continue;
    const p = namePattern(a.right, index);
    if (p) out.add(p);
  }
  return [...out];
}

/** A constant a client can type: `'1'`, `'true'`, `true`, `1`, `'yes'`. */
function constantValue(node: AstNode | undefined): boolean {
  const v = literalValue(unwrap(node));
  return v === true || v === 1 || (typeof v === 'string' && /^(1|true|yes|ok|y|on|granted|verified)$/i.test(v));
}

/** `req.cookies`, `ctx.cookies`, `request.cookies`: a cookie jar read straight from the request. */
function cookieJar(node: AstNode | undefined): boolean {
  const path = memberPath(unwrap(node));
  return !!path && path.length >= 2 && path[path.length - 1] === 'cookies';
}

/** The cookie a presence test reads: `!!jar[name]`, `Boolean(jar[name])`, `jar[name] !== undefined`. */
function presenceRead(node: AstNode, index: JsIndex): AstNode | undefined {
  const n = unwrap(node);
  if (n.type !== 'MemberExpression' || !cookieJar(n.object as AstNode)) return undefined;
  const parent = index.parent(n);
  const grand = parent ? index.parent(parent) : undefined;
  const doubleNot = parent?.type === 'UnaryExpression' && parent.operator === '!' && grand?.type === 'UnaryExpression' && grand.operator === '!';
  const boolCall = parent?.type === 'CallExpression' && memberPath(parent.callee as AstNode)?.join('.') === 'Boolean';
  const undef = parent?.type === 'BinaryExpression' && ['!==', '!=', '===', '=='].includes(parent.operator) && /^(undefined|null)$/.test(index.text((parent.left === n ? parent.right : parent.left) as AstNode));
  if (!doubleNot && !boolCall && !undef) return undefined;
  return n.computed ? (n.property as AstNode) : undefined;
}

export function presenceCookieFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    const prop = calleeProperty(call);
    const setter = prop === 'setCookie' || prop === 'cookie' || (prop === 'set' && /(^|\.)cookies\.set$/.test(memberPath(call.callee as AstNode)?.join('.') ?? ''));
    if (!setter || call.arguments.length < 2 || !constantValue(call.arguments[1] as AstNode)) continue;
    const names = namesOf(call.arguments[0] as AstNode, index);
    if (names.length === 0) continue;
    const opts = optionsObject(call.arguments[2] as AstNode | undefined, index);
    const signed = literalValue(objectProp(opts, 'signed'), index) === true;
    out.push(configFact(index, call, 'constant-cookie', { names: names.join('|'), signed }, `cookie ${names.join(', ')} set to a constant${signed ? ' (signed)' : ''}`, names.join('|')));
  }
  for (const m of index.nodesOf('MemberExpression')) {
    const key = presenceRead(m, index);
    const name = key ? namePattern(key, index) : undefined;
    if (!name) continue;
    out.push(configFact(index, m, 'cookie-presence-check', { name }, `cookie ${name} checked for presence only`, `${name}:${index.line(m)}`));
  }
  return out;
}
