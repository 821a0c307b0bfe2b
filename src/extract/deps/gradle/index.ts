import { posix } from 'node:path';
import type { DependencyFact, Fact, FactInput } from '../../../model/types.js';
import { purlFor } from '../_lib/purl.js';
import type { Extractor } from '../../types.js';
import { buildVariables, interpolateGradle, readBuildFile, scopeOfConfiguration } from './build-file.js';
import { readCatalog } from './catalog.js';
import { lockedScope, readGradleLockfile } from './lockfile.js';

const ID = 'deps/gradle';
const CATALOG_SETTING = 'gradle-catalog';
const PROPERTIES_SETTING = 'gradle-properties';
const LOCKFILE_SETTING = 'gradle-lockfile';

type Kind = 'build' | 'catalog' | 'lockfile' | 'properties';

function kindOf(path: string): Kind | undefined {
  if (/(?:^|\/)(?:build|node_modules|\.gradle)\//.test(path)) return undefined;
  const name = posix.basename(path);
  if (name === 'build.gradle' || name === 'build.gradle.kts') return 'build';
  if (name.endsWith('.versions.toml') && /(?:^|\/)gradle\/[^/]+$/.test(path)) return 'catalog';
  if (name === 'gradle.lockfile' || (name.endsWith('.lockfile') && path.includes('dependency-locks/'))) return 'lockfile';
  if (name === 'gradle.properties') return 'properties';
  return undefined;
}

function dep(file: string, name: string, version: string, direct: boolean, scope: DependencyFact['scope'], line: number, key: string, snippet?: string): FactInput {
  const fact: FactInput = {
    kind: 'dependency',
    ecosystem: 'maven',
    name,
    version,
    direct,
    manifest: file,
    purl: purlFor('maven', name, version.includes('$') ? '' : version),
    evidence: snippet ? { file, line, snippet } : { file, line },
    key,
  };
  if (scope) fact.scope = scope;
  return fact;
}

function readProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_][\w.-]*)\s*[=:]\s*(.*?)\s*$/.exec(line);
    if (m && !line.trim().startsWith('#')) out[m[1]] = m[2];
  }
  return out;
}

export const extractor: Extractor = {
  id: ID,
  title: 'Gradle: build.gradle(.kts) declarations, version catalogs, gradle.lockfile',
  matches: (path) => kindOf(path) !== undefined,
  extract(file) {
    const kind = kindOf(file.path);
    const facts: FactInput[] = [];
    if (kind === 'build') {
      const vars = buildVariables(file.content);
      for (const d of readBuildFile(file.content)) {
        const version = interpolateGradle(d.version, (n) => vars[n]);
        facts.push(dep(file.path, d.name, version, true, scopeOfConfiguration(d.configuration), d.line, `${file.path}#dependency:${d.configuration}:${d.name}`, d.snippet));
      }
    } else if (kind === 'catalog') {
      const entries = Object.fromEntries(readCatalog(file.content));
      facts.push({ kind: 'config', setting: CATALOG_SETTING, values: { entries: JSON.stringify(entries), count: Object.keys(entries).length }, summary: `Gradle version catalog with ${Object.keys(entries).length} libraries`, evidence: { file: file.path, line: 1 }, key: `${file.path}#${CATALOG_SETTING}` });
    } else if (kind === 'lockfile') {
      const fileConfiguration = file.path.endsWith('gradle.lockfile') ? undefined : posix.basename(file.path, '.lockfile');
      const modules = readGradleLockfile(file.content, fileConfiguration);
      for (const m of modules) facts.push(dep(file.path, m.name, m.version, false, lockedScope(m.configurations), m.line, `${file.path}#${m.name}`));
      facts.push({ kind: 'config', setting: LOCKFILE_SETTING, values: { packages: modules.length }, summary: `Gradle lockfile with ${modules.length} modules`, evidence: { file: file.path, line: 1 }, key: `${file.path}#${LOCKFILE_SETTING}` });
    } else if (kind === 'properties') {
      const props = readProperties(file.content);
      facts.push({ kind: 'config', setting: PROPERTIES_SETTING, values: { properties: JSON.stringify(props) }, evidence: { file: file.path, line: 1 }, key: `${file.path}#${PROPERTIES_SETTING}` });
    }
    return facts.length > 0 ? facts : null;
  },
  link: linkGradle,
};

function ancestors(folder: string): string[] {
  const out = [folder];
  while (folder !== '.' && folder !== '') {
    folder = posix.dirname(folder);
    out.push(folder);
  }
  return out;
}

function jsonRecord<T>(value: unknown): Record<string, T> {
  try {
    return JSON.parse(String(value ?? '{}')) as Record<string, T>;
  } catch {
    return {};
  }
}

/**
 * Cross-file steps: catalog accessors (`libs.x.y`) become the catalog's module and version, `$var`
 * versions take gradle.properties values from the build file's folder upwards, and a lockfile beside
 * a build file replaces its declarations (the lock has the resolved version; the declaration tells
 * the entry is direct and its scope). Idempotent.
 */
function linkGradle(facts: Fact[]): Fact[] {
  const catalogs = new Map<string, Record<string, { name: string; version: string }>>();
  const properties = new Map<string, Record<string, string>>();
  const lockFolders = new Set<string>();
  for (const f of facts) {
    if (f.kind !== 'config' || f.extractor !== ID) continue;
    const folder = posix.dirname(f.evidence.file);
    if (f.setting === CATALOG_SETTING) catalogs.set(posix.dirname(folder), jsonRecord(f.values.entries));
    else if (f.setting === PROPERTIES_SETTING) properties.set(folder, jsonRecord(f.values.properties));
    else if (f.setting === LOCKFILE_SETTING) lockFolders.add(folder.replace(/\/?gradle\/dependency-locks$/, '') || '.');
  }
  const declared = new Map<string, Map<string, DependencyFact>>();
  const declaredFacts = new Map<string, Fact[]>();
  const replaced = new Map<Fact, Fact | null>();
  for (const f of facts) {
    if (f.kind !== 'dependency' || f.extractor !== ID || !f.direct || !/build\.gradle(?:\.kts)?$/.test(f.manifest)) continue;
    const folder = posix.dirname(f.manifest);
    let next: DependencyFact = f;
    if (f.name.startsWith('catalog:')) {
      const accessor = f.name.slice('catalog:'.length);
      const entry = ancestors(folder).map((a) => catalogs.get(a)?.[accessor]).find((e) => e !== undefined);
      if (!entry) {
        replaced.set(f, null);
        continue;
      }
      next = { ...next, name: entry.name, version: entry.version };
    }
    if (next.version.includes('$')) {
      const lookup = (n: string) => ancestors(folder).map((a) => properties.get(a)?.[n]).find((v) => v !== undefined);
      const version = interpolateGradle(next.version, lookup);
      next = { ...next, version: version.includes('$') ? '' : version };
    }
    if (next !== f) replaced.set(f, { ...next, purl: purlFor('maven', next.name, next.version) });
    if (lockFolders.has(folder)) {
      const byName = declared.get(folder) ?? new Map<string, DependencyFact>();
      if (!byName.has(next.name) || next.scope === 'prod') byName.set(next.name, next);
      declared.set(folder, byName);
      const id = `${folder}|${next.name}`;
      declaredFacts.set(id, [...(declaredFacts.get(id) ?? []), f]);
    }
  }
  for (const f of facts) {
    if (f.kind !== 'dependency' || f.extractor !== ID || /build\.gradle(?:\.kts)?$/.test(f.manifest)) continue;
    const folder = posix.dirname(f.manifest).replace(/\/?gradle\/dependency-locks$/, '') || '.';
    const decl = declared.get(folder)?.get(f.name);
    if (!decl) continue;
    if (!f.direct || (!f.scope && decl.scope)) replaced.set(f, { ...f, direct: true, scope: f.scope ?? decl.scope });
    for (const original of declaredFacts.get(`${folder}|${f.name}`) ?? []) replaced.set(original, null);
  }
  if (replaced.size === 0) return facts;
  const out: Fact[] = [];
  for (const f of facts) {
    const r = replaced.has(f) ? replaced.get(f) : f;
    if (r) out.push(r as Fact);
  }
  return out;
}

