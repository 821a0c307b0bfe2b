import { posix } from 'node:path';
import type { FactInput } from '../../../model/types.js';
import { purlFor } from '../_lib/purl.js';
import type { Extractor } from '../../types.js';

interface CargoPackage {
  name: string;
  version: string;
  source?: string;
  dependencies: string[];
  line: number;
}

/** `[[package]]` tables of Cargo.lock (v1–v4), read line by line: the format is fixed TOML. */
export function readCargoLock(text: string): { version: string; packages: CargoPackage[] } {
  const packages: CargoPackage[] = [];
  let lockVersion = '1';
  let current: CargoPackage | undefined;
  let inDeps = false;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (inDeps) {
      if (line.startsWith(']')) inDeps = false;
      else {
        const m = /^"([^"]+)"/.exec(line);
        if (m && current) current.dependencies.push(m[1]);
      }
      continue;
    }
    if (line === '[[package]]') {
      current = { name: '', version: '', dependencies: [], line: i + 1 };
      packages.push(current);
      continue;
    }
    if (line.startsWith('[')) {
      current = undefined;
      continue;
    }
    const kv = /^([\w-]+)\s*=\s*(.*)$/.exec(line);
    if (!kv) continue;
    const value = kv[2].trim();
    const str = /^"([^"]*)"/.exec(value)?.[1];
    if (!current) {
      if (kv[1] === 'version') lockVersion = value;
      continue;
    }
    if (kv[1] === 'name' && str !== undefined) current.name = str;
    else if (kv[1] === 'version' && str !== undefined) current.version = str;
    else if (kv[1] === 'source' && str !== undefined) current.source = str;
    else if (kv[1] === 'dependencies') {
      if (value.startsWith('[') && value.endsWith(']')) {
        for (const m of value.matchAll(/"([^"]+)"/g)) current.dependencies.push(m[1]);
      } else inDeps = true;
    }
  }
  return { version: lockVersion, packages: packages.filter((p) => p.name && p.version) };
}

export const extractor: Extractor = {
  id: 'deps/cargo',
  title: 'Cargo.lock: resolved Rust crates, direct ones from the workspace members',
  matches: (path) => posix.basename(path) === 'Cargo.lock' && !/(?:^|\/)(?:target|vendor)\//.test(path),
  signals: ['[[package]]'],
  extract(file) {
    const lock = readCargoLock(file.content);
    // Packages without a source are the workspace's own crates; what they depend on is direct.
    const members = lock.packages.filter((p) => p.source === undefined);
    const direct = new Set<string>();
    for (const m of members) {
      for (const d of m.dependencies) {
        const [name, version] = d.split(' ');
        direct.add(version ? `${name}@${version}` : name);
      }
    }
    const facts: FactInput[] = [];
    for (const p of lock.packages) {
      if (p.source === undefined) continue;
      const isDirect = direct.has(`${p.name}@${p.version}`) || direct.has(p.name);
      facts.push({
        kind: 'dependency',
        ecosystem: 'cargo',
        name: p.name,
        version: p.version,
        direct: isDirect,
        manifest: file.path,
        purl: purlFor('cargo', p.name, p.version),
        evidence: { file: file.path, line: p.line },
        key: `${file.path}#${p.name}@${p.version}`,
      });
    }
    facts.push({
      kind: 'config',
      setting: 'cargo-lockfile',
      values: { lockfileVersion: lock.version, packages: facts.length, members: members.map((m) => m.name).join('\n') },
      summary: `Cargo.lock v${lock.version} with ${facts.length} crates`,
      evidence: { file: file.path, line: 1 },
      key: `${file.path}#cargo-lockfile`,
    });
    return facts;
  },
};
