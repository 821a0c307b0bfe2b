// One shared ast-grep parse per file and language: every extractor goes through `ctx.parse`, so a
// Python or Go file is parsed once however many extractors read it.
import { parse, type SgNode } from '@ast-grep/napi';
import type { ExtractContext, SourceFile } from '../types.js';
import { ensureLanguages, type PolyglotLanguage } from './lang.js';

/** Root node of the file's tree. tree-sitter recovers from syntax errors, so this does not throw. */
export function parseSg(file: SourceFile, ctx: ExtractContext, lang: PolyglotLanguage): SgNode {
  return ctx.parse(`ast-grep:${lang}`, () => {
    ensureLanguages();
    return parse(lang, file.content).root();
  });
}

/** Parses outside the engine (tests, benchmarks). */
export function parseSource(lang: PolyglotLanguage, content: string): SgNode {
  ensureLanguages();
  return parse(lang, content).root();
}

/**
 * Memoised per-file derived data (an index of imports and functions...) shared by the extractors of
 * one language, built at most once per file like the parse itself.
 */
export function memo<T>(ctx: ExtractContext, name: string, build: () => T): T {
  return ctx.parse(`derived:${name}`, build);
}
