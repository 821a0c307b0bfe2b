// One index per Python file, shared by every python/* extractor through the engine's memo: the
// tree, imports (alias → qualified name), functions with their decorators and parameters, classes
// with bases and class-level assignments.
import type { SgNode } from '@ast-grep/napi';
import type { Evidence } from '../../../model/types.js';
import { Lines, lineOf } from '../../_polyglot/lines.js';
import { memo, parseSg } from '../../_polyglot/parse.js';
import type { ExtractContext, SourceFile } from '../../types.js';
import { dotted } from './strings.js';

export interface PyParam {
  name: string;
  annotation?: string;
  /** Default value node (`Depends(get_user)`, `Query(None)`). */
  default?: SgNode;
  /** `*args` / `**kwargs`. */
  splat?: boolean;
}

export interface PyDecorator {
  node: SgNode;
  /** Resolved dotted name of the decorator or of the callee when called (`flask_login.login_required`). */
  name: string;
  /** Name as written (`app.route`, `login_required`). */
  written: string;
  call?: SgNode;
  args: SgNode[];
  line: number;
}

export interface PyFunction {
  node: SgNode;
  name: string;
  /** `Class.method` for methods. */
  qualname: string;
  className?: string;
  decorators: PyDecorator[];
  params: PyParam[];
  isAsync: boolean;
  line: number;
  /** Line of the first decorator, or of `def` (where the definition starts). */
  startLine: number;
  /** Defined inside another function (closures, decorator wrappers). */
  nested: boolean;
}

export interface PyClass {
  node: SgNode;
  name: string;
  /** Resolved base class names. */
  bases: string[];
  decorators: PyDecorator[];
  /** Class-level assignments: name → value node. */
  fields: Map<string, SgNode>;
  /** Class-level annotations: name → type text (`email: Mapped[str]`). */
  annotated: Map<string, string>;
  methods: PyFunction[];
  line: number;
}

export interface PyImport {
  /** Local name bound by the import. */
  alias: string;
  /** Qualified name (`flask.request`, `.models.User` for relative imports). */
  qualified: string;
  line: number;
}

export interface PyIndex {
  file: string;
  root: SgNode;
  lines: Lines;
  imports: PyImport[];
  functions: PyFunction[];
  classes: PyClass[];
  /** Qualified name of a dotted name as written, through the imports (`sp.run` → `subprocess.run`). */
  resolve(name: string): string;
  /** Whether the file imports a module or something from it (`flask`, `django.db`). */
  importsFrom(...modules: string[]): boolean;
  evidence(node: SgNode | number): Evidence;
}

const IMPORT_STMT = /^[ \t]*(?:from[ \t]+([.\w]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]*(?:\\\r?\n[^\n#]*)*)|import[ \t]+([^\n#;]+))/gm;

/** Imports read from the text (cheaper than walking the tree; the syntax is regular enough). */
function importsOf(text: string, lines: Lines): PyImport[] {
  const out: PyImport[] = [];
  for (const m of text.matchAll(IMPORT_STMT)) {
    const line = lines.lineOf(m.index ?? 0);
    if (m[3] !== undefined) {
      for (const part of m[3].split(',')) {
        const [name, alias] = part.trim().split(/\s+as\s+/);
        if (!/^[A-Za-z_][\w.]*$/.test(name ?? '')) continue;
        if (alias) out.push({ alias: alias.trim(), qualified: name, line });
        else {
          out.push({ alias: name.split('.')[0], qualified: name.split('.')[0], line });
          if (name.includes('.')) out.push({ alias: name, qualified: name, line });
        }
      }
      continue;
    }
    const module = m[1];
    const names = m[2].replace(/^\(|\)$/g, '').replace(/\\\r?\n/g, ' ').replace(/#[^\n]*/g, '');
    for (const part of names.split(',')) {
      const [name, alias] = part.trim().split(/\s+as\s+/);
      if (name === '*') out.push({ alias: '*', qualified: `${module}.*`, line });
      else if (/^[A-Za-z_]\w*$/.test(name ?? '')) out.push({ alias: (alias ?? name).trim(), qualified: joinModule(module, name), line });
    }
  }
  return out;
}

function joinModule(module: string, name: string): string {
  return module.endsWith('.') ? `${module}${name}` : `${module}.${name}`;
}

function paramsOf(fn: SgNode): PyParam[] {
  const out: PyParam[] = [];
  const list = fn.field('parameters');
  if (!list) return out;
  for (const p of list.namedChildren()) {
    switch (p.kind()) {
      case 'identifier':
        out.push({ name: p.text() });
        break;
      case 'typed_parameter': {
        const id = p.namedChildren().find((c) => c.kind() === 'identifier' || String(c.kind()).endsWith('splat_pattern'));
        const splat = String(id?.kind() ?? '').endsWith('splat_pattern');
        const name = splat ? id?.namedChildren()[0]?.text() : id?.text();
        if (name) out.push({ name, annotation: p.field('type')?.text(), splat });
        break;
      }
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = p.field('name')?.text();
        if (name) out.push({ name, annotation: p.field('type')?.text(), default: p.field('value') ?? undefined });
        break;
      }
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern': {
        const name = p.namedChildren()[0]?.text();
        if (name) out.push({ name, splat: true });
        break;
      }
      default:
        break;
    }
  }
  return out;
}

function decoratorsOf(def: SgNode, resolve: (n: string) => string): PyDecorator[] {
  const parent = def.parent();
  if (!parent || parent.kind() !== 'decorated_definition') return [];
  const out: PyDecorator[] = [];
  for (const d of parent.children()) {
    if (d.kind() !== 'decorator') continue;
    const expr = d.namedChildren()[0];
    if (!expr) continue;
    const isCall = expr.kind() === 'call';
    const callee = isCall ? expr.field('function') : expr;
    const written = dotted(callee) ?? callee?.text() ?? '';
    const args = isCall ? (expr.field('arguments')?.namedChildren() ?? []).filter((a) => a.kind() !== 'comment') : [];
    out.push({ node: d, name: resolve(written), written, call: isCall ? expr : undefined, args, line: lineOf(d) });
  }
  return out;
}

/** Class-level assignments and annotations (direct statements of the class body). */
function classBody(c: SgNode): { fields: Map<string, SgNode>; annotated: Map<string, string> } {
  const fields = new Map<string, SgNode>();
  const annotated = new Map<string, string>();
  for (const stmt of c.field('body')?.namedChildren() ?? []) {
    const a = stmt.kind() === 'expression_statement' ? stmt.namedChildren()[0] : undefined;
    if (a?.kind() !== 'assignment') continue;
    const left = a.field('left');
    if (left?.kind() !== 'identifier') continue;
    const right = a.field('right');
    const type = a.field('type');
    if (right) fields.set(left.text(), right);
    if (type) annotated.set(left.text(), type.text());
  }
  return { fields, annotated };
}

/** Computes a value on first access and keeps it (napi calls are the expensive part). */
function lazy<T extends object, K extends keyof T>(target: T, key: K, compute: () => T[K]): void {
  Object.defineProperty(target, key, {
    configurable: true,
    enumerable: true,
    get() {
      const value = compute();
      Object.defineProperty(target, key, { value, enumerable: true, writable: true });
      return value;
    },
  });
}

const DEFINITIONS = { rule: { any: [{ kind: 'class_definition' }, { kind: 'function_definition' }] } };
const DEF_NAME = /^\s*(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)/;

export function buildPyIndex(file: string, content: string, root: SgNode): PyIndex {
  const lines = new Lines(content);
  // One native search for everything the index needs; containment is worked out from ranges.
  const defs: { node: SgNode; kind: 'class' | 'function'; start: number; end: number; line: number }[] = [];
  for (const n of root.findAll(DEFINITIONS)) {
    const r = n.range();
    defs.push({ node: n, kind: n.kind() === 'class_definition' ? 'class' : 'function', start: r.start.index, end: r.end.index, line: r.start.line + 1 });
  }
  const imports = importsOf(content, lines);
  const aliases = new Map<string, string>();
  for (const i of imports) if (!aliases.has(i.alias)) aliases.set(i.alias, i.qualified);
  const resolve = (name: string): string => {
    if (aliases.has(name)) return aliases.get(name) ?? name;
    const dot = name.indexOf('.');
    const head = dot < 0 ? name : name.slice(0, dot);
    const q = aliases.get(head);
    return q ? `${q}${dot < 0 ? '' : name.slice(dot)}` : name;
  };
  defs.sort((a, b) => a.start - b.start || b.end - a.end);
  const classes: PyClass[] = [];
  const functions: PyFunction[] = [];
  const stack: { def: (typeof defs)[number]; cls?: PyClass }[] = [];
  for (const def of defs) {
    while (stack.length > 0 && stack[stack.length - 1].def.end < def.end) stack.pop();
    const parent = stack[stack.length - 1];
    const node = def.node;
    if (def.kind === 'class') {
      const cls = { node, name: DEF_NAME.exec(lines.line(def.line))?.[1] ?? node.field('name')?.text() ?? '', methods: [] as PyFunction[], line: def.line } as unknown as PyClass;
      lazy(cls, 'bases', () => (node.field('superclasses')?.namedChildren() ?? []).filter((b) => b.kind() !== 'keyword_argument' && b.kind() !== 'comment').map((b) => resolve(dotted(b) ?? b.text())));
      lazy(cls, 'decorators', () => decoratorsOf(node, resolve));
      let body: ReturnType<typeof classBody> | undefined;
      lazy(cls, 'fields', () => (body ??= classBody(node)).fields);
      lazy(cls, 'annotated', () => (body ??= classBody(node)).annotated);
      classes.push(cls);
      stack.push({ def, cls });
      continue;
    }
    const line = def.line;
    const name = DEF_NAME.exec(lines.line(line))?.[1] ?? node.field('name')?.text() ?? '';
    const owner = parent?.def.kind === 'class' ? parent.cls : undefined;
    const fn = { node, name, qualname: owner ? `${owner.name}.${name}` : name, className: owner?.name, line, nested: parent?.def.kind === 'function' } as unknown as PyFunction;
    lazy(fn, 'decorators', () => decoratorsOf(node, resolve));
    lazy(fn, 'params', () => paramsOf(node));
    lazy(fn, 'isAsync', () => node.children()[0]?.kind() === 'async');
    lazy(fn, 'startLine', () => fn.decorators[0]?.line ?? line);
    owner?.methods.push(fn);
    functions.push(fn);
    stack.push({ def });
  }
  return {
    file,
    root,
    lines,
    imports,
    functions,
    classes,
    resolve,
    importsFrom: (...modules) => imports.some((i) => modules.some((m) => i.qualified === m || i.qualified.startsWith(`${m}.`))),
    evidence: (node) => lines.evidence(file, typeof node === 'number' ? node : lineOf(node)),
  };
}

/** The shared index of a Python file (parsed once, built once). */
export function pyIndex(file: SourceFile, ctx: ExtractContext): PyIndex {
  return memo(ctx, 'python-index', () => buildPyIndex(file.path, file.content, parseSg(file, ctx, 'python')));
}

export function isPythonFile(path: string): boolean {
  return path.endsWith('.py');
}

/** Tests, fixtures and migrations: their routes and queries are not the product's surface. */
const TEST_PATH = /(^|\/)(tests?|testing|__tests__|fixtures|migrations|docs|examples?)\/|(^|\/)(test_[^/]*|[^/]*_tests?|conftest)\.py$/;

export function isPythonTestFile(path: string): boolean {
  return TEST_PATH.test(path);
}

/** Dotted module name of a file (`app/views.py` → `app.views`, `pkg/__init__.py` → `pkg`). */
export function moduleOf(path: string): string {
  return path.replace(/\.py$/, '').replace(/\/__init__$/, '').split('/').join('.');
}
