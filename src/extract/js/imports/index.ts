// `import` facts: one per import / require / re-export of a package (relative paths and Node
// builtins are not packages), with the names used from it, so incident response can tell whether
// a vulnerable package is imported at all and whether its affected functions are called. Link
// also drops the facts of code kept as data that nothing imports (see unreferenced.ts).
import type { FactInput } from '../../../model/types.js';
import type { ExtractContext, Extractor, SourceFile } from '../../types.js';
import { isJsFile, isTestFile } from '../_lib/parse.js';
import { jsIndex } from '../_lib/ast.js';
import { fileImports } from './sites.js';
import { pruneUnreferenced, refsFact } from './unreferenced.js';

/**
 * Line text for evidence: the shared index's lines when the file has one (split once per file for
 * every extractor), else split here (test files are read without a syntax tree).
 */
function lineReader(file: SourceFile, ctx: ExtractContext): (line: number) => string {
  if (!isTestFile(file.path)) {
    const index = jsIndex(file, ctx);
    return (line) => index.lineText(line);
  }
  let lines: string[] | undefined;
  return (line) => (lines ??= file.content.split('\n'))[line - 1] ?? '';
}

export const extractor: Extractor = {
  id: 'js/imports',
  title: 'Package imports (import, require, import(), export from) and the names used from them',
  matches: isJsFile,
  signals: ['import', 'require', 'export'],
  extract(file, ctx) {
    const { packages, modules } = fileImports(file, ctx);
    const lineText = lineReader(file, ctx);
    const facts = packages.map((site): FactInput => ({
      kind: 'import',
      module: site.module,
      symbols: site.symbols,
      evidence: { file: file.path, line: site.line, snippet: lineText(site.line).trim().slice(0, 200) },
      key: `${file.path}#import:${site.module}`,
    }));
    const refs = refsFact(file.path, modules);
    if (refs) facts.push(refs);
    return facts.length > 0 ? facts : null;
  },
  link: pruneUnreferenced,
};
