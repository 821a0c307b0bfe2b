// Ruby files the extractors read, and the shared parse.
import type { SgNode } from '@ast-grep/napi';
import { Lines } from '../../_polyglot/lines.js';
import { parseSg } from '../../_polyglot/parse.js';
import type { ExtractContext, SourceFile } from '../../types.js';

export function isRubyFile(path: string): boolean {
  return path.endsWith('.rb') && !/(?:^|\/)(?:spec|test|vendor|db\/migrate|features)\/|_spec\.rb$|_test\.rb$/.test(path);
}

export function rubyTree(file: SourceFile, ctx: ExtractContext): { root: SgNode; lines: Lines } {
  return { root: parseSg(file, ctx, 'ruby'), lines: rubyLines(file, ctx) };
}

/** The shared line index alone, for readers that decide from the text whether they need the tree. */
export function rubyLines(file: SourceFile, ctx: ExtractContext): Lines {
  return ctx.parse('lines', () => new Lines(file.content));
}
