// Evidence from ast-grep nodes: 1-based lines, and a one-line snippet taken from the source text
// (the engine redacts secrets in snippets).
import type { SgNode } from '@ast-grep/napi';
import type { Evidence } from '../../model/types.js';

const MAX_SNIPPET = 200;

/** Line starts of a text, for snippets and offset → line lookups in non-AST readers. */
export class Lines {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  get count(): number {
    return this.starts.length;
  }

  /** Text of a 1-based line without its line break. */
  line(n: number): string {
    const start = this.starts[n - 1];
    if (start === undefined) return '';
    const end = this.starts[n] ?? this.text.length + 1;
    return this.text.slice(start, end - 1).replace(/\r$/, '');
  }

  /** 1-based line of a character offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** Evidence at a 1-based line, with the trimmed line as snippet. */
  evidence(file: string, line: number): Evidence {
    const snippet = this.line(line).trim().slice(0, MAX_SNIPPET);
    return snippet ? { file, line, snippet } : { file, line };
  }
}

/** 1-based line where a node starts. */
export function lineOf(node: SgNode): number {
  return node.range().start.line + 1;
}

/** Evidence for a node: its first line, with that source line as snippet. */
export function nodeEvidence(file: string, lines: Lines, node: SgNode): Evidence {
  return lines.evidence(file, lineOf(node));
}

/** Compact single-line rendering of code for labels (`request.args.get('q')`). */
export function compact(text: string, max = 80): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
