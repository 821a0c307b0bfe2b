// gradle/libs.versions.toml (Gradle version catalogs): the [versions] and [libraries] tables, read
// line by line. Catalog entries are declarations only; a build file's `libs.x.y` use makes them
// dependencies (see the link step).

export interface CatalogLibrary {
  name: string;
  version: string;
  line: number;
}

function stringField(body: string, key: string): string | undefined {
  const m = new RegExp(String.raw`(?:^|[{,\s])${key.replace(/\./g, '\\.')}\s*=\s*"([^"]*)"`).exec(body);
  return m?.[1];
}

/** Catalog accessor for an alias: `spring-boot_web` → `libs.spring.boot.web`. */
export function accessorOf(alias: string): string {
  return `libs.${alias.replace(/[-_]/g, '.')}`;
}

export function readCatalog(text: string): Map<string, CatalogLibrary> {
  const versions = new Map<string, string>();
  const libraries = new Map<string, CatalogLibrary>();
  let section = '';
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\s+#.*$/, '').trim();
    if (!line || line.startsWith('#')) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      section = header[1].trim();
      continue;
    }
    const entry = /^([A-Za-z0-9_.-]+|"[^"]+")\s*=\s*(.+)$/.exec(line);
    if (!entry) continue;
    const key = entry[1].replace(/"/g, '');
    const value = entry[2].trim();
    if (section === 'versions') {
      const plain = /^"([^"]*)"$/.exec(value)?.[1] ?? stringField(value, 'strictly') ?? stringField(value, 'require') ?? stringField(value, 'prefer');
      if (plain !== undefined) versions.set(key, plain);
    } else if (section === 'libraries') {
      let name: string | undefined;
      let version = '';
      const plain = /^"([^"]*)"$/.exec(value)?.[1];
      if (plain !== undefined) {
        const parts = plain.split(':');
        if (parts.length >= 2) {
          name = `${parts[0]}:${parts[1]}`;
          version = parts[2] ?? '';
        }
      } else {
        const module = stringField(value, 'module');
        const group = stringField(value, 'group');
        const artifact = stringField(value, 'name');
        name = module ?? (group && artifact ? `${group}:${artifact}` : undefined);
        const ref = stringField(value, 'version.ref');
        version = (ref !== undefined ? `$ref:${ref}` : undefined) ?? stringField(value, 'version') ?? stringField(value, 'strictly') ?? stringField(value, 'require') ?? '';
      }
      if (name) libraries.set(accessorOf(key), { name, version, line: i + 1 });
    }
  }
  for (const lib of libraries.values()) {
    if (lib.version.startsWith('$ref:')) lib.version = versions.get(lib.version.slice(5)) ?? '';
  }
  return libraries;
}
