// Classes, methods, parameters and attributes of C# files from the shared ast-grep tree, for the
// ASP.NET Core readers. One index per file, built once (memo) for every csharp/* extractor.
import type { SgNode } from '@ast-grep/napi';
import { Lines } from '../../_polyglot/lines.js';
import { memo, parseSg } from '../../_polyglot/parse.js';
import type { ExtractContext, SourceFile } from '../../types.js';

export interface CsAttribute {
  name: string;
  /** Positional values, strings unquoted. */
  values: string[];
  /** Named values (`Roles = "Admin"`, `Policy = "x"`). */
  named: Record<string, string>;
  line: number;
}

export interface CsParam {
  name: string;
  type: string;
  attributes: CsAttribute[];
}

export interface CsMethod {
  name: string;
  attributes: CsAttribute[];
  params: CsParam[];
  node: SgNode;
  line: number;
}

export interface CsClass {
  name: string;
  attributes: CsAttribute[];
  bases: string[];
  methods: CsMethod[];
  node: SgNode;
  line: number;
}

export interface CsFile {
  root: SgNode;
  lines: Lines;
  classes: CsClass[];
}

function line(node: SgNode): number {
  return node.range().start.line + 1;
}

export function unquoteCs(text: string): string {
  const m = /^@?\$?@?"((?:[^"\\]|\\.|"")*)"$/s.exec(text.trim());
  return m ? m[1] : text.trim();
}

function attributesOf(node: SgNode): CsAttribute[] {
  const out: CsAttribute[] = [];
  for (const list of node.children().filter((c) => c.kind() === 'attribute_list')) {
    for (const a of list.children().filter((c) => c.kind() === 'attribute')) {
      const name = (a.field('name')?.text() ?? a.children()[0]?.text() ?? '').split('.').pop()?.replace(/Attribute$/, '') ?? '';
      const attr: CsAttribute = { name, values: [], named: {}, line: line(a) };
      const args = a.children().find((c) => c.kind() === 'attribute_argument_list');
      for (const arg of args?.children().filter((c) => c.kind() === 'attribute_argument') ?? []) {
        const inner = arg.namedChildren();
        const assign = inner.find((c) => c.kind() === 'assignment_expression');
        if (assign) attr.named[assign.field('left')?.text() ?? ''] = unquoteCs(assign.field('right')?.text() ?? '');
        else if (inner.length >= 2 && inner[0].kind() === 'identifier') attr.named[inner[0].text()] = unquoteCs(inner[inner.length - 1].text());
        else attr.values.push(unquoteCs(arg.text()));
      }
      out.push(attr);
    }
  }
  return out;
}

function readClasses(root: SgNode): CsClass[] {
  return root.findAll({ rule: { kind: 'class_declaration' } }).map((cls) => {
    const body = cls.field('body');
    // Attributes and parameters are read on first use: only controllers' methods need them.
    const methods: CsMethod[] = (body?.children() ?? [])
      .filter((m) => m.kind() === 'method_declaration')
      .map((m) => {
        let attributes: CsAttribute[] | undefined;
        let params: CsParam[] | undefined;
        return {
          name: m.field('name')?.text() ?? '',
          get attributes() {
            return (attributes ??= attributesOf(m));
          },
          get params() {
            return (params ??= (m.field('parameters')?.children() ?? [])
              .filter((p) => p.kind() === 'parameter')
              .map((p) => ({ name: p.field('name')?.text() ?? '', type: p.field('type')?.text() ?? '', attributes: attributesOf(p) })));
          },
          node: m,
          line: line(m),
        };
      });
    const bases = (cls.children().find((c) => c.kind() === 'base_list')?.namedChildren() ?? []).map((b) => b.text().replace(/<.*$/s, ''));
    return { name: cls.field('name')?.text() ?? '', attributes: attributesOf(cls), bases, methods, node: cls, line: line(cls) };
  });
}

export function isCsFile(path: string): boolean {
  return path.endsWith('.cs') && !/(?:^|\/)(?:bin|obj|[Tt]ests?|[\w.]*\.Tests?)\/|Tests?\.cs$|\.Designer\.cs$|\.g\.cs$/.test(path);
}

/** The file's index; the tree and the classes are read on first use (many readers decide from the text alone). */
export function csFile(file: SourceFile, ctx: ExtractContext): CsFile {
  return memo(ctx, 'csharp:index', () => {
    let classes: CsClass[] | undefined;
    return {
      get root() {
        return parseSg(file, ctx, 'csharp');
      },
      lines: new Lines(file.content),
      get classes() {
        return (classes ??= readClasses(this.root));
      },
    };
  });
}

export function attr(list: readonly CsAttribute[], ...names: string[]): CsAttribute | undefined {
  return list.find((a) => names.includes(a.name));
}
