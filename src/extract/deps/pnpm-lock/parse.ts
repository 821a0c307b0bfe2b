// pnpm-lock.yaml v5 (`/name/1.2.3` keys), v6 (`/name@1.2.3`) and v9 (`name@1.2.3`, with
// `snapshots`); the key spelling is read from the data, so in-between versions work too. Direct dependencies come from `importers` (or the top-level sections of a
// single-project v5/v6 file); dev/prod from the `dev` flags (v5, v6) or, in v9, which has none,
// from what each importer section reaches through the snapshot graph.
import { type BlockNode, parseBlocks } from '../_lib/blocks.js';
import { type LockfileInfo, LockedPackages } from '../_lib/lockfile.js';
import { type DependencyScope, strongerScope } from '../_lib/scope.js';

const SECTIONS: readonly (readonly [string, DependencyScope])[] = [
  ['dependencies', 'prod'],
  ['optionalDependencies', 'optional'],
  ['devDependencies', 'dev'],
];

/** One package of the lockfile, under its package key. */
interface PnpmPackage {
  key: string;
  name: string;
  version: string;
  line: number;
  scope?: DependencyScope;
  /** Package keys of its dependencies (v9: snapshot keys); optional ones are marked. */
  edges: { key: string; optional: boolean }[];
}

export interface PnpmRead {
  info: LockfileInfo;
  locked: LockedPackages;
}

/** How a lockfile spells its package keys; told from the data, not only the version number. */
interface Layout {
  /** v5: `/name/1.2.3_peer@1.0.0`; later: `name@1.2.3(peer@1.0.0)`. */
  slashVersion: boolean;
  /** Keys start with `/` (v5, v6). */
  leadingSlash: boolean;
  /** The graph lives in `snapshots` (v9), not in `packages`. */
  snapshots: boolean;
}

/** `1.2.3(react@18.2.0)` / `1.2.3_react@18.2.0` → `1.2.3`. */
function stripPeers(version: string, layout: Layout): string {
  const paren = version.indexOf('(');
  let out = paren === -1 ? version : version.slice(0, paren);
  if (layout.slashVersion) {
    const underscore = out.indexOf('_');
    if (underscore !== -1) out = out.slice(0, underscore);
  }
  return out;
}

/** Name and version from a package key. */
function parseKey(key: string, layout: Layout): { name: string; version: string } | undefined {
  const bare = key.startsWith('/') ? key.slice(1) : key;
  if (layout.slashVersion) {
    // `@scope/name/1.2.3_peer@1.0.0`
    const slash = bare.lastIndexOf('/');
    if (slash <= 0) return undefined;
    return { name: bare.slice(0, slash), version: stripPeers(bare.slice(slash + 1), layout) };
  }
  const at = bare.indexOf('@', 1);
  if (at <= 0) return undefined;
  return { name: bare.slice(0, at), version: stripPeers(bare.slice(at + 1), layout) };
}

/** The package key a dependency reference points at (`express: 4.18.2` → `/express@4.18.2`). */
function refKey(name: string, ref: string, layout: Layout): string | undefined {
  const prefix = layout.leadingSlash ? '/' : '';
  const first = ref.charCodeAt(0);
  // The common case, a plain version (`4.18.2`, `18.2.0(react@18.2.0)`): checked first, it is
  // most of a large lockfile.
  if (first >= 48 && first <= 57) return layout.slashVersion ? `${prefix}${name}/${ref}` : `${prefix}${name}@${ref}`;
  if (ref.startsWith('link:') || ref.startsWith('file:') || ref.startsWith('workspace:')) return undefined;
  if (first === 47) return layout.leadingSlash ? ref : ref.slice(1);
  // An alias (`string-width@4.2.3`) or a non-registry package already is a full key.
  const paren = ref.indexOf('(');
  const at = ref.indexOf('@', 1);
  if (!layout.slashVersion && at > 0 && (paren === -1 || at < paren)) return `${prefix}${ref}`;
  return ref;
}

/** An importer's resolved dependency version: v6+ nests `{specifier, version}`, v5 has a scalar. */
function importerRefs(section: BlockNode | undefined): [string, string][] {
  const refs: [string, string][] = [];
  for (const [name, node] of section?.children ?? []) {
    const ref = node.value ?? node.children?.get('version')?.value;
    if (ref) refs.push([name, ref]);
  }
  return refs;
}

function layoutOf(root: Map<string, BlockNode>, major: number): Layout {
  const snapshots = root.get('snapshots')?.children !== undefined;
  const graph = snapshots ? root.get('snapshots') : root.get('packages');
  const firstKey = graph?.children?.keys().next().value;
  return {
    slashVersion: major < 6,
    leadingSlash: firstKey === undefined ? !snapshots : firstKey.startsWith('/'),
    snapshots,
  };
}

function readPackages(root: Map<string, BlockNode>, layout: Layout): Map<string, PnpmPackage> {
  const packages = new Map<string, PnpmPackage>();
  const meta = root.get('packages');
  const graph = layout.snapshots ? root.get('snapshots') : meta;
  for (const [key, node] of graph?.children ?? []) {
    const fields = node.children;
    const parsed = parseKey(key, layout);
    // v9 snapshots point at `packages` entries by key without the peer suffix.
    const metaNode = layout.snapshots ? meta?.children?.get(key.split('(')[0]) : node;
    const name = metaNode?.children?.get('name')?.value ?? parsed?.name;
    const version = metaNode?.children?.get('version')?.value ?? parsed?.version;
    if (!name || !version) continue;
    const edges: PnpmPackage['edges'] = [];
    for (const section of ['dependencies', 'optionalDependencies']) {
      for (const [dep, ref] of importerRefs(fields?.get(section))) {
        const target = refKey(dep, ref, layout);
        if (target) edges.push({ key: target, optional: section === 'optionalDependencies' });
      }
    }
    let scope: DependencyScope | undefined;
    const dev = fields?.get('dev')?.value;
    if (dev === 'true') scope = 'dev';
    else if (fields?.get('optional')?.value === 'true') scope = 'optional';
    else if (dev === 'false') scope = 'prod';
    packages.set(key, { key, name, version, line: (metaNode ?? node).line, scope, edges });
  }
  return packages;
}

/**
 * v9 has no dev flags: a package's scope is the strongest importer section that reaches it, and
 * what a run-time package needs only optionally is optional.
 */
function scopeFromGraph(packages: Map<string, PnpmPackage>, roots: [string, DependencyScope][]): Map<string, DependencyScope> {
  const scopes = new Map<string, DependencyScope>();
  // Visit a package again only when a stronger scope reaches it: at most four visits each.
  const improves = (key: string, scope: DependencyScope) => {
    const known = scopes.get(key);
    return !known || (known !== scope && strongerScope(known, scope) === scope);
  };
  const queue: [string, DependencyScope][] = roots.filter(([key, scope]) => improves(key, scope));
  while (queue.length > 0) {
    const [key, scope] = queue.pop() as [string, DependencyScope];
    if (!improves(key, scope)) continue;
    scopes.set(key, scope);
    for (const edge of packages.get(key)?.edges ?? []) {
      const next = edge.optional && scope !== 'dev' ? 'optional' : scope;
      if (improves(edge.key, next)) queue.push([edge.key, next]);
    }
  }
  return scopes;
}

export function readPnpm(text: string): PnpmRead {
  const root = parseBlocks(text);
  const versionText = root.get('lockfileVersion')?.value ?? '';
  const major = Number.parseInt(versionText, 10) || 5;
  const layout = layoutOf(root, major);
  const packages = readPackages(root, layout);

  // Importers: workspaces (`importers:`) or the single project at the top level.
  const importers: [string, BlockNode][] = [];
  const importersNode = root.get('importers');
  if (importersNode?.children) for (const [path, node] of importersNode.children) importers.push([path, node]);
  else importers.push(['.', { line: 1, children: root }]);

  const roots: [string, DependencyScope][] = [];
  for (const [, importer] of importers) {
    for (const [section, scope] of SECTIONS) {
      for (const [name, ref] of importerRefs(importer.children?.get(section))) {
        const key = refKey(name, ref, layout);
        if (key) roots.push([key, scope]);
      }
    }
  }
  const hasDevFlags = [...packages.values()].some((p) => p.scope !== undefined);
  const graphScopes = hasDevFlags ? undefined : scopeFromGraph(packages, roots);
  const directScope = new Map<string, DependencyScope | undefined>();
  for (const [key, scope] of roots) directScope.set(key, strongerScope(directScope.get(key), scope));

  const locked = new LockedPackages();
  const ordered = [...packages.values()].sort((a, b) => a.line - b.line);
  for (const pkg of ordered) {
    const isDirect = directScope.has(pkg.key);
    locked.add({
      name: pkg.name,
      version: pkg.version,
      line: pkg.line,
      locator: pkg.key,
      direct: isDirect,
      scope: pkg.scope ?? graphScopes?.get(pkg.key) ?? directScope.get(pkg.key),
    });
  }
  const info: LockfileInfo = {
    format: 'pnpm',
    lockfileVersion: versionText,
    directKnown: true,
    workspaces: importers.map(([path]) => path).filter((p) => p !== '.' && !p.startsWith('../')).sort(),
  };
  return { info, locked };
}
