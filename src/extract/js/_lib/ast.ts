// Generic helpers over the oxc (ESTree-shaped) AST, shared by every JS/TS extractor.
//
// Stable API (other extractors depend on it; extend, do not change signatures):
//   walk, childNodes, nodesUnder, someNode, unwrap, unwrapAwait, isFunctionLike, functionOf,
//   wrappedHandler,
//   memberPath, calleeName, calleeProperty, calleeObject, stringValue, stringArg, literalValue,
//   valueOrigin, propertyKey, objectProp, objectKeys, objectLiterals, resolveObject, hasSpread,
//   requireModule, normalizeModule, moduleBindings, paramNames,
//   jsIndex (→ JsIndex, memoised per file through ctx.parse), indexFromParsed (embedded scripts).
// JsIndex gives nodes by type, parents/ancestors, enclosing function/class and its line-free name,
// evidence and line text, same-file consts (`constInit`, scope-aware `initAt`), functions/classes by name,
// memoised import-resolved callee names, imported modules and exports.
//
// Conventions: names are dotted member paths (`app.get`, `this.http.post`); "resolved" names put
// the imported module in front of the path (`jsonwebtoken.verify`, `express.Router`), with the
// `node:` prefix of builtins removed. Nothing here evaluates code; values are read from literals
// and from `const` declarations of the same file only.
import { visitorKeys } from 'oxc-parser';
import type {
  ArrowFunctionExpression,
  CallExpression,
  Function as FunctionNode,
  NewExpression,
  Node,
  ObjectExpression,
} from 'oxc-parser';
import type { JsProgram } from './parse.js';
import { indexedNodesUnder, type JsIndex } from './ast-index.js';

// The index and the name / export resolution live in their own files; this module stays the one
// entry point (the stable API above), so extractors keep importing everything from ast.js.
export { indexFromParsed, jsIndex, type JsIndex } from './ast-index.js';
export { constructorMembers, exportNamesByFunction, functionOf, injectedClass } from './ast-names.js';

export type { CallExpression, Class, NewExpression, ObjectExpression } from 'oxc-parser';
export type AstNode = Node;
export type NodeType = AstNode['type'];
/** Node interfaces whose `type` can be T (some, like Function or Class, cover several types). */
export type NodeOfType<T extends NodeType> = AstNode extends infer N ? (N extends { type: infer U } ? (T extends U ? N : never) : never) : never;
export type FunctionLike = FunctionNode | ArrowFunctionExpression;
export type CallLike = CallExpression | NewExpression;
export type Primitive = string | number | boolean | null;

export type Loose = Record<string, unknown>;

/**
 * oxc's visitor keys, read once: under the tsx/CommonJS interop an imported binding is a getter
 * call on every access, and every walk reads it once per node.
 */
export const VISITOR_KEYS: Readonly<Record<string, readonly string[] | undefined>> = visitorKeys;

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as Loose).type === 'string';
}

/** Direct children in source order (uses oxc's visitor keys, so every node type is covered). */
export function childNodes(node: AstNode): AstNode[] {
  const keys = VISITOR_KEYS[node.type];
  if (!keys) return [];
  const out: AstNode[] = [];
  for (const key of keys) {
    const value = (node as unknown as Loose)[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) out.push(item);
    } else if (isNode(value)) out.push(value);
  }
  return out;
}

/**
 * Pre-order walk without recursion (deep string concatenations must not overflow the stack).
 * `enter` returning `false` skips the node's children.
 */
export function walk(root: AstNode, enter: (node: AstNode, parent: AstNode | null) => boolean | void): void {
  const nodes: AstNode[] = [root];
  const parents: (AstNode | null)[] = [null];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const parent = parents.pop()!;
    if (enter(node, parent) === false) continue;
    const keys = VISITOR_KEYS[node.type];
    if (!keys) continue;
    // Push in reverse so children are visited in source order.
    for (let k = keys.length - 1; k >= 0; k--) {
      const value = (node as unknown as Loose)[keys[k]];
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) {
          const item = value[i];
          if (isNode(item)) {
            nodes.push(item);
            parents.push(node);
          }
        }
      } else if (isNode(value)) {
        nodes.push(value);
        parents.push(node);
      }
    }
  }
}

/** `walk` for this file's callbacks that need no parent: one stack instead of two. */
function walkNodes(root: AstNode, enter: (node: AstNode) => boolean | void): void {
  const nodes: AstNode[] = [root];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    if (enter(node) === false) continue;
    const keys = VISITOR_KEYS[node.type];
    if (!keys) continue;
    // Push in reverse so children are visited in source order.
    for (let k = keys.length - 1; k >= 0; k--) {
      const value = (node as unknown as Loose)[keys[k]];
      // isNode, written out (calls are not inlined: src/util/v8-tuning.ts).
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) {
          const item = value[i] as AstNode | null;
          if (typeof item === 'object' && item !== null && typeof item.type === 'string') nodes.push(item);
        }
      } else if (typeof value === 'object' && value !== null && typeof (value as Loose).type === 'string') nodes.push(value as AstNode);
    }
  }
}

export const WRAPPERS = new Set([
  'ParenthesizedExpression',
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSTypeAssertion',
  'TSNonNullExpression',
  'TSInstantiationExpression',
  'ChainExpression',
]);

/** Strips parentheses, TypeScript casts/non-null and optional-chain wrappers. */
export function unwrap<T extends AstNode | null | undefined>(node: T): T | AstNode {
  let current: AstNode | null | undefined = node;
  while (current && WRAPPERS.has(current.type)) current = (current as unknown as { expression: AstNode }).expression;
  return current as T | AstNode;
}

/** `unwrap`, also removing `await`. */
/** The `||`-joined parts of a test, unwrapped, in source order (`a || (b || c)` → a, b, c). */
export function orParts(test: AstNode): AstNode[] {
  const u = unwrap(test);
  return u.type === 'LogicalExpression' && u.operator === '||' ? [...orParts(u.left as AstNode), ...orParts(u.right as AstNode)] : [u];
}

export function unwrapAwait(node: AstNode | null | undefined): AstNode | undefined {
  let current = unwrap(node);
  while (current && current.type === 'AwaitExpression') current = unwrap(current.argument);
  return current ?? undefined;
}

/**
 * The call that is a function's only statement, made with the function's own parameters in order
 * (`(req, res, next) => check(req, res, next)`, `async function h(req, res) { return route(req, res) }`):
 * the function is its callee under another name.
 */
export function forwardingCall(fn: FunctionLike): CallLike | undefined {
  let body = unwrap(fn.body as AstNode | null);
  if (body?.type === 'BlockStatement') {
    if (body.body.length !== 1) return undefined;
    const st = body.body[0] as AstNode;
    body = st.type === 'ReturnStatement' ? unwrap(st.argument as AstNode | null) : st.type === 'ExpressionStatement' ? unwrap(st.expression as AstNode) : null;
  }
  const call = unwrapAwait(body);
  if (call?.type !== 'CallExpression') return undefined;
  const own = fn.params.map((p) => {
    let n = p as AstNode;
    if (n.type === 'AssignmentPattern') n = n.left as AstNode;
    if (n.type === 'RestElement') n = n.argument as AstNode;
    return n.type === 'Identifier' ? n.name : undefined;
  });
  const args = call.arguments.map((a) => unwrap(a as AstNode));
  if (own.length === 0 || args.length !== own.length || !args.every((a, i) => a.type === 'Identifier' && own[i] !== undefined && a.name === own[i])) return undefined;
  return call;
}

export function isFunctionLike(node: AstNode | null | undefined): node is FunctionLike {
  return !!node && (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression');
}

/**
 * Dotted path of an identifier / member chain: `a.b.c` → ['a','b','c'], `this.x` → ['this','x'],
 * `a['b']` → ['a','b']. Undefined when a segment is computed from a non-literal or is a call.
 */
export function memberPath(node: AstNode | null | undefined): string[] | undefined {
  const parts: string[] = [];
  let current = unwrap(node);
  while (current) {
    if (current.type === 'Identifier') {
      parts.unshift(current.name);
      return parts;
    }
    if (current.type === 'ThisExpression') {
      parts.unshift('this');
      return parts;
    }
    if (current.type === 'Super') {
      parts.unshift('super');
      return parts;
    }
    if (current.type === 'MemberExpression') {
      const prop = current.property;
      if (!current.computed && prop.type === 'Identifier') parts.unshift(prop.name);
      else if (!current.computed && prop.type === 'PrivateIdentifier') parts.unshift(`#${prop.name}`);
      else {
        const key = literalValue(prop as AstNode);
        if (typeof key !== 'string' && typeof key !== 'number') return undefined;
        parts.unshift(String(key));
      }
      current = unwrap(current.object);
      continue;
    }
    return undefined;
  }
  return undefined;
}

/** Memo of calleeName on the call node (null: dynamic callee): every extractor asks for every call. */
const CALLEE_NAME = Symbol('calleeName');

/** `app.get` for `app.get(...)`, `express` for `express()`; undefined for dynamic callees. */
export function calleeName(call: CallLike): string | undefined {
  const memo = call as CallLike & { [CALLEE_NAME]?: string | null };
  let name = memo[CALLEE_NAME];
  if (name === undefined) name = memo[CALLEE_NAME] = memberPath(call.callee)?.join('.') ?? null;
  return name ?? undefined;
}

/** Last name segment of a callee even when its object is dynamic (`foo().bar()` → `bar`). */
export function calleeProperty(call: CallLike): string | undefined {
  const callee = unwrap(call.callee);
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression') {
    if (!callee.computed && callee.property.type === 'Identifier') return callee.property.name;
    const key = literalValue(callee.property as AstNode);
    return typeof key === 'string' ? key : undefined;
  }
  return undefined;
}

/** Object a method is called on (`a.b` in `a.b.c()`), unwrapped. */
export function calleeObject(call: CallLike): AstNode | undefined {
  const callee = unwrap(call.callee);
  return callee.type === 'MemberExpression' ? unwrap(callee.object) : undefined;
}

/** A literal's value: strings, numbers, booleans, null, template literals without expressions. */
export function literalValue(node: AstNode | null | undefined, index?: JsIndex): Primitive | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (n.type === 'Literal') {
    const v = (n as unknown as { value: unknown }).value;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null) return v;
    return undefined;
  }
  if (n.type === 'TemplateLiteral' || n.type === 'BinaryExpression' || n.type === 'Identifier') {
    if (n.type === 'Identifier' && n.name === 'undefined') return undefined;
    return stringValue(n, index);
  }
  if (n.type === 'UnaryExpression' && n.operator === '-') {
    const v = literalValue(n.argument, index);
    return typeof v === 'number' ? -v : undefined;
  }
  if (n.type === 'UnaryExpression' && n.operator === '!') {
    const v = literalValue(n.argument, index);
    return typeof v === 'number' ? !v : undefined;
  }
  return undefined;
}

/**
 * A string known without running code: string literals, template literals without expressions (or
 * whose expressions resolve), `'a' + 'b'`, and identifiers bound by a single `const` of this file
 * (when `index` is given). Depth-bounded.
 */
export function stringValue(node: AstNode | null | undefined, index?: JsIndex, depth = 0): string | undefined {
  const n = unwrap(node);
  if (!n || depth > 8) return undefined;
  switch (n.type) {
    case 'Literal': {
      const v = (n as unknown as { value: unknown }).value;
      return typeof v === 'string' ? v : undefined;
    }
    case 'TemplateLiteral': {
      let out = '';
      for (let i = 0; i < n.quasis.length; i++) {
        out += n.quasis[i].value.cooked ?? n.quasis[i].value.raw;
        if (i < n.expressions.length) {
          const inner = stringValue(n.expressions[i], index, depth + 1);
          if (inner === undefined) return undefined;
          out += inner;
        }
      }
      return out;
    }
    case 'BinaryExpression': {
      if (n.operator !== '+') return undefined;
      const left = stringValue(n.left as AstNode, index, depth + 1);
      const right = left === undefined ? undefined : stringValue(n.right, index, depth + 1);
      return left !== undefined && right !== undefined ? left + right : undefined;
    }
    case 'Identifier': {
      const init = index?.constInit(n.name);
      return init ? stringValue(init, index, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

/** Name of an object property / class member key (`a`, `'a'`, `[‘a’]` with a literal). */
export function propertyKey(prop: AstNode | null | undefined): string | undefined {
  if (!prop) return undefined;
  if (prop.type !== 'Property' && prop.type !== 'MethodDefinition' && prop.type !== 'PropertyDefinition') return undefined;
  const key = prop.key as AstNode;
  if (!prop.computed && key.type === 'Identifier') return key.name;
  const v = literalValue(key);
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

/**
 * What an object literal's property holds when read: its value, or for a getter that only returns
 * something (`get auth() { return require('./auth') }`, a lazy re-export) what it returns.
 */
export function propertyValue(prop: AstNode & { type: 'Property' }): AstNode {
  const fn = prop.value as AstNode;
  if (prop.kind !== 'get' || fn.type !== 'FunctionExpression') return fn;
  const stmts = fn.body?.body ?? [];
  const only = stmts.length === 1 ? stmts[0] : undefined;
  return only?.type === 'ReturnStatement' && only.argument ? (only.argument as AstNode) : fn;
}

/** Value of property `name` in an object literal (last one wins, as at runtime). */
export function objectProp(obj: AstNode | null | undefined, name: string): AstNode | undefined {
  const o = unwrap(obj);
  if (!o || o.type !== 'ObjectExpression') return undefined;
  let found: AstNode | undefined;
  for (const prop of (o as ObjectExpression).properties) {
    if (prop.type === 'Property' && propertyKey(prop) === name) found = prop.value as AstNode;
  }
  return found;
}

/** Static keys of an object literal, in order. */
export function objectKeys(obj: AstNode | null | undefined): string[] {
  const o = unwrap(obj);
  if (!o || o.type !== 'ObjectExpression') return [];
  const keys: string[] = [];
  for (const prop of o.properties) {
    const key = prop.type === 'Property' ? propertyKey(prop) : undefined;
    if (key !== undefined) keys.push(key);
  }
  return keys;
}

/** `true` when an object literal has a spread (`{...opts}`): absent keys may still be set. */
export function hasSpread(obj: AstNode | null | undefined): boolean {
  const o = unwrap(obj);
  return !!o && o.type === 'ObjectExpression' && o.properties.some((p) => p.type === 'SpreadElement');
}

/** Builtins lose their `node:` prefix so `node:crypto` and `crypto` resolve alike. */
export function normalizeModule(spec: string): string {
  return spec.startsWith('node:') ? spec.slice(5) : spec;
}

/** Module of `require('m')` / `import('m')` with a literal argument. */
export function requireModule(node: AstNode | null | undefined): string | undefined {
  const n = unwrapAwait(node);
  if (!n) return undefined;
  if (n.type === 'CallExpression') {
    const callee = unwrap(n.callee);
    if (callee.type === 'Identifier' && callee.name === 'require' && n.arguments.length >= 1) {
      const v = stringValue(n.arguments[0] as AstNode);
      return v === undefined ? undefined : normalizeModule(v);
    }
  }
  if (n.type === 'ImportExpression') {
    const v = stringValue(n.source);
    return v === undefined ? undefined : normalizeModule(v);
  }
  return undefined;
}

export interface ModuleBinding {
  local: string;
  /** Module specifier as written (builtins without `node:`). */
  module: string;
  /** `default`, `*` (namespace or whole CommonJS module), or the imported export name. */
  imported: string;
  line: number;
}

/**
 * Local names bound to imports: ES imports, `import x = require()`, and CommonJS
 * `const x = require('m')`, `const { a, b: c } = require('m')`, `const x = require('m').y`,
 * and the awaited module of a dynamic import (`const m = await import('m')`, `(await import('m')).default`),
 * anywhere in the file (scopes are ignored: a shadowing local is rare in practice).
 */
export function moduleBindings(program: JsProgram, lineAt: (offset: number) => number = () => 0): Map<string, ModuleBinding> {
  const imports: AstNode[] = [];
  const declarators: AstNode[] = [];
  walkNodes(program as AstNode, (node) => {
    if (node.type === 'ImportDeclaration' || node.type === 'TSImportEqualsDeclaration') imports.push(node);
    else if (node.type === 'VariableDeclarator') declarators.push(node);
  });
  return bindingsFrom(imports, declarators, lineAt);
}

export function bindingsFrom(imports: readonly AstNode[], declarators: readonly AstNode[], lineAt: (offset: number) => number): Map<string, ModuleBinding> {
  const out = new Map<string, ModuleBinding>();
  const add = (local: string, module: string, imported: string, at: number) => {
    if (!out.has(local)) out.set(local, { local, module, imported, line: lineAt(at) });
  };
  for (const node of imports) {
    if (node.type === 'ImportDeclaration') {
      const module = normalizeModule(String(node.source.value));
      for (const s of node.specifiers) {
        if (s.type === 'ImportDefaultSpecifier') add(s.local.name, module, 'default', s.start);
        else if (s.type === 'ImportNamespaceSpecifier') add(s.local.name, module, '*', s.start);
        else {
          const imported = s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value);
          add(s.local.name, module, imported, s.start);
        }
      }
    } else if (node.type === 'TSImportEqualsDeclaration') {
      const ref = node.moduleReference;
      if (ref.type === 'TSExternalModuleReference') add(node.id.name, normalizeModule(String(ref.expression.value)), '*', node.start);
    }
  }
  for (const node of declarators) {
    if (node.type !== 'VariableDeclarator' || !node.init) continue;
    let init = unwrapAwait(node.init);
    const props: string[] = [];
    while (init && init.type === 'MemberExpression' && !init.computed && init.property.type === 'Identifier') {
      props.unshift(init.property.name);
      // `(await import('./ee/routes')).default`: the awaited module of a dynamic import.
      init = unwrapAwait(init.object);
    }
    if (!init || (init.type !== 'CallExpression' && init.type !== 'ImportExpression')) continue;
    const module = requireModule(init);
    if (module === undefined) continue;
    const id = node.id;
    if (id.type === 'Identifier') {
      add(id.name, module, props.length > 0 ? props.join('.') : '*', id.start);
    } else if (id.type === 'ObjectPattern' && props.length === 0) {
      for (const p of id.properties) {
        if (p.type !== 'Property') continue;
        const key = propertyKey(p as AstNode);
        const value = unwrap(p.value as AstNode);
        const local = value.type === 'Identifier' ? value.name : value.type === 'AssignmentPattern' && value.left.type === 'Identifier' ? value.left.name : undefined;
        if (key && local) add(local, module, key, p.start);
      }
    }
  }
  // `const middleware = membersService.middleware` after `const membersService = require('./services/members')`:
  // a member of one of the project's own modules, named for short (only relative modules, whose
  // exports link follows; a package's objects keep their own names).
  for (const node of declarators) {
    if (node.type !== 'VariableDeclarator' || node.id.type !== 'Identifier' || !node.init) continue;
    const path = memberPath(unwrap(node.init));
    const root = path && path.length >= 2 ? out.get(path[0]) : undefined;
    if (!root || !root.module.startsWith('.')) continue;
    const props = path!.slice(1).join('.');
    add(node.id.name, root.module, root.imported === '*' || root.imported === 'default' ? props : `${root.imported}.${props}`, node.id.start);
  }
  return out;
}

/** What a function returns at its top level: a concise arrow's body, or the first unconditional `return x`. */
export function topLevelReturn(fn: FunctionLike): AstNode | undefined {
  const body = unwrap(fn.body as AstNode | null);
  if (!body) return undefined;
  if (body.type !== 'BlockStatement') return body;
  for (const stmt of body.body) if (stmt.type === 'ReturnStatement' && stmt.argument) return stmt.argument as AstNode;
  return undefined;
}

/** Parameter names of a function (destructured params give their property names). */
export function paramNames(fn: FunctionLike): string[] {
  const names: string[] = [];
  for (const raw of fn.params) {
    let p = raw as AstNode;
    if (p.type === 'TSParameterProperty') p = p.parameter as AstNode;
    if (p.type === 'AssignmentPattern') p = p.left as AstNode;
    if (p.type === 'Identifier') names.push(p.name);
    else if (p.type === 'ObjectPattern') names.push('{}');
    else if (p.type === 'RestElement') names.push('...');
    else names.push('?');
  }
  return names;
}

// Wrappers that only add error forwarding (`asyncHandler(fn)`, `catchAsync(fn)`, `wrap(fn)`,
// `utils.catchAsync(fn)`): a member callee must say so by name, so `router.get(fn)`, `app.use(fn)`
// and other builders are never taken for a wrapper.
const WRAPPER_MEMBER = /async|catch|wrap|handler|safe|try|errors?$/i;
const BUILDER_MEMBER = /^(get|post|put|patch|delete|del|head|options|all|use|route|on|once|listen|register|handle|authenticate|then|map|forEach|bind|call|apply)$/;

function wrapperParams(fn: FunctionLike): boolean {
  const p = paramNames(fn);
  if (p[0] === 'req' || p[0] === 'request') return ['res', 'response', 'reply', 'h'].includes(p[1] ?? '');
  return (p[0] === 'ctx' || p[0] === 'context') && (p.length === 1 || p[1] === 'next');
}

/**
 * The request handler a wrapped export or const stands for: `exports.getMe = asyncHandler(async
 * (req, res, next) => ...)`, `const protect = catchAsync(fn)`. Only the last argument is taken and
 * only when its params are a handler's (`(req, res[, next])`, `(ctx[, next])`, `(request, h)`), so
 * factories like `rateLimit({...})`, `jwt({...})` or `passport.authenticate(...)` stay calls.
 */
export function wrappedHandler(value: AstNode | null | undefined, index: JsIndex): FunctionLike | undefined {
  let v = unwrap(value);
  if (v && v.type === 'Identifier') v = unwrap(index.constInit(v.name));
  for (let depth = 0; depth < 3 && v && v.type === 'CallExpression'; depth++) {
    const callee = unwrap(v.callee as AstNode);
    if (callee.type !== 'Identifier') {
      const prop = calleeProperty(v);
      if (!prop || BUILDER_MEMBER.test(prop) || !WRAPPER_MEMBER.test(prop)) return undefined;
    } else if (BUILDER_MEMBER.test(callee.name)) return undefined;
    const last = v.arguments[v.arguments.length - 1] as AstNode | undefined;
    if (!last) return undefined;
    const inner = unwrap(last);
    const fn = isFunctionLike(inner) ? inner : inner.type === 'Identifier' ? index.functionByName(inner.name) : undefined;
    if (fn) return wrapperParams(fn) ? fn : undefined;
    v = inner;
  }
  return undefined;
}

/** String argument `i` of a call, resolved through same-file constants. */
export function stringArg(call: CallLike, i: number, index?: JsIndex): string | undefined {
  const arg = call.arguments[i] as AstNode | undefined;
  return arg ? stringValue(arg, index) : undefined;
}

/** Flat record of an object literal's literal-valued properties (nested objects are skipped). */
export function objectLiterals(obj: AstNode | null | undefined, index?: JsIndex): Record<string, Primitive> {
  const out: Record<string, Primitive> = {};
  const o = unwrap(obj);
  if (!o || o.type !== 'ObjectExpression') return out;
  for (const p of o.properties) {
    if (p.type !== 'Property') continue;
    const key = propertyKey(p);
    const v = literalValue(p.value as AstNode, index);
    if (key !== undefined && v !== undefined) out[key] = v;
  }
  return out;
}

/** Resolves an identifier to the object literal it was `const`-declared with, if any. */
export function resolveObject(node: AstNode | null | undefined, index: JsIndex): AstNode | undefined {
  let n = unwrap(node);
  for (let i = 0; i < 3 && n && n.type === 'Identifier'; i++) n = unwrap(index.constInit(n.name));
  return n && n.type === 'ObjectExpression' ? n : undefined;
}

/** Is any node under `root` (inclusive) matching `test`? Stops at the first hit. */
export function someNode(root: AstNode, test: (node: AstNode) => boolean): boolean {
  let found = false;
  walkNodes(root, (node) => {
    if (found) return false;
    if (test(node)) {
      found = true;
      return false;
    }
    return undefined;
  });
  return found;
}

/** All nodes under `root` of one type, in source order. */
export function nodesUnder<T extends NodeType>(root: AstNode, type: T): NodeOfType<T>[] {
  const indexed = indexedNodesUnder(root, type);
  if (indexed) return indexed as NodeOfType<T>[];
  const out: NodeOfType<T>[] = [];
  walkNodes(root, (node) => {
    if (node.type === type) out.push(node as NodeOfType<T>);
  });
  return out;
}

export type ValueOrigin = 'literal' | 'env' | 'env-fallback' | 'config' | 'file' | 'dynamic';

/**
 * Where a value (typically a secret or key) comes from: a string literal (directly or through a
 * same-file const), `process.env.X`, `process.env.X || 'literal'` (a hard-coded fallback),
 * configuration (`config.x`, `configService.get()`), a file read, or something else.
 */
export function valueOrigin(node: AstNode | null | undefined, index: JsIndex, depth = 0): ValueOrigin {
  const n = unwrapAwait(node);
  if (!n || depth > 4) return 'dynamic';
  if (stringValue(n, index) !== undefined) return 'literal';
  if (n.type === 'LogicalExpression' && (n.operator === '||' || n.operator === '??')) {
    const left = valueOrigin(n.left, index, depth + 1);
    const right = valueOrigin(n.right, index, depth + 1);
    if (right === 'literal' && (left === 'env' || left === 'config')) return 'env-fallback';
    return left;
  }
  if (n.type === 'ConditionalExpression') {
    const a = valueOrigin(n.consequent, index, depth + 1);
    const b = valueOrigin(n.alternate, index, depth + 1);
    if (a === b) return a;
    const other = a === 'literal' ? b : b === 'literal' ? a : undefined;
    // `process.env.X ? process.env.X : 'dev'` is a literal fallback; `fs ? readFileSync() : 'x'` is a file.
    if (other === 'env' || other === 'config') return 'env-fallback';
    return other ?? a;
  }
  if (n.type === 'CallExpression') {
    const name = calleeName(n) ?? '';
    const resolved = index.resolvedCallee(n) ?? '';
    if (/^(fs\.)?(readFileSync|readFile)$/.test(name) || /^fs(\/promises)?\.readFile(Sync)?$/.test(resolved)) return 'file';
    if (/(^|\.)(get|getOrThrow|require|env)$/.test(name) && /config|env|settings|options|secret/i.test(name)) return 'config';
    if (/^(Buffer\.from|String|atob)$/.test(name) && n.arguments.length > 0) return valueOrigin(n.arguments[0] as AstNode, index, depth + 1);
    return 'dynamic';
  }
  const path = memberPath(n);
  if (path) {
    if (path[0] === 'process' && path[1] === 'env') return 'env';
    if (path[0] === 'import' || (path[0] === 'Deno' && path[1] === 'env')) return 'env';
    if (path.length === 1) {
      const init = index.constInit(path[0]);
      if (init) return valueOrigin(init, index, depth + 1);
      return 'dynamic';
    }
    if (path.length >= 2) {
      const init = index.constInit(path[0]);
      const obj = init ? resolveObject(init, index) : undefined;
      if (obj && path.length === 2) {
        const prop = objectProp(obj, path[1]);
        if (prop) return valueOrigin(prop, index, depth + 1);
      }
      if (/config|conf|cfg|settings|env|options|secrets?|constants?|keys/i.test(path.slice(0, -1).join('.'))) return 'config';
    }
  }
  if (n.type === 'MemberExpression' && unwrap(n.object).type === 'MetaProperty') return 'env';
  return 'dynamic';
}

/** The object a chain of these method calls starts from: `new Hono().get(...).post(...)` → `new Hono()`. */
export function chainRoot(node: AstNode, methods: ReadonlySet<string>): AstNode {
  let n = unwrap(node);
  while (n.type === 'CallExpression' && methods.has(calleeProperty(n) ?? '')) {
    const obj = calleeObject(n);
    if (!obj) break;
    n = unwrap(obj);
  }
  return n;
}
