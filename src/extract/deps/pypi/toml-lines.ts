// A line-oriented reader for the parts of TOML that Python manifests and lockfiles use (tables,
// arrays of tables, `key = value` with strings, inline tables and arrays that may span lines). It
// keeps 1-based lines for evidence, which a value-only TOML parser would lose. Not a general TOML
// parser: multi-line strings are skipped, dotted keys are kept as written.

export interface TomlEntry {
  /** Table path as written in the header (`tool.poetry.dependencies`, `package`). */
  table: string;
  /** Index of the `[[table]]` occurrence (arrays of tables), 0 for plain tables. */
  item: number;
  key: string;
  /** Raw value text (joined when it spans lines). */
  raw: string;
  line: number;
}

/** Strips a trailing comment that is not inside a string. */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return line.slice(0, i);
  }
  return line;
}

function balance(text: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
  }
  return depth;
}

export function readToml(text: string): TomlEntry[] {
  const out: TomlEntry[] = [];
  const lines = text.split('\n');
  let table = '';
  let item = 0;
  const counts = new Map<string, number>();
  let inMultiline: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/\r$/, '');
    if (inMultiline) {
      if (raw.includes(inMultiline)) inMultiline = undefined;
      continue;
    }
    const line = stripComment(raw).trim();
    if (!line) continue;
    const header = /^\[\[\s*([^\]]+?)\s*\]\]$/.exec(line) ?? /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      table = header[1].replace(/\s*\.\s*/g, '.').replace(/"/g, '');
      const isArray = line.startsWith('[[');
      item = isArray ? (counts.get(table) ?? 0) : 0;
      if (isArray) counts.set(table, item + 1);
      continue;
    }
    const kv = /^("[^"]+"|'[^']+'|[A-Za-z0-9_.-]+)\s*=\s*(.*)$/.exec(line);
    if (!kv) continue;
    let value = kv[2];
    const start = i + 1;
    if (/^("""|''')/.test(value) && !value.slice(3).includes(value.slice(0, 3))) {
      inMultiline = value.slice(0, 3);
      continue;
    }
    while (balance(value) > 0 && i + 1 < lines.length) {
      i++;
      value += ` ${stripComment(lines[i]).trim()}`;
    }
    out.push({ table, item, key: kv[1].replace(/^["']|["']$/g, ''), raw: value.trim(), line: start });
  }
  return out;
}

/** `"x"` / `'x'` → x; undefined for non-strings. */
export function tomlString(raw: string | undefined): string | undefined {
  const m = /^"((?:[^"\\]|\\.)*)"$|^'([^']*)'$/.exec(raw?.trim() ?? '');
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Strings of an array value (`["a", 'b']`). */
export function tomlStrings(raw: string | undefined): string[] {
  if (!raw?.trim().startsWith('[')) return [];
  return [...raw.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2]);
}

/** `key = "value"` pairs of an inline table (`{ version = "^1", optional = true }`). */
export function inlineTable(raw: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const body = /^\{(.*)\}$/s.exec(raw?.trim() ?? '')?.[1];
  if (!body) return out;
  for (const m of body.matchAll(/([A-Za-z0-9_-]+)\s*=\s*("(?:[^"\\]|\\.)*"|'[^']*'|true|false|\[[^\]]*\]|[^,}]+)/g)) out[m[1]] = tomlString(m[2]) ?? m[2].trim();
  return out;
}
