import type { Diagnostic, Fact, FactInput } from '../model/types.js';

/** A file handed to extractors: repository-relative posix path and its text. */
export interface SourceFile {
  path: string;
  content: string;
}

export interface ExtractContext {
  /**
   * Memoised parse shared by every extractor that looks at this file, so a file is parsed at most
   * once per parser. `parser` names the parser (`oxc`, `yaml`, `python`...).
   */
  parse<T>(parser: string, build: () => T): T;
  /** Report something that could not be read; the file path is attached by the engine. */
  diagnostic(diagnostic: Omit<Diagnostic, 'file'>): void;
}

/**
 * One extractor per ecosystem or framework (`src/extract/<group>/<name>/index.ts` exporting
 * `extractor`). Extractors are pure and lenient: a file that is not theirs gives `null`, a file
 * they cannot parse gives a diagnostic, never a throw.
 */
export interface Extractor {
  /** `<group>/<name>`, equal to the folder path under src/extract. */
  id: string;
  title: string;
  /** Cheap path test: which files this extractor wants to see. */
  matches(path: string): boolean;
  /** At least one of these substrings must occur in the file before `extract` runs. */
  signals?: readonly string[];
  extract(file: SourceFile, ctx: ExtractContext): FactInput[] | null;
  /**
   * Optional whole-repository step after every file was extracted (e.g. resolving router mount
   * prefixes across files). Receives all facts and returns the full, possibly rewritten, list.
   */
  link?(facts: Fact[]): Fact[];
}
