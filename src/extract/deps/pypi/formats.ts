// Readers for each Python dependency file: declared dependencies (pyproject.toml PEP 621 and
// Poetry, Pipfile, setup.cfg, requirements files) and resolved ones (poetry.lock, uv.lock,
// Pipfile.lock). Each returns packages with 1-based lines.
import { topLevelKeyLines } from '../_lib/json-lines.js';
import type { DependencyScope } from '../_lib/scope.js';
import { normaliseName, parseRequirement, parseRequirementsFile, type RequirementsFile } from './requirements.js';
import { inlineTable, readToml, tomlString, tomlStrings, type TomlEntry } from './toml-lines.js';

export interface PyPackage {
  name: string;
  version: string;
  /** Exact version (lockfiles, `==` pins). */
  exact: boolean;
  direct: boolean;
  scope?: DependencyScope;
  line: number;
}

export interface PyManifest {
  kind: 'manifest' | 'lockfile';
  format: string;
  packages: PyPackage[];
  /** Project name when the file names one (pyproject, setup.cfg). */
  name?: string;
  /** Names the lockfile itself says are direct (uv.lock root package), normalised. */
  directNames?: string[];
  includes?: RequirementsFile['includes'];
}

/** 1-based line of the first line at or after `from` that contains `needle`. */
function findLine(lines: string[], needle: string, from: number): number {
  for (let i = Math.max(0, from - 1); i < lines.length; i++) if (lines[i].includes(needle)) return i + 1;
  return from;
}

const DEV_FILE = /(^|[-_./])(dev|test|tests|testing|lint|docs?|ci)([-_.]|$)/i;

export function readRequirements(path: string, text: string): PyManifest {
  const parsed = parseRequirementsFile(text);
  const name = path.slice(path.lastIndexOf('/') + 1);
  const scope: DependencyScope = DEV_FILE.test(name) || /(^|\/)(dev|test)-?requirements/i.test(path) ? 'dev' : 'prod';
  return {
    kind: 'manifest',
    format: 'requirements',
    packages: parsed.requirements.map((r) => ({ name: r.name, version: r.version, exact: r.pinned, direct: true, scope: r.marker && /extra\s*==/.test(r.marker) ? 'optional' : scope, line: r.line })),
    includes: parsed.includes,
  };
}

function pep508List(entries: TomlEntry[], lines: string[], scope: DependencyScope): PyPackage[] {
  const out: PyPackage[] = [];
  for (const e of entries) {
    for (const spec of tomlStrings(e.raw)) {
      const req = parseRequirement(spec, findLine(lines, spec, e.line));
      if (req) out.push({ name: req.name, version: req.version, exact: req.pinned, direct: true, scope: req.marker && /extra\s*==/.test(req.marker) ? 'optional' : scope, line: req.line });
    }
  }
  return out;
}

function poetryVersion(raw: string): { version: string; optional: boolean } {
  const s = tomlString(raw);
  if (s !== undefined) return { version: s, optional: false };
  const t = inlineTable(raw);
  return { version: t.version ?? t.git ?? t.path ?? t.url ?? '*', optional: t.optional === 'true' };
}

export function readPyproject(text: string): PyManifest {
  const entries = readToml(text);
  const lines = text.split('\n');
  const packages: PyPackage[] = [];
  const name = tomlString(entries.find((e) => e.table === 'project' && e.key === 'name')?.raw) ?? tomlString(entries.find((e) => e.table === 'tool.poetry' && e.key === 'name')?.raw);
  packages.push(...pep508List(entries.filter((e) => e.table === 'project' && e.key === 'dependencies'), lines, 'prod'));
  packages.push(...pep508List(entries.filter((e) => e.table === 'project.optional-dependencies'), lines, 'optional'));
  packages.push(...pep508List(entries.filter((e) => e.table === 'dependency-groups' || e.table === 'tool.uv' && e.key === 'dev-dependencies'), lines, 'dev'));
  for (const e of entries) {
    const poetry = /^tool\.poetry\.(dependencies|dev-dependencies|group\.([\w-]+)\.dependencies)$/.exec(e.table);
    if (!poetry || e.key === 'python') continue;
    const { version, optional } = poetryVersion(e.raw);
    const scope: DependencyScope = poetry[1] === 'dependencies' ? (optional ? 'optional' : 'prod') : 'dev';
    packages.push({ name: e.key, version, exact: /^\d[\w.!+-]*$/.test(version), direct: true, scope, line: e.line });
  }
  return { kind: 'manifest', format: 'pyproject', packages, name };
}

export function readPipfile(text: string): PyManifest {
  const packages: PyPackage[] = [];
  for (const e of readToml(text)) {
    if (e.table !== 'packages' && e.table !== 'dev-packages') continue;
    const s = tomlString(e.raw);
    const version = s ?? inlineTable(e.raw).version ?? '*';
    packages.push({ name: e.key, version: version.replace(/^==/, ''), exact: /^==/.test(version), direct: true, scope: e.table === 'dev-packages' ? 'dev' : 'prod', line: e.line });
  }
  return { kind: 'manifest', format: 'pipfile', packages };
}

export function readSetupCfg(text: string): PyManifest {
  const lines = text.split('\n');
  const packages: PyPackage[] = [];
  let section = '';
  let key = '';
  let name: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/\r$/, '');
    const header = /^\[([^\]]+)\]/.exec(raw);
    if (header) {
      section = header[1].trim();
      key = '';
      continue;
    }
    const kv = /^([A-Za-z_][\w-]*)\s*[=:]\s*(.*)$/.exec(raw);
    if (kv) {
      key = kv[1];
      if (section === 'metadata' && key === 'name') name = kv[2].trim();
      if (!kv[2].trim()) continue;
    }
    const value = kv ? kv[2].trim() : /^\s+(\S.*)$/.exec(raw)?.[1]?.trim();
    if (!value || value.startsWith('#')) continue;
    const scope: DependencyScope | undefined = section === 'options' && key === 'install_requires' ? 'prod' : section === 'options.extras_require' ? 'optional' : undefined;
    if (!scope) continue;
    const req = parseRequirement(value, i + 1);
    if (req) packages.push({ name: req.name, version: req.version, exact: req.pinned, direct: true, scope, line: i + 1 });
  }
  return { kind: 'manifest', format: 'setup.cfg', packages, name };
}

/** poetry.lock and uv.lock: `[[package]]` tables with name and version. */
export function readTomlLock(text: string, format: 'poetry' | 'uv'): PyManifest {
  const entries = readToml(text);
  const byItem = new Map<number, TomlEntry[]>();
  for (const e of entries) if (e.table === 'package') byItem.set(e.item, [...(byItem.get(e.item) ?? []), e]);
  const packages: PyPackage[] = [];
  let directNames: string[] | undefined;
  for (const list of byItem.values()) {
    const get = (k: string) => list.find((e) => e.key === k);
    const name = tomlString(get('name')?.raw);
    const version = tomlString(get('version')?.raw);
    if (!name) continue;
    const source = get('source')?.raw ?? '';
    // uv: the project itself is a package with an editable/virtual source; its dependencies are the direct ones.
    if (format === 'uv' && /editable\s*=|virtual\s*=/.test(source)) {
      directNames = [...(get('dependencies')?.raw ?? '').matchAll(/name\s*=\s*"([^"]+)"/g)].map((m) => normaliseName(m[1]));
      continue;
    }
    if (!version) continue;
    const category = tomlString(get('category')?.raw);
    const optional = get('optional')?.raw === 'true';
    packages.push({ name, version, exact: true, direct: false, scope: category === 'dev' ? 'dev' : optional ? 'optional' : undefined, line: get('name')?.line ?? 1 });
  }
  if (directNames) for (const p of packages) if (directNames.includes(normaliseName(p.name))) p.direct = true;
  return { kind: 'lockfile', format, packages, directNames };
}

export function readPipfileLock(text: string): PyManifest | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!json || typeof json !== 'object') return undefined;
  const lines = topLevelKeyLines(text);
  const packages: PyPackage[] = [];
  for (const [section, scope] of [['default', 'prod'], ['develop', 'dev']] as const) {
    const block = (json as Record<string, unknown>)[section];
    if (!block || typeof block !== 'object') continue;
    for (const [name, info] of Object.entries(block as Record<string, unknown>)) {
      const version = typeof info === 'object' && info && typeof (info as Record<string, unknown>).version === 'string' ? String((info as Record<string, unknown>).version).replace(/^==/, '') : '*';
      packages.push({ name, version, exact: version !== '*', direct: false, scope, line: lines.nested.get(section)?.get(name) ?? lines.top.get(section) ?? 1 });
    }
  }
  return { kind: 'lockfile', format: 'pipfile', packages };
}
