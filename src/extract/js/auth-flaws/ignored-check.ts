// Authorization helpers whose verdict is a return value, and calls that throw it away:
// `validateShareAccess()` returns `{ isValid: hasCookie || isMember }` (or `false`), and a
// middleware does `await validateShareAccess(id, ctx)` without reading it, so a refused caller
// carries on. Only a throw would have stopped it. The rule joins the two by the helper's name.
import type { FactInput } from '../../../model/types.js';
import { calleeName, isFunctionLike, literalValue, nodesUnder, propertyKey, unwrap, unwrapAwait, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { configFact } from '../security-config/common.js';

/** Names of authorization checks: `validateShareAccess`, `checkPermission`, `hasProjectAccess`, `verifyOwnership`. */
export const CHECK_NAME = /^(validate|check|verify|has|can|is)[A-Z]\w*(Access|Permissions?|Authori[sz]ation|Authori[sz]ed|Owner(ship)?|Member(ship)?|Allowed)$/;
/** Keys of a verdict object. */
const VERDICT_KEY = /^(isValid|valid|allowed|isAllowed|authorized|authorised|hasAccess|granted|ok|permitted)$/;

/** Own return statements of a function (not those of nested functions). */
function ownReturns(fn: FunctionLike, index: JsIndex): AstNode[] {
  if (fn.body && fn.body.type !== 'BlockStatement') return [fn.body as AstNode];
  return nodesUnder(fn.body as AstNode, 'ReturnStatement').filter((r) => index.enclosingFunction(r) === fn).map((r) => r.argument as AstNode).filter(Boolean);
}

/** The verdict a function returns on some path: `false`, or an object whose verdict key is not always `true`. */
function verdictKind(fn: FunctionLike, index: JsIndex): 'boolean' | 'object' | undefined {
  let kind: 'boolean' | 'object' | undefined;
  for (const r of ownReturns(fn, index)) {
    const v = unwrap(r);
    if (literalValue(v) === false) kind ??= 'boolean';
    if (v.type !== 'ObjectExpression') continue;
    for (const p of v.properties as AstNode[]) {
      const key = p.type === 'Property' ? propertyKey(p) : undefined;
      if (key && VERDICT_KEY.test(key) && literalValue((p as AstNode & { value: AstNode }).value) !== true) kind = 'object';
    }
  }
  return kind;
}

const REFUSAL = /Forbidden|Unauthori[sz]ed|Permission|Denied|NotAllowed|\b40[13]\b/;

function endsRefusing(fn: FunctionLike, index: JsIndex): boolean {
  const body = fn.body as AstNode | null;
  if (!body || body.type !== 'BlockStatement') return false;
  const last = (body.body as AstNode[])[body.body.length - 1];
  return last?.type === 'ThrowStatement' && REFUSAL.test(index.text(last));
}

export function ignoredCheckFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  // Helpers declared here whose verdict is returned.
  for (const fn of [...index.nodesOf('FunctionDeclaration'), ...index.nodesOf('FunctionExpression'), ...index.nodesOf('ArrowFunctionExpression')]) {
    if (!isFunctionLike(fn)) continue;
    const name = index.functionName(fn)?.split('.').pop();
    if (!name || !CHECK_NAME.test(name)) continue;
    // `… if (hasAccess) return true; throw new ForbiddenError(…)`: a helper that ends by refusing refuses
    // by throwing; what it returns on the way (`return false` for "nothing to restrict") is no verdict.
    if (endsRefusing(fn, index)) continue;
    const kind = verdictKind(fn, index);
    if (kind) out.push(configFact(index, fn as AstNode, 'authz-verdict-helper', { name, verdict: kind }, `${name}() returns its verdict (${kind})`, name));
  }
  // Calls whose result is dropped: `await check(...)` / `check(...)` as a statement of its own.
  for (const stmt of index.nodesOf('ExpressionStatement')) {
    const call = unwrapAwait(stmt.expression as AstNode);
    if (call?.type !== 'CallExpression') continue;
    const name = calleeName(call)?.split('.').pop();
    if (!name || !CHECK_NAME.test(name) || !index.enclosingFunction(stmt)) continue;
    out.push(configFact(index, stmt, 'authz-verdict-dropped', { name }, `the result of ${name}() is not read`, `${name}:${index.line(stmt)}`));
  }
  return out;
}
