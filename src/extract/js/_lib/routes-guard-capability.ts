// Per-record capability credentials: a cookie or header whose NAME is built from the record id the
// path names (`req.cookies[`share_${shareId}_token`]`, `req.header(`x-doc-${req.params.id}-key`)`).
// Such a value is a token for that one record (handed out by an unlock or password endpoint anyone
// may call), not the caller's identity: a guard that only verifies it admits whoever holds the
// link's token, signed in or not.
import { calleeProperty, isFunctionLike, memberPath, nodesUnder, someNode, unwrap, unwrapAwait, type AstNode, type FunctionLike, type JsIndex } from './ast.js';
import { REQ_NAMES, rejects } from './routes-guard-signals.js';

const JAR = new Set(['cookies', 'signedCookies', 'headers']);
const GETTER = new Set(['get', 'header', 'getHeader', 'cookie']);

/** The parts of a name built at run time: `` `share_${id}_token` ``, `'share_' + id + '_token'`. */
function builtNameParts(node: AstNode): AstNode[] | undefined {
  const n = unwrap(node);
  if (n.type === 'TemplateLiteral' && n.expressions.length > 0) return n.expressions as AstNode[];
  if (n.type === 'BinaryExpression' && n.operator === '+') {
    const parts = [n.left as AstNode, n.right as AstNode].flatMap((p) => builtNameParts(p) ?? [p]);
    return parts.some((p) => unwrap(p).type !== 'Literal') ? parts.filter((p) => unwrap(p).type !== 'Literal') : undefined;
  }
  return undefined;
}

/** `req.params.id`, or a name whose value is read from the path's parameters (`const shareId = req.params.shareId ?? req.params.id`). */
function fromPathParams(node: AstNode, index: JsIndex, depth = 0): boolean {
  const params = (n: AstNode) => {
    const path = memberPath(n);
    return !!path && path.length >= 2 && REQ_NAMES.has(path[0]) && path[1] === 'params';
  };
  return someNode(unwrap(node), (n) => {
    if (n.type === 'MemberExpression') return params(n);
    if (n.type !== 'Identifier' || depth > 1) return false;
    const init = index.initAt(n.name, n);
    return !!init && !isFunctionLike(unwrap(init)) && fromPathParams(init, index, depth + 1);
  });
}

/** A read of a cookie or header under a name built from the path's record id. */
export function perRecordCredential(node: AstNode | null | undefined, index: JsIndex): boolean {
  const n = unwrap(node);
  if (!n) return false;
  let key: AstNode | undefined;
  if (n.type === 'MemberExpression' && n.computed) {
    const jar = memberPath(n.object as AstNode);
    if (jar && jar.length === 2 && REQ_NAMES.has(jar[0]) && JAR.has(jar[1])) key = n.property as AstNode;
  } else if (n.type === 'CallExpression' && GETTER.has(calleeProperty(n) ?? '')) {
    const owner = memberPath(unwrap(n.callee as AstNode).type === 'MemberExpression' ? ((unwrap(n.callee as AstNode) as AstNode & { object: AstNode }).object) : undefined);
    if (owner && REQ_NAMES.has(owner[0]) && (owner.length === 1 || JAR.has(owner[1]))) key = n.arguments[0] as AstNode | undefined;
  }
  const parts = key ? builtNameParts(key) : undefined;
  return !!parts && parts.some((p) => fromPathParams(p, index));
}

/** A name bound to such a read (`const shareToken = request.cookies[`share_${shareId}_token`]`). */
function perRecordName(node: AstNode, index: JsIndex): boolean {
  const n = unwrap(node);
  if (n.type !== 'Identifier') return perRecordCredential(n, index);
  const init = index.initAt(n.name, n);
  return !!init && perRecordCredential(init, index);
}

/**
 * A guard method that refuses unless a call given a per-record credential says yes
 * (`if (!(await this.shares.verifyToken(shareId, shareToken))) throw new ForbiddenException()`):
 * the text of that call, or undefined.
 */
export function perRecordCapabilityCheck(fn: FunctionLike, index: JsIndex): string | undefined {
  const body = fn.body as AstNode | null;
  if (!body || !/cookies|headers|header\(|\.get\(|getHeader|cookie\(/.test(index.text(body))) return undefined;
  for (const s of nodesUnder(body, 'IfStatement')) {
    const test = unwrap(s.test as AstNode);
    if (test.type !== 'UnaryExpression' || test.operator !== '!') continue;
    const call = unwrapAwait(unwrap(test.argument as AstNode));
    if (call?.type !== 'CallExpression' || !call.arguments.some((a) => perRecordName(a as AstNode, index))) continue;
    if (rejects(s.consequent as AstNode, index, true) !== undefined) return index.text(call.callee as AstNode);
  }
  return undefined;
}
