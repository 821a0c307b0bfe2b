// A Nest guard that answers with the ownership itself: it loads the record the path names and
// returns whether the caller created it.
//   const share = await this.prisma.share.findUnique({ where: { id: request.params.id } });
//   return share.creatorId == (request.user as User).id;
// The guard needs a signed-in caller who owns that record: `user` with the path parameters as
// owner params (record accesses by them are ownership-checked, like an owner-or-admin test).
import { isFunctionLike, memberPath, nodesUnder, unwrap, walk, type AstNode, type FunctionLike, type JsIndex } from './ast.js';

const CALLER = /^(user|currentUser|caller|principal|account|me)$/;
const REQUEST = /^(req|request)$/;
const EQUAL = new Set(['==', '===']);

/** The caller's id: `user.id`, `request.user.id`, `(req.user as User).id`, `user?.id`. */
function callerId(node: AstNode, index: JsIndex): boolean {
  const n = unwrap(node);
  if (n.type !== 'MemberExpression' || n.computed || !/^(id|_id|userId|uid)$/.test((n.property as AstNode & { name?: string }).name ?? '')) return false;
  const obj = unwrap(n.object as AstNode);
  const path = memberPath(obj);
  if (path?.length === 1) return CALLER.test(path[0]) || REQUEST_USER.test(index.text(index.initAt(path[0], n) ?? obj));
  return !!path && path.length === 2 && REQUEST.test(path[0]) && path[1] === 'user';
}
const REQUEST_USER = /\b(req|request)\s*\.\s*user\b/;

/** Path parameters the guard reads: `request.params.id`, `const { reverseShareId } = request.params`. */
function pathParams(body: AstNode): string[] {
  const out = new Set<string>();
  walk(body, (n) => {
    if (isFunctionLike(n)) return false;
    if (n.type === 'MemberExpression') {
      const path = memberPath(n);
      if (path && path.length === 3 && REQUEST.test(path[0]) && path[1] === 'params') out.add(path[2]);
    } else if (n.type === 'VariableDeclarator' && n.init) {
      const from = memberPath(unwrap(n.init as AstNode));
      const id = n.id as AstNode;
      if (from && from.length === 2 && REQUEST.test(from[0]) && from[1] === 'params' && id.type === 'ObjectPattern') {
        for (const q of id.properties) if (q.type === 'Property' && q.key.type === 'Identifier') out.add(q.key.name);
      }
    }
    return undefined;
  });
  return [...out];
}

/** Owner params when a `return` of `fn` itself compares a record's field with the caller's id. */
export function ownedRecordReturn(fn: FunctionLike, index: JsIndex): { params: string[]; why: string } | undefined {
  const body = fn.body as AstNode | null;
  if (!body) return undefined;
  for (const ret of nodesUnder(body, 'ReturnStatement')) {
    const arg = ret.argument ? unwrap(ret.argument as AstNode) : undefined;
    if (!arg || arg.type !== 'BinaryExpression' || !EQUAL.has(arg.operator) || index.enclosingFunction(ret) !== fn) continue;
    const sides = [arg.left as AstNode, arg.right as AstNode];
    const caller = sides.findIndex((s) => callerId(s, index));
    if (caller < 0) continue;
    // The other side is a field of a loaded record (`share.creatorId`), not the path's own value.
    const other = memberPath(unwrap(sides[1 - caller]));
    if (!other || other.length !== 2 || REQUEST.test(other[0])) continue;
    const params = pathParams(body);
    if (params.length > 0) return { params, why: index.text(arg).slice(0, 80) };
  }
  return undefined;
}
