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

export function readYamlSettings(text: string): Map<string, Setting> {
  const out = new Map<string, Setting>();
  const stack: { indent: number; key: string }[] = [];
  text.split('\n').forEach((raw, i) => {
    if (/^---/.test(raw)) {
      stack.length = 0;
      return;
    }
    const content = raw.replace(/\s+#.*$/, '');
    if (!content.trim() || content.trim().startsWith('#')) return;
    const indent = content.length - content.trimStart().length;
    const m = /^\s*(?:-\s+)?([^:#]+?)\s*:(?:\s+(.*))?$/.exec(content);
    if (!m) return;
    while (stack.length > 0 && stack[stack.length - 1].indent >= indent) stack.pop();
    const key = [...stack.map((s) => s.key), m[1].trim()].join('.');
    if (m[2] !== undefined && m[2].trim() !== '') out.set(key, { value: unquote(m[2]), line: i + 1 });
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
