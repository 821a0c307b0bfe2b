// Account lockout in a password check: the function that verifies a password counts the failures
// on the account (`user.failedAttempts++`, `{ passwordRetryCount: user.passwordRetryCount + 1 }`,
// `$inc: { loginAttempts: 1 }`) and refuses it once the count reaches a limit (`if
// (user.passwordRetryCount >= limit) throw …`) or stamps a lock on it (`user.lockUntil = …`).
// Guessing one account's password is then bounded; the rules rate a login without a rate limiter
// lower where its application has such a check (spraying many accounts is still open).
import type { FactInput } from '../../../model/types.js';
import { memberPath, propertyKey, stringValue, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { configFact } from '../security-config/common.js';

/** A failed-attempt counter: `failedAttempts`, `passwordRetryCount`, `login_attempts`, `failedLoginCount`, `wrongPasswordTries`. */
const COUNTER = /^(?:\w*(?:retry|retries|fail|failed|failure|wrong|invalid|bad)\w*(?:count|counter|attempts?|tries|logins?)|(?:login|signin|sign_in|password|auth)_?(?:attempts?|failures?|tries))$/i;
/** A lock stamped on the account: `lockUntil`, `lockedUntil`, `locked_at`, `lockoutEnd`, `isLocked`. */
const LOCK = /^(?:is_?)?lock(?:ed|out)?(?:_?(?:until|at|end|expires?|time))?$/i;
/**
 * A password verified in the function: bcrypt/argon2 `compare`/`verify`, a `verifyPassword`-style
 * helper. Text that merely names a password (a proxy's credentials beside a browser retry loop) is
 * no sign-in.
 */
const PASSWORD_CHECK = /\b(?:bcrypt|bcryptjs|argon2|scrypt)\w*\.(?:compare|verify)\w*\(|\b(?:compare|verify|check|validate|match|is_?valid)\w*(?:passw|pwd)\w*\(|\b(?:passw|pwd)\w*(?:match|matches|valid|correct|ok)\w*\(/i;

function lastName(node: AstNode | null | undefined): string | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (n.type === 'Identifier') return n.name;
  return memberPath(n)?.at(-1);
}

/** The counter a node adds one to, if it does. */
function incremented(node: AstNode, index: JsIndex): string | undefined {
  if (node.type === 'UpdateExpression' && node.operator === '++') return lastName(node.argument as AstNode);
  if (node.type === 'AssignmentExpression') {
    if (node.operator === '+=') return lastName(node.left as AstNode);
    const right = unwrap(node.right as AstNode);
    if (node.operator === '=' && right?.type === 'BinaryExpression' && right.operator === '+') return lastName(node.left as AstNode);
  }
  // `{ failedAttempts: user.failedAttempts + 1 }`, `$inc: { loginAttempts: 1 }`.
  if (node.type === 'Property') {
    const value = unwrap(node.value as AstNode);
    if (value?.type === 'BinaryExpression' && value.operator === '+') return propertyKey(node);
    if (value?.type === 'Literal' && value.value === 1) return propertyKey(node);
  }
  // Sequelize `user.increment('failedAttempts')`.
  if (node.type === 'CallExpression' && lastName(node.callee as AstNode) === 'increment') return stringValue(node.arguments[0] as AstNode, index);
  return undefined;
}

/** Whether the function compares a counter with a limit or stamps a lock on the account. */
function refuses(fn: FunctionLike, index: JsIndex): boolean {
  let found = false;
  const visit = (n: AstNode): void => {
    if (found) return;
    if (n.type === 'BinaryExpression' && ['>=', '>', '<', '<='].includes(n.operator)) {
      found = [n.left, n.right].some((side) => COUNTER.test(lastName(side as AstNode) ?? ''));
    } else if (n.type === 'AssignmentExpression' && LOCK.test(lastName(n.left as AstNode) ?? '')) found = true;
    else if (n.type === 'Property' && LOCK.test(propertyKey(n) ?? '')) found = true;
  };
  for (const type of ['BinaryExpression', 'AssignmentExpression', 'Property'] as const) {
    for (const n of index.nodesOf(type)) if (index.enclosingFunction(n) === fn) visit(n);
  }
  return found;
}

export function lockoutFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const seen = new Set<FunctionLike>();
  for (const type of ['UpdateExpression', 'AssignmentExpression', 'Property', 'CallExpression'] as const) {
    for (const n of index.nodesOf(type)) {
      const counter = incremented(n, index);
      if (!counter || !COUNTER.test(counter)) continue;
      const fn = index.enclosingFunction(n);
      if (!fn || seen.has(fn) || !PASSWORD_CHECK.test(index.text(fn)) || !refuses(fn, index)) continue;
      seen.add(fn);
      const name = index.functionName(fn) ?? index.enclosingFunctionName(n);
      out.push(configFact(index, n, 'account-lockout', { counter, function: name }, `${name} counts failed sign-ins in ${counter} and locks the account`, counter));
    }
  }
  return out;
}
