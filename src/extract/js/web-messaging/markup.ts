// The inline <script> blocks of HTML pages and server-side templates, parsed in place: everything
// else is blanked (newlines kept) so offsets and lines are those of the real file, and template
// tags inside the scripts (`<%= x %>`, `{{x}}`) become a `0` so the code around them still parses.
import { parseSync } from 'oxc-parser';
import type { ExtractContext, SourceFile } from '../../types.js';
import { indexFromParsed, type JsIndex } from '../_lib/ast.js';
import { lineLocator, refuseDeepNesting } from '../_lib/parse.js';
import { blankOutsideScripts } from '../_lib/script-blocks.js';

/** Pages and server-side templates (single-file components go through frontend/sfc.ts, TypeScript and all). */
const MARKUP_FILE = /\.(html?|ejs|hbs|handlebars|mustache|njk|twig|eta)$/i;
const TEMPLATE_TAG = /<%[\s\S]*?%>|\{\{[\s\S]*?\}\}/g;

export function isMarkupFile(path: string): boolean {
  return MARKUP_FILE.test(path);
}

/** A `src=` script has no code here, and JSON or template `type`s are not JavaScript. */
const NOT_JS = /\btype\s*=\s*["']?(?!(?:text|application)\/(?:javascript|ecmascript)|module\b)[\w/+-]+/i;

export function scriptText(content: string): string {
  return blankOutsideScripts(
    content,
    (attributes) => !NOT_JS.test(attributes),
    (code) => code.replace(TEMPLATE_TAG, (tag) => `0${tag.slice(1).replace(/[^\n]/g, ' ')}`),
  );
}

export function markupScriptIndex(file: SourceFile, ctx: ExtractContext): JsIndex {
  return ctx.parse('oxc-markup-scripts', () => {
    const code = scriptText(file.content);
    refuseDeepNesting(code);
    const result = parseSync(`${file.path}.js`, code, { sourceType: 'script' });
    return indexFromParsed(file, { program: result.program, lineAt: lineLocator(file.content), text: (n) => file.content.slice(n.start, n.end) });
  });
}
