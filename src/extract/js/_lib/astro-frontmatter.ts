// The frontmatter of an Astro component (`.astro`): the code between the leading `---` fences runs
// on the server for every request of a server-rendered page, with `Astro` (request, params,
// cookies, url, locals, redirect) in scope and top-level `return Astro.redirect(...)` allowed.
// It is read as a module whose imports stay at the top and whose other statements become the body
// of one exported function `__astroPage(Astro)`, so the route and taint machinery see a handler
// with the request context as its parameter. Lines are kept (the inserted text has no newline;
// everything after the frontmatter is blanked), so evidence lines are those of the real file.
import { parseSync } from 'oxc-parser';
import type { ExtractContext, SourceFile } from '../../types.js';
import { lineLocator, refuseDeepNesting, type ParsedJs } from './parse.js';

export const ASTRO_PAGE_FN = '__astroPage';

export function isAstroFile(path: string): boolean {
  return path.endsWith('.astro');
}

export interface AstroFrontmatter {
  /** The rewritten text every node offset indexes (same lines as the file). */
  content: string;
  parsed: ParsedJs;
}

const FENCE = /^\s*---[ \t]*\r?\n/;
/** Import statements at the top of the frontmatter (single or multi-line, side-effect imports too). */
const IMPORT = /^[ \t]*import\s+(?:type\s+)?(?:[\s\S]*?\sfrom\s*)?['"][^'"\n]+['"][ \t]*;?/gm;

/** The rewritten frontmatter code, or undefined when the component has none. */
export function frontmatterCode(content: string): string | undefined {
  const open = FENCE.exec(content);
  if (!open) return undefined;
  const start = open[0].length;
  const close = /^---[ \t]*$/m.exec(content.slice(start));
  if (!close) return undefined;
  const end = start + close.index;
  let code = content.slice(start, end);
  // Imports are hoisted out of the function: they end where the last one at the top ends.
  let importsEnd = 0;
  IMPORT.lastIndex = 0;
  for (let m = IMPORT.exec(code); m; m = IMPORT.exec(code)) {
    const before = code.slice(importsEnd, m.index);
    // Only imports preceded by nothing but other imports, comments and blank lines.
    if (before.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '').trim() !== '') break;
    importsEnd = m.index + m[0].length;
  }
  // `export const prerender = true`: a plain declaration inside the function.
  const body = code.slice(importsEnd).replace(/\bexport\s+(?=(?:const|let|var|async|function|interface|type)\b)/g, (m) => ' '.repeat(m.length));
  code = `${code.slice(0, importsEnd)};export async function ${ASTRO_PAGE_FN}(Astro) {${body}\n}`;
  // The fence line is blanked (its newline kept), the template after the frontmatter dropped.
  return `${open[0].replace(/[^\n]/g, ' ')}${code}`;
}

/** The frontmatter parsed once per file (shared by js/astro and js/taint through `ctx.parse`). */
export function astroFrontmatter(file: SourceFile, ctx: ExtractContext): AstroFrontmatter | undefined {
  return ctx.parse('astro-frontmatter', () => {
    const code = frontmatterCode(file.content);
    if (code === undefined) return undefined;
    refuseDeepNesting(code);
    const result = parseSync(`${file.path}.ts`, code, { sourceType: 'module', lang: 'ts' });
    if (result.errors.some((e) => e.severity === 'Error') && result.program.body.length === 0) return undefined;
    return { content: code, parsed: { program: result.program, lineAt: lineLocator(code), text: (n) => code.slice(n.start, n.end) } };
  });
}
