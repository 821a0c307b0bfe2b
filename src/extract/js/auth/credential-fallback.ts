// A guard class that admits either the caller its parent guard signs in or the holder of a second
// credential: `if (await super.canActivate(ctx)) return true;` then a token read from the request
// (`req.cookies.invite_token`, `req.headers['x-upload-key']`), refused when absent and handed to a
// validator whose answer is returned. Both ways in need a credential, so the class authenticates
// (link takes the weaker of the parent's and its own level, as for `super.canActivate` on some ways).
import { calleeName, literalValue, nodesUnder, unwrap, unwrapAwait, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { negative, rejects } from '../_lib/routes-guard-signals.js';

/** Where a request carries credentials. */
const CARRIER = /\b(?:cookies|signedCookies|headers)\b|\.(?:header|cookie)\s*\(/;
/** A value that is a credential by its name (`reverse_share_token`, `uploadKey`, `sessionId`). */
const CREDENTIAL = /token|key|secret|session|jwt|auth|credential|password|passcode/i;

/** The validator call a returned value comes from: `return await svc.isValid(t)`, or `const ok = ...; return ok`. */
function validatorOf(arg: AstNode | null | undefined, at: AstNode, index: JsIndex): Extract<AstNode, { type: 'CallExpression' }> | undefined {
  let v = unwrapAwait(arg ?? null);
  if (v?.type === 'Identifier') v = unwrapAwait(index.initAt(v.name, at) ?? null);
  return v?.type === 'CallExpression' ? v : undefined;
}

/** `return false`, `throw ...`, a refusing answer: the guard says no. */
function refuses(branch: AstNode, index: JsIndex): boolean {
  const stmts = branch.type === 'BlockStatement' ? (branch.body as AstNode[]) : [branch];
  const last = stmts[stmts.length - 1];
  if (last?.type === 'ReturnStatement' && last.argument && literalValue(last.argument as AstNode) === false) return true;
  return rejects(branch, index, true) !== undefined;
}

/** Why the guard's own way in checks a credential, when it does; undefined otherwise. */
export function credentialFallback(fn: FunctionLike, index: JsIndex): string | undefined {
  const body = unwrap(fn.body as AstNode | null);
  if (!body || body.type !== 'BlockStatement' || !CARRIER.test(index.text(body))) return undefined;
  const stmts = body.body as AstNode[];
  const last = stmts[stmts.length - 1];
  if (last?.type !== 'ReturnStatement') return undefined;
  const call = validatorOf(last.argument as AstNode | null, last, index);
  if (!call) return undefined;
  for (const d of nodesUnder(body, 'VariableDeclarator')) {
    if (d.id.type !== 'Identifier' || !d.init || index.enclosingFunction(d) !== fn) continue;
    const name = d.id.name;
    const init = index.text(d.init as AstNode);
    if (!CARRIER.test(init) || !CREDENTIAL.test(`${name} ${init}`)) continue;
    // `if (!token) return false`: no credential, no way in.
    const refused = stmts.some((s) => s.type === 'IfStatement' && negative(s.test as AstNode, index) && nodesUnder(s.test as AstNode, 'Identifier').some((i) => i.name === name) && refuses(s.consequent as AstNode, index));
    if (!refused || !call.arguments.some((a) => nodesUnder(a as AstNode, 'Identifier').some((i) => i.name === name) || (unwrap(a as AstNode).type === 'Identifier' && (unwrap(a as AstNode) as AstNode & { name: string }).name === name))) continue;
    return `or ${calleeName(call) ?? 'a validator'}(${name}) on a credential read from the request`;
  }
  return undefined;
}
