// The inline <script> blocks of HTML pages and server-side templates, parsed in place: everything
// else is blanked (newlines kept) so offsets and lines are those of the real file, and template
// tags inside the scripts (`<%= x %>`, `{{x}}`) become a `0` so the code around them still parses.
import { parseSync } from 'oxc-parser';
import type { ExtractContext, SourceFile } from '../../types.js';
import { indexFromParsed, type JsIndex } from '../_lib/ast.js';
import { lineLocator, refuseDeepNesting } from '../_lib/parse.js';

/** Pages and server-side templates (single-file components go through frontend/sfc.ts, TypeScript and all). */
const MARKUP_FILE = /\.(html?|ejs|hbs|handlebars|mustache|njk|twig|eta)$/i;
const TEMPLATE_TAG = /<%[\s\S]*?%>|\{\{[\s\S]*?\}\}/g;

export function isMarkupFile(path: string): boolean {
  return MARKUP_FILE.test(path);
}

/** Inline scripts only: a `src=` script has no code here, and JSON/template types are not JS. */
const SCRIPT_BLOCK = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const NOT_JS = /\btype\s*=\s*["']?(?!(?:text|application)\/(?:javascript|ecmascript)|module\b)[\w/+-]+/i;

export function scriptText(content: string): string {
  const out = content.replace(/[^\n]/g, ' ').split('');
  for (const m of content.matchAll(SCRIPT_BLOCK)) {
    if (NOT_JS.test(m[1])) continue;
    const start = (m.index ?? 0) + m[0].indexOf('>') + 1;
    const code = m[2].replace(TEMPLATE_TAG, (tag) => `0${tag.slice(1).replace(/[^\n]/g, ' ')}`);
    for (let i = 0; i < code.length; i++) out[start + i] = code[i];
  }
  return out.join('');
}

export function markupScriptIndex(file: SourceFile, ctx: ExtractContext): JsIndex {
  return ctx.parse('oxc-markup-scripts', () => {
    const code = scriptText(file.content);
    refuseDeepNesting(code);
    const result = parseSync(`${file.path}.js`, code, { sourceType: 'script' });
    return indexFromParsed(file, { program: result.program, lineAt: lineLocator(file.content), text: (n) => file.content.slice(n.start, n.end) });
  });
}
