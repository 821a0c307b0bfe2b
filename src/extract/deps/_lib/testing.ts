// Test helpers shared by the lockfile extractors' tests (not used at run time).
import type { DependencyFact, Fact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import type { Extractor } from '../../types.js';

/** Runs several extractors over inline files, then their link steps, like the pipeline does. */
export function runExtractors(extractors: Extractor[], files: Record<string, string>): Fact[] {
  const facts: Fact[] = [];
  for (const [path, content] of Object.entries(files)) facts.push(...extractFile({ path, content }, extractors).facts);
  return linkFacts(facts, extractors);
}

export function dependencies(facts: Fact[], manifest?: string): DependencyFact[] {
  return facts.filter((f): f is DependencyFact => f.kind === 'dependency' && (manifest === undefined || f.manifest === manifest));
}

/** `name@version direct scope` lines, sorted: compact expectations for whole lockfiles. */
export function summary(facts: Fact[], manifest?: string): string[] {
  return dependencies(facts, manifest)
    .map((d) => `${d.name}@${d.version} ${d.direct ? 'direct' : 'transitive'} ${d.scope ?? '-'}`)
    .sort();
}
