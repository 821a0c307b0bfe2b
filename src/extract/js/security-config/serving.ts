// Files served to clients: directory listings (serve-index) and static folders, with the mount
// path and whether a guard runs before them in the same use() call.
import type { FactInput } from '../../../model/types.js';
import { calleeProperty, literalValue, objectProp, resolveObject, stringValue, unwrap, type AstNode, type CallLike, type JsIndex } from '../_lib/ast.js';
import { flattenArgs, mwRef } from '../_lib/routes-refs.js';
import { effectiveRole } from '../_lib/routes.js';
import { configFact, withoutDefault } from './common.js';

const LISTING = /^(serve-index|koa-serve-index|express\.directory|serve-handler)$/;
const STATIC = /^(express\.static|serve-static|koa-static|koa-static-cache|@fastify\/static)$/;

export function servingFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const used = new Set<AstNode>();
  for (const call of index.nodesOf('CallExpression')) {
    if (calleeProperty(call) !== 'use' && calleeProperty(call) !== 'register') continue;
    const args = call.arguments as AstNode[];
    const path = stringValue(args[0], index);
    const rest = flattenArgs(path !== undefined ? args.slice(1) : args);
    let guarded = false;
    for (const arg of rest) {
      const n = unwrap(arg);
      const r = n.type === 'CallExpression' ? (index.resolvedCallee(n) ?? '').replace(/\.default$/, '') : '';
      const role = effectiveRole(mwRef(arg, index));
      if (role === 'auth-user' || role === 'auth-admin' || role === 'auth-unknown') guarded = true;
      if (n.type !== 'CallExpression') continue;
      if (LISTING.test(r)) {
        used.add(n);
        const dir = stringValue(n.arguments[0] as AstNode, index) ?? null;
        out.push(configFact(index, call, 'directory-listing', { library: r, path: path ?? '/', dir, guarded }, `directory listing of ${dir ?? 'a folder'} at ${path ?? '/'}`, `${path ?? '/'}`));
      } else if (STATIC.test(r)) {
        used.add(n);
        out.push(staticFact(index, call, n, r, path, guarded));
      }
    }
  }
  for (const call of index.nodesOf('CallExpression')) {
    const r = withoutDefault(index.resolvedCallee(call) ?? '');
    if (used.has(call)) continue;
    if (LISTING.test(r)) {
      const dir = stringValue(call.arguments[0] as AstNode, index) ?? null;
      out.push(configFact(index, call, 'directory-listing', { library: r, path: null, dir, guarded: false }, `directory listing of ${dir ?? 'a folder'}`, `def:${index.line(call)}`));
    }
  }
  return out;
}

function staticFact(index: JsIndex, use: CallLike, call: CallLike, library: string, path: string | undefined, guarded: boolean): FactInput {
  const dir = stringValue(call.arguments[0] as AstNode, index) ?? null;
  const opts = resolveObject(call.arguments[1] as AstNode, index);
  const dotfiles = stringValue(objectProp(opts, 'dotfiles'), index) ?? null;
  const hidden = literalValue(objectProp(opts, 'hidden'), index);
  return configFact(index, use, 'static', { library, path: path ?? '/', dir, dotfiles, hidden: hidden === true, guarded }, `static files from ${dir ?? '?'} at ${path ?? '/'}`, `${path ?? '/'}:${dir ?? '?'}`);
}
