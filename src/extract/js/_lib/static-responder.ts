// A handler that answers every request with the same prepared page, whoever asks:
//   const html = await readFile(indexPath, 'utf8');            // read once, at start-up
//   const sendShell = (_req, res) => { res.setHeader('Cache-Control', 'no-cache'); res.send(html); };
//   app.get('/admin', sendShell);                              // the single-page app's shell
// It reads nothing of the request and calls nothing but the response's own methods with values
// fixed before the request came, so it serves a page (the front end that then calls the API), not
// an API: `page-only`, as express.static folders are tagged.
import { memberPath, nodesUnder, paramNames, unwrap, unwrapAwait, type AstNode, type FunctionLike } from './ast.js';

/** Response methods that only shape or send the answer. */
const RESPONSE_METHODS = /^(setHeader|set|header|type|status|vary|send|sendFile|end|contentType|location)$/;
/** Calls allowed in an argument: joining a file path (`path.join(dir, 'index.html')`). */
const PATH_CALL = /^(path\.)?(join|resolve)$/;

function fixedValue(arg: AstNode): boolean {
  return nodesUnder(arg, 'CallExpression').every((c) => PATH_CALL.test(memberPath(c.callee as AstNode)?.join('.') ?? '')) && nodesUnder(arg, 'AwaitExpression').length === 0 && nodesUnder(arg, 'ArrowFunctionExpression').length === 0 && nodesUnder(arg, 'FunctionExpression').length === 0;
}

/** The expression a statement evaluates (`res.send(x);`, `return res.send(x);`, `await ...`). */
function statementCall(stmt: AstNode): AstNode | undefined {
  if (stmt.type === 'ExpressionStatement') return unwrapAwait(unwrap(stmt.expression as AstNode));
  return stmt.type === 'ReturnStatement' && stmt.argument ? unwrapAwait(unwrap(stmt.argument as AstNode)) : undefined;
}

/**
 * `res.send(html)`, `res.status(200).sendFile(indexPath)`: the statement sends a page prepared
 * beforehand (a variable or a file), not a fixed word (`res.send('OK')` is a status answer).
 */
function sendsPrepared(stmt: AstNode): boolean {
  const e = statementCall(stmt);
  const callee = e?.type === 'CallExpression' ? unwrap(e.callee as AstNode) : undefined;
  if (e?.type !== 'CallExpression' || callee?.type !== 'MemberExpression' || callee.property.type !== 'Identifier' || !/^(send|sendFile|end)$/.test(callee.property.name)) return false;
  const first = e.arguments[0] ? unwrap(e.arguments[0] as AstNode) : undefined;
  return !!first && (first.type === 'Identifier' || first.type === 'MemberExpression' || (callee.property.name === 'sendFile' && first.type === 'CallExpression'));
}

/** `res.setHeader(...)`, `res.status(200).send(html)`: a call on the response whose arguments are fixed values. */
function responseCall(stmt: AstNode, res: string): boolean {
  for (let call = statementCall(stmt); call; ) {
    if (call.type !== 'CallExpression') return false;
    const callee = unwrap(call.callee as AstNode);
    if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier' || !RESPONSE_METHODS.test(callee.property.name)) return false;
    if (!(call.arguments as AstNode[]).every(fixedValue)) return false;
    const target = unwrap(callee.object as AstNode);
    if (target.type === 'Identifier') return target.name === res;
    call = target;
  }
  return false;
}

/** Does this handler send one prepared page and read nothing of the request? */
export function staticResponder(fn: FunctionLike): boolean {
  const body = fn.body as AstNode | null;
  if (!body || body.type !== 'BlockStatement' || body.body.length === 0) return false;
  const [req, res] = paramNames(fn);
  if (!res || fn.params.length > 2) return false;
  // The request is never read (`_req`, or a name the body does not use).
  if (req && nodesUnder(body, 'Identifier').some((i) => i.name === req)) return false;
  const stmts = body.body as AstNode[];
  return stmts.every((s) => responseCall(s, res)) && stmts.some(sendsPrepared);
}
