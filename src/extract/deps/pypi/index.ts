// PyPI dependencies: requirements files (with -r/-c includes inside the repository, hashes,
// markers, URLs), pyproject.toml (PEP 621, Poetry, dependency groups), Pipfile, setup.cfg, and the
// lockfiles poetry.lock, uv.lock, Pipfile.lock. Link joins manifests with lockfiles of the same
// folder (a locked package declared by a manifest is direct, with the manifest's scope, and the
// range-only manifest fact is dropped) and carries included requirements to the including file.
import { posix } from 'node:path';
import type { DependencyFact, Fact, FactInput } from '../../../model/types.js';
import { purlFor } from '../_lib/purl.js';
import { folderOf, stripBom } from '../_lib/lockfile.js';
import type { Extractor } from '../../types.js';
import { readPipfile, readPipfileLock, readPyproject, readRequirements, readSetupCfg, readTomlLock, type PyManifest } from './formats.js';
import { normaliseName } from './requirements.js';

export const PYPI_LOCKFILE = 'pypi-lockfile';
const INCLUDE = 'pypi-include';

const SKIP = /(^|\/)(node_modules|site-packages|\.venv|venv|\.tox|\.nox|__pypackages__)\//;

export function isRequirementsFile(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return /^(.*[-_.])?(requirements|constraints|reqs)([-_.].*)?\.(txt|in|pip)$/i.test(name) || (/(^|\/)requirements\//.test(path) && /\.(txt|in)$/.test(name));
}

function read(path: string, text: string): PyManifest | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name === 'pyproject.toml') return readPyproject(text);
  if (name === 'Pipfile') return readPipfile(text);
  if (name === 'Pipfile.lock') return readPipfileLock(text);
  if (name === 'setup.cfg') return readSetupCfg(text);
  if (name === 'poetry.lock') return readTomlLock(text, 'poetry');
  if (name === 'uv.lock') return readTomlLock(text, 'uv');
  if (isRequirementsFile(path)) return readRequirements(path, text);
  return undefined;
}

function facts(path: string, m: PyManifest): FactInput[] {
  const out: FactInput[] = [];
  if (m.kind === 'lockfile') {
    out.push({
      kind: 'config',
      setting: PYPI_LOCKFILE,
      values: { format: m.format, packages: m.packages.length, directKnown: m.directNames !== undefined },
      summary: `${m.format} lockfile with ${m.packages.length} packages`,
      evidence: { file: path, line: 1 },
      key: `${path}#${PYPI_LOCKFILE}`,
    });
  }
  for (const inc of m.includes ?? []) {
    out.push({ kind: 'config', setting: INCLUDE, values: { target: posix.normalize(posix.join(folderOf(path), inc.path)), constraint: inc.constraint }, evidence: { file: path, line: inc.line }, key: `${path}#${INCLUDE}:${inc.path}` });
  }
  for (const p of m.packages) {
    const fact: Omit<DependencyFact, 'extractor'> = {
      kind: 'dependency',
      ecosystem: 'pypi',
      name: p.name,
      version: p.version,
      direct: p.direct,
      manifest: path,
      purl: purlFor('pypi', p.name, p.exact ? p.version : undefined),
      evidence: { file: path, line: p.line },
      key: `${path}#dependency:${normaliseName(p.name)}${m.kind === 'lockfile' ? `@${p.version}` : ''}`,
    };
    if (p.scope) fact.scope = p.scope;
    out.push(fact);
  }
  return out;
}

const LOCK_NAMES = new Set(['poetry.lock', 'uv.lock', 'Pipfile.lock']);

function isLock(f: DependencyFact): boolean {
  return LOCK_NAMES.has(f.manifest.slice(f.manifest.lastIndexOf('/') + 1));
}

/** Includes, then manifest ↔ lockfile reconciliation per folder. Idempotent. */
export function linkPypi(all: Fact[]): Fact[] {
  const includes = all.filter((f) => f.kind === 'config' && f.setting === INCLUDE);
  if (includes.length === 0 && !all.some((f) => f.kind === 'config' && f.setting === PYPI_LOCKFILE && !f.values.reconciled)) return all;
  const deps = all.filter((f): f is DependencyFact => f.kind === 'dependency' && f.ecosystem === 'pypi');
  const added: DependencyFact[] = [];
  for (const inc of includes) {
    if (inc.kind !== 'config' || inc.values.constraint === true) continue;
    const target = String(inc.values.target);
    for (const d of deps) {
      if (d.manifest !== target) continue;
      added.push({ ...d, manifest: inc.evidence.file, key: `${inc.evidence.file}#via:${target}#${normaliseName(d.name)}` });
    }
  }
  const withIncludes = [...all.filter((f) => !(f.kind === 'config' && f.setting === INCLUDE)), ...added];
  const byFolder = new Map<string, DependencyFact[]>();
  for (const f of withIncludes) if (f.kind === 'dependency' && f.ecosystem === 'pypi' && isLock(f)) byFolder.set(folderOf(f.manifest), [...(byFolder.get(folderOf(f.manifest)) ?? []), f]);
  const drop = new Set<Fact>();
  const declared = new Map<string, Map<string, DependencyFact>>();
  for (const f of withIncludes) {
    if (f.kind !== 'dependency' || f.ecosystem !== 'pypi' || isLock(f)) continue;
    const folder = folderOf(f.manifest);
    if (!byFolder.has(folder)) continue;
    const map = declared.get(folder) ?? new Map<string, DependencyFact>();
    if (!map.has(normaliseName(f.name))) map.set(normaliseName(f.name), f);
    declared.set(folder, map);
  }
  const out: Fact[] = [];
  for (const f of withIncludes) {
    if (f.kind === 'config' && f.setting === PYPI_LOCKFILE) {
      out.push({ ...f, values: { ...f.values, reconciled: true } });
      continue;
    }
    if (f.kind !== 'dependency' || f.ecosystem !== 'pypi') {
      out.push(f);
      continue;
    }
    const map = declared.get(folderOf(f.manifest));
    if (!map) {
      out.push(f);
      continue;
    }
    if (isLock(f)) {
      const manifest = map.get(normaliseName(f.name));
      out.push(manifest ? { ...f, direct: true, scope: manifest.scope ?? f.scope } : f);
      if (manifest) drop.add(manifest);
    } else out.push(f);
  }
  return out.filter((f) => !drop.has(f));
}

export const extractor: Extractor = {
  id: 'deps/pypi',
  title: 'PyPI dependencies: requirements, pyproject (PEP 621, Poetry), Pipfile, setup.cfg, poetry.lock, uv.lock, Pipfile.lock',
  matches(path) {
    if (SKIP.test(path)) return false;
    const name = path.slice(path.lastIndexOf('/') + 1);
    return ['pyproject.toml', 'Pipfile', 'Pipfile.lock', 'setup.cfg', 'poetry.lock', 'uv.lock'].includes(name) || isRequirementsFile(path);
  },
  extract(file, ctx) {
    const manifest = read(file.path, stripBom(file.content));
    if (!manifest) {
      ctx.diagnostic({ level: 'warning', code: 'parse-error', message: `not a readable ${file.path.slice(file.path.lastIndexOf('/') + 1)}` });
      return null;
    }
    const out = facts(file.path, manifest);
    return out.length > 0 ? out : null;
  },
  link: linkPypi,
};
