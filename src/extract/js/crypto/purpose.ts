// What a crypto call is for, judged from the names around it: the value hashed, the variable or
// property it is stored in, and the enclosing function's name.
import { calleeProperty, memberPath, nodesUnder, propertyKey, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';
import { words } from '../_lib/routes.js';

export const PASSWORD = /pass(word|wd|phrase)?|pwd|pin\b/i;
const TOKEN_WORDS = /^(token|tokens|secret|secrets|nonce|salt|session|sid|sessionid|csrf|xsrf|reset|verification|verify|invite|invitation|otp|totp|credential|credentials|recovery|magic|activation|apikey|passcode|pin)$/;
const KEY_QUALIFIERS = /^(api|secret|private|access|encryption|signing|session|auth|hmac|license)$/;
const CODE_QUALIFIERS = /^(verification|verify|otp|sms|reset|auth|confirm|confirmation|login|security|activation|recovery|access|one|2fa|mfa)$/;

/** Does a name denote a secret value? (`resetToken`, `generateOtp`, `apiKey`, `verificationCode`). */
export function secretName(name: string): boolean {
  const ws = words(name);
  if (ws.some((w) => TOKEN_WORDS.test(w))) return true;
  for (let i = 1; i < ws.length; i++) {
    if (ws[i] === 'key' && KEY_QUALIFIERS.test(ws[i - 1])) return true;
    if (ws[i] === 'code' && CODE_QUALIFIERS.test(ws[i - 1])) return true;
  }
  return false;
}

/** Kept for callers that test a joined string of names. */
export const TOKEN = { test: (s: string) => s.split(/\s+/).some(secretName) };

/** Names near a node: the statement target it flows into and the enclosing function. */
export function nearbyNames(node: AstNode, index: JsIndex): string[] {
  const names: string[] = [];
  let child: AstNode = node;
  for (const a of index.ancestors(node)) {
    if (a.type === 'VariableDeclarator' && a.id.type === 'Identifier') {
      names.push(a.id.name);
      break;
    }
    if (a.type === 'AssignmentExpression') {
      const p = memberPath(a.left as AstNode);
      if (p) names.push(p[p.length - 1]);
      break;
    }
    if (a.type === 'Property' && a.value === child) {
      const k = propertyKey(a);
      if (k) names.push(k);
      break;
    }
    if (a.type === 'ReturnStatement' || a.type === 'ExpressionStatement' || a.type === 'BlockStatement') break;
    child = a;
  }
  const fn = index.enclosingFunctionName(node);
  if (fn !== '<module>') names.push(fn.split('.').pop()!.replace(/\(.*$/, ''));
  return names;
}

/** Arguments of `.update(x)` along a `createHash(...).update(x).digest()` chain, plus direct args. */
export function hashedValues(call: AstNode & { arguments: unknown[] }, index: JsIndex): string[] {
  const out: string[] = [];
  for (const a of call.arguments) out.push(index.text(a as AstNode));
  let cur: AstNode = call;
  for (let i = 0; i < 6; i++) {
    const parent = index.parent(cur);
    if (!parent) break;
    if (parent.type === 'MemberExpression') {
      cur = parent;
      continue;
    }
    if (parent.type === 'CallExpression' && unwrap(parent.callee as AstNode) === cur) {
      if (calleeProperty(parent) === 'update') for (const a of parent.arguments) out.push(index.text(a as AstNode));
      cur = parent;
      continue;
    }
    break;
  }
  return out;
}

/** Identifier names mentioned in a text-bounded subtree (for hashed-value checks). */
export function identifiersIn(node: AstNode): string[] {
  return nodesUnder(node, 'Identifier').map((i) => i.name);
}

/**
 * The last word of a name says what it is: `resetPasswordToken` and `passwordResetCode` are tokens
 * (about a password, not one), `passwordHash` is a password's hash.
 */
function headIsSecret(name: string): boolean {
  const ws = words(name);
  if (ws.length === 0) return false;
  const last = ws[ws.length - 1];
  // A PIN or passcode is a password however it is named.
  if (PASSWORD.test(last)) return false;
  return secretName(last) || last.endsWith('token') || (ws.length > 1 && secretName(`${ws[ws.length - 2]}_${last}`));
}

export function purposeOf(names: readonly string[], values: readonly string[]): 'password' | 'token' | 'hash' {
  // What the result is stored as (or the function returning it), then what is hashed: a token's
  // name wins over a password word in front of it.
  const hashed = values.filter((v) => /^[\w$.]+$/.test(v)).map((v) => v.slice(v.lastIndexOf('.') + 1));
  if ((names.length > 0 && headIsSecret(names[0])) || (hashed.length > 0 && hashed.every(headIsSecret))) return 'token';
  const joined = [...names, ...values].join(' ');
  if (PASSWORD.test(joined) && !/passport/i.test(joined)) return 'password';
  if (names.some((n) => TOKEN.test(n))) return 'token';
  return 'hash';
}
