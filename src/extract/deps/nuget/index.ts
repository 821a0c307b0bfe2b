import { posix } from 'node:path';
import type { DependencyFact, Fact, FactInput } from '../../../model/types.js';
import { messageOf } from '../../../util/errors.js';
import { scanJsonKeyLines } from '../_lib/json-lines.js';
import { stripBom } from '../_lib/lockfile.js';
import { purlFor } from '../_lib/purl.js';
import type { ExtractContext, Extractor, SourceFile } from '../../types.js';
import { child, parseXml, type XmlElement } from '../maven/xml.js';

const ID = 'deps/nuget';
const CENTRAL_SETTING = 'nuget-central-versions';
const LOCK_SETTING = 'nuget-lockfile';

type Kind = 'project' | 'central' | 'lock' | 'packages-config';

function kindOf(path: string): Kind | undefined {
  if (/(?:^|\/)(?:bin|obj|node_modules|packages)\//.test(path)) return undefined;
  const name = posix.basename(path);
  if (/\.(?:cs|fs|vb)proj$/.test(name) || name === 'Directory.Build.props') return 'project';
  if (name === 'Directory.Packages.props') return 'central';
  if (name === 'packages.lock.json') return 'lock';
  if (name === 'packages.config') return 'packages-config';
  return undefined;
}

function dep(file: string, name: string, version: string, direct: boolean, scope: DependencyFact['scope'], line: number, key: string): FactInput {
  const fact: FactInput = {
    kind: 'dependency',
    ecosystem: 'nuget',
    name,
    version,
    direct,
    manifest: file,
    purl: purlFor('nuget', name, version),
    evidence: { file, line },
    key,
  };
  if (scope) fact.scope = scope;
  return fact;
}

/** Every element below `el` (depth-first), for items that may sit in any ItemGroup. */
function* descendants(el: XmlElement): Generator<XmlElement> {
  for (const c of el.children) {
    yield c;
    yield* descendants(c);
  }
}

/** `[1.2.3]`, `[1.2.3, )` and plain `1.2.3` pin or floor a version: keep the lower bound. */
function cleanVersion(version: string): string {
  const m = /^\[\s*([^,\]\s]+)\s*(?:,[^\]]*)?[\])]$/.exec(version.trim());
  return m ? m[1] : version.trim();
}

function readXml(file: SourceFile, ctx: ExtractContext): XmlElement | null {
  try {
    return ctx.parse('xml', () => parseXml(stripBom(file.content)));
  } catch (error) {
    ctx.diagnostic({ level: 'warning', code: 'parse-error', message: `not readable as XML: ${messageOf(error)}` });
    return null;
  }
}

function projectFacts(file: SourceFile, root: XmlElement): FactInput[] {
  const props: Record<string, string> = {};
  for (const group of root.children.filter((c) => c.name === 'PropertyGroup')) for (const p of group.children) props[p.name] = p.text;
  const resolve = (v: string) => v.replace(/\$\(([\w.]+)\)/g, (whole, name: string) => props[name] ?? whole);
  const facts: FactInput[] = [];
  for (const el of descendants(root)) {
    if (el.name !== 'PackageReference' && el.name !== 'GlobalPackageReference') continue;
    const name = el.attrs.Include ?? el.attrs.Update;
    if (!name || el.attrs.Update) continue;
    const written = el.attrs.VersionOverride ?? el.attrs.Version ?? child(el, 'VersionOverride')?.text ?? child(el, 'Version')?.text ?? '';
    let version = cleanVersion(resolve(written));
    if (version.includes('$(')) version = '';
    // Analyzers and build tasks (`PrivateAssets="all"`) do not ship with the application.
    const privateAssets = (el.attrs.PrivateAssets ?? child(el, 'PrivateAssets')?.text ?? '').toLowerCase();
    const scope = privateAssets === 'all' || el.name === 'GlobalPackageReference' ? 'dev' : 'prod';
    facts.push(dep(file.path, name, version, true, scope, el.line, `${file.path}#dependency:${name}`));
  }
  return facts;
}

function lockFacts(file: SourceFile, ctx: ExtractContext): FactInput[] | null {
  let lock: unknown;
  try {
    lock = ctx.parse('json', () => JSON.parse(stripBom(file.content)) as unknown);
  } catch (error) {
    ctx.diagnostic({ level: 'warning', code: 'parse-error', message: `not valid JSON: ${messageOf(error)}` });
    return null;
  }
  const frameworks = (lock as { dependencies?: Record<string, Record<string, { type?: string; resolved?: string }>> })?.dependencies;
  if (typeof frameworks !== 'object' || frameworks === null) return null;
  const lines = new Map<string, number>();
  scanJsonKeyLines(stripBom(file.content), (parents, key, line) => {
    if (parents.length === 2 && parents[0] === 'dependencies' && !lines.has(key)) lines.set(key, line);
  });
  const seen = new Map<string, FactInput & { kind: 'dependency' }>();
  for (const packages of Object.values(frameworks)) {
    if (typeof packages !== 'object' || packages === null) continue;
    for (const [name, entry] of Object.entries(packages)) {
      if (!entry || entry.type === 'Project' || typeof entry.resolved !== 'string') continue;
      const id = `${name}@${entry.resolved}`;
      const direct = entry.type === 'Direct';
      const existing = seen.get(id);
      if (existing) {
        existing.direct ||= direct;
        continue;
      }
      const fact = dep(file.path, name, entry.resolved, direct, undefined, lines.get(name) ?? 1, `${file.path}#${id}`) as FactInput & { kind: 'dependency' };
      seen.set(id, fact);
    }
  }
  return [
    ...seen.values(),
    { kind: 'config', setting: LOCK_SETTING, values: { packages: seen.size }, summary: `NuGet lockfile with ${seen.size} packages`, evidence: { file: file.path, line: 1 }, key: `${file.path}#${LOCK_SETTING}` },
  ];
}

export const extractor: Extractor = {
  id: ID,
  title: 'NuGet: PackageReference in project files, central package versions, packages.lock.json, packages.config',
  matches: (path) => kindOf(path) !== undefined,
  extract(file, ctx) {
    const kind = kindOf(file.path);
    if (kind === 'lock') return lockFacts(file, ctx);
    const root = readXml(file, ctx);
    if (!root) return null;
    if (kind === 'project') {
      const facts = projectFacts(file, root);
      return facts.length > 0 ? facts : null;
    }
    if (kind === 'packages-config') {
      return root.children
        .filter((c) => c.name === 'package' && c.attrs.id && c.attrs.version)
        .map((c) => dep(file.path, c.attrs.id, c.attrs.version, true, c.attrs.developmentDependency === 'true' ? 'dev' : 'prod', c.line, `${file.path}#dependency:${c.attrs.id}`));
    }
    const versions: Record<string, string> = {};
    for (const el of descendants(root)) if (el.name === 'PackageVersion' && el.attrs.Include && el.attrs.Version) versions[el.attrs.Include] = cleanVersion(el.attrs.Version);
    return [{ kind: 'config', setting: CENTRAL_SETTING, values: { versions: JSON.stringify(versions) }, summary: `central package versions for ${Object.keys(versions).length} packages`, evidence: { file: file.path, line: root.line }, key: `${file.path}#${CENTRAL_SETTING}` }];
  },
  link: linkNuget,
};

function ancestors(folder: string): string[] {
  const out = [folder];
  while (folder !== '.') {
    folder = posix.dirname(folder);
    out.push(folder);
  }
  return out;
}

/**
 * Versions left to Directory.Packages.props (central package management) come from the nearest one
 * above the project; a packages.lock.json beside a project replaces the project's declarations with
 * resolved versions (its `Direct` entries are the declarations). Idempotent.
 */
function linkNuget(facts: Fact[]): Fact[] {
  const central = new Map<string, Record<string, string>>();
  const locked = new Map<string, Set<string>>();
  for (const f of facts) {
    if (f.extractor !== ID) continue;
    const folder = posix.dirname(f.evidence.file);
    if (f.kind === 'config' && f.setting === CENTRAL_SETTING) {
      try {
        central.set(folder, JSON.parse(String(f.values.versions)) as Record<string, string>);
      } catch {
        /* a broken record only costs the central versions */
      }
    } else if (f.kind === 'dependency' && f.manifest.endsWith('packages.lock.json')) {
      const names = locked.get(folder) ?? new Set<string>();
      names.add(f.name);
      locked.set(folder, names);
    }
  }
  if (central.size === 0 && locked.size === 0) return facts;
  const out: Fact[] = [];
  for (const f of facts) {
    if (f.kind !== 'dependency' || f.extractor !== ID || !/\.(?:cs|fs|vb)proj$|Directory\.Build\.props$/.test(f.manifest)) {
      out.push(f);
      continue;
    }
    const folder = posix.dirname(f.manifest);
    if (locked.get(folder)?.has(f.name)) continue;
    if (f.version === '') {
      const version = ancestors(folder).map((a) => central.get(a)?.[f.name]).find((v) => v !== undefined);
      if (version) {
        out.push({ ...f, version, purl: purlFor('nuget', f.name, version) });
        continue;
      }
    }
    out.push(f);
  }
  return out;
}
