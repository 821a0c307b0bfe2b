// RPC-style Nest APIs POST their reads (`@Post('info')`, `@Post('search')`, `@Post('tree')`): the
// verb alone says nothing. A POST handler whose every call is a read of an injected service
// (`this.shareService.getShareTree(...)`, `this.searchService.searchPage(...)`) or plain value
// handling of its own locals, and which assigns no object property, is tagged `no-state-change`
// (routeTags then drops `state-changing`). Any other call (`this.workspaceService.acceptInvite`,
// `res.setCookie`, a free function, a query builder) keeps the verb's judgement.
import { memberPath, nodesUnder, unwrap, type AstNode, type FunctionLike } from '../_lib/ast.js';
import { parameterOf } from './decorators.js';

/** A read by its verb: `getShare`, `findById`, `searchPage`, `lookupReferences`, `checkHostname`. */
const READ_VERB = /^(get|find|list|search|count|lookup|fetch|load|read|query|check|is|has|can|cannot|resolve|describe|show|view|paginate)(?=$|[A-Z_0-9])/;
/** Value handling of built-ins and of the handler's own values (`ids.map`, `JSON.stringify`). */
const BUILTIN = new Set(['Object', 'Array', 'JSON', 'Math', 'String', 'Number', 'Boolean', 'Promise', 'Date', 'console']);
const VALUE_METHOD = /^(map|filter|find|some|every|includes|indexOf|slice|concat|join|split|trim|toString|toLowerCase|toUpperCase|startsWith|endsWith|keys|values|entries|reduce|flat|flatMap|sort|at|all|allSettled|then|pick|omit)$/;

export function readOnlyHandler(fn: FunctionLike): boolean {
  const body = fn.body as AstNode | null;
  if (!body || body.type !== 'BlockStatement') return false;
  // The response handed in (`@Res() res`) may be written through (a cookie): not judged.
  if (fn.params.some((p) => parameterOf(p as AstNode).decorators.some((d) => /^(Res|Response|Next)$/.test(d.name)))) return false;
  for (const a of nodesUnder(body, 'AssignmentExpression')) if (unwrap(a.left as AstNode).type !== 'Identifier') return false;
  if (nodesUnder(body, 'UpdateExpression').length > 0 || nodesUnder(body, 'UnaryExpression').some((u) => u.operator === 'delete')) return false;
  const calls = nodesUnder(body, 'CallExpression');
  if (calls.length === 0) return false;
  let reads = 0;
  for (const c of calls) {
    const path = memberPath(unwrap(c.callee as AstNode));
    if (!path) return false; // a call on a call's result (`this.db.selectFrom(x).execute()`), an IIFE
    const last = path[path.length - 1];
    if (path[0] === 'this') {
      // `this.service.getX()`, `this.repo.pages.findMany()`; a method of the controller itself is not followed.
      if (path.length < 3 || !READ_VERB.test(last)) return false;
      reads++;
      continue;
    }
    if (BUILTIN.has(path[0])) continue;
    if (path.length === 1) return false; // a free function may write
    if (VALUE_METHOD.test(last) || READ_VERB.test(last)) continue;
    return false;
  }
  return reads > 0;
}
