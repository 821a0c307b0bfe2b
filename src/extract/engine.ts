import type { Diagnostic, Evidence, Fact, FactInput } from '../model/types.js';
import { redactSnippet } from '../util/secrets.js';
import { extractorsSignalled } from './signals.js';
import type { ExtractContext, Extractor, SourceFile } from './types.js';

export interface ExtractOutput {
  facts: Fact[];
  diagnostics: Diagnostic[];
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs every matching extractor over one file. Parses are shared through `ctx.parse`; an extractor
 * that throws costs only its own facts for this file, reported as a diagnostic.
 */
export function extractFile(file: SourceFile, extractors: readonly Extractor[]): ExtractOutput {
  const facts: Fact[] = [];
  const diagnostics: Diagnostic[] = [];
  const parsed = new Map<string, { value?: unknown; error?: unknown }>();
  const ctx: ExtractContext = {
    parse<T>(parser: string, build: () => T): T {
      let entry = parsed.get(parser);
      if (!entry) {
        try {
          entry = { value: build() };
        } catch (error) {
          entry = { error };
        }
        parsed.set(parser, entry);
      }
      if (entry.error !== undefined) throw entry.error;
      return entry.value as T;
    },
    diagnostic(d) {
      diagnostics.push({ ...d, file: file.path });
    },
  };
  /** A shared parse that failed is one problem of the file, not one per extractor that needed it. */
  const failedParses = new Map<unknown, Diagnostic>();
  const matching = extractors.filter((extractor) => extractor.matches(file.path));
  // No signals at all (an empty list): nothing can match, as `some` over an empty list.
  const signalled = extractorsSignalled(
    matching.filter((extractor) => extractor.signals && extractor.signals.length > 0),
    file.content,
  );
  for (const extractor of matching) {
    if (extractor.signals && !signalled.has(extractor)) continue;
    let produced: FactInput[] | null;
    try {
      produced = extractor.extract(file, ctx);
    } catch (error) {
      const sameParse = failedParses.get(error);
      if (sameParse) {
        sameParse.message = sameParse.message.replace(/ could not read this file:/, `, ${extractor.id} could not read this file:`);
        continue;
      }
      const diagnostic: Diagnostic = {
        level: 'warning',
        code: 'extractor-error',
        message: `${extractor.id} could not read this file: ${errorMessage(error)}`,
        file: file.path,
      };
      diagnostics.push(diagnostic);
      if ([...parsed.values()].some((entry) => entry.error === error)) failedParses.set(error, diagnostic);
      continue;
    }
    if (!produced) continue;
    const seen = new Map<string, number>();
    for (const input of produced) {
      const fact = { ...input, extractor: extractor.id } as Fact;
      redactEvidence(fact.evidence);
      if (fact.kind === 'sink') fact.path?.forEach(redactEvidence);
      const baseKey = fact.key ?? `${file.path}#${fact.kind}`;
      const n = seen.get(baseKey) ?? 0;
      seen.set(baseKey, n + 1);
      // Same locator twice in one file: keep both, distinguished by order of appearance.
      fact.key = n === 0 ? baseKey : `${baseKey}#${n}`;
      facts.push(fact);
    }
  }
  return { facts, diagnostics };
}

function redactEvidence(evidence: Evidence): void {
  if (evidence.snippet) evidence.snippet = redactSnippet(evidence.snippet);
}

/** Runs the whole-repository `link` steps of every extractor in registry order. */
export function linkFacts(facts: Fact[], extractors: readonly Extractor[]): Fact[] {
  let current = facts;
  for (const extractor of extractors) {
    if (extractor.link) current = extractor.link(current);
  }
  return current;
}
