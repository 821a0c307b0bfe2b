// Helpers for extractor tests: run one extractor (or all) over inline files.
import type { Diagnostic, Fact } from '../model/types.js';
import { extractFile, linkFacts } from './engine.js';
import type { Extractor } from './types.js';

export function runExtractor(
  extractor: Extractor,
  files: Record<string, string>,
): { facts: Fact[]; diagnostics: Diagnostic[] } {
  const facts: Fact[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const [path, content] of Object.entries(files)) {
    const out = extractFile({ path, content }, [extractor]);
    facts.push(...out.facts);
    diagnostics.push(...out.diagnostics);
  }
  return { facts: linkFacts(facts, [extractor]), diagnostics };
}
