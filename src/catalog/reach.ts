// Builds reach.json from one modelling pass: which package imports sit on which entry point's
// request path. The request path of an entry point is its handler's file plus everything that file
// imports (relative imports, transitively); code that mounts the route (the files importing the
// handler's file) contributes the middleware the entry point lists (`helmet()`, `requestLogger`).
import { dirname, posix } from 'node:path';
import { effectiveRules, defaultOwners, ownersOf } from '../extract/repo/codeowners/match.js';
import { canonicalEcosystem } from '../ir/versions/index.js';
import type { FileImports } from '../extract/js/imports/sites.js';
import type { DependencyFact, DeploymentFact, Fact, ImportFact, OwnershipFact, ThreatModel } from '../model/types.js';
import { REACH_SCHEMA, type ReachDeclaration, type ReachDeployment, type ReachImport, type ReachIndex, type ReachLockLine } from './reach-types.js';

const EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];

/** The file a relative specifier resolves to among the files we know, as Node and bundlers try it. */
export function resolveLocal(from: string, specifier: string, files: ReadonlySet<string>): string | undefined {
  const base = posix.normalize(posix.join(dirname(from) === '.' ? '' : dirname(from), specifier));
  if (base.startsWith('..')) return undefined;
  const candidates = [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => `${base}/index${e}`)];
  // TypeScript's ESM style imports `./x.js` for `./x.ts`.
  const js = /\.(m|c)?js$/.exec(base);
  if (js) candidates.push(...['.ts', '.tsx', '.mts', '.cts'].map((e) => base.slice(0, -js[0].length) + e));
  return candidates.find((c) => files.has(c));
}

/** The component a file belongs to: the one whose path is the longest prefix of the file. */
export function componentOfFile(model: Pick<ThreatModel, 'components'>, file: string): string | undefined {
  let best: { id: string; length: number } | undefined;
  for (const c of model.components) {
    for (const p of c.paths) {
      const prefix = p === '.' || p === '' ? '' : p.replace(/\/+$/, '');
      if (prefix !== '' && file !== prefix && !file.startsWith(`${prefix}/`)) continue;
      if (!best || prefix.length > best.length) best = { id: c.id, length: prefix.length };
    }
  }
  return best?.id;
}

function middlewareRoots(middleware: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const m of middleware) {
    const root = /^\s*(?:new\s+)?([A-Za-z_$][\w$]*)/.exec(m)?.[1];
    if (root) out.add(root);
  }
  return out;
}

class Graph {
  readonly forward = new Map<string, Set<string>>();
  readonly reverse = new Map<string, Set<string>>();
  private closures = new Map<string, Set<string>>();

  constructor(imports: Map<string, FileImports>) {
    const files = new Set(imports.keys());
    for (const [file, data] of imports) {
      for (const local of data.locals) {
        const target = resolveLocal(file, local.specifier, files);
        if (!target) continue;
        if (!this.forward.has(file)) this.forward.set(file, new Set());
        this.forward.get(file)!.add(target);
        if (!this.reverse.has(target)) this.reverse.set(target, new Set());
        this.reverse.get(target)!.add(file);
      }
    }
  }

  /**
   * `file` and everything it imports, transitively, without descending into `stops` (other route
   * modules: a server file that mounts routers does not run their handlers on its own requests).
   */
  closure(file: string, stops: ReadonlySet<string> = new Set()): Set<string> {
    const cached = this.closures.get(file);
    if (cached) return cached;
    const seen = new Set([file]);
    const stack = [file];
    while (stack.length) {
      for (const next of this.forward.get(stack.pop()!) ?? []) {
        if (seen.has(next) || stops.has(next)) continue;
        seen.add(next);
        stack.push(next);
      }
    }
    this.closures.set(file, seen);
    return seen;
  }

  /** Files that import `file`, transitively (the code that mounts it). */
  importers(file: string): Set<string> {
    const seen = new Set<string>();
    const stack = [file];
    while (stack.length) {
      for (const prev of this.reverse.get(stack.pop()!) ?? []) {
        if (seen.has(prev)) continue;
        seen.add(prev);
        stack.push(prev);
      }
    }
    return seen;
  }
}

export interface BuildReachInput {
  model: ThreatModel;
  facts: Fact[];
  rawFacts: Fact[];
  imports: Map<string, FileImports>;
}

export function buildReach({ model, facts, rawFacts, imports }: BuildReachInput): ReachIndex {
  const graph = new Graph(imports);
  const knownFiles = new Set(imports.keys());
  // Which files each entry point's request path loads, and how.
  const reached = new Map<string, Map<string, 'handler' | 'middleware'>>();
  const mark = (file: string, entry: string, via: 'handler' | 'middleware') => {
    if (!reached.has(file)) reached.set(file, new Map());
    const byEntry = reached.get(file)!;
    if (byEntry.get(entry) !== 'handler') byEntry.set(entry, via);
  };
  const middlewareSites = new Map<string, Set<string>>(); // `${file}\u0000${local}` → entries using it as middleware
  const handlerFileOf = (entry: ThreatModel['entryPoints'][number]) => entry.handler?.file ?? entry.evidence[0]?.file;
  const routeFiles = new Set(model.entryPoints.map(handlerFileOf).filter((f): f is string => !!f));
  for (const entry of model.entryPoints) {
    const handlerFile = handlerFileOf(entry);
    if (!handlerFile || !imports.has(handlerFile)) continue;
    for (const file of graph.closure(handlerFile, routeFiles)) mark(file, entry.id, 'handler');
    const roots = middlewareRoots(entry.middleware);
    if (roots.size === 0) continue;
    for (const mounter of [handlerFile, ...graph.importers(handlerFile)]) {
      const data = imports.get(mounter);
      if (!data) continue;
      for (const site of data.packages) for (const local of site.locals) if (roots.has(local)) {
        const key = `${mounter}\u0000${local}`;
        if (!middlewareSites.has(key)) middlewareSites.set(key, new Set());
        middlewareSites.get(key)!.add(entry.id);
      }
      // Middleware written in the product itself (`requestLogger` from ./middleware/log): its code runs too.
      for (const local of data.locals) {
        if (!local.locals.some((l) => roots.has(l))) continue;
        const target = resolveLocal(mounter, local.specifier, knownFiles);
        if (target) for (const file of graph.closure(target, routeFiles)) mark(file, entry.id, 'middleware');
      }
    }
  }

  const ownershipFacts = facts.filter((f): f is OwnershipFact & { source: string } => f.kind === 'ownership');
  const rules = effectiveRules(ownershipFacts);
  const productOwners = [...new Set([...model.product.owners, ...defaultOwners(rules)])];
  const ownersFor = (file: string) => {
    const owners = rules.length ? ownersOf(rules, file) : [];
    return owners.length ? owners : productOwners;
  };

  // Frontend code runs in the browser of everyone who loads the app: reached by loading it.
  const frontends = new Set(model.components.filter((c) => c.kind === 'frontend').map((c) => c.id));
  const importFacts = new Map<string, ImportFact>();
  for (const f of facts) if (f.kind === 'import') importFacts.set(`${f.evidence.file}\u0000${f.evidence.line}\u0000${f.module}`, f);
  const reachImports: ReachImport[] = [];
  for (const [file, data] of [...imports].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    for (const site of data.packages) {
      // The extractor's fact is authoritative when present; the observer adds lines and locals.
      const fact = importFacts.get(`${file}\u0000${site.line}\u0000${site.module}`);
      const byEntry = reached.get(file) ?? new Map<string, 'handler' | 'middleware'>();
      const entries = new Map(byEntry);
      for (const local of site.locals) for (const e of middlewareSites.get(`${file}\u0000${local}`) ?? []) if (!entries.has(e)) entries.set(e, 'middleware');
      const component = componentOfFile(model, file);
      const frontend = component !== undefined && frontends.has(component);
      const via = [...entries.values()].includes('handler') ? 'handler' : entries.size ? 'middleware' : frontend ? 'frontend' : 'none';
      reachImports.push({
        ecosystem: 'npm',
        package: site.package,
        module: site.module,
        file,
        line: site.line,
        symbols: fact?.symbols ?? site.symbols,
        uses: site.uses,
        ...(component ? { component } : {}),
        reachedBy: [...entries.keys()].sort(),
        via,
        owners: ownersFor(file),
      });
    }
  }
  // Import facts from extractors of other languages join without reachability data; their
  // extractor group names the ecosystem (python → pypi, java → maven...). Such an extractor should
  // put the package name (PyYAML), not the module (yaml), in `module` for the match to work.
  const seen = new Set(reachImports.map((i) => `${i.file}\u0000${i.line}\u0000${i.module}`));
  const otherEcosystems = new Set<string>();
  for (const [key, f] of importFacts) {
    if (seen.has(key)) continue;
    const group = f.extractor.split('/')[0];
    const ecosystem = group === 'js' ? 'npm' : canonicalEcosystem(group);
    otherEcosystems.add(ecosystem);
    const component = componentOfFile(model, f.evidence.file);
    reachImports.push({ ecosystem, package: f.module, module: f.module, file: f.evidence.file, line: f.evidence.line, symbols: f.symbols ?? [], uses: [], ...(component ? { component } : {}), reachedBy: [], via: 'none', owners: ownersFor(f.evidence.file) });
  }

  const declarations: ReachDeclaration[] = rawFacts
    .filter((f): f is DependencyFact => f.kind === 'dependency' && f.direct && /(^|\/)(package\.json|requirements[^/]*\.txt|pyproject\.toml|go\.mod|pom\.xml|build\.gradle(\.kts)?|Gemfile|[^/]+\.csproj|Cargo\.toml|composer\.json)$/.test(f.manifest))
    .map((f) => ({ ecosystem: f.ecosystem, name: f.name, file: f.evidence.file, line: f.evidence.line, spec: f.version, ...(f.scope ? { scope: f.scope } : {}) }));
  const declared = new Set(declarations.map((d) => `${d.file}\u0000${d.line}`));
  const lockLines: ReachLockLine[] = facts
    .filter((f): f is DependencyFact => f.kind === 'dependency' && !declared.has(`${f.evidence.file}\u0000${f.evidence.line}`))
    .map((f) => ({ ecosystem: f.ecosystem, name: f.name, version: f.version, file: f.evidence.file, line: f.evidence.line }));
  const deployments: ReachDeployment[] = facts
    .filter((f): f is DeploymentFact => f.kind === 'deployment')
    .map((f) => {
      const component = f.buildContext ? componentOfFile(model, f.buildContext === '.' ? '' : `${f.buildContext}/x`) : undefined;
      const d: ReachDeployment = { workload: f.workload, platform: f.platform, file: f.evidence.file, line: f.evidence.line };
      if (f.resourceType) d.resourceType = f.resourceType;
      if (f.image) d.image = f.image;
      if (f.exposure) d.exposure = f.exposure;
      if (f.privileged !== undefined) d.privileged = f.privileged;
      if (f.runsAsRoot !== undefined) d.runsAsRoot = f.runsAsRoot;
      if (f.hostAccess?.length) d.hostAccess = f.hostAccess;
      const ports = (f.ports ?? []).map((p) => p.published ?? p.container).filter((p): p is number => typeof p === 'number');
      if (ports.length) d.ports = [...new Set(ports)].sort((a, b) => a - b);
      if (f.buildContext) d.buildContext = f.buildContext;
      if (component) d.component = component;
      return d;
    });
  const sortKey = (x: { file: string; line: number }) => `${x.file}\u0000${String(x.line).padStart(8, '0')}`;
  return {
    schema: REACH_SCHEMA,
    product: model.product.name,
    ...(model.product.commit ? { commit: model.product.commit } : {}),
    importsAnalysed: [...new Set([...(imports.size > 0 ? ['npm'] : []), ...otherEcosystems])].sort(),
    filesAnalysed: imports.size,
    imports: reachImports.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : a.module < b.module ? -1 : 1)),
    declarations: declarations.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1)),
    lockLines: lockLines.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : a.name < b.name ? -1 : 1)),
    deployments: deployments.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : a.workload < b.workload ? -1 : 1)),
    codeowners: rules.length ? { source: rules[0].source, rules: rules.map((r) => ({ pattern: r.pattern, owners: r.owners, ...(r.section ? { section: r.section } : {}) })) } : null,
    owners: productOwners,
  };
}
