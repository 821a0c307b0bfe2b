import { parseSync } from 'oxc-parser';
import type { ExtractContext, SourceFile } from '../../types.js';

export const JS_FILE = /\.(?:[cm]?[jt]sx?)$/;

export function isJsFile(path: string): boolean {
  return JS_FILE.test(path) && !path.endsWith('.d.ts');
}

export type JsProgram = ReturnType<typeof parseSync>['program'];

export interface ParsedJs {
  program: JsProgram;
  /** Byte offset → 1-based line. */
  lineAt(offset: number): number;
  /** Source text of a node span. */
  text(node: { start: number; end: number }): string;
}

/**
 * Parses a JS/TS file once per run (shared by every JS extractor through ctx.parse). oxc reports
 * UTF-16 offsets as `start`/`end`, which index `file.content` directly.
 */
export function parseJs(file: SourceFile, ctx: ExtractContext): ParsedJs {
  return ctx.parse('oxc', () => {
    const result = parseSync(file.path, file.content, { sourceType: 'unambiguous', range: false });
    const fatal = result.errors.filter((e) => e.severity === 'Error');
    if (fatal.length > 0 && result.program.body.length === 0) {
      throw new Error(`parse error: ${fatal[0].message}`);
    }
    const lineStarts = lineStartsOf(file.content);
    const lineAt = (offset: number): number => {
      let lo = 0;
      let hi = lineStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (lineStarts[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      return lo + 1;
    };
    return { program: result.program, lineAt, text: (n) => file.content.slice(n.start, n.end) };
  });
}

/** Offsets where lines start. `indexOf` scans for newlines natively, far faster than a charCodeAt loop. */
function lineStartsOf(content: string): number[] {
  const starts = [0];
  for (let i = content.indexOf('\n'); i !== -1; i = content.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
