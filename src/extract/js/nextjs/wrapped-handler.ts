// Route handlers a project helper builds around an inner callback (the "handler wrapper" idiom):
//   export const GET = withApiWrapper({ auth: 'both', handler: async ({ req, authentication }) => {...} });
//   export const POST = async (request) => authenticatedClient({ request, handler: async ({ auth }) => {...} });
// The callback is the code the route runs: its checks, writes and record accesses are judged as the
// handler's. The wrapper is an imported helper of the repository, kept as a middleware reference
// that link judges by its body (js/nextjs-helpers handler-wrapper.ts), with the literal options of
// this use (`auth: 'none'`, `public: true`) that may switch its check off.
import { memberPath, nodesUnder, unwrap, unwrapAwait, type AstNode, type CallLike, type FunctionLike, type JsIndex, functionOf } from '../_lib/ast.js';
import { absentPaths } from '../_lib/absence.js';
import { rejects } from '../_lib/routes-guard-signals.js';
import type { HandlerRef, MwRef } from '../_lib/routes.js';
import { exits } from './session-check.js';

/** Option keys that hold the callback a wrapper runs. */
export const HANDLER_KEY = /^(handler|handle|fn|callback|resolve|run|execute)$/;
/** Modules of the repository itself (relative, or a tsconfig alias): a package's wrapper is judged elsewhere. */
const PROJECT_MODULE = /^(\.|[@~#]\/)/;
/** Names under which a wrapper hands the callback the caller it authenticated. */
const PROVIDED_IDENTITY = /^(authentication|auth|session|user|currentUser|viewer|principal|identity|caller|apiKey)$/;
const REFUSAL = /40[13]|nauthori|nauthent|notAuthent|orbidden/;

export interface WrappedRoute {
  /** The callback the route runs (undefined: an imported one, `delegate`). */
  fn?: FunctionLike;
  /** The wrapper, for link to judge. */
  ref: MwRef;
  /** Wrappers around it (`withError('scope', withQueue(cb))`): also judged in link. */
  outer?: MwRef[];
  /** The callback is a handler imported from another module (`withQueue(handleBatch)`): that handler's record decides its checks. */
  delegate?: HandlerRef;
}

function paramName(p: AstNode | undefined): string | undefined {
  let n = p;
  if (n && n.type === 'AssignmentPattern') n = n.left as AstNode;
  return n && n.type === 'Identifier' ? n.name : undefined;
}

function keyOf(p: AstNode): string | undefined {
  if (p.type !== 'Property' || p.computed) return undefined;
  const k = p.key as AstNode;
  return k.type === 'Identifier' ? k.name : typeof (k as { value?: unknown }).value === 'string' ? String((k as { value: string }).value) : undefined;
}

/** The callback an options object holds (`{ handler: async (...) => ... }`). */
function callbackIn(obj: AstNode, index: JsIndex): FunctionLike | undefined {
  if (obj.type !== 'ObjectExpression') return undefined;
  for (const p of obj.properties as AstNode[]) {
    const key = keyOf(p);
    if (!key || !HANDLER_KEY.test(key) || p.type !== 'Property') continue;
    const fn = functionOf(unwrap(p.value as AstNode), index);
    if (fn) return fn;
  }
  return undefined;
}

/**
 * Literal options of the use: `public: true` as `public`, `auth: 'none'` as `auth=none`, and a
 * string given in place `i` as `@i=value`. A definition's opt-out is compared with these.
 */
export function literalOptions(call: CallLike): string[] {
  const out: string[] = [];
  (call.arguments as AstNode[]).forEach((a, i) => {
    const o = unwrap(a);
    if (o.type === 'Literal' && typeof (o as { value: unknown }).value === 'string') out.push(`@${i}=${String((o as { value: string }).value)}`);
    if (o.type !== 'ObjectExpression') return;
    for (const p of o.properties as AstNode[]) {
      const key = keyOf(p);
      const v = key && p.type === 'Property' ? unwrap(p.value as AstNode) : undefined;
      if (!key || !v || v.type !== 'Literal') continue;
      const value = (v as { value: unknown }).value;
      if (value === true) out.push(key);
      else if (typeof value === 'string') out.push(`${key}=${value}`);
    }
  });
  return out;
}

/** A call of a wrapper imported from the repository, and the options object it is given. */
function projectWrapper(call: AstNode, index: JsIndex): { call: CallLike; name: string; module: string; export: string } | undefined {
  if (call.type !== 'CallExpression') return undefined;
  const path = memberPath(unwrap(call.callee as AstNode));
  if (!path || path.length > 2) return undefined;
  const b = index.bindings.get(path[0]);
  if (!b || !PROJECT_MODULE.test(b.module)) return undefined;
  const exp = path.length === 1 ? b.imported : b.imported === '*' ? path[1] : undefined;
  if (!exp || exp === '*') return undefined;
  return { call, name: path.join('.'), module: b.module, export: exp };
}

/** The single expression a function's body evaluates or returns. */
function onlyResult(fn: FunctionLike): AstNode | undefined {
  const body = unwrap(fn.body as AstNode | null);
  if (!body) return undefined;
  if (body.type !== 'BlockStatement') return unwrapAwait(body);
  const stmts = body.body as AstNode[];
  if (stmts.length !== 1) return undefined;
  const s = stmts[0];
  return unwrapAwait((s.type === 'ReturnStatement' ? s.argument : s.type === 'ExpressionStatement' ? s.expression : undefined) as AstNode | undefined);
}

/**
 * `withX({ handler })` or `withX('scope', handler)` as the export, or `(request, ctx) => withX({
 * request, handler })` (the exported function only hands its request and the callback to the wrapper).
 */
export function wrappedRoute(value: AstNode, index: JsIndex, depth = 0): WrappedRoute | undefined {
  let v = unwrap(value);
  if (v.type === 'Identifier' && !index.functionByName(v.name)) v = unwrap(index.constInit(v.name)) ?? v;
  let outer: FunctionLike | undefined;
  if (v.type !== 'CallExpression') {
    outer = functionOf(v, index);
    const result = outer ? onlyResult(outer) : undefined;
    if (!result) return undefined;
    v = result;
  }
  const wrapper = projectWrapper(v, index);
  if (!wrapper) return undefined;
  const request = outer ? paramName(outer.params[0] as AstNode | undefined) : undefined;
  for (const a of wrapper.call.arguments as AstNode[]) {
    const obj = unwrap(a);
    // `withError('scope', withQueue(async (req) => ...))`: a wrapper of the repository around another one.
    const nested = !outer && obj.type === 'CallExpression' && depth < 3 ? wrappedRoute(obj, index, depth + 1) : undefined;
    if (nested) {
      const optOut = literalOptions(wrapper.call);
      const ref: MwRef = { name: wrapper.name, module: wrapper.module, from: index.file, export: wrapper.export, terminal: true, ...(optOut.length > 0 ? { optOut } : {}) };
      return { ...nested, outer: [ref, ...(nested.outer ?? [])] };
    }
    // `withAuth('scope', async (req) => ...)`: the callback handed in place, not in an options object.
    const fn = callbackIn(obj, index) ?? (!outer ? functionOf(obj, index) : undefined);
    if (!fn) continue;
    // Handed from an exported function: the wrapper must be given that function's request.
    if (outer && !(request && handsOver(obj, request))) return undefined;
    const optOut = literalOptions(wrapper.call);
    const ref: MwRef = { name: wrapper.name, module: wrapper.module, from: index.file, export: wrapper.export, terminal: true, ...(optOut.length > 0 ? { optOut } : {}) };
    return { fn, ref };
  }
  // `withQueue(handleBatch)` inside another wrapper: the last argument, a handler imported from the repository.
  const last = depth > 0 ? unwrap(wrapper.call.arguments[wrapper.call.arguments.length - 1] as AstNode | undefined) : undefined;
  const b = last?.type === 'Identifier' && !index.functionByName(last.name) ? index.bindings.get(last.name) : undefined;
  if (last?.type === 'Identifier' && b && b.imported !== '*' && PROJECT_MODULE.test(b.module)) {
    const optOut = literalOptions(wrapper.call);
    const ref: MwRef = { name: wrapper.name, module: wrapper.module, from: index.file, export: wrapper.export, terminal: true, ...(optOut.length > 0 ? { optOut } : {}) };
    return { ref, delegate: { module: b.module, from: index.file, export: b.imported, name: last.name } };
  }
  return undefined;
}

/** `{ request, handler }`: the options object carries the exported function's request. */
function handsOver(obj: AstNode, request: string): boolean {
  if (obj.type !== 'ObjectExpression') return false;
  return (obj.properties as AstNode[]).some((p) => {
    const v = p.type === 'Property' ? unwrap(p.value as AstNode) : undefined;
    return v?.type === 'Identifier' && v.name === request;
  });
}

/** Identity values the wrapper hands the callback: `async ({ req, authentication }) => ...`. */
function providedNames(fn: FunctionLike): Set<string> {
  const out = new Set<string>();
  let p = fn.params[0] as AstNode | undefined;
  if (p && p.type === 'AssignmentPattern') p = p.left as AstNode;
  if (!p || p.type !== 'ObjectPattern') return out;
  for (const prop of p.properties as AstNode[]) {
    const key = keyOf(prop);
    const local = prop.type === 'Property' ? paramName(prop.value as AstNode) : undefined;
    if (key && local && PROVIDED_IDENTITY.test(key)) out.add(local);
  }
  return out;
}

/** `!authentication`, `!auth?.user`, `session == null`, either side of `||`: the local tested for absence. */
function absentNames(test: AstNode): string[] {
  return absentPaths(test).map((path) => path[0]);
}

/** The statements a function runs first: its body's, with a `try` around the whole body opened. */
function leadingStatements(fn: FunctionLike): AstNode[] {
  const body = unwrap(fn.body as AstNode | null);
  if (!body || body.type !== 'BlockStatement') return [];
  return (body.body as AstNode[]).flatMap((s) => (s.type === 'TryStatement' ? ((s.block as AstNode & { body: AstNode[] }).body) : [s]));
}

/** `if (!authentication) return { response: notAuthenticated() }`: the refusal, when the branch leaves refusing. */
function refusesWithout(s: AstNode, names: ReadonlySet<string>, index: JsIndex): string | undefined {
  if (s.type !== 'IfStatement') return undefined;
  const tested = absentNames(s.test as AstNode).find((n) => names.has(n));
  if (!tested || !exits(s.consequent as AstNode, index)) return undefined;
  const refusal = rejects(s.consequent as AstNode, index) ?? index.text(s.consequent as AstNode);
  return REFUSAL.test(refusal) ? tested : undefined;
}

/** Names a declaration binds its awaited call's result to: `const r = ...`, `const { error } = ...`. */
function boundNames(id: AstNode): string[] {
  if (id.type === 'Identifier') return [id.name];
  if (id.type !== 'ObjectPattern') return [];
  return (id.properties as AstNode[]).flatMap((p) => {
    const local = p.type === 'Property' ? paramName(p.value as AstNode) : undefined;
    return local ? [local] : [];
  });
}

/**
 * `const result = await loadAndAuthorize(id, authentication); if (result.error) return ...`: the
 * callback hands the provided caller to a function of its file that refuses without one (its own
 * leading `if (!authentication) return { error: notAuthenticated() }`), and leaves when its result
 * says so. The helper's parameter in the caller's place is the name it must test.
 */
function helperRefusal(stmts: AstNode[], names: ReadonlySet<string>, index: JsIndex): string | undefined {
  const pending = new Map<string, string>();
  for (const s of stmts) {
    if (s.type === 'VariableDeclaration') {
      for (const d of s.declarations) {
        const call = unwrapAwait(d.init as AstNode | null);
        if (!call || call.type !== 'CallExpression' || unwrap(call.callee as AstNode).type !== 'Identifier') continue;
        const helper = index.functionByName((unwrap(call.callee as AstNode) as { name: string }).name);
        if (!helper) continue;
        const place = (call.arguments as AstNode[]).findIndex((a) => { const u = unwrap(a); return u.type === 'Identifier' && names.has(u.name); });
        const param = place >= 0 ? paramName(helper.params[place] as AstNode | undefined) : undefined;
        const tested = param ? leadingStatements(helper).map((h) => refusesWithout(h, new Set([param]), index)).find((t) => t !== undefined) : undefined;
        if (tested) for (const n of boundNames(d.id as AstNode)) pending.set(n, `${index.text(call.callee as AstNode)}(${param}) refuses without it`);
      }
    } else if (s.type === 'IfStatement' && pending.size > 0 && exits(s.consequent as AstNode, index)) {
      const read = nodesUnder(s.test as AstNode, 'Identifier').map((n) => pending.get((n as { name: string }).name)).find((w) => w !== undefined);
      if (read) return read;
    }
  }
  return undefined;
}

/**
 * The callback refuses when the wrapper hands it no caller: `if (!authentication) return { response:
 * notAuthenticated() }` among its first statements (or those of a `try` around its whole body), or
 * through a function of its file it hands the caller to (helperRefusal).
 */
export function providedIdentityCheck(fn: FunctionLike, index: JsIndex): string | undefined {
  const names = providedNames(fn);
  if (names.size === 0) return undefined;
  const stmts = leadingStatements(fn);
  for (const s of stmts) {
    const tested = refusesWithout(s, names, index);
    if (tested) return `handler refuses when the wrapper provides no ${tested}`;
  }
  const viaHelper = helperRefusal(stmts, names, index);
  return viaHelper ? `handler refuses when the wrapper provides no caller: ${viaHelper}` : undefined;
}
