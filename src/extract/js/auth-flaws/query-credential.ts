// A password the handler takes from the query string (`GET /change-password?current=…&new=…`):
// the URL, and with it the password, is written to the access logs of the server and every proxy
// on the way, kept in the browser history and sent on in a Referer (CWE-598). Only passwords by
// name (the query member, or the variable it is read into) count: reset and verification links
// carry a one-time token in the query by design, and those go by other names.
import type { FactInput } from '../../../model/types.js';
import { calleeName, calleeProperty, memberPath, WRAPPERS, propertyKey, stringValue, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { handlerLines, PASSWORD_NAME } from './password.js';
import { functionScopes } from './scopes.js';
import { bindingAt, core, isRequestObject } from './request.js';

const MAX_DEPTH = 3;

export function queryCredentialFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const done = new Set<FunctionLike>();
  // One fact per handler: its first password read stands for the rest.
  const emit = (at: AstNode, field: string, name: string | undefined, read = index.text(at)) => {
    const fn = index.enclosingFunction(at);
    if (!fn || done.has(fn)) return;
    done.add(fn);
    out.push({
      kind: 'config',
      setting: 'credential-in-query',
      values: { field, ...(name && name !== field ? { variable: name } : {}), read: read.replace(/\s+/g, ' ').slice(0, 80), scopes: functionScopes(index.enclosingFunction(at), index), handlerFile: index.file, handlerLines: handlerLines(at, index) },
      summary: `password read from the query string (${field})`,
      evidence: index.evidence(at),
      key: `${index.file}#config:credential-in-query:${index.enclosingFunctionName(at)}`,
    });
  };
  const password = (field: string, name: string | undefined) => PASSWORD_NAME.test(field) || (!!name && PASSWORD_NAME.test(name));
  // `req.query.password`, `ctx.query.newPassword`, `const newPassword = query.new` (query destructured from the request).
  for (const m of index.nodesOf('MemberExpression')) {
    const field = m.computed ? stringValue(m.property as AstNode, index) : m.property.type === 'Identifier' ? m.property.name : undefined;
    if (!field) continue;
    // Cheap tests first: the object is `….query` or a bare name, and a password is named.
    const obj = memberPath(unwrap(m.object as AstNode));
    if (!obj || (obj.length > 1 && obj[obj.length - 1] !== 'query')) continue;
    const name = boundName(m, index);
    if (password(field, name) && index.enclosingFunction(m) && isQueryObject(m.object as AstNode, index)) emit(m, field, name);
  }
  // `const { password, confirm } = req.query`.
  for (const d of index.nodesOf('VariableDeclarator')) {
    if (d.id.type !== 'ObjectPattern' || !d.init || !index.enclosingFunction(d)) continue;
    if (!d.id.properties.some((p) => p.type === 'Property' && PASSWORD_NAME.test(propertyKey(p as AstNode) ?? '')) || !isQueryObject(d.init as AstNode, index)) continue;
    for (const p of d.id.properties) {
      const field = p.type === 'Property' ? propertyKey(p as AstNode) : undefined;
      const v = p.type === 'Property' ? unwrap(p.value.type === 'AssignmentPattern' ? (p.value.left as AstNode) : (p.value as AstNode)) : undefined;
      const name = v?.type === 'Identifier' ? v.name : undefined;
      if (field && password(field, name)) {
        emit(d, field, name);
        break;
      }
    }
  }
  // Getters: `c.req.query('password')` (Hono), `request.nextUrl.searchParams.get('password')` (Next).
  for (const c of index.nodesOf('CallExpression')) {
    const prop = calleeProperty(c);
    if (prop !== 'query' && prop !== 'get') continue;
    const field = stringValue(c.arguments[0] as AstNode, index);
    const callee = unwrap(c.callee as AstNode);
    if (!field || !PASSWORD_NAME.test(field) || callee.type !== 'MemberExpression' || !index.enclosingFunction(c)) continue;
    const obj = memberPath(unwrap(callee.object as AstNode));
    if (!obj) continue;
    const request = prop === 'query' ? isRequestObject(obj, c, index, 0) : obj[obj.length - 1] === 'searchParams' && obj.length >= 2 && isRequestUrl(obj.slice(0, -1), c, index);
    if (request) emit(c, field, boundName(c, index));
  }
  // Nest: `@Query('password') password: string`.
  for (const fn of index.nodesOf('FunctionExpression')) {
    for (const p of fn.params) {
      for (const d of (p as { decorators?: { expression: AstNode }[] }).decorators ?? []) {
        const e = unwrap(d.expression);
        if (e.type !== 'CallExpression' || memberPath(e.callee as AstNode)?.join('.') !== 'Query') continue;
        const field = stringValue(e.arguments[0] as AstNode, index);
        if (field && PASSWORD_NAME.test(field)) emit(p as AstNode, field, undefined, `@Query(${index.text(e.arguments[0] as AstNode)})`);
      }
    }
  }
  return out;
}

/** The object of the query string: `req.query`, `ctx.request.query`, a name bound to one, `query` destructured from a handler's request, a Nest `@Query()` parameter. */
function isQueryObject(node: AstNode, index: JsIndex, depth = 0): boolean {
  const n = core(node);
  const path = n ? memberPath(n) : undefined;
  if (!n || !path || depth > MAX_DEPTH) return false;
  if (path.length >= 2) return path[path.length - 1] === 'query' && isRequestObject(path.slice(0, -1), n, index, 0);
  // `const q = req.query` (the index's own lookup); a `query` destructured from a request or a
  // handler's parameter; a Nest `@Query()` parameter of any name.
  if (path[0] !== 'query') {
    const init = index.initAt(path[0], n);
    if (init) return isQueryObject(init, index, depth + 1);
    return index.content.includes('@Query(') && queryParam(path[0], n, index);
  }
  const b = bindingAt(path[0], n, index);
  if (b) return b.key === 'query' && isRequestObject(memberPath(core(b.init)) ?? [], n, index, 0);
  return queryParam(path[0], n, index);
}

/** `({ query }: Request, res) =>`, `async ({ query, headers }, res, next) =>`, `find(@Query() query)`. */
function queryParam(name: string, at: AstNode, index: JsIndex): boolean {
  for (let fn = index.enclosingFunction(at); fn; fn = index.enclosingFunction(fn)) {
    for (const [i, raw] of fn.params.entries()) {
      const p = unwrap((raw.type === 'TSParameterProperty' ? raw.parameter : raw) as AstNode);
      if (p.type === 'Identifier' && p.name === name) {
        const decorators = (raw as { decorators?: { expression: AstNode }[] }).decorators ?? [];
        return decorators.some((d) => {
          const e = unwrap(d.expression);
          return e.type === 'CallExpression' && memberPath(e.callee as AstNode)?.join('.') === 'Query' && e.arguments.length === 0;
        });
      }
      if (p.type !== 'ObjectPattern' || i !== 0) continue;
      const bound = p.properties.some((q) => q.type === 'Property' && propertyKey(q as AstNode) === 'query' && q.value.type === 'Identifier' && q.value.name === name);
      if (!bound) continue;
      // The destructured object is a request: typed so, or followed by the response.
      const typed = /Request|Context/.test(index.text(p).slice(index.text(p).lastIndexOf(':')));
      const second = fn.params[1] ? unwrap(fn.params[1] as AstNode) : undefined;
      return typed || (second?.type === 'Identifier' && /^(res|response|reply|h)$/.test(second.name));
    }
  }
  return false;
}

/** `request.nextUrl`, `new URL(req.url)` bound to a name: the URL of the request. */
function isRequestUrl(path: string[], at: AstNode, index: JsIndex): boolean {
  if (path.length === 2 && (path[1] === 'nextUrl' || path[1] === 'url')) return isRequestObject(path.slice(0, 1), at, index, 0);
  if (path.length !== 1) return false;
  const b = bindingAt(path[0], at, index);
  const init = b && !b.key ? unwrap(b.init) : undefined;
  if (init?.type !== 'NewExpression' || memberPath(init.callee as AstNode)?.join('.') !== 'URL') return false;
  const arg = memberPath(core(init.arguments[0] as AstNode));
  return !!arg && arg.length === 2 && arg[1] === 'url' && isRequestObject(arg.slice(0, 1), at, index, 0);
}

/** The variable a read is stored in: `const newPassword = query.new as string`. */
function boundName(node: AstNode, index: JsIndex): string | undefined {
  let n: AstNode = node;
  for (let i = 0; i < 4; i++) {
    const parent = index.parent(n);
    if (!parent) return undefined;
    if (parent.type === 'VariableDeclarator') return parent.id.type === 'Identifier' && parent.init === n ? parent.id.name : undefined;
    if (parent.type === 'AssignmentExpression') {
      const left = memberPath(parent.left as AstNode);
      return left ? left[left.length - 1] : undefined;
    }
    // Through what keeps the value: `query.new as string`, `req.query.pw || ''`, `String(req.query.pw)`.
    const keeps = parent.type === 'LogicalExpression' || parent.type === 'AwaitExpression' || WRAPPERS.has(parent.type) || (parent.type === 'CallExpression' && /^(String|decodeURIComponent)$/.test(calleeName(parent) ?? ''));
    if (keeps) {
      n = parent;
      continue;
    }
    return undefined;
  }
  return undefined;
}
