// package-lock.json / npm-shrinkwrap.json, all three lockfile versions.
import { scanJsonKeyLines } from '../_lib/json-lines.js';
import { type LockfileInfo, LockedPackages } from '../_lib/lockfile.js';
import { isLocalSpec, resolveAlias } from '../_lib/npm-spec.js';
import { type DependencyScope, MANIFEST_SECTIONS } from '../_lib/scope.js';

type StringMap = Record<string, string>;

/** An entry of the v2/v3 `packages` map (the fields threatcode reads). */
interface PackagesEntry {
  name?: string;
  version?: string;
  link?: boolean;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  hasInstallScript?: boolean;
  dependencies?: StringMap;
  devDependencies?: StringMap;
  optionalDependencies?: StringMap;
  peerDependencies?: StringMap;
}

/** An entry of the v1 nested `dependencies` tree. */
interface V1Entry {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  requires?: StringMap;
  dependencies?: Record<string, V1Entry>;
}

export interface NpmLockfile {
  lockfileVersion?: number;
  packages?: Record<string, PackagesEntry>;
  dependencies?: Record<string, V1Entry>;
}

const NODE_MODULES = 'node_modules/';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `a/node_modules/@s/b` → `@s/b`: the folder name a package is installed under. */
function installedName(path: string): string {
  const at = path.lastIndexOf(NODE_MODULES);
  return at === -1 ? path : path.slice(at + NODE_MODULES.length);
}

function isInstallPath(path: string): boolean {
  return path.startsWith(NODE_MODULES) || path.includes(`/${NODE_MODULES}`);
}

function scopeOf(entry: { dev?: boolean; optional?: boolean; devOptional?: boolean; peer?: boolean }): DependencyScope {
  if (entry.dev || entry.devOptional) return 'dev';
  if (entry.optional) return 'optional';
  if (entry.peer) return 'peer';
  return 'prod';
}

/** How deep an install path is; shallower entries are added first so they keep the fact's line. */
function depth(path: string): number {
  let n = 0;
  for (let at = path.indexOf(NODE_MODULES); at !== -1; at = path.indexOf(NODE_MODULES, at + 1)) n++;
  return n;
}

/** Node's lookup from a folder: `<folder>/node_modules/<name>`, then each parent folder's. */
function resolveFrom(folder: string, name: string, packages: Record<string, PackagesEntry>): string | undefined {
  let current = folder;
  while (true) {
    const candidate = current ? `${current}/${NODE_MODULES}${name}` : `${NODE_MODULES}${name}`;
    if (isObject(packages[candidate])) return candidate;
    if (!current) return undefined;
    const slash = current.lastIndexOf('/');
    current = slash === -1 ? '' : current.slice(0, slash);
    // Skip over a package's own folder inside node_modules (`x/node_modules/y` → `x`).
    if (current.endsWith('/node_modules')) current = current.slice(0, -'/node_modules'.length);
    else if (current === 'node_modules') current = '';
  }
}

/** v2 and v3: the flat `packages` map keyed by install path; `""` and workspace folders are importers. */
function readPackagesMap(text: string, packages: Record<string, PackagesEntry>, version: number) {
  const lines = new Map<string, number>();
  scanJsonKeyLines(text, (parents, key, line) => {
    if (parents.length === 1 && parents[0] === 'packages') lines.set(key, line);
  });
  const direct = new Set<string>();
  const workspaces: string[] = [];
  let installScripts = 0;
  for (const [path, entry] of Object.entries(packages)) {
    if (!isObject(entry) || isInstallPath(path)) continue;
    if (path !== '' && !path.startsWith('../')) workspaces.push(path);
    for (const [section] of MANIFEST_SECTIONS) {
      const declared = entry[section as keyof PackagesEntry];
      if (!isObject(declared)) continue;
      for (const [name, range] of Object.entries(declared)) {
        if (typeof range === 'string' && isLocalSpec(range)) continue;
        const resolved = resolveFrom(path, name, packages);
        if (resolved) direct.add(resolved);
      }
    }
  }
  const installPaths = Object.keys(packages)
    .filter(isInstallPath)
    .sort((a, b) => depth(a) - depth(b) || (lines.get(a) ?? 0) - (lines.get(b) ?? 0));
  const locked = new LockedPackages();
  for (const path of installPaths) {
    const entry = packages[path];
    if (!isObject(entry) || entry.link || typeof entry.version !== 'string') continue;
    if (entry.hasInstallScript) installScripts++;
    const name = typeof entry.name === 'string' ? entry.name : installedName(path);
    locked.add({
      name,
      version: entry.version,
      line: lines.get(path) ?? 1,
      locator: path,
      direct: direct.has(path),
      scope: scopeOf(entry),
    });
  }
  const info: LockfileInfo = {
    format: 'npm',
    lockfileVersion: String(version),
    directKnown: true,
    workspaces: workspaces.sort(),
    installScripts,
  };
  return { info, locked };
}

/** v1: a nested `dependencies` tree; the root's direct dependencies are not recorded. */
function readDependencyTree(text: string, tree: Record<string, V1Entry>) {
  const lines = new Map<string, number>();
  scanJsonKeyLines(text, (parents, key, line) => {
    // Keys of `dependencies` objects nested as dependencies.a.dependencies.b...
    if (parents.length % 2 === 0 || parents[parents.length - 1] !== 'dependencies') return;
    let path = '';
    for (let i = 0; i < parents.length; i += 2) {
      if (parents[i] !== 'dependencies') return;
      if (i + 1 < parents.length) path += `${NODE_MODULES}${parents[i + 1]}/`;
    }
    lines.set(`${path}${NODE_MODULES}${key}`, line);
  });
  const entries: { path: string; entry: V1Entry; name: string }[] = [];
  const required = new Set<string>();
  const walk = (prefix: string, deps: Record<string, V1Entry>, level: number) => {
    if (level > 64) return;
    for (const [name, entry] of Object.entries(deps)) {
      if (!isObject(entry)) continue;
      const path = `${prefix}${NODE_MODULES}${name}`;
      entries.push({ path, entry, name });
      if (isObject(entry.requires)) for (const dep of Object.keys(entry.requires)) required.add(dep);
      if (isObject(entry.dependencies)) walk(`${path}/`, entry.dependencies as Record<string, V1Entry>, level + 1);
    }
  };
  walk('', tree, 0);
  entries.sort((a, b) => depth(a.path) - depth(b.path) || (lines.get(a.path) ?? 0) - (lines.get(b.path) ?? 0));
  const locked = new LockedPackages();
  for (const { path, entry, name: folderName } of entries) {
    if (typeof entry.version !== 'string' || isLocalSpec(entry.version)) continue;
    // An alias records `npm:real@1.2.3` as its version.
    const { name, range: version } = resolveAlias(folderName, entry.version);
    // Without the manifest, the best guess for "direct" is a top-level package nobody requires.
    const topLevel = depth(path) === 1;
    locked.add({
      name,
      version,
      line: lines.get(path) ?? 1,
      locator: path,
      direct: topLevel && !required.has(folderName),
      scope: scopeOf(entry),
    });
  }
  const info: LockfileInfo = { format: 'npm', lockfileVersion: '1', directKnown: false, workspaces: [] };
  return { info, locked };
}

/** Reads a parsed npm lockfile; `text` is its source, for line numbers. */
export function readNpmLockfile(text: string, lock: NpmLockfile): { info: LockfileInfo; locked: LockedPackages } | null {
  const version = typeof lock.lockfileVersion === 'number' ? lock.lockfileVersion : 1;
  if (isObject(lock.packages)) return readPackagesMap(text, lock.packages, version);
  if (isObject(lock.dependencies)) return readDependencyTree(text, lock.dependencies);
  return null;
}
