// App-wide middleware that guards a path area by testing the request path itself:
//
//   export default async function(ctx, next) {
//     if (isAdminRequest(ctx)) {              // or ctx.path.startsWith('/admin/')
//       if (!ctx.state.user?.isAdmin) throw new ErrorForbidden();
//     }
//     return next();
//   }
//
// with the test inline or in a helper of the application (same file or imported) that only
// returns it (`return ctx.path.indexOf('/admin/') === 0`). Routes a home-grown registry
// dispatches behind such middleware are admin routes under that prefix.
import type { ConfigFact, FactInput } from '../../../model/types.js';
import { calleeObject, calleeProperty, isFunctionLike, memberPath, nodesUnder, paramNames, stringValue, topLevelReturn, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { REQ_NAMES } from '../_lib/routes-guard-signals.js';
import { rejects } from '../_lib/routes-guard-signals.js';
import { roleIn } from '../_lib/routes-guard-roles.js';

export const PREDICATE_SETTING = 'js-path-prefix-predicate';
export const GUARD_SETTING = 'js-path-prefix-admin-guard';

const PATH_MEMBERS = new Set(['path', 'url', 'pathname', 'originalUrl', 'baseUrl']);

/** `ctx.path`, `req.originalUrl`, `request.url.pathname`: the request path. */
function requestPath(node: AstNode | undefined): boolean {
  const path = memberPath(unwrap(node));
  return !!path && path.length >= 2 && REQ_NAMES.has(path[0]) && PATH_MEMBERS.has(path[path.length - 1]);
}

/** The literal prefix a test expression checks the request path against, if that is all it does. */
export function prefixTest(expr: AstNode | undefined, index: JsIndex): string | undefined {
  const n = unwrap(expr);
  if (!n) return undefined;
  if (n.type === 'CallExpression' && calleeProperty(n) === 'startsWith' && requestPath(calleeObject(n))) return stringValue(n.arguments[0] as AstNode, index);
  if (n.type === 'BinaryExpression' && (n.operator === '===' || n.operator === '==')) {
    const [l, r] = [unwrap(n.left as AstNode), unwrap(n.right as AstNode)];
    const call = l.type === 'CallExpression' ? l : r.type === 'CallExpression' ? r : undefined;
    const zero = l.type === 'Literal' && l.value === 0 ? l : r.type === 'Literal' && r.value === 0 ? r : undefined;
    if (call && zero && calleeProperty(call) === 'indexOf' && requestPath(calleeObject(call))) return stringValue(call.arguments[0] as AstNode, index);
  }
  return undefined;
}

function config(setting: string, index: JsIndex, at: AstNode, data: unknown, key: string): FactInput {
  const fact: Omit<ConfigFact, 'extractor'> = { kind: 'config', setting, values: { data: JSON.stringify(data) }, evidence: index.evidence(at), key };
  return fact;
}

/** A function given the request that only answers whether its path is under a prefix. */
function predicatePrefix(fn: FunctionLike, index: JsIndex): string | undefined {
  const ret = topLevelReturn(fn);
  return ret ? prefixTest(ret, index) : undefined;
}

/** Exported path predicates (`export function isAdminRequest(ctx) { return ctx.path.indexOf('/admin/') === 0; }`). */
export function predicateFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const [name, node] of index.exports) {
    const fn = unwrap(node);
    if (!isFunctionLike(fn)) continue;
    const prefix = predicatePrefix(fn, index);
    if (prefix?.startsWith('/')) out.push(config(PREDICATE_SETTING, index, fn, { name, prefix }, `${index.file}#${PREDICATE_SETTING}:${name}`));
  }
  return out;
}

export interface PrefixGuardRecord {
  prefix?: string;
  /** The predicate imported from another module, resolved in link. */
  predicate?: { module: string; export: string };
}

/** The prefix an `if` test names: inline, through a same-file predicate, or an imported one (left to link). */
function testedPrefix(test: AstNode, index: JsIndex): PrefixGuardRecord | undefined {
  const inline = prefixTest(test, index);
  if (inline) return { prefix: inline };
  const call = unwrap(test);
  if (call.type !== 'CallExpression' || !call.arguments.some((a) => REQ_NAMES.has(memberPath(unwrap(a as AstNode))?.[0] ?? ''))) return undefined;
  const callee = unwrap(call.callee as AstNode);
  if (callee.type !== 'Identifier') return undefined;
  const local = index.functionByName(callee.name);
  if (local) {
    const prefix = predicatePrefix(local, index);
    return prefix ? { prefix } : undefined;
  }
  const b = index.bindings.get(callee.name);
  if (!b || !/^(\.|[@~#]\/)/.test(b.module)) return undefined;
  return { predicate: { module: b.module, export: b.imported === '*' ? callee.name : b.imported } };
}

/** Exported middleware (`(ctx, next)`, `(req, res, next)`) whose branch for a path area refuses all but an administrator. */
export function guardFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const [name, node] of index.exports) {
    const fn = unwrap(node);
    if (!isFunctionLike(fn) || paramNames(fn).pop() !== 'next') continue;
    for (const s of nodesUnder(fn, 'IfStatement')) {
      const area = testedPrefix(s.test as AstNode, index);
      if (!area) continue;
      const refuses = nodesUnder(s.consequent as AstNode, 'IfStatement').some((inner) => roleIn(inner.test as AstNode, index) === 'admin' && rejects(inner.consequent as AstNode, index) !== undefined);
      if (refuses) out.push(config(GUARD_SETTING, index, s, area, `${index.file}#${GUARD_SETTING}:${name}`));
    }
  }
  return out;
}
