// One index per Go file, shared by every go/* extractor: the tree, package, imports (alias →
// import path), and functions (declarations, methods, literals) with parameters and their types.
import type { SgNode } from '@ast-grep/napi';
import type { Evidence } from '../../../model/types.js';
import { Lines, lineOf } from '../../_polyglot/lines.js';
import { memo, parseSg } from '../../_polyglot/parse.js';
import type { ExtractContext, SourceFile } from '../../types.js';

export interface GoParam {
  name: string;
  type: string;
}

export interface GoFunction {
  node: SgNode;
  /** Name (methods: the method name); literals have none. */
  name?: string;
  receiver?: GoParam;
  params: GoParam[];
  results: string;
  body: SgNode | null;
  line: number;
}

export interface GoIndex {
  file: string;
  root: SgNode;
  lines: Lines;
  pkg: string;
  /** alias → import path (`mux` → `github.com/gorilla/mux`). */
  imports: Map<string, string>;
  functions: GoFunction[];
  /** `exec.Command` → `os/exec.Command` through the imports. */
  resolve(dotted: string): string;
  /** Whether an import path (or a path under it) is imported. */
  importsPath(path: string | RegExp): boolean;
  evidence(node: SgNode | number): Evidence;
}

/** Default package name of an import path (`github.com/go-chi/chi/v5` → `chi`, `gopkg.in/yaml.v3` → `yaml`). */
export function defaultAlias(path: string): string {
  const parts = path.split('/');
  let last = parts[parts.length - 1];
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2];
  return last.replace(/\.v\d+$/, '').replace(/^go-/, '').replace(/[-.]/g, '_');
}

export function goString(node: SgNode | null | undefined): string | undefined {
  if (!node) return undefined;
  const kind = node.kind();
  if (kind === 'interpreted_string_literal') return node.text().slice(1, -1).replace(/\\"/g, '"');
  if (kind === 'raw_string_literal') return node.text().slice(1, -1);
  return undefined;
}

export function paramsOf(list: SgNode | null): GoParam[] {
  const out: GoParam[] = [];
  for (const p of list?.namedChildren() ?? []) {
    if (p.kind() !== 'parameter_declaration' && p.kind() !== 'variadic_parameter_declaration') continue;
    const type = p.field('type')?.text() ?? '';
    const names = p.namedChildren().filter((c) => c.kind() === 'identifier');
    if (names.length === 0) out.push({ name: '_', type });
    for (const n of names) out.push({ name: n.text(), type: p.kind() === 'variadic_parameter_declaration' ? `...${type}` : type });
  }
  return out;
}

const NODES = { rule: { any: [{ kind: 'function_declaration' }, { kind: 'method_declaration' }, { kind: 'func_literal' }] } };
const FUNC_NAME = /^\s*func\s+(?:\([^)]*\)\s*)?([A-Za-z_]\w*)/;
const IMPORT_BLOCK = /^import\s*\(([\s\S]*?)^\)/gm;
const IMPORT_LINE = /^import\s+((?:[A-Za-z_.]\w*\s+)?"[^"]+")/gm;
const IMPORT_SPEC = /^\s*(?:([A-Za-z_.]\w*)\s+)?"([^"]+)"/;

/** Imports read from the text: `import "x"`, `import alias "x"`, and import blocks. */
function importsOf(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const add = (spec: string) => {
    const m = IMPORT_SPEC.exec(spec);
    if (!m || m[1] === '_' || m[1] === '.') return;
    out.set(m[1] ?? defaultAlias(m[2]), m[2]);
  };
  for (const b of text.matchAll(IMPORT_BLOCK)) for (const line of b[1].split('\n')) add(line.replace(/\/\/.*$/, ''));
  for (const l of text.matchAll(IMPORT_LINE)) add(l[1]);
  return out;
}

export function buildGoIndex(file: string, content: string, root: SgNode): GoIndex {
  const lines = new Lines(content);
  const imports = importsOf(content);
  const functions: GoFunction[] = [];
  const pkg = /^package\s+([A-Za-z_]\w*)/m.exec(content)?.[1] ?? '';
  // One native search; names come from the line text, parameters are read only when asked for.
  for (const node of root.findAll(NODES)) {
    const kind = node.kind();
    const line = node.range().start.line + 1;
    const fn = { node, name: kind === 'func_literal' ? undefined : (FUNC_NAME.exec(lines.line(line))?.[1] ?? node.field('name')?.text()), line } as GoFunction;
    let params: GoParam[] | undefined;
    let receiver: GoParam | undefined | null = null;
    Object.defineProperties(fn, {
      params: { enumerable: true, get: () => (params ??= paramsOf(node.field('parameters'))) },
      receiver: { enumerable: true, get: () => (receiver === null ? (receiver = kind === 'method_declaration' ? paramsOf(node.field('receiver'))[0] : undefined) : receiver) },
      results: { enumerable: true, get: () => node.field('result')?.text() ?? '' },
      body: { enumerable: true, get: () => node.field('body') },
    });
    functions.push(fn);
  }
  const resolve = (dotted: string): string => {
    const dot = dotted.indexOf('.');
    if (dot < 0) return dotted;
    const path = imports.get(dotted.slice(0, dot));
    return path ? `${path}${dotted.slice(dot)}` : dotted;
  };
  return {
    file,
    root,
    lines,
    pkg,
    imports,
    functions,
    resolve,
    importsPath: (path) => [...imports.values()].some((p) => (typeof path === 'string' ? p === path || p.startsWith(`${path}/`) : path.test(p))),
    evidence: (node) => lines.evidence(file, typeof node === 'number' ? node : lineOf(node)),
  };
}

export function goIndex(file: SourceFile, ctx: ExtractContext): GoIndex {
  return memo(ctx, 'go-index', () => buildGoIndex(file.path, file.content, parseSg(file, ctx, 'go')));
}

export function isGoFile(path: string): boolean {
  return path.endsWith('.go') && !path.endsWith('_test.go') && !/(^|\/)(vendor|testdata|third_party|docs|examples?|_examples)\//.test(path) && !/\.pb(\.gw)?\.go$|_grpc\.pb\.go$|zz_generated/.test(path);
}
