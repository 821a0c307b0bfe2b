// The link step that joins package.json facts with lockfile facts. Extractors see one file at a
// time, so what needs both sides happens here, over facts only:
//  - a declared dependency that a covering lockfile resolves is reported once, with the lockfile's
//    exact version (the manifest's range-only fact is dropped);
//  - lockfiles that do not record the root's direct dependencies (yarn classic, npm v1) get them
//    from the manifests they cover; yarn entries match by their exact spec (`lodash@^4.17.21`),
//    npm v1 by the top-level install path;
//  - direct packages whose lockfile records no scope (yarn) take the manifest's section.
// A manifest is covered by a lockfile in its own folder, else by the nearest ancestor lockfile that
// lists it as a workspace (the lockfile's own record, or the ancestor package.json's patterns).
// Idempotent: running it twice gives the same facts.
import { posix } from 'node:path';
import type { DependencyFact, Fact } from '../../../model/types.js';
import { folderOf, LOCKFILE_SETTING } from './lockfile.js';
import { resolveAlias, splitNameRange } from './npm-spec.js';
import { type DependencyScope, strongerScope } from './scope.js';

export const MANIFEST_EXTRACTOR = 'js/package-json';
export const WORKSPACES_SETTING = 'npm-workspaces';

interface Lockfile {
  path: string;
  folder: string;
  format: string;
  directKnown: boolean;
  workspaces: Set<string>;
  deps: DependencyFact[];
  declared: DependencyFact[];
}

/** A workspace glob (`packages/*`, `apps/**`, `tools/cli`) as a regular expression. */
function globToRegExp(glob: string): RegExp {
  let source = '';
  const pattern = glob.replace(/^\.\//, '').replace(/\/+$/, '');
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function matchesWorkspaces(patterns: string[], relative: string): boolean {
  let matched = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (globToRegExp(pattern.slice(1)).test(relative)) matched = false;
    } else if (globToRegExp(pattern).test(relative)) matched = true;
  }
  return matched;
}

function parentFolder(folder: string): string | undefined {
  if (folder === '.') return undefined;
  return folderOf(folder);
}

/** The lockfile spec list a yarn fact was keyed with, as (name, range) pairs in both spellings. */
function yarnSpecs(locator: string): { name: string; range: string }[] {
  const out: { name: string; range: string }[] = [];
  for (const spec of locator.split(', ')) {
    const parts = splitNameRange(spec);
    if (!parts) continue;
    out.push(parts);
    // Berry writes registry ranges as `npm:^1.2.3`; manifests write `^1.2.3` (or an alias).
    if (parts.range.startsWith('npm:')) {
      out.push({ name: parts.name, range: parts.range.slice(4) });
      out.push(resolveAlias(parts.name, parts.range));
    }
  }
  return out;
}

function locatorOf(fact: DependencyFact, lockPath: string): string {
  return fact.key?.startsWith(`${lockPath}#`) ? fact.key.slice(lockPath.length + 1) : '';
}

/** Which lockfile entries of a declared name are the installed direct dependency. */
function chooseDirect(lock: Lockfile, candidates: DependencyFact[], declared: DependencyFact[]): DependencyFact[] {
  if (lock.format.startsWith('yarn')) {
    const wanted = new Set(declared.map((d) => `${d.name}@${d.version}`));
    const bySpec = candidates.filter((c) => yarnSpecs(locatorOf(c, lock.path)).some((s) => wanted.has(`${s.name}@${s.range}`)));
    if (bySpec.length > 0) return bySpec;
  }
  if (lock.format === 'npm') {
    const topLevel = candidates.filter((c) => locatorOf(c, lock.path) === `node_modules/${c.name}`);
    if (topLevel.length > 0) return topLevel;
  }
  return candidates.length === 1 ? candidates : [];
}

function collectLockfiles(facts: Fact[]): Map<string, Lockfile> {
  const lockfiles = new Map<string, Lockfile>();
  for (const fact of facts) {
    if (fact.kind !== 'config' || fact.setting !== LOCKFILE_SETTING) continue;
    const path = fact.evidence.file;
    const workspaces = String(fact.values.workspaces ?? '');
    lockfiles.set(path, {
      path,
      folder: folderOf(path),
      format: String(fact.values.format ?? ''),
      directKnown: fact.values.directKnown === true,
      workspaces: new Set(workspaces ? workspaces.split('\n') : []),
      deps: [],
      declared: [],
    });
  }
  return lockfiles;
}

export function reconcileNpmDependencies(facts: Fact[]): Fact[] {
  const lockfiles = collectLockfiles(facts);
  if (lockfiles.size === 0) return facts;
  const locksByFolder = new Map<string, Lockfile[]>();
  for (const lock of lockfiles.values()) {
    const list = locksByFolder.get(lock.folder) ?? [];
    list.push(lock);
    locksByFolder.set(lock.folder, list);
  }
  const patternsByFolder = new Map<string, string[]>();
  for (const fact of facts) {
    if (fact.kind === 'config' && fact.setting === WORKSPACES_SETTING && fact.extractor === MANIFEST_EXTRACTOR) {
      patternsByFolder.set(folderOf(fact.evidence.file), String(fact.values.patterns ?? '').split('\n').filter(Boolean));
    }
  }

  const covering = new Map<string, Lockfile[]>();
  const coveringOf = (folder: string): Lockfile[] => {
    const cached = covering.get(folder);
    if (cached) return cached;
    let found = locksByFolder.get(folder) ?? [];
    for (let ancestor = parentFolder(folder); found.length === 0 && ancestor !== undefined; ancestor = parentFolder(ancestor)) {
      const locks = locksByFolder.get(ancestor) ?? [];
      const relative = posix.relative(ancestor === '.' ? '' : ancestor, folder);
      const patterns = patternsByFolder.get(ancestor) ?? [];
      found = locks.filter((l) => l.workspaces.has(folder) || matchesWorkspaces(patterns, relative));
    }
    covering.set(folder, found);
    return found;
  };

  // Sort every dependency fact to its lockfile or its manifest.
  const manifestDeps: DependencyFact[] = [];
  for (const fact of facts) {
    if (fact.kind !== 'dependency' || fact.ecosystem !== 'npm') continue;
    const lock = lockfiles.get(fact.manifest);
    if (lock) lock.deps.push(fact);
    else if (fact.extractor === MANIFEST_EXTRACTOR) manifestDeps.push(fact);
  }
  const dropped = new Set<Fact>();
  // Names each lockfile resolves, built once (perf: a lockfile lists thousands of packages).
  const lockedNames = new Map<Lockfile, Set<string>>();
  for (const lock of lockfiles.values()) lockedNames.set(lock, new Set(lock.deps.map((d) => d.name)));
  for (const dep of manifestDeps) {
    const locks = coveringOf(folderOf(dep.manifest));
    for (const lock of locks) lock.declared.push(dep);
    if (locks.some((lock) => lockedNames.get(lock)?.has(dep.name))) dropped.add(dep);
  }

  const replaced = new Map<Fact, DependencyFact>();
  for (const lock of lockfiles.values()) {
    if (lock.declared.length === 0) continue;
    const byName = new Map<string, DependencyFact[]>();
    for (const dep of lock.deps) {
      const list = byName.get(dep.name) ?? [];
      list.push(dep);
      byName.set(dep.name, list);
    }
    const declaredByName = new Map<string, DependencyFact[]>();
    for (const dep of lock.declared) {
      const list = declaredByName.get(dep.name) ?? [];
      list.push(dep);
      declaredByName.set(dep.name, list);
    }
    const direct = new Map<DependencyFact, DependencyScope | undefined>();
    for (const [name, declared] of declaredByName) {
      const candidates = byName.get(name);
      if (!candidates) continue;
      const alreadyDirect = lock.directKnown ? candidates.filter((c) => c.direct) : [];
      const chosen = alreadyDirect.length > 0 ? alreadyDirect : chooseDirect(lock, candidates, declared);
      let scope: DependencyScope | undefined;
      for (const d of declared) scope = strongerScope(scope, d.scope);
      for (const c of chosen) direct.set(c, strongerScope(direct.get(c), scope));
    }
    for (const dep of lock.deps) {
      // Only ever adds: readers mark what they know for sure, so a second run changes nothing.
      const isDirect = dep.direct || direct.has(dep);
      const scope = dep.scope ?? (direct.has(dep) ? direct.get(dep) : undefined);
      if (isDirect !== dep.direct || scope !== dep.scope) {
        const next: DependencyFact = { ...dep, direct: isDirect };
        if (scope) next.scope = scope;
        replaced.set(dep, next);
      }
    }
  }
  if (dropped.size === 0 && replaced.size === 0) return facts;
  const out: Fact[] = [];
  for (const fact of facts) {
    if (dropped.has(fact)) continue;
    out.push(replaced.get(fact) ?? fact);
  }
  return out;
}
