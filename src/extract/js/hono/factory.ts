// Hono apps built by a factory that takes its base path as an option, and the files that call it:
//   export function OAuthRoutes(options) {
//     const { basePath, ... } = options;
//     const app = new Hono().basePath(basePath);
//     app.get('/auth/:id', ...);
//     return { handler: handle(app) };
//   }
//   // app/api/oauth/[...slug]/route.ts
//   const { handler } = OAuthRoutes({ basePath: '/api/oauth', ... });
//   export const GET = handler;
// The routes answer under the base path each caller passes. A Next.js route file whose method
// handlers are what the factory returned is a mount point of that app: link drops its own entries.
import { memberPath, stringValue, unwrap, type AstNode, type CallLike, type JsIndex } from '../_lib/ast.js';

/** An app's base path taken from an option of the exported function that creates it. */
export interface BasePathOption {
  /** The export naming the factory. */
  export: string;
  /** The option key (`basePath`). */
  key: string;
}

/** A call of an imported factory with a literal base path option. */
export interface FactoryCall {
  module: string;
  export: string;
  key: string;
  prefix: string;
  /** The file's exported GET/POST/... handlers are what this call returned (a mount point). */
  handsOff: boolean;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
/** Option keys that carry a base path. */
const BASE_KEY = /^(basePath|base|prefix|mountPath|path)$/;

function paramName(p: AstNode | undefined): string | undefined {
  const n = p && p.type === 'AssignmentPattern' ? (p.left as AstNode) : p;
  return n && n.type === 'Identifier' ? n.name : undefined;
}

function keyName(p: AstNode): string | undefined {
  if (p.type !== 'Property' || p.computed) return undefined;
  const k = p.key as AstNode;
  return k.type === 'Identifier' ? k.name : undefined;
}

/** The key a local was destructured under from an object pattern, if it was. */
function keyIn(pattern: AstNode, local: string): string | undefined {
  if (pattern.type !== 'ObjectPattern') return undefined;
  for (const p of pattern.properties as AstNode[]) {
    const bound = p.type === 'Property' ? paramName(p.value as AstNode) : undefined;
    if (bound === local) return keyName(p);
  }
  return undefined;
}

/**
 * `.basePath(basePath)` where `basePath` is an option of the exported function the app is made in:
 * destructured from its first parameter (`function f({ basePath })`) or from that parameter in its
 * body (`const { basePath } = options`).
 */
export function basePathOption(arg: AstNode | undefined, at: AstNode, index: JsIndex): BasePathOption | undefined {
  const a = unwrap(arg);
  if (!a || a.type !== 'Identifier') return undefined;
  const fn = index.enclosingFunction(at);
  if (!fn) return undefined;
  const exported = [...index.exports].find(([, v]) => unwrap(v) === (fn as AstNode) || (unwrap(v).type === 'Identifier' && index.functionByName((unwrap(v) as { name: string }).name) === fn))?.[0];
  if (!exported) return undefined;
  const first = fn.params[0] as AstNode | undefined;
  const direct = first ? keyIn(first.type === 'AssignmentPattern' ? (first.left as AstNode) : first, a.name) : undefined;
  if (direct && BASE_KEY.test(direct)) return { export: exported, key: direct };
  const options = paramName(first);
  if (!options) return undefined;
  for (const d of index.nodesOf('VariableDeclarator')) {
    if (index.enclosingFunction(d) !== fn || unwrap(d.init as AstNode | null)?.type !== 'Identifier' || (unwrap(d.init as AstNode) as { name: string }).name !== options) continue;
    const key = keyIn(d.id as AstNode, a.name);
    if (key && BASE_KEY.test(key)) return { export: exported, key };
  }
  return undefined;
}

/** Names a declarator binds (`const x = ...`, `const { handler } = ...`). */
function bound(id: AstNode): string[] {
  if (id.type === 'Identifier') return [id.name];
  if (id.type !== 'ObjectPattern') return [];
  return (id.properties as AstNode[]).map((p) => (p.type === 'Property' ? paramName(p.value as AstNode) : undefined)).filter((n): n is string => !!n);
}

/** Calls of imported functions given an options object with a literal base path. */
export function factoryCalls(index: JsIndex): FactoryCall[] {
  const out: FactoryCall[] = [];
  for (const call of index.nodesOf('CallExpression') as Iterable<CallLike>) {
    const callee = unwrap(call.callee as AstNode);
    const b = callee.type === 'Identifier' ? index.bindings.get(callee.name) : undefined;
    const opts = unwrap(call.arguments[0] as AstNode | undefined);
    if (!b || b.imported === '*' || !opts || opts.type !== 'ObjectExpression') continue;
    for (const p of opts.properties as AstNode[]) {
      const key = keyName(p);
      const prefix = key && BASE_KEY.test(key) && p.type === 'Property' ? stringValue(p.value as AstNode, index) : undefined;
      if (prefix === undefined || !prefix.startsWith('/')) continue;
      out.push({ module: b.module, export: b.imported, key: key!, prefix, handsOff: handsOff(call, index) });
    }
  }
  return out;
}

/** Every exported method handler of the file is (a name bound from) the call's result. */
function handsOff(call: CallLike, index: JsIndex): boolean {
  const names = new Set<string>();
  for (const d of index.nodesOf('VariableDeclarator')) if (unwrap(d.init as AstNode | null) === (call as AstNode)) for (const n of bound(d.id as AstNode)) names.add(n);
  const handlers = METHODS.map((m) => index.exports.get(m)).filter((v): v is AstNode => !!v);
  return handlers.length > 0 && handlers.every((v) => {
    const u = unwrap(v);
    const path = memberPath(u);
    return u === (call as AstNode) || (!!path && names.has(path[0]));
  });
}
