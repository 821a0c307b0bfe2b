// Helpers for extractor tests: run one extractor (or all) over inline files.
import type { Diagnostic, Fact } from '../model/types.js';
import { extractFile, linkFacts } from './engine.js';
import type { ExtractContext, Extractor } from './types.js';

export function runExtractor(
  extractor: Extractor,
  files: Record<string, string>,
): { facts: Fact[]; diagnostics: Diagnostic[] } {
  return runExtractors([extractor], files);
}

/** Several extractors together (routes with the auth extractor's guards), linked as a build links them. */
export function runExtractors(
  extractors: readonly Extractor[],
  files: Record<string, string>,
): { facts: Fact[]; diagnostics: Diagnostic[] } {
  const facts: Fact[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const [path, content] of Object.entries(files)) {
    const out = extractFile({ path, content }, extractors);
    facts.push(...out.facts);
    diagnostics.push(...out.diagnostics);
  }
  return { facts: linkFacts(facts, extractors), diagnostics };
}

/** Each linked entry point's auth, keyed `METHOD /path` (the usual assertion of route tests). */
export function authByRoute(extractors: readonly Extractor[], files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    runExtractors(extractors, files)
      .facts.filter((f) => f.kind === 'entrypoint')
      .map((e) => [`${e.method} ${e.path}`, e.auth]),
  );
}

/** A parse cache for one file, as the engine gives each extractor (for tests of shared helpers). */
export function testContext(): ExtractContext {
  const cache = new Map<string, unknown>();
  return {
    parse<T>(parser: string, build: () => T): T {
      if (!cache.has(parser)) cache.set(parser, build());
      return cache.get(parser) as T;
    },
    diagnostic() {},
  };
}
