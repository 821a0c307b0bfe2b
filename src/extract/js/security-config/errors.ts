// Error responses that expose stack traces: a response body built from `err.stack` (in an
// Express error handler, a catch block, Koa ctx.body), and the `errorhandler` development
// middleware, unless the code only runs in development.
import type { FactInput } from '../../../model/types.js';
import { calleeName, calleeProperty, memberPath, nodesUnder, paramNames, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';
import { configFact, devOnly } from './common.js';

const SEND = /^(res|response|reply|h)\.(send|json|jsonp|end|write|render|status\(\)\.\w+)$|^(res|reply)\.\w+$/;
const ERROR_NAMES = /^(err|error|e|ex|exc|exception|er|_err|_error)$/;

/** Is `name` an error in scope at `node`: a catch parameter or the first param of a 4-arity handler? */
function errorBinding(name: string, node: AstNode, index: JsIndex): boolean {
  for (const a of index.ancestors(node)) {
    if (a.type === 'CatchClause' && a.param && a.param.type === 'Identifier' && a.param.name === name) return true;
    if ((a.type === 'FunctionDeclaration' || a.type === 'FunctionExpression' || a.type === 'ArrowFunctionExpression') && paramNames(a).includes(name)) {
      const params = paramNames(a);
      return params.indexOf(name) === 0 && (params.length === 4 || params[1] === 'ctx') || ERROR_NAMES.test(name);
    }
  }
  return ERROR_NAMES.test(name);
}

/** `err.stack` inside a response value, and whether that use only happens in development. */
function stackIn(root: AstNode, index: JsIndex): { found: boolean; dev: boolean } {
  const uses = nodesUnder(root, 'MemberExpression').filter((m) => {
    const path = memberPath(m);
    return !!path && path.length === 2 && path[1] === 'stack' && errorBinding(path[0], m, index);
  });
  return { found: uses.length > 0, dev: uses.length > 0 && uses.every((u) => devOnly(u, index)) };
}

/**
 * `err.message` of the error a catch-all handler received: the first parameter of an Express error
 * middleware (four parameters), or what a Koa middleware catches around `await next()`. Every
 * error of the application passes there, database and library errors included, so their text
 * reaches the client. A message a handler throws on purpose (a 404 it built) is not told apart.
 */
function messageOfCaughtError(root: AstNode, index: JsIndex): boolean {
  return nodesUnder(root, 'MemberExpression').some((m) => {
    const path = memberPath(m);
    if (!path || path.length !== 2 || path[1] !== 'message') return false;
    for (const a of index.ancestors(m)) {
      if (a.type === 'CatchClause') return a.param?.type === 'Identifier' && a.param.name === path[0] && awaitsNext(a, index);
      if (a.type === 'FunctionDeclaration' || a.type === 'FunctionExpression' || a.type === 'ArrowFunctionExpression') {
        const params = paramNames(a);
        return params.length === 4 && params[0] === path[0];
      }
    }
    return false;
  });
}

/** The `try` of this catch clause awaits the rest of the middleware chain (`await next()`). */
function awaitsNext(clause: AstNode, index: JsIndex): boolean {
  const parent = index.parent(clause);
  if (parent?.type !== 'TryStatement') return false;
  return nodesUnder(parent.block, 'CallExpression').some((c) => calleeName(c) === 'next');
}

/**
 * A response status chosen for a client error, whose message is meant for the client: a literal
 * `res.status(4xx)`, or the error's own status with no server-error fallback
 * (`res.status(err.errorCode)`: an HTTP error the application raised; `err.status || 500` is not).
 */
function clientErrorStatus(call: AstNode, index: JsIndex): boolean {
  const m = /\.status\(\s*([^()]*)\)/.exec(index.text((call as unknown as { callee: AstNode }).callee));
  if (!m) return false;
  const status = m[1].trim();
  if (/^\d{3}$/.test(status)) return status.startsWith('4');
  return /^\w+\.\w+$/.test(status);
}

/** A whole error object sent with res.render('error', { error: err }) also shows its stack in templates. */
function wholeErrorRendered(call: AstNode & { arguments: unknown[] }, index: JsIndex): boolean {
  if (calleeProperty(call as never) !== 'render') return false;
  return nodesUnder(call, 'Property').some((p) => {
    const v = unwrap(p.value as AstNode);
    return v.type === 'Identifier' && errorBinding(v.name, p, index) && index.enclosingFunction(call) !== undefined && paramNames(index.enclosingFunction(call)!).length === 4;
  });
}

export function errorFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    const r = index.resolvedCallee(call) ?? '';
    if (r === 'errorhandler' || r === 'koa-error' || r === 'express-errorhandler') {
      const dev = devOnly(call, index);
      out.push(configFact(index, call, 'error-handler', { library: r, exposesStack: true, devOnly: dev }, `${r} development error pages${dev ? ' (development only)' : ''}`, r));
      continue;
    }
    const callee = calleeName(call);
    const name = callee === undefined ? '' : callee.includes('.status(') ? callee.replace(/\.status\([^)]*\)/, '') : callee;
    const chained = !callee && /^(res|response|reply)\b/.test(index.text(call.callee as AstNode));
    if (!SEND.test(name) && !chained) continue;
    const stacks = call.arguments.map((a) => stackIn(a as AstNode, index)).filter((x) => x.found);
    const rendered = wholeErrorRendered(call, index);
    if (stacks.length === 0 && !rendered) {
      if (!clientErrorStatus(call, index) && call.arguments.some((a) => messageOfCaughtError(a as AstNode, index))) {
        const dev = devOnly(call, index);
        out.push(configFact(index, call, 'error-handler', { library: 'custom', exposesStack: false, exposesMessage: true, devOnly: dev }, `error handler responds with the error's message${dev ? ' (development only)' : ''}`, `message:${index.line(call)}`));
      }
      continue;
    }
    const dev = devOnly(call, index) || (!rendered && stacks.every((x) => x.dev));
    out.push(configFact(index, call, 'error-handler', { library: 'custom', exposesStack: true, devOnly: dev }, `error response includes the stack trace${dev ? ' (development only)' : ''}`, `send:${index.line(call)}`));
  }
  // Koa: ctx.body = { error: err.stack }
  for (const assign of index.nodesOf('AssignmentExpression')) {
    const target = memberPath(assign.left as AstNode)?.join('.');
    if (target !== 'ctx.body' && target !== 'ctx.response.body' && target !== 'this.body') continue;
    const stack = stackIn(assign.right, index);
    if (!stack.found) {
      if (messageOfCaughtError(assign.right, index)) {
        const dev = devOnly(assign, index);
        out.push(configFact(index, assign, 'error-handler', { library: 'custom', exposesStack: false, exposesMessage: true, devOnly: dev }, `error handler responds with the error's message${dev ? ' (development only)' : ''}`, `ctx.body-message:${index.line(assign)}`));
      }
      continue;
    }
    const dev = devOnly(assign, index) || stack.dev;
    out.push(configFact(index, assign, 'error-handler', { library: 'custom', exposesStack: true, devOnly: dev }, `error response includes the stack trace${dev ? ' (development only)' : ''}`, `ctx.body:${index.line(assign)}`));
  }
  return out;
}
