// One pass over a repository that yields both the model (exactly what `threatcode model` builds)
// and the facts incident response needs beyond it. Instead of walking and parsing twice, two
// observer extractors ride along in the normal pipeline: one records each JS file's imports
// (sharing the file's single parse through ctx.parse), and link-step observers capture the facts
// before and after the link steps (reconciliation drops package.json ranges that a lockfile
// resolves, but the manifest line is what a fix changes). Observers emit no facts, so the model is
// byte-for-byte the one the plain pipeline builds.
import { analyzeDirectory, type AnalyzeOptions } from '../api/pipeline.js';
import { isJsFile } from '../extract/js/_lib/parse.js';
import { fileImports, type FileImports } from '../extract/js/imports/sites.js';
import { extractors as builtinExtractors } from '../extract/registry.js';
import type { Extractor } from '../extract/types.js';
import type { Fact, ThreatModel } from '../model/types.js';

export interface ModelWithFacts {
  model: ThreatModel;
  /** Facts after every link step (what the model was built from). */
  facts: Fact[];
  /** Facts before the link steps (manifest declarations still present). */
  rawFacts: Fact[];
  /** Imports of every JS/TS file, package and relative ones. */
  imports: Map<string, FileImports>;
}

export async function analyzeWithFacts(root: string, options: AnalyzeOptions = {}): Promise<ModelWithFacts> {
  const imports = new Map<string, FileImports>();
  let rawFacts: Fact[] = [];
  let facts: Fact[] = [];
  const importObserver: Extractor = {
    id: 'catalog/imports-observer',
    title: 'records imports for reachability (emits nothing)',
    matches: isJsFile,
    extract(file, ctx) {
      try {
        imports.set(file.path, fileImports(file, ctx));
      } catch {
        // The file's own extractors report parse errors; reachability just has no data for it.
      }
      return null;
    },
  };
  const before: Extractor = {
    id: 'catalog/facts-before-link',
    title: 'captures facts before the link steps (emits nothing)',
    matches: () => false,
    extract: () => null,
    link(all) {
      rawFacts = [...all];
      return all;
    },
  };
  const after: Extractor = {
    id: 'catalog/facts-after-link',
    title: 'captures facts after the link steps (emits nothing)',
    matches: () => false,
    extract: () => null,
    link(all) {
      facts = all;
      return all;
    },
  };
  const base = options.extractors ?? builtinExtractors;
  const model = await analyzeDirectory(root, { ...options, extractors: [before, ...base, importObserver, after] });
  return { model, facts, rawFacts, imports };
}
