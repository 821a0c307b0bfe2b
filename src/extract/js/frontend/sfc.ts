// Single-file components (.vue, .svelte): the <script> blocks are parsed as TS with everything
// else blanked out (newlines kept), so node offsets and lines are those of the real file.
import { parseSync } from 'oxc-parser';
import type { ExtractContext, SourceFile } from '../../types.js';
import { indexFromParsed, type JsIndex } from '../_lib/ast.js';
import { lineLocator, refuseDeepNesting } from '../_lib/parse.js';
import { blankOutsideScripts } from '../_lib/script-blocks.js';

export function isSfc(path: string): boolean {
  return /\.(vue|svelte)$/.test(path);
}

export function sfcIndex(file: SourceFile, ctx: ExtractContext): JsIndex {
  return ctx.parse('oxc-sfc-index', () => {
    const code = blankOutsideScripts(file.content);
    refuseDeepNesting(code);
    const result = parseSync(`${file.path}.tsx`, code, { sourceType: 'module', lang: 'ts' });
    return indexFromParsed(file, { program: result.program, lineAt: lineLocator(file.content), text: (n) => file.content.slice(n.start, n.end) });
  });
}

/** Template-level HTML sinks: Vue `v-html="x"`, Svelte `{@html x}`, Angular `[innerHTML]` is sanitised. */
export function templateHtmlSinks(content: string): { line: number; api: string; expr: string; text: string }[] {
  const out: { line: number; api: string; expr: string; text: string }[] = [];
  const lines = content.split('\n');
  lines.forEach((text, i) => {
    for (const m of text.matchAll(/\bv-html\s*=\s*["']([^"']+)["']/g)) out.push({ line: i + 1, api: 'v-html', expr: m[1].trim(), text: text.trim() });
    for (const m of text.matchAll(/\{@html\s+([^}]+)\}/g)) out.push({ line: i + 1, api: '{@html}', expr: m[1].trim(), text: text.trim() });
  });
  return out;
}
