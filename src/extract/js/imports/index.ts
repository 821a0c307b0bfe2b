// `import` facts: one per import / require / re-export of a package (relative paths and Node
// builtins are not packages), with the names used from it, so incident response can tell whether
// a vulnerable package is imported at all and whether its affected functions are called. Link
// also drops the facts of code kept as data that nothing imports (see unreferenced.ts).
import type { FactInput } from '../../../model/types.js';
import type { Extractor } from '../../types.js';
import { jsIndex } from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { fileImports } from './sites.js';
import { pruneUnreferenced, refsFact } from './unreferenced.js';

export const extractor: Extractor = {
  id: 'js/imports',
  title: 'Package imports (import, require, import(), export from) and the names used from them',
  matches: isJsFile,
  signals: ['import', 'require', 'export'],
  extract(file, ctx) {
    const { packages } = fileImports(file, ctx);
    // The index's lines: split once per file, shared with every extractor's evidence.
    const index = jsIndex(file, ctx);
    const facts = packages.map((site): FactInput => ({
      kind: 'import',
      module: site.module,
      symbols: site.symbols,
      evidence: { file: file.path, line: site.line, snippet: index.lineText(site.line).trim().slice(0, 200) },
      key: `${file.path}#import:${site.module}`,
    }));
    const refs = refsFact(file.path, [...index.modules]);
    if (refs) facts.push(refs);
    return facts.length > 0 ? facts : null;
  },
  link: pruneUnreferenced,
};
