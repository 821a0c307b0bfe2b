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
  Class,
  Function as FunctionNode,
  NewExpression,
  Node,
  ObjectExpression,
} from 'oxc-parser';
import type { Evidence } from '../../../model/types.js';
import type { ExtractContext, SourceFile } from '../../types.js';
import { parseJs, type JsProgram, type ParsedJs } from './parse.js';

export type { CallExpression, Class, NewExpression, ObjectExpression } from 'oxc-parser';
export type AstNode = Node;
export type NodeType = AstNode['type'];
/** Node interfaces whose `type` can be T (some, like Function or Class, cover several types). */
export type NodeOfType<T extends NodeType> = AstNode extends infer N ? (N extends { type: infer U } ? (T extends U ? N : never) : never) : never;
export type FunctionLike = FunctionNode | ArrowFunctionExpression;
export type CallLike = CallExpression | NewExpression;
export type Primitive = string | number | boolean | null;

type Loose = Record<string, unknown>;

/**
 * oxc's visitor keys, read once: under the tsx/CommonJS interop an imported binding is a getter
 * call on every access, and every walk reads it once per node.
 */
const VISITOR_KEYS: Readonly<Record<string, readonly string[] | undefined>> = visitorKeys;

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

const WRAPPERS = new Set([
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
export function unwrapAwait(node: AstNode | null | undefined): AstNode | undefined {
  let current = unwrap(node);
  while (current && current.type === 'AwaitExpression') current = unwrap(current.argument);
  return current ?? undefined;
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

function bindingsFrom(imports: readonly AstNode[], declarators: readonly AstNode[], lineAt: (offset: number) => number): Map<string, ModuleBinding> {
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
      init = unwrap(init.object);
    }
    if (!init || init.type !== 'CallExpression') continue;
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

/** Everything an extractor usually needs about one file, computed once (see `jsIndex`). */
export interface JsIndex {
  file: string;
  content: string;
  parsed: ParsedJs;
  program: JsProgram;
  bindings: Map<string, ModuleBinding>;
  /** Every node of a type, in source order. */
  nodesOf<T extends NodeType>(type: T): NodeOfType<T>[];
  parent(node: AstNode): AstNode | undefined;
  /** Nearest first; stops at the program. */
  ancestors(node: AstNode): AstNode[];
  enclosingFunction(node: AstNode): FunctionLike | undefined;
  enclosingClass(node: AstNode): Class | undefined;
  /** Readable, line-free name of a function: `login`, `UserController.create`, `router.get('/x')`. */
  functionName(fn: FunctionLike): string | undefined;
  /** Name of the nearest named enclosing function, or `<module>` at top level. */
  enclosingFunctionName(node: AstNode): string;
  line(node: AstNode): number;
  text(node: AstNode): string;
  /** Evidence at a node: its first line, trimmed to 200 characters, as the snippet. */
  evidence(node: AstNode, snippet?: string): Evidence;
  /** Text of a 1-based line ('' past the end); the file is split into lines once, on first use. */
  lineText(line: number): string;
  /** Initialiser of a name declared exactly once, with `const`, in this file. */
  constInit(name: string): AstNode | undefined;
  /**
   * Initialiser of the declaration of `name` visible at `at`: the nearest enclosing function that
   * declares it (any kind, first declarator), else the file-level `constInit`.
   */
  initAt(name: string, at: AstNode): AstNode | undefined;
  /** A function declared in this file by name (`function f`, `const f = () =>`, `const f = function`). */
  functionByName(name: string): FunctionLike | undefined;
  /** A class declared in this file by name. */
  classByName(name: string): Class | undefined;
  /** `jsonwebtoken.verify` for `jwt.verify(...)` when `jwt` is imported; else the dotted name. */
  resolvedCallee(call: CallLike): string | undefined;
  /** Same for any expression (identifier or member chain). */
  resolvedName(node: AstNode | null | undefined): string | undefined;
  /** Modules imported or required anywhere in the file (normalised). */
  modules: Set<string>;
  /** Does the file import or require one of these modules (exact, or `prefix/*` for scopes)? */
  imports(...modules: string[]): boolean;
  /** Exported names → the exported expression/declaration (see `collectExports`). */
  exports: Map<string, AstNode>;
}

const INDEX_PARSER = 'oxc-index';

/**
 * Parent links are stored on the nodes themselves, under a symbol (invisible to JSON, keys and
 * structured clones): one Map entry per node of every file cost more than the index walk itself.
 */
const PARENT = Symbol('parent');
type Linked = AstNode & { [PARENT]?: AstNode };

/** Memo of resolvedCallee on the call node (null: unresolvable), like the parent links. */
const RESOLVED_CALLEE = Symbol('resolvedCallee');

function parentOf(node: AstNode): AstNode | undefined {
  return (node as Linked)[PARENT];
}

/**
 * The index's nodes by type, in walk order, kept on the indexed Program (under a symbol, like the
 * parent links) when every node's span lies inside its parent's: then a node's descendants are
 * found among the nodes of its span (`nodesUnder`), without walking it again.
 */
const BY_TYPE = Symbol('byType');
type Indexed = AstNode & { [BY_TYPE]?: Map<string, AstNode[]> };

/** Lists of `BY_TYPE` known to be sorted by start (checked once each), and those that are not. */
const sortedLists = new WeakMap<AstNode[], boolean>();

function sortedByStart(list: AstNode[]): boolean {
  let sorted = sortedLists.get(list);
  if (sorted === undefined) {
    sorted = true;
    for (let i = 1; i < list.length; i++) {
      if (list[i - 1].start > list[i].start) {
        sorted = false;
        break;
      }
    }
    sortedLists.set(list, sorted);
  }
  return sorted;
}

/** Index of the first node of a start-sorted list starting at or after `start`. */
function firstAtOrAfter(list: readonly AstNode[], start: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].start < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `nodesUnder` from the index of root's tree, or undefined (not indexed, spans not nested, list
 * not sorted). Every descendant's start lies in root's span (spans nest), so the candidates are
 * the nodes of the type starting there, taken in walk order; each is kept only if its parent
 * chain reaches root (a node of a later sibling can start inside root's span when spans touch).
 */
function indexedNodesUnder(root: AstNode, type: string): AstNode[] | undefined {
  let top: AstNode = root;
  for (let p = parentOf(root); p; p = parentOf(p)) top = p;
  const byType = (top as Indexed)[BY_TYPE];
  if (!byType) return undefined;
  // Root must be a node of the indexed tree itself: a spread copy (`{ ...fn, body: view }`, as
  // method-branches.ts builds) carries the original's symbols, parent link included, but not its children.
  const own = byType.get(root.type);
  if (!own || !sortedByStart(own)) return undefined;
  let at = firstAtOrAfter(own, root.start);
  while (at < own.length && own[at] !== root && own[at].start === root.start) at++;
  if (own[at] !== root) return undefined;
  const list = byType.get(type);
  if (!list) return [];
  if (!sortedByStart(list)) return undefined;
  const start = root.start;
  const end = root.end;
  const out: AstNode[] = [];
  const lo = firstAtOrAfter(list, start);
  for (let i = lo; i < list.length; i++) {
    const node = list[i];
    if (node.start > end) break;
    let p: AstNode | undefined = node;
    while (p && p !== root && p.start >= start) p = parentOf(p);
    if (p === root) out.push(node);
  }
  return out;
}

/** The shared per-file index; parses through `parseJs` and memoises through `ctx.parse`. */
export function jsIndex(file: SourceFile, ctx: ExtractContext): JsIndex {
  return ctx.parse(INDEX_PARSER, () => buildIndex(file, parseJs(file, ctx)));
}

/**
 * Index over an already parsed program (for code embedded in other files, e.g. the script block
 * of a .vue/.svelte component parsed with blanked-out markup so offsets still match the file).
 */
export function indexFromParsed(file: SourceFile, parsed: ParsedJs): JsIndex {
  return buildIndex(file, parsed);
}

function buildIndex(file: SourceFile, parsed: ParsedJs): JsIndex {
  const program = parsed.program;
  const byType = new Map<string, AstNode[]>();
  const constDecls = new Map<string, AstNode | null>();
  const functions = new Map<string, FunctionLike | null>();
  const classes = new Map<string, Class>();
  const modules = new Set<string>();
  // One inlined pre-order walk (no callback, one stack): this runs on every node of every file.
  const stack: AstNode[] = [program as AstNode];
  // Whether every node's span lies inside its parent's (see `nodesUnder`).
  let nested = true;
  while (stack.length > 0) {
    const node = stack.pop()!;
    const type = node.type;
    let list = byType.get(type);
    if (!list) byType.set(type, (list = []));
    list.push(node);
    const keys = VISITOR_KEYS[type];
    if (keys) {
      const start = node.start;
      const end = node.end;
      // Push in reverse so children are visited in source order.
      for (let k = keys.length - 1; k >= 0; k--) {
        const value = (node as unknown as Loose)[keys[k]];
        if (Array.isArray(value)) {
          for (let i = value.length - 1; i >= 0; i--) {
            const item = value[i] as AstNode | null;
            // isNode, written out: TurboFan does not inline calls (src/util/v8-tuning.ts), and this runs per node.
            if (typeof item === 'object' && item !== null && typeof item.type === 'string') {
              (item as Linked)[PARENT] = node;
              if (item.start < start || item.end > end || item.start > item.end) nested = false;
              stack.push(item);
            }
          }
        } else if (typeof value === 'object' && value !== null && typeof (value as Loose).type === 'string') {
          const item = value as AstNode;
          (item as Linked)[PARENT] = node;
          if (item.start < start || item.end > end || item.start > item.end) nested = false;
          stack.push(item);
        }
      }
    }
    if (type === 'VariableDeclarator') {
      if (node.id.type !== 'Identifier') continue;
      const parent = parentOf(node);
      const decl = parent && parent.type === 'VariableDeclaration' ? parent : undefined;
      const name = node.id.name;
      const init = node.init ? (node.init as AstNode) : null;
      constDecls.set(name, constDecls.has(name) || !decl || decl.kind !== 'const' ? null : init);
      const fn = unwrap(init);
      if (isFunctionLike(fn)) functions.set(name, functions.has(name) ? null : fn);
    } else if (type === 'FunctionDeclaration') {
      if (node.id) functions.set(node.id.name, functions.has(node.id.name) ? null : node);
    } else if (type === 'ClassDeclaration' || type === 'ClassExpression') {
      if (node.id && !classes.has(node.id.name)) classes.set(node.id.name, node);
    } else if (type === 'ImportDeclaration') {
      modules.add(normalizeModule(String(node.source.value)));
    } else if (type === 'ImportExpression' || (type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require')) {
      const m = requireModule(node);
      if (m !== undefined) modules.add(m);
    }
  }
  if (nested) (program as Indexed)[BY_TYPE] = byType;
  const bindings = bindingsFrom([...(byType.get('ImportDeclaration') ?? []), ...(byType.get('TSImportEqualsDeclaration') ?? [])], byType.get('VariableDeclarator') ?? [], parsed.lineAt);
  for (const b of bindings.values()) modules.add(b.module);
  let lines: string[] | undefined;
  /** Per function: the first declarator of each name the function itself declares (memo of initAt's scan). */
  const declaratorsOf = new Map<FunctionLike, Map<string, NodeOfType<'VariableDeclarator'>>>();
  const localDeclarators = (fn: FunctionLike): Map<string, NodeOfType<'VariableDeclarator'>> => {
    let names = declaratorsOf.get(fn);
    if (names) return names;
    names = new Map();
    for (const d of nodesUnder(fn.body as AstNode, 'VariableDeclarator')) {
      if (d.id.type === 'Identifier' && !names.has(d.id.name) && index.enclosingFunction(d) === fn) names.set(d.id.name, d);
    }
    declaratorsOf.set(fn, names);
    return names;
  };

  const index: JsIndex = {
    file: file.path,
    content: file.content,
    parsed,
    program,
    bindings,
    modules,
    nodesOf<T extends NodeType>(type: T) {
      return (byType.get(type) ?? []) as NodeOfType<T>[];
    },
    parent: parentOf,
    ancestors(node) {
      const out: AstNode[] = [];
      let p = parentOf(node);
      while (p) {
        out.push(p);
        p = parentOf(p);
      }
      return out;
    },
    enclosingFunction(node) {
      let p = parentOf(node);
      while (p) {
        if (isFunctionLike(p)) return p;
        p = parentOf(p);
      }
      return undefined;
    },
    enclosingClass(node) {
      let p = parentOf(node);
      while (p) {
        if (p.type === 'ClassDeclaration' || p.type === 'ClassExpression') return p;
        p = parentOf(p);
      }
      return undefined;
    },
    functionName: (fn) => functionName(fn, index),
    enclosingFunctionName(node) {
      let fn = index.enclosingFunction(node);
      while (fn) {
        const name = functionName(fn, index);
        if (name) return name;
        fn = index.enclosingFunction(fn);
      }
      return '<module>';
    },
    line: (node) => parsed.lineAt(node.start),
    text: (node) => parsed.text(node),
    evidence(node, snippet) {
      const line = parsed.lineAt(node.start);
      const endLine = parsed.lineAt(Math.max(node.start, node.end - 1));
      const text = snippet ?? index.lineText(line).trim().slice(0, 200);
      const ev: Evidence = { file: file.path, line, snippet: text };
      if (endLine > line) ev.endLine = endLine;
      return ev;
    },
    lineText(line) {
      lines ??= file.content.split('\n');
      return lines[line - 1] ?? '';
    },
    constInit: (name) => constDecls.get(name) ?? undefined,
    initAt(name, at) {
      let fn = index.enclosingFunction(at);
      while (fn) {
        const d = fn.body ? localDeclarators(fn).get(name) : undefined;
        if (d) return (d.init as AstNode | null) ?? undefined;
        fn = index.enclosingFunction(fn);
      }
      return constDecls.get(name) ?? undefined;
    },
    functionByName: (name) => functions.get(name) ?? undefined,
    classByName: (name) => classes.get(name),
    resolvedCallee(call) {
      const memo = call as CallLike & { [RESOLVED_CALLEE]?: string | null };
      let name = memo[RESOLVED_CALLEE];
      if (name === undefined) name = memo[RESOLVED_CALLEE] = resolveName(call.callee as AstNode, index) ?? null;
      return name ?? undefined;
    },
    resolvedName: (node) => resolveName(node, index),
    imports(...wanted) {
      for (const m of modules) {
        for (const w of wanted) {
          if (m === w || (w.endsWith('/*') && m.startsWith(w.slice(0, -1)))) return true;
        }
      }
      return false;
    },
    exports: new Map(),
  };
  collectExports(index);
  return index;
}

function resolveName(node: AstNode | null | undefined, index: JsIndex): string | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  // require('m').x / require('m')
  if (n.type === 'MemberExpression' || n.type === 'CallExpression') {
    let base: AstNode = n;
    const props: string[] = [];
    while (base.type === 'MemberExpression' && !base.computed && base.property.type === 'Identifier') {
      props.unshift(base.property.name);
      base = unwrap(base.object);
    }
    const m = requireModule(base);
    if (m !== undefined) return [m, ...props].join('.');
  }
  const path = memberPath(n);
  if (!path) return undefined;
  const binding = index.bindings.get(path[0]);
  if (!binding) return path.join('.');
  const head = binding.imported === 'default' || binding.imported === '*' ? [binding.module] : [binding.module, binding.imported];
  return [...head, ...path.slice(1)].join('.');
}

function className(cls: Class | undefined): string | undefined {
  return cls?.id?.name;
}

function functionName(fn: FunctionLike, index: JsIndex): string | undefined {
  if (fn.type !== 'ArrowFunctionExpression' && fn.id) {
    const cls = index.enclosingClass(fn);
    const parent = index.parent(fn);
    if (parent && parent.type === 'MethodDefinition') return undefined; // handled below
    if (fn.type === 'FunctionDeclaration' || !cls) return fn.id.name;
  }
  let child: AstNode = fn;
  let parent = index.parent(fn);
  while (parent && WRAPPERS.has(parent.type)) {
    child = parent;
    parent = index.parent(parent);
  }
  if (!parent) return undefined;
  switch (parent.type) {
    case 'VariableDeclarator':
      return parent.id.type === 'Identifier' ? parent.id.name : undefined;
    case 'Property':
      return propertyKey(parent);
    case 'MethodDefinition':
    case 'PropertyDefinition': {
      const key = propertyKey(parent);
      const cls = className(index.enclosingClass(parent));
      return key ? (cls ? `${cls}.${key}` : key) : undefined;
    }
    case 'AssignmentExpression': {
      const path = memberPath(parent.left as AstNode);
      if (!path) return undefined;
      if (path.join('.') === 'module.exports') return 'module.exports';
      return path[path.length - 1];
    }
    case 'ExportDefaultDeclaration':
      return 'default';
    case 'CallExpression':
    case 'NewExpression': {
      if (parent.callee === child) return undefined;
      const name = calleeName(parent);
      if (!name) return undefined;
      const first = parent.arguments[0] as AstNode | undefined;
      const label = first && first !== child ? stringValue(first) : undefined;
      return label !== undefined ? `${name}('${label}')` : name;
    }
    default:
      return undefined;
  }
}

/**
 * Exports of a file by name: ES `export` forms and CommonJS `module.exports = …`,
 * `module.exports.a = …`, `exports.a = …`. `module.exports = { a, b: c }` also exports `a` and `b`;
 * `module.exports = new C()` exports the methods of a local class `C`. The value is the exported
 * node (a function, class, identifier or object).
 */
function collectExports(index: JsIndex): void {
  const out = index.exports;
  const set = (name: string, value: AstNode) => {
    if (!out.has(name)) out.set(name, value);
  };
  const spreadObject = (value: AstNode) => {
    let v = unwrap(value);
    if (v.type === 'Identifier') {
      const init = index.constInit(v.name);
      if (init) v = unwrap(init);
    }
    if (v.type === 'ObjectExpression') {
      for (const p of v.properties) {
        if (p.type !== 'Property') continue;
        const key = propertyKey(p);
        if (key) set(key, p.value as AstNode);
      }
    } else if (v.type === 'NewExpression') {
      const callee = unwrap(v.callee);
      const cls = callee.type === 'Identifier' ? index.classByName(callee.name) : undefined;
      if (cls) for (const m of cls.body.body) if (m.type === 'MethodDefinition') {
        const key = propertyKey(m);
        if (key && key !== 'constructor') set(key, m.value as AstNode);
      }
    }
  };
  for (const stmt of index.program.body) {
    const s = stmt as AstNode;
    if (s.type === 'ExportDefaultDeclaration') {
      set('default', s.declaration as AstNode);
      spreadObject(s.declaration as AstNode);
    } else if (s.type === 'ExportNamedDeclaration') {
      const d = s.declaration;
      if (d && (d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') && d.id) set(d.id.name, d);
      else if (d && d.type === 'VariableDeclaration') {
        for (const decl of d.declarations) if (decl.id.type === 'Identifier' && decl.init) set(decl.id.name, decl.init as AstNode);
      }
      if (!s.source) {
        for (const spec of s.specifiers) {
          const local = spec.local.type === 'Identifier' ? spec.local.name : String(spec.local.value);
          const exported = spec.exported.type === 'Identifier' ? spec.exported.name : String(spec.exported.value);
          set(exported, spec.local as AstNode);
          if (local !== exported && exported === 'default') spreadObject(spec.local as AstNode);
        }
      }
    }
  }
  for (const assign of index.nodesOf('AssignmentExpression')) {
    if (assign.operator !== '=') continue;
    const path = memberPath(assign.left as AstNode)?.join('.');
    if (!path) continue;
    if (path === 'module.exports') {
      set('default', assign.right);
      spreadObject(assign.right);
    } else if (path.startsWith('module.exports.') || path.startsWith('exports.')) {
      const name = path.split('.').slice(path.startsWith('exports.') ? 1 : 2).join('.');
      if (name && !name.includes('.')) set(name, assign.right);
    } else {
      // `const helpers = module.exports; helpers.x = ...`: members of an alias of module.exports.
      const parts = path.split('.');
      if (parts.length === 2 && memberPath(unwrap(index.constInit(parts[0])))?.join('.') === 'module.exports') set(parts[1], assign.right);
    }
  }
  // `Object.assign(module.exports, { admin: require('./admin') })`, also through an alias of it.
  if (index.content.includes('Object.assign(')) {
    for (const call of index.nodesOf('CallExpression')) {
      if (memberPath(call.callee as AstNode)?.join('.') !== 'Object.assign' || call.arguments.length < 2) continue;
      const target = unwrap(call.arguments[0] as AstNode);
      const path = memberPath(target)?.join('.');
      const alias = target.type === 'Identifier' ? memberPath(unwrap(index.constInit(target.name)))?.join('.') : undefined;
      if (path !== 'module.exports' && alias !== 'module.exports') continue;
      for (const a of call.arguments.slice(1)) if (unwrap(a as AstNode).type === 'ObjectExpression') spreadObject(a as AstNode);
    }
  }
  // Constructor functions (`function Dao(db) { this.find = (id) => ... }`): what `new Dao()` gives
  // callers is reached as `<export>.find`, and as plain `find` when the constructor is the default.
  for (const [name, value] of [...out]) {
    const fn = functionOf(value, index);
    if (!fn) continue;
    for (const [member, method] of constructorMembers(fn, index)) {
      set(`${name}.${member}`, method);
      if (name === 'default') set(member, method);
    }
  }
}

/**
 * Methods a constructor function assigns to `this` at the top level of its body
 * (`this.find = function (id) {...}`, `this.list = list`), by member name.
 */
export function constructorMembers(fn: FunctionLike, index: JsIndex): Map<string, FunctionLike> {
  const out = new Map<string, FunctionLike>();
  if (fn.type === 'ArrowFunctionExpression' || !fn.body || fn.body.type !== 'BlockStatement') return out;
  for (const stmt of fn.body.body) {
    if (stmt.type !== 'ExpressionStatement') continue;
    const e = unwrap(stmt.expression as AstNode);
    if (e.type !== 'AssignmentExpression' || e.operator !== '=') continue;
    const path = memberPath(e.left as AstNode);
    if (!path || path.length !== 2 || path[0] !== 'this') continue;
    const method = functionOf(e.right, index);
    if (method) out.set(path[1], method);
  }
  return out;
}

/** The function an exported or referenced value stands for in this file, following one identifier. */
export function functionOf(value: AstNode | null | undefined, index: JsIndex): FunctionLike | undefined {
  const v = unwrap(value);
  if (!v) return undefined;
  if (isFunctionLike(v)) return v;
  if (v.type === 'Identifier') return index.functionByName(v.name);
  return undefined;
}

/** Each exported function of the file with the names it is exported under (one function may have several). */
export function exportNamesByFunction(index: JsIndex): Map<FunctionLike, string[]> {
  const out = new Map<FunctionLike, string[]>();
  for (const [name, value] of index.exports) {
    const fn = functionOf(value, index);
    if (fn) out.set(fn, [...(out.get(fn) ?? []), name]);
  }
  return out;
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
