// The per-file JsIndex (see ast.ts for the API): one walk that records parents, nodes by type,
// consts, functions, classes and imports, memoised per file. Separate from the node helpers of
// ast.ts because it is the one stateful part (parent links and type lists kept on the nodes).
import type { Class } from 'oxc-parser';
import type { Evidence } from '../../../model/types.js';
import type { ExtractContext, SourceFile } from '../../types.js';
import { parseJs, type JsProgram, type ParsedJs } from './parse.js';
import { selfReference } from './self-reference.js';
import { resolveName, functionName, collectExports } from './ast-names.js';
import { type AstNode, type NodeType, type NodeOfType, type FunctionLike, type CallLike, type Loose, VISITOR_KEYS, unwrap, isFunctionLike, normalizeModule, requireModule, type ModuleBinding, bindingsFrom, nodesUnder } from './ast.js';

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
export function indexedNodesUnder(root: AstNode, type: string): AstNode[] | undefined {
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

interface TypeEntry {
  list: AstNode[];
  keys: readonly string[] | undefined;
}

function buildIndex(file: SourceFile, parsed: ParsedJs): JsIndex {
  const program = parsed.program;
  const byType = new Map<string, AstNode[]>();
  const constDecls = new Map<string, AstNode | null>();
  const functions = new Map<string, FunctionLike | null>();
  const classes = new Map<string, Class>();
  const modules = new Set<string>();
  // Each type's list and visitor keys, found with one lookup per node: VISITOR_KEYS is a large
  // object in dictionary mode, and reading it per node cost as much as the Map lookup.
  const perType = new Map<string, TypeEntry>();
  // One inlined pre-order walk (no callback, one stack): this runs on every node of every file.
  const stack: AstNode[] = [program as AstNode];
  // Whether every node's span lies inside its parent's (see `nodesUnder`).
  let nested = true;
  while (stack.length > 0) {
    const node = stack.pop()!;
    const type = node.type;
    let entry = perType.get(type);
    if (!entry) {
      entry = { list: [], keys: VISITOR_KEYS[type] };
      perType.set(type, entry);
      byType.set(type, entry.list);
    }
    entry.list.push(node);
    const keys = entry.keys;
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
  for (const b of bindings.values()) {
    modules.add(b.module);
    const own = selfReference(b.module, file.path);
    if (own) bindings.set(b.local, { ...b, module: own });
  }
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
