// yarn.lock: classic (v1, yarn's own text format) and berry (v2+, YAML with `__metadata`).
import { type BlockNode, parseBlocks, scalarMap, splitSpecList, splitYamlLine, splitYarnClassicLine } from '../_lib/blocks.js';
import { type LockfileInfo, LockedPackages } from '../_lib/lockfile.js';
import { isLocalSpec, resolveAlias, splitNameRange } from '../_lib/npm-spec.js';

export interface YarnRead {
  info: LockfileInfo;
  locked: LockedPackages;
}

export function isBerry(text: string): boolean {
  return /^__metadata:/m.test(text);
}

/** The package a classic entry installs: a non-alias spec names it, else the alias target does. */
function classicName(specs: string[]): string | undefined {
  let aliasTarget: string | undefined;
  for (const spec of specs) {
    const parts = splitNameRange(spec);
    if (!parts) continue;
    if (!parts.range.startsWith('npm:')) return parts.name;
    aliasTarget ??= resolveAlias(parts.name, parts.range).name;
  }
  return aliasTarget;
}

/**
 * Classic lockfiles list every resolved package but not the root's direct dependencies: those come
 * from the manifest in the link step (the entry's spec list is the fact key, for exact matching).
 */
export function readClassic(text: string): YarnRead {
  // Entries and their own fields only: dependency lists are not needed.
  const root = parseBlocks(text, splitYarnClassicLine, 1);
  const locked = new LockedPackages();
  for (const [header, node] of root) {
    const version = node.children?.get('version')?.value;
    if (!version) continue;
    const specs = splitSpecList(header);
    if (specs.length === 0 || specs.every((s) => isLocalSpec(splitNameRange(s)?.range ?? ''))) continue;
    const name = classicName(specs);
    if (!name) continue;
    locked.add({ name, version, line: node.line, locator: specs.join(', '), direct: false });
  }
  const versionLine = /^# yarn lockfile v(\d+)/m.exec(text);
  const info: LockfileInfo = {
    format: 'yarn-classic',
    lockfileVersion: versionLine ? versionLine[1] : '1',
    directKnown: false,
    workspaces: [],
  };
  return { info, locked };
}

/** `name@protocol:rest` of a berry resolution or descriptor. */
function parseLocator(locator: string): { name: string; protocol: string; rest: string } | undefined {
  const parts = splitNameRange(locator);
  if (!parts) return undefined;
  const colon = parts.range.indexOf(':');
  if (colon === -1) return { name: parts.name, protocol: '', rest: parts.range };
  return { name: parts.name, protocol: parts.range.slice(0, colon + 1), rest: parts.range.slice(colon + 1) };
}

const BERRY_LOCAL = new Set(['workspace:', 'link:', 'portal:', 'file:']);

/**
 * Berry records workspaces as entries (`app@workspace:.`) with their dependencies, so direct
 * dependencies are known from the lockfile: a workspace's `lodash: "npm:^4.17.21"` is the entry
 * whose key lists `lodash@npm:^4.17.21`.
 */
export function readBerry(text: string): YarnRead {
  const root = parseBlocks(text, splitYamlLine);
  const bySpec = new Map<string, { name: string; version: string }>();
  const entries: { node: BlockNode; name: string; version: string; specs: string[]; patched: boolean }[] = [];
  const workspaceDeps: Map<string, string>[] = [];
  const workspaces: string[] = [];
  for (const [key, node] of root) {
    if (key === '__metadata' || !node.children) continue;
    const resolution = node.children.get('resolution')?.value;
    const located = resolution ? parseLocator(resolution) : undefined;
    if (!located) continue;
    const specs = splitSpecList(key);
    if (BERRY_LOCAL.has(located.protocol)) {
      if (located.protocol === 'workspace:') {
        if (located.rest !== '.') workspaces.push(located.rest);
        workspaceDeps.push(scalarMap(node.children.get('dependencies')));
      }
      continue;
    }
    const version = node.children.get('version')?.value;
    if (!version) continue;
    const pkg = { name: located.name, version };
    for (const spec of specs) bySpec.set(spec, pkg);
    entries.push({ node, ...pkg, specs, patched: located.protocol === 'patch:' });
  }
  const direct = new Set<string>();
  for (const deps of workspaceDeps) {
    for (const [name, range] of deps) {
      const pkg = bySpec.get(`${name}@${range}`) ?? bySpec.get(`${name}@npm:${range}`);
      if (pkg) direct.add(`${pkg.name}@${pkg.version}`);
    }
  }
  // A patched package is the same release as its unpatched entry: keep the unpatched line.
  entries.sort((a, b) => Number(a.patched) - Number(b.patched) || a.node.line - b.node.line);
  const locked = new LockedPackages();
  for (const e of entries) {
    locked.add({
      name: e.name,
      version: e.version,
      line: e.node.line,
      locator: e.specs.join(', '),
      direct: direct.has(`${e.name}@${e.version}`),
    });
  }
  const metadataVersion = root.get('__metadata')?.children?.get('version')?.value ?? '';
  const info: LockfileInfo = {
    format: 'yarn-berry',
    lockfileVersion: metadataVersion,
    // Without workspace entries (a hand-trimmed file) the manifest must decide.
    directKnown: workspaceDeps.length > 0,
    workspaces: workspaces.sort(),
  };
  return { info, locked };
}
