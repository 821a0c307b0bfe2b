// Line numbers of nested keys in a parsed YAML document, shared by the manifest and spec
// extractors (Kubernetes, Helm, OpenAPI, AsyncAPI, CloudFormation). Plain values come from
// `toPlain`; these helpers only answer "where was this written".
import { isMap, isSeq } from 'yaml';
import type { Document } from 'yaml';
import { lineOfNode, pairOf, resolveNode } from './yaml.js';
import type { ParsedYaml } from './yaml.js';

export type YamlPath = readonly (string | number)[];

/** Finds line numbers inside one document; `mapLine` translates lines of generated text (Helm). */
export class YamlLocator {
  constructor(
    private readonly parsed: ParsedYaml,
    private readonly doc: Document.Parsed,
    private readonly mapLine: (line: number) => number = (l) => l,
    private readonly prefix: YamlPath = [],
  ) {}

  /** A locator whose paths start below `path` (an item of a `kind: List`, a nested spec). */
  within(path: YamlPath): YamlLocator {
    return new YamlLocator(this.parsed, this.doc, this.mapLine, [...this.prefix, ...path]);
  }

  /** Line of the key (or sequence item) at `path`; the deepest existing ancestor when it is missing. */
  line(path: YamlPath, fallback = 1): number {
    let node: unknown = this.doc.contents;
    let line: number | undefined = lineOfNode(this.parsed, node);
    for (const step of [...this.prefix, ...path]) {
      node = resolveNode(node, this.doc);
      if (typeof step === 'number') {
        if (!isSeq(node) || step >= node.items.length) break;
        node = node.items[step];
        line = lineOfNode(this.parsed, node) ?? line;
      } else {
        const pair = isMap(node) ? pairOf(node, step) : undefined;
        if (!pair) break;
        line = lineOfNode(this.parsed, pair.key) ?? line;
        node = pair.value;
      }
    }
    return line === undefined ? fallback : this.mapLine(line);
  }

  /** Line of the document's first content. */
  start(): number {
    return this.mapLine(lineOfNode(this.parsed, this.doc.contents) ?? 1);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A scalar as text; objects and lists give undefined. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
