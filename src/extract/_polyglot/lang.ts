// ast-grep languages beyond the built-in web ones. tree-sitter grammars ship as prebuilt shared
// libraries in the @ast-grep/lang-* packages; `registerDynamicLanguage` may be called only once
// per process, so every language any extractor needs is registered together, on first use.
import { registerDynamicLanguage } from '@ast-grep/napi';
import csharp from '@ast-grep/lang-csharp';
import go from '@ast-grep/lang-go';
import java from '@ast-grep/lang-java';
import kotlin from '@ast-grep/lang-kotlin';
import php from '@ast-grep/lang-php';
import python from '@ast-grep/lang-python';
import ruby from '@ast-grep/lang-ruby';

export type PolyglotLanguage = 'python' | 'go' | 'java' | 'csharp' | 'ruby' | 'php' | 'kotlin';

/** File extensions per language (lower case, without the dot). */
export const EXTENSIONS: Record<PolyglotLanguage, readonly string[]> = {
  python: ['py', 'pyi'],
  go: ['go'],
  java: ['java'],
  csharp: ['cs'],
  ruby: ['rb'],
  php: ['php'],
  kotlin: ['kt', 'kts'],
};

let registered = false;

/** Registers every polyglot grammar once; later calls are free. */
export function ensureLanguages(): void {
  if (registered) return;
  registered = true;
  registerDynamicLanguage({ python, go, java, csharp, ruby, php, kotlin });
}

/** The polyglot language of a path by its extension, if any. */
export function languageOfPath(path: string): PolyglotLanguage | undefined {
  const dot = path.lastIndexOf('.');
  if (dot < 0) return undefined;
  const ext = path.slice(dot + 1).toLowerCase();
  for (const [lang, exts] of Object.entries(EXTENSIONS) as [PolyglotLanguage, readonly string[]][]) if (exts.includes(ext)) return lang;
  return undefined;
}
