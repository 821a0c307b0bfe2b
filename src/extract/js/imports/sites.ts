// Every import/require of a file, with what is used from each: the names imported, the members
// read or called on an imported binding (`_.set(...)` → `set`), a direct call of the binding
// (`minimist(argv)` → `default`), and `*` when the binding escapes (passed as a value), so a caller
// can tell "the vulnerable function is called here" from "we cannot tell". Shared by the
// `js/imports` extractor and the catalog's reachability pass (memoised per file).
import { builtinModules } from 'node:module';
import type { ExtractContext, SourceFile } from '../../types.js';
import { testFileImports } from './module-record.js';
import { isTestFile } from '../_lib/parse.js';
import { jsIndex, literalValue, normalizeModule, propertyKey, stringValue, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';

export interface SymbolUse {
  symbol: string;
  line: number;
}

export interface ImportSite {
  /** Specifier as written (`lodash/fp`, `@scope/pkg/sub`), builtins excluded. */
  module: string;
  /** The package the specifier belongs to (`lodash`, `@scope/pkg`). */
  package: string;
  line: number;
  /** `import` / `export … from` / `require` / `import()`. */
  kind: 'import' | 'export' | 'require' | 'dynamic';
  /** Imported names plus members used on the binding; `default` = the binding itself is called. */
  symbols: string[];
  uses: SymbolUse[];
  /** Local names bound to this import. */
  locals: string[];
}

export interface LocalImport {
  /** Relative specifier as written (`./routes/user`, `../lib/db.js`). */
  specifier: string;
  line: number;
  locals: string[];
}

export interface FileImports {
  packages: ImportSite[];
  locals: LocalImport[];
  /** Every module the file imports or requires (normalised), packages, relative paths and aliases. */
  modules: string[];
}

const BUILTINS = new Set(builtinModules.map((m) => m.replace(/^node:/, '')));
const NPM_NAME = /^(?:@[A-Za-z0-9~][\w.~-]*\/)?[A-Za-z0-9~][\w.~-]*$/;

/** Specifier → package: the same few hundred specifiers recur across every file of a repository. */
const packageMemo = new Map<string, string | undefined>();

/** The package a specifier names, or undefined for relative paths, builtins, URLs and aliases. */
export function packageOf(specifier: string): string | undefined {
  if (packageMemo.has(specifier)) return packageMemo.get(specifier);
  const pkg = computePackage(specifier);
  if (packageMemo.size < 50_000) packageMemo.set(specifier, pkg);
  return pkg;
}

function computePackage(specifier: string): string | undefined {
  if (!specifier || specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:') || specifier.startsWith('#')) return undefined;
  if (/^[a-z][\w+.-]*:/i.test(specifier)) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  if (!NPM_NAME.test(name)) return undefined;
  if (BUILTINS.has(specifier) || BUILTINS.has(parts[0])) return undefined;
  return name;
}

export function isRelative(specifier: string): boolean {
  return specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');
}

interface Binding {
  site: Site;
  /** `default`, `*` (namespace / whole CommonJS module) or the imported export name. */
  imported: string;
}

/** One import statement or call while a file is being read; `finishSites` turns them into FileImports. */
export interface Site {
  module: string;
  line: number;
  kind: ImportSite['kind'];
  symbols: Set<string>;
  uses: SymbolUse[];
  locals: string[];
}

const WRAPPERS = new Set(['ParenthesizedExpression', 'TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'ChainExpression', 'AwaitExpression']);

/** The first ancestor that is not a parenthesis, cast or await, and the child it was reached through. */
function effectiveParent(index: JsIndex, node: AstNode): { parent: AstNode | undefined; child: AstNode } {
  let child = node;
  let parent = index.parent(node);
  while (parent && WRAPPERS.has(parent.type)) {
    child = parent;
    parent = index.parent(parent);
  }
  return { parent, child };
}

function memberName(member: AstNode): string | undefined {
  if (member.type !== 'MemberExpression') return undefined;
  if (!member.computed && member.property.type === 'Identifier') return member.property.name;
  const v = literalValue(member.property as AstNode);
  return typeof v === 'string' ? v : undefined;
}

/** What a use of an imported value (an identifier or a `require()` call) does with it. */
function classifyUse(index: JsIndex, node: AstNode, imported: string): { symbols: string[]; escape: boolean } {
  const { parent, child } = effectiveParent(index, node);
  const self = imported === '*' || imported === 'default' ? 'default' : imported;
  if (!parent) return { symbols: [], escape: false };
  switch (parent.type) {
    case 'MemberExpression': {
      if (parent.object !== child) return { symbols: [], escape: false };
      const name = memberName(parent);
      if (name === undefined) return { symbols: [], escape: true };
      return { symbols: imported === '*' || imported === 'default' ? [name] : [imported, `${imported}.${name}`], escape: false };
    }
    case 'CallExpression':
    case 'NewExpression':
      if (parent.callee === child) return { symbols: [self], escape: false };
      return { symbols: [], escape: true };
    case 'TaggedTemplateExpression':
      return { symbols: [self], escape: false };
    case 'VariableDeclarator':
      if (parent.init === child && parent.id.type === 'ObjectPattern') {
        const keys = parent.id.properties.map((p) => (p.type === 'Property' ? propertyKey(p as AstNode) : undefined)).filter((k): k is string => !!k);
        return { symbols: imported === '*' || imported === 'default' ? keys : [imported], escape: false };
      }
      return { symbols: [], escape: parent.init === child };
    case 'ArrayExpression':
    case 'SpreadElement':
    case 'ReturnStatement':
    case 'ExportDefaultDeclaration':
    case 'ExportSpecifier':
    case 'ConditionalExpression':
    case 'LogicalExpression':
    case 'YieldExpression':
    case 'JSXExpressionContainer':
    case 'ArrowFunctionExpression':
      return { symbols: [], escape: true };
    case 'AssignmentExpression':
      return { symbols: [], escape: parent.right === child };
    case 'Property':
      return { symbols: [], escape: parent.value === child && index.parent(parent)?.type === 'ObjectExpression' };
    default:
      return { symbols: [], escape: false };
  }
}

function recordUse(index: JsIndex, site: Site, at: AstNode, imported: string): void {
  const use = classifyUse(index, at, imported);
  const line = index.line(at);
  for (const symbol of use.symbols) {
    site.symbols.add(symbol);
    site.uses.push({ symbol, line });
  }
  if (use.escape) {
    site.symbols.add('*');
    site.uses.push({ symbol: '*', line });
  }
}

function analyze(index: JsIndex): FileImports {
  const sites: Site[] = [];
  const bindings = new Map<string, Binding>();
  const newSite = (module: string, at: AstNode, kind: Site['kind']): Site => {
    const site: Site = { module, line: index.line(at), kind, symbols: new Set(), uses: [], locals: [] };
    sites.push(site);
    return site;
  };
  const bind = (local: string, site: Site, imported: string) => {
    site.locals.push(local);
    if (!bindings.has(local)) bindings.set(local, { site, imported });
  };

  for (const stmt of index.nodesOf('ImportDeclaration')) {
    if (stmt.importKind === 'type') continue;
    const site = newSite(normalizeModule(String(stmt.source.value)), stmt as AstNode, 'import');
    for (const s of stmt.specifiers) {
      if (s.type === 'ImportDefaultSpecifier') bind(s.local.name, site, 'default');
      else if (s.type === 'ImportNamespaceSpecifier') bind(s.local.name, site, '*');
      else if (s.importKind !== 'type') {
        const imported = s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value);
        site.symbols.add(imported);
        bind(s.local.name, site, imported);
      }
    }
  }
  for (const stmt of [...index.nodesOf('ExportNamedDeclaration'), ...index.nodesOf('ExportAllDeclaration')]) {
    if (!stmt.source || stmt.exportKind === 'type') continue;
    const site = newSite(normalizeModule(String(stmt.source.value)), stmt as AstNode, 'export');
    if (stmt.type === 'ExportAllDeclaration') site.symbols.add('*');
    else for (const spec of stmt.specifiers) site.symbols.add(spec.local.type === 'Identifier' ? spec.local.name : String(spec.local.value));
  }
  for (const decl of index.nodesOf('TSImportEqualsDeclaration')) {
    const ref = decl.moduleReference;
    if (ref.type !== 'TSExternalModuleReference') continue;
    bind(decl.id.name, newSite(normalizeModule(String(ref.expression.value)), decl as AstNode, 'import'), '*');
  }
  const requireCalls: AstNode[] = [
    ...index.nodesOf('CallExpression').filter((c) => {
      const callee = unwrap(c.callee as AstNode);
      return callee.type === 'Identifier' && callee.name === 'require' && c.arguments.length >= 1;
    }),
    ...index.nodesOf('ImportExpression'),
  ];
  for (const call of requireCalls) {
    const arg = call.type === 'ImportExpression' ? call.source : (call as Extract<AstNode, { type: 'CallExpression' }>).arguments[0];
    const value = stringValue(arg as AstNode);
    if (value === undefined) continue;
    const site = newSite(normalizeModule(value), call, call.type === 'ImportExpression' ? 'dynamic' : 'require');
    // `const x = require('m')`, `const x = require('m').a`, `const { a, b: c } = require('m')`.
    let top: AstNode = call;
    const props: string[] = [];
    while (true) {
      const up = effectiveParent(index, top);
      const name = up.parent && up.parent.type === 'MemberExpression' && up.parent.object === up.child ? memberName(up.parent) : undefined;
      if (name === undefined) break;
      props.push(name);
      top = up.parent!;
    }
    const { parent, child } = effectiveParent(index, top);
    if (parent?.type === 'VariableDeclarator' && parent.init === child) {
      const id = parent.id;
      if (id.type === 'Identifier') {
        const imported = props.length ? props[0] : '*';
        if (props.length) site.symbols.add(props[0]);
        bind(id.name, site, imported);
        continue;
      }
      if (id.type === 'ObjectPattern' && props.length === 0) {
        for (const p of id.properties) {
          if (p.type !== 'Property') continue;
          const key = propertyKey(p as AstNode);
          const value = unwrap(p.value as AstNode);
          const local = value.type === 'Identifier' ? value.name : value.type === 'AssignmentPattern' && value.left.type === 'Identifier' ? value.left.name : undefined;
          if (!key) continue;
          site.symbols.add(key);
          if (local) bind(local, site, key);
        }
        continue;
      }
    }
    if (props.length > 0) {
      site.symbols.add(props[0]);
      site.uses.push({ symbol: props[0], line: index.line(call) });
      continue;
    }
    if (parent?.type === 'ExpressionStatement') continue; // side-effect import
    recordUse(index, site, call, '*');
  }

  // Uses of every imported binding (scopes are not tracked: a shadowing local is rare).
  if (bindings.size > 0) {
    for (const id of index.nodesOf('Identifier')) {
      const binding = bindings.get(id.name);
      if (!binding) continue;
      const parent = index.parent(id);
      if (!parent) continue;
      // Declarations and property names are not uses.
      if (parent.type === 'ImportSpecifier' || parent.type === 'ImportDefaultSpecifier' || parent.type === 'ImportNamespaceSpecifier' || parent.type === 'TSImportEqualsDeclaration') continue;
      if (parent.type === 'VariableDeclarator' && parent.id === id) continue;
      if (parent.type === 'MemberExpression' && parent.property === id && !parent.computed) continue;
      if (parent.type === 'Property' && parent.key === id && !parent.shorthand) continue;
      if ((parent.type === 'Property' && index.parent(parent)?.type === 'ObjectPattern') || parent.type === 'AssignmentPattern') continue;
      if (parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition' || parent.type === 'LabeledStatement') continue;
      recordUse(index, binding.site, id, binding.imported);
    }
  }

  // Re-exports (`export … from`) reference their module too.
  return finishSites(sites, new Set([...index.modules, ...sites.map((s) => s.module)]));
}

/** Package imports (sorted, with their uses) and relative ones, from the sites of one file. */
export function finishSites(sites: readonly Site[], modules: Iterable<string>): FileImports {
  const packages: ImportSite[] = [];
  const locals: LocalImport[] = [];
  for (const site of sites) {
    if (isRelative(site.module)) {
      locals.push({ specifier: site.module, line: site.line, locals: site.locals });
      continue;
    }
    const pkg = packageOf(site.module);
    if (!pkg) continue;
    const uses = site.uses.sort((a, b) => a.line - b.line || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
    packages.push({ module: site.module, package: pkg, line: site.line, kind: site.kind, symbols: [...site.symbols].sort(), uses, locals: site.locals });
  }
  packages.sort((a, b) => a.line - b.line || (a.module < b.module ? -1 : 1));
  locals.sort((a, b) => a.line - b.line);
  return { packages, locals, modules: [...modules] };
}

/** Imports of one JS/TS file, computed once per file and shared through `ctx.parse`. */
export function fileImports(file: SourceFile, ctx: ExtractContext): FileImports {
  return ctx.parse('js-imports', () => (isTestFile(file.path) ? testFileImports(file, ctx) : undefined) ?? analyze(jsIndex(file, ctx)));
}
