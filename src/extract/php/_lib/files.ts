// PHP files the extractors read, and the shared parse.
import type { SgNode } from '@ast-grep/napi';
import { Lines } from '../../_polyglot/lines.js';
import { parseSg } from '../../_polyglot/parse.js';
import type { ExtractContext, SourceFile } from '../../types.js';

export function isPhpFile(path: string): boolean {
  return path.endsWith('.php') && !path.endsWith('.blade.php') && !/(?:^|\/)(?:vendor|tests?|storage|bootstrap\/cache|database\/(?:migrations|seeders|factories))\//.test(path);
}

export function phpTree(file: SourceFile, ctx: ExtractContext): { root: SgNode; lines: Lines } {
  return { root: parseSg(file, ctx, 'php'), lines: ctx.parse('lines', () => new Lines(file.content)) };
}

/** Superglobals that hold request data. */
export const SUPERGLOBALS = ['$_GET', '$_POST', '$_REQUEST', '$_COOKIE', '$_FILES', '$_SERVER'];
