// Which files the JVM extractors read, and the module a file belongs to.
import type { ExtractContext, SourceFile } from '../../types.js';
import { Lines } from '../../_polyglot/lines.js';
import { memo, parseSg } from '../../_polyglot/parse.js';
import { type ClassInfo, type JvmLanguage, readClasses } from './annotations.js';
import type { SgNode } from '@ast-grep/napi';

const TEST_PATH = /(?:^|\/)src\/(?:test|it|integrationTest|testFixtures)\/|(?:^|\/)(?:test|tests)\/|Tests?\.(?:java|kt)$|(?:^|\/)build\/|(?:^|\/)target\//;

export function jvmLanguage(path: string): JvmLanguage | undefined {
  if (TEST_PATH.test(path)) return undefined;
  if (path.endsWith('.java')) return 'java';
  if (path.endsWith('.kt')) return 'kotlin';
  return undefined;
}

/**
 * The module a source file belongs to: the folder above `src/main/` in Maven and Gradle layouts,
 * else the repository root. Security configuration applies to the routes of its own module.
 */
export function moduleOf(path: string): string {
  const at = path.indexOf('src/main/');
  if (at === 0) return '.';
  if (at > 0 && path[at - 1] === '/') return path.slice(0, at - 1);
  return '.';
}

export interface JvmFile {
  lang: JvmLanguage;
  root: SgNode;
  lines: Lines;
  classes: ClassInfo[];
}

/** The shared parse and class index of a JVM file (built once per file for all extractors). */
export function jvmFile(file: SourceFile, ctx: ExtractContext): JvmFile | undefined {
  const lang = jvmLanguage(file.path);
  if (!lang) return undefined;
  const root = parseSg(file, ctx, lang);
  return memo(ctx, `jvm:${lang}`, () => ({ lang, root, lines: new Lines(file.content), classes: readClasses(root, lang) }));
}
