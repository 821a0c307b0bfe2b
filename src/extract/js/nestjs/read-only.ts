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

/** What a server-rendering front end (Next.js, Nuxt) answers a whole request with: `next.getRequestHandler()`, `app.render(req, res, page)`. */
const FRONT_END_HANDLER = /^(getRequestHandler|render|renderToHTML|renderError)$/;

/**
 * A handler that only hands the raw request and response (`@Req() req`, `@Res() res`) to a
 * server-rendering front end (`await this.next.server.getRequestHandler()(req, res)`,
 * `this.nextApp.render(req, res, '/page')`): the front end's pages answer, and their own routes
 * and checks are modelled from the front end's source. Tagged `page-only`.
 */
export function frontEndDelegate(fn: FunctionLike): boolean {
  const body = fn.body as AstNode | null;
  if (!body || body.type !== 'BlockStatement' || body.body.length === 0) return false;
  const raw = (re: RegExp) => fn.params.map((p) => parameterOf(p as AstNode)).find((p) => p.decorators.some((d) => re.test(d.name)) && p.target.type === 'Identifier')?.target as { name: string } | undefined;
  const req = raw(/^(Req|Request)$/)?.name;
  const res = raw(/^(Res|Response)$/)?.name;
  if (!req || !res) return false;
  return (body.body as AstNode[]).every((s) => {
    const e = s.type === 'ExpressionStatement' ? unwrap(s.expression as AstNode) : s.type === 'ReturnStatement' && s.argument ? unwrap(s.argument as AstNode) : undefined;
    const call = e?.type === 'AwaitExpression' ? unwrap(e.argument as AstNode) : e;
    if (call?.type !== 'CallExpression') return false;
    const args = (call.arguments as AstNode[]).map((a) => unwrap(a));
    if (args.length < 2 || args[0].type !== 'Identifier' || args[0].name !== req || args[1].type !== 'Identifier' || args[1].name !== res) return false;
    const callee = unwrap(call.callee as AstNode);
    // `x.getRequestHandler()(req, res)`, or `this.nextApp.render(req, res, '/page')`.
    const path = memberPath(callee.type === 'CallExpression' ? unwrap(callee.callee as AstNode) : callee);
    return !!path && path.length >= 2 && FRONT_END_HANDLER.test(path[path.length - 1]) && (callee.type === 'CallExpression' ? path[path.length - 1] === 'getRequestHandler' : path[path.length - 1] !== 'getRequestHandler');
  });
}
