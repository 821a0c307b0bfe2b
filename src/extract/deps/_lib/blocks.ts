// A reader for the indentation-structured lockfiles (yarn classic, yarn berry, pnpm). They are
// written by tools in one fixed block style, so a line reader is enough, is fast on 10 MB files,
// and is safe by construction: no tags, anchors, aliases or type coercion (a version `1.10` stays
// the string "1.10", where a YAML parser would make it the number 1.1).

export interface BlockNode {
  /** 1-based line of the key. */
  line: number;
  /** Scalar value (unquoted); undefined when the key opens a nested block. Flow values (`{...}`) stay raw. */
  value?: string;
  children?: Map<string, BlockNode>;
}

export interface SplitLine {
  key: string;
  /** Undefined: the key opens a nested block. */
  value?: string;
}

type Splitter = (content: string, indent: number) => SplitLine | null;

/** Reads a double-quoted string starting at `start`; returns its value and the index after it. */
function readDoubleQuoted(text: string, start: number): { value: string; end: number } | null {
  // Jump from quote to quote; a quote preceded by an odd number of backslashes is escaped.
  let end = text.indexOf('"', start + 1);
  while (end !== -1) {
    let backslashes = 0;
    for (let j = end - 1; text.charCodeAt(j) === 92; j--) backslashes++;
    if (backslashes % 2 === 0) break;
    end = text.indexOf('"', end + 1);
  }
  if (end === -1) return null;
  const raw = text.slice(start, end + 1);
  let value: string;
  try {
    value = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  } catch {
    value = raw.slice(1, -1);
  }
  return { value, end: end + 1 };
}

/** Reads a YAML single-quoted string (`''` is a quote) starting at `start`. */
function readSingleQuoted(text: string, start: number): { value: string; end: number } | null {
  let from = start + 1;
  let value = '';
  while (true) {
    const quote = text.indexOf("'", from);
    if (quote === -1) return null;
    value += text.slice(from, quote);
    if (text.charCodeAt(quote + 1) !== 39) return { value, end: quote + 1 };
    value += "'";
    from = quote + 2;
  }
}

/** Unquotes a scalar written in either quote style; plain scalars come back trimmed. */
export function unquote(raw: string): string {
  const text = raw.trim();
  if (text.startsWith('"')) return readDoubleQuoted(text, 0)?.value ?? text;
  if (text.startsWith("'")) return readSingleQuoted(text, 0)?.value ?? text;
  return text;
}

/** `key: value`, `key:` and quoted keys, as pnpm and yarn berry write them. Sequence items are skipped. */
export const splitYamlLine: Splitter = (content) => {
  if (content === '-' || content.startsWith('- ')) return null;
  let key: string;
  let rest: string;
  if (content.startsWith('"') || content.startsWith("'")) {
    const quoted = content.startsWith('"') ? readDoubleQuoted(content, 0) : readSingleQuoted(content, 0);
    if (!quoted || content[quoted.end] !== ':') return null;
    key = quoted.value;
    rest = content.slice(quoted.end + 1);
  } else {
    const colon = content.indexOf(': ');
    if (colon !== -1) {
      key = content.slice(0, colon);
      rest = content.slice(colon + 2);
    } else if (content.endsWith(':')) {
      key = content.slice(0, -1);
      rest = '';
    } else {
      return null;
    }
  }
  rest = rest.trim();
  if (rest === '') return { key };
  return { key, value: rest.startsWith('{') || rest.startsWith('[') ? rest : unquote(rest) };
};

/**
 * yarn classic (v1) lines: `"spec-a", spec-b:` headers (kept raw, split with `splitSpecList`),
 * `key value` fields and `key:` nested blocks.
 */
export const splitYarnClassicLine: Splitter = (content, indent) => {
  if (content.endsWith(':') && (indent === 0 || !/\s/.test(content))) {
    const key = content.slice(0, -1);
    return { key: indent === 0 ? key : unquote(key) };
  }
  let key: string;
  let rest: string;
  if (content.startsWith('"')) {
    const quoted = readDoubleQuoted(content, 0);
    if (!quoted) return null;
    key = quoted.value;
    rest = content.slice(quoted.end);
  } else {
    const space = content.indexOf(' ');
    if (space === -1) return null;
    key = content.slice(0, space);
    rest = content.slice(space + 1);
  }
  return { key, value: unquote(rest) };
};

/** Splits `"a@^1", a@^2` (yarn classic header) or `a@npm:^1, a@npm:^2` (berry key) into specs. */
export function splitSpecList(header: string): string[] {
  const specs: string[] = [];
  for (const part of header.split(', ')) {
    const spec = unquote(part);
    if (spec) specs.push(spec);
  }
  return specs;
}

/**
 * Parses indentation blocks into a tree with line numbers. Lenient: lines that fit no rule are
 * skipped, never fatal. Comments (`#`) and blank lines are ignored. Lines nested deeper than
 * `maxDepth` (0 = top-level keys only) are skipped unread: readers that need only an entry's own
 * fields do not pay for its dependency lists.
 */
export function parseBlocks(text: string, split: Splitter = splitYamlLine, maxDepth = Infinity): Map<string, BlockNode> {
  const root = new Map<string, BlockNode>();
  const stack: { indent: number; children: Map<string, BlockNode> }[] = [{ indent: -1, children: root }];
  let lineNo = 0;
  let start = 0;
  const n = text.length;
  while (start <= n) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = n;
    lineNo++;
    let lineEnd = end;
    if (lineEnd > start && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    let indent = 0;
    while (start + indent < lineEnd && text.charCodeAt(start + indent) === 32) indent++;
    const first = text.charCodeAt(start + indent);
    if (start + indent < lineEnd && first !== 35) {
      while (stack.length > 1 && stack[stack.length - 1].indent >= indent) stack.pop();
      const parts = stack.length - 1 > maxDepth ? null : split(text.slice(start + indent, lineEnd).trimEnd(), indent);
      if (parts) {
        const node: BlockNode = { line: lineNo };
        if (parts.value !== undefined) node.value = parts.value;
        else node.children = new Map();
        const parent = stack[stack.length - 1].children;
        if (!parent.has(parts.key)) parent.set(parts.key, node);
        if (node.children) stack.push({ indent, children: node.children });
      }
    }
    start = end + 1;
  }
  return root;
}

/** Scalar children of a block as a plain record (`dependencies:` maps and the like). */
export function scalarMap(node: BlockNode | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!node?.children) return out;
  for (const [key, child] of node.children) if (child.value !== undefined) out.set(key, child.value);
  return out;
}
