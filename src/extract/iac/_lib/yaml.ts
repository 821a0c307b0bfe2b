// Safe, shared YAML parsing for the IaC extractors (DESIGN §6: no custom tags, alias limits).
// Every YAML-reading extractor goes through `parseYaml` so a file is parsed once per run, with the
// same options, whichever extractor asks first.
import { isAlias, isMap, isScalar, LineCounter, parseAllDocuments } from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import { estimateYamlDepth, MAX_YAML_DEPTH } from '../../../util/yaml-depth.js';
import type { ExtractContext, SourceFile } from '../../types.js';

/** Alias expansions allowed per document: enough for Compose `x-` anchors, far below a "billion laughs". */
export const MAX_ALIAS_COUNT = 100;

export interface YamlError {
  message: string;
  line?: number;
}

export interface ParsedYaml {
  documents: Document.Parsed[];
  /** Syntax errors of every document (warnings such as unknown tags are not errors). */
  errors: YamlError[];
  /** Character offset → 1-based line. */
  lineAt(offset: number): number;
}

/**
 * Parses every document of a YAML file with the `core` schema (YAML 1.2: no `!!python/object`,
 * no sexagesimal numbers), merge keys on (Compose uses `<<: *defaults`), and errors collected
 * rather than thrown. `prettyErrors` is off so messages never quote file content (secrets).
 */
export function parseYaml(file: SourceFile, ctx: ExtractContext): ParsedYaml {
  return ctx.parse('yaml', () => {
    // The yaml package overflows the stack on very deep nesting, and a second overflow can abort
    // the whole process; refuse such files before parsing (the engine turns this into a diagnostic).
    const depth = estimateYamlDepth(file.content);
    if (depth > MAX_YAML_DEPTH) throw new Error(`YAML nested ${depth} levels deep (limit ${MAX_YAML_DEPTH}); not parsed`);
    const lineCounter = new LineCounter();
    const documents = Array.from(
      parseAllDocuments(file.content, {
        schema: 'core',
        merge: true,
        uniqueKeys: true,
        prettyErrors: false,
        lineCounter,
      }),
    );
    const lineAt = (offset: number): number => Math.max(1, lineCounter.linePos(offset).line);
    const errors = documents.flatMap((doc) =>
      doc.errors.map((e) => ({ message: e.message.split('\n')[0], line: e.pos ? lineAt(e.pos[0]) : undefined })),
    );
    return { documents, errors, lineAt };
  });
}

/** Plain JS value of a document, expanding at most MAX_ALIAS_COUNT aliases (throws beyond). */
export function toPlain(doc: Document.Parsed): unknown {
  return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
}

/** Follows an alias to its anchored node (one step; anchors cannot point at aliases). */
export function resolveNode(node: unknown, doc: Document.Parsed): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/** The pair of a mapping node whose scalar key equals `key`. */
export function pairOf(node: unknown, key: string): Pair | undefined {
  if (!isMap(node)) return undefined;
  return (node as YAMLMap).items.find((p) => isScalar(p.key) && String(p.key.value) === key);
}

/** 1-based line where a node starts, if it has a source range. */
export function lineOfNode(parsed: ParsedYaml, node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? parsed.lineAt(range[0]) : undefined;
}
