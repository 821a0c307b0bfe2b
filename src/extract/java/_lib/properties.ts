// Spring Boot configuration files (application*.properties, application*.yml) flattened to dotted
// keys with the line of each value. YAML is read by indentation only (block mappings and scalars),
// which is what these files use; no tags, anchors or documents beyond `---` separators.

export interface Setting {
  value: string;
  line: number;
}

function unquote(v: string): string {
  const t = v.trim();
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))) return t.slice(1, -1);
  return t;
}

export function readProperties(text: string): Map<string, Setting> {
  const out = new Map<string, Setting>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) return;
    const m = /^([^=:\s]+)\s*[=:]\s*(.*)$/.exec(line);
    if (m) out.set(m[1], { value: m[2].trim(), line: i + 1 });
  });
  return out;
}

/** The enclosing keys of a YAML line, outermost first, with their indents. */
type KeyStack = { indent: number; key: string }[];

/**
 * Each meaningful line of a YAML text (comments stripped, blank and comment lines skipped), with
 * its indent and the key stack so far; a `---` separator starts a new document with an empty stack.
 */
function eachYamlLine(text: string, visit: (content: string, indent: number, line: number, stack: KeyStack) => void): void {
  const stack: KeyStack = [];
  text.split('\n').forEach((raw, i) => {
    if (/^---/.test(raw)) {
      stack.length = 0;
      return;
    }
    const content = raw.replace(/\s+#.*$/, '');
    if (!content.trim() || content.trim().startsWith('#')) return;
    visit(content, content.length - content.trimStart().length, i + 1, stack);
  });
}

export function readYamlSettings(text: string): Map<string, Setting> {
  const out = new Map<string, Setting>();
  eachYamlLine(text, (content, indent, line, stack) => {
    const m = /^\s*(?:-\s+)?([^:#]+?)\s*:(?:\s+(.*))?$/.exec(content);
    if (!m) return;
    while (stack.length > 0 && stack[stack.length - 1].indent >= indent) stack.pop();
    const key = [...stack.map((s) => s.key), m[1].trim()].join('.');
    if (m[2] !== undefined && m[2].trim() !== '') out.set(key, { value: unquote(m[2]), line });
    else stack.push({ indent, key: m[1].trim() });
  });
  return out;
}

export function isSpringConfigPath(path: string): boolean {
  return /(?:^|\/)(?:application|bootstrap)(?:-[\w.-]+)?\.(?:properties|ya?ml)$/.test(path) && !/(?:^|\/)(?:src\/test|target|build)\//.test(path);
}

/** `application-dev.yml`, `application-local.properties`: profiles that do not run in production. */
export function isDevProfile(path: string): boolean {
  return /(?:application|bootstrap)-(?:dev|local|test|development|debug)\b/i.test(path);
}

export interface ListSetting {
  values: string[];
  line: number;
}

/** Spring's relaxed binding: `ignored-urls`, `ignoredUrls` and `ignored_urls` are one key. */
export function relaxedKey(key: string): string {
  return key.replace(/[-_]/g, '').toLowerCase();
}

function splitList(value: string): string[] {
  const v = unquote(value);
  const inner = /^\[(.*)\]$/.exec(v)?.[1] ?? v;
  return inner.split(',').map(unquote).filter((s) => s !== '');
}

/**
 * List-valued settings: YAML block sequences (`urls:` then `- /a` lines) and flow lists
 * (`urls: [/a, /b]`), properties indexed (`urls[0]=/a`) or comma-separated (`urls=/a,/b`).
 * Keys in relaxed form (see relaxedKey).
 */
export function readLists(path: string, text: string): Map<string, ListSetting> {
  const out = new Map<string, ListSetting>();
  const add = (key: string, values: string[], line: number) => {
    const k = relaxedKey(key.replace(/\[\d+\]$/, ''));
    const e = out.get(k);
    if (e) e.values.push(...values);
    else out.set(k, { values: [...values], line });
  };
  if (!/\.ya?ml$/.test(path)) {
    for (const [key, s] of readProperties(text)) add(key, splitList(s.value), s.line);
    return out;
  }
  eachYamlLine(text, (content, indent, line, stack) => {
    const item = /^\s*-\s+([^:]*|"[^"]*"|'[^']*')$/.exec(content);
    if (item) {
      const top = stack[stack.length - 1];
      if (top && top.indent <= indent) add(stack.map((s) => s.key).join('.'), [unquote(item[1])], line);
      return;
    }
    const m = /^\s*(?:-\s+)?([^:#]+?)\s*:(?:\s+(.*))?$/.exec(content);
    if (!m) return;
    while (stack.length > 0 && stack[stack.length - 1].indent >= indent) stack.pop();
    if (m[2] !== undefined && m[2].trim() !== '') {
      if (/^\[.*\]$/.test(m[2].trim())) add([...stack.map((s) => s.key), m[1].trim()].join('.'), splitList(m[2]), line);
    } else stack.push({ indent, key: m[1].trim() });
  });
  return out;
}
