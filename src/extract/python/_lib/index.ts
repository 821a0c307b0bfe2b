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

function importsOf(root: SgNode): PyImport[] {
  const out: PyImport[] = [];
  const rule = { rule: { any: [{ kind: 'import_statement' }, { kind: 'import_from_statement' }] } };
  for (const stmt of root.findAll(rule)) {
    const line = lineOf(stmt);
    if (stmt.kind() === 'import_statement') {
      for (const c of stmt.namedChildren()) {
        if (c.kind() === 'dotted_name') {
          const name = c.text();
          out.push({ alias: name.split('.')[0], qualified: name.split('.')[0], line });
          if (name.includes('.')) out.push({ alias: name, qualified: name, line });
        } else if (c.kind() === 'aliased_import') {
          const name = c.field('name')?.text() ?? '';
          const alias = c.field('alias')?.text() ?? name;
          out.push({ alias, qualified: name, line });
        }
      }
      continue;
    }
    const moduleNode = stmt.field('module_name');
    const module = (moduleNode?.text() ?? '').replace(/\s+/g, '');
    for (const c of stmt.namedChildren()) {
      if (moduleNode && c.id() === moduleNode.id()) continue;
      if (c.kind() === 'dotted_name') out.push({ alias: c.text(), qualified: joinModule(module, c.text()), line });
      else if (c.kind() === 'aliased_import') {
        const name = c.field('name')?.text() ?? '';
        out.push({ alias: c.field('alias')?.text() ?? name, qualified: joinModule(module, name), line });
      } else if (c.kind() === 'wildcard_import') out.push({ alias: '*', qualified: `${module}.*`, line });
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

/** The class a definition sits directly in, if any. */
function enclosingClass(def: SgNode): SgNode | undefined {
  let p = def.parent();
  if (p?.kind() === 'decorated_definition') p = p.parent();
  if (p?.kind() !== 'block') return undefined;
  const c = p.parent();
  return c?.kind() === 'class_definition' ? c : undefined;
}

export function buildPyIndex(file: string, content: string, root: SgNode): PyIndex {
  const lines = new Lines(content);
  const imports = importsOf(root);
  const aliases = new Map<string, string>();
  for (const i of imports) if (!aliases.has(i.alias)) aliases.set(i.alias, i.qualified);
  const resolve = (name: string): string => {
    if (aliases.has(name)) return aliases.get(name) ?? name;
    const dot = name.indexOf('.');
    const head = dot < 0 ? name : name.slice(0, dot);
    const q = aliases.get(head);
    return q ? `${q}${dot < 0 ? '' : name.slice(dot)}` : name;
  };
  const classes = new Map<number, PyClass>();
  for (const c of root.findAll({ rule: { kind: 'class_definition' } })) {
    const bases = (c.field('superclasses')?.namedChildren() ?? []).filter((b) => b.kind() !== 'keyword_argument').map((b) => resolve(dotted(b) ?? b.text()));
    const fields = new Map<string, SgNode>();
    for (const stmt of c.field('body')?.namedChildren() ?? []) {
      const a = stmt.kind() === 'expression_statement' ? stmt.namedChildren()[0] : undefined;
      if (a?.kind() !== 'assignment') continue;
      const left = a.field('left');
      const right = a.field('right');
      if (left?.kind() === 'identifier' && right) fields.set(left.text(), right);
    }
    classes.set(c.id(), { node: c, name: c.field('name')?.text() ?? '', bases, decorators: decoratorsOf(c, resolve), fields, methods: [], line: lineOf(c) });
  }
  const functions: PyFunction[] = [];
  for (const fn of root.findAll({ rule: { kind: 'function_definition' } })) {
    const name = fn.field('name')?.text() ?? '';
    const cls = enclosingClass(fn);
    const owner = cls ? classes.get(cls.id()) : undefined;
    const decorators = decoratorsOf(fn, resolve);
    const line = lineOf(fn);
    const info: PyFunction = {
      node: fn,
      name,
      qualname: owner ? `${owner.name}.${name}` : name,
      className: owner?.name,
      decorators,
      params: paramsOf(fn),
      isAsync: fn.text().startsWith('async'),
      line,
      startLine: decorators[0]?.line ?? line,
      nested: false,
    };
    owner?.methods.push(info);
    functions.push(info);
  }
  const ranges = functions.map((f) => f.node.range());
  functions.forEach((f, i) => {
    const r = ranges[i];
    f.nested = ranges.some((o, j) => j !== i && o.start.index < r.start.index && o.end.index >= r.end.index);
  });
  return {
    file,
    root,
    lines,
    imports,
    functions,
    classes: [...classes.values()],
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
