// Imports of a test file from oxc's module record instead of its syntax tree. Test, spec and story
// files make up about half of the JS/TS source of a large repository, and nothing else is read from
// them that needs a tree (every other JS extractor skips them; secrets gates on the raw text), so
// the tree, which costs more to build than the parse itself, is never built for them. What is lost
// is the member-level view of how a package is used: a default or namespace import and a
// `require()` are recorded as `*` (used in ways not told apart), named imports by their names.
import type { StaticExport, StaticImport } from 'oxc-parser';
import type { ExtractContext, SourceFile } from '../../types.js';
import { parseJsModule } from '../_lib/parse.js';
import { normalizeModule } from '../_lib/ast.js';
import { finishSites, type FileImports, type Site } from './sites.js';

/** `require('m')` with a literal argument, not a method named require (`x.require`). */
const REQUIRE_CALL = /(?<![\w$.])require\s*\(\s*(['"`])([^'"`\\\n$]+)\1\s*\)/g;
const STRING_LITERAL = /^(['"`])([^'"`\\\n$]*)\1$/;
const TYPE_ONLY_IMPORT = /^import\s+type\b/;

/** Imports of a test file, or undefined when the parse failed (the caller then reads the tree). */
export function testFileImports(file: SourceFile, ctx: ExtractContext): FileImports | undefined {
  const parsed = parseJsModule(file, ctx);
  if (parsed.fatal) return undefined;
  const sites: Site[] = [];
  const modules = new Set<string>();
  const newSite = (spec: string, offset: number, kind: Site['kind']): Site => {
    const module = normalizeModule(spec);
    modules.add(module);
    const site: Site = { module, line: parsed.lineAt(offset), kind, symbols: new Set(), uses: [], locals: [] };
    sites.push(site);
    return site;
  };
  for (const stmt of parsed.module.staticImports) importSite(file, stmt, modules, newSite);
  for (const stmt of parsed.module.staticExports) exportSite(stmt, newSite);
  for (const call of parsed.module.dynamicImports) {
    const spec = STRING_LITERAL.exec(file.content.slice(call.moduleRequest.start, call.moduleRequest.end).trim());
    if (spec) newSite(spec[2], call.start, 'dynamic').symbols.add('*');
  }
  for (const m of file.content.matchAll(REQUIRE_CALL)) newSite(m[2], m.index, 'require').symbols.add('*');
  sites.sort((a, b) => a.line - b.line);
  return finishSites(sites, modules);
}

function importSite(file: SourceFile, stmt: StaticImport, modules: Set<string>, newSite: (spec: string, offset: number, kind: Site['kind']) => Site): void {
  // A type-only import still references the module (as the tree-based reading counts it).
  if (TYPE_ONLY_IMPORT.test(file.content.slice(stmt.start, stmt.start + 12))) return void modules.add(normalizeModule(stmt.moduleRequest.value));
  const site = newSite(stmt.moduleRequest.value, stmt.start, 'import');
  for (const entry of stmt.entries) {
    if (entry.isType) continue;
    site.locals.push(entry.localName.value);
    const kind = entry.importName.kind as string;
    site.symbols.add(kind === 'Name' && entry.importName.name ? entry.importName.name : '*');
  }
}

function exportSite(stmt: StaticExport, newSite: (spec: string, offset: number, kind: Site['kind']) => Site): void {
  const reexports = stmt.entries.filter((e) => e.moduleRequest && !e.isType);
  if (reexports.length === 0) return;
  const site = newSite(reexports[0].moduleRequest!.value, stmt.start, 'export');
  for (const entry of reexports) {
    const kind = entry.importName.kind as string;
    site.symbols.add(kind === 'Name' && entry.importName.name ? entry.importName.name : '*');
  }
}
