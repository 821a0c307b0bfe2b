// Flow-typed JavaScript (`// @flow`, `import type`, `function f(x: T): R`): oxc parses JavaScript and
// TypeScript, not Flow, so such a file is read after its type annotations are blanked out.
import { createRequire } from 'node:module';

type RemoveTypes = (source: string, options: { all: boolean; pretty: boolean }) => { toString(): string };

/** Loaded on the first Flow file only: its parser is about 2 MB of JavaScript (about 100 ms to load). */
let removeTypes: RemoveTypes | undefined;

function remover(): RemoveTypes {
  removeTypes ??= createRequire(import.meta.url)('flow-remove-types') as RemoveTypes;
  return removeTypes;
}

/** Flow never appears in TypeScript files, JSON or anything but plain JavaScript. */
const PLAIN_JS = /\.(?:[cm]?js|jsx)$/;

/** A `@flow` pragma in the file's leading comments (the docblock Flow itself reads). */
const PRAGMA = /^\s*(?:(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*?(?:\/\/|\/\*)[^\n]*@flow\b/;

/** Whether the file says it is Flow: a cheap text test before any parse. */
export function declaresFlow(path: string, content: string): boolean {
  return PLAIN_JS.test(path) && content.includes('@flow') && PRAGMA.test(content.slice(0, 4096));
}

/** Flow's parser is JavaScript: a failed parse of a larger file (generated, bundled) is not retried. */
const RETRY_MAX_CHARS = 512_000;

/** Whether a file that failed to parse as JavaScript may be Flow (projects strip types in their build, no pragma). */
export function mayBeFlow(path: string, content: string): boolean {
  return PLAIN_JS.test(path) && content.length <= RETRY_MAX_CHARS;
}

/**
 * The file with every Flow type annotation replaced by spaces, so offsets, lines and columns stay
 * those of the original; undefined when Flow's parser rejects it too or the length would change.
 */
export function stripFlow(content: string): string | undefined {
  let stripped: string;
  try {
    stripped = remover()(content, { all: true, pretty: false }).toString();
  } catch {
    return undefined;
  }
  return stripped.length === content.length ? stripped : undefined;
}
