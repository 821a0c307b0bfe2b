// `threatcode ir`: scope one advisory over every product of a catalog. Only products that have one
// of the advisory's packages are opened (through the query index's package postings); the rest are
// answered from the index's product list. System-level advisories (kernel, OpenSSL...) look at every
// product's deployment profile.
import { openQueryIndex, type QueryIndex } from '../catalog/query.js';
import type { Profile } from '../catalog/query-types.js';
import type { Advisory, AffectedPackage } from './advisory/types.js';
import { judgeProduct, VERDICT_RANK, type PackageMatch } from './scope.js';
import { judgeSystem, systemPackageKeys } from './system.js';
import { VERDICTS, type IrReport, type ProductVerdict, type Verdict } from './types.js';
import { packageKey } from './versions/index.js';

export interface RunOptions {
  index?: QueryIndex;
  /** Only these product slugs (default: all). */
  products?: string[];
}

function keysFor(index: QueryIndex, pkg: AffectedPackage): string[] {
  if (pkg.ecosystem !== '*') return [packageKey(pkg.ecosystem, pkg.name)];
  return index.keysNamed(pkg.name);
}

function plain(profile: { name: string; owners: string[]; exposure: ProductVerdict['exposure']; version: number; commit?: string }, slug: string, verdict: Verdict, reasons: string[]): ProductVerdict {
  return {
    product: profile.name,
    slug,
    verdict,
    reasons,
    evidence: [],
    entryPoints: [],
    chains: [],
    mitigations: [],
    owners: profile.owners,
    fix: [],
    packages: [],
    exposure: profile.exposure,
    components: [],
    version: profile.version,
    ...(profile.commit ? { commit: profile.commit } : {}),
    priority: VERDICT_RANK[verdict] * 10 + 9,
  };
}

/** Keeps the more urgent of two verdicts for the same product, with both sets of reasons. */
function merge(a: ProductVerdict | undefined, b: ProductVerdict): ProductVerdict {
  if (!a) return b;
  const [first, second] = VERDICT_RANK[b.verdict] < VERDICT_RANK[a.verdict] ? [b, a] : [a, b];
  return {
    ...first,
    reasons: [...new Set([...first.reasons, ...second.reasons])],
    evidence: [...first.evidence, ...second.evidence].slice(0, 25),
    chains: [...first.chains, ...second.chains].slice(0, 5),
    mitigations: [...new Set([...first.mitigations, ...second.mitigations])],
    owners: [...new Set([...first.owners, ...second.owners])],
    fix: [...first.fix, ...second.fix],
    packages: [...first.packages, ...second.packages],
    components: [...new Set([...first.components, ...second.components])].sort(),
    priority: Math.min(first.priority, second.priority),
  };
}

export async function runIncidentResponse(catalog: string, advisory: Advisory, options: RunOptions = {}): Promise<IrReport> {
  const started = performance.now();
  const index = options.index ?? (await openQueryIndex(catalog));
  const slugs = Object.keys(index.meta.products)
    .filter((s) => !options.products || options.products.includes(s))
    .sort();
  const inScope = new Set(slugs);
  const profiles = new Map<string, Profile | undefined>();
  const profileOf = (slug: string) => {
    if (!profiles.has(slug)) profiles.set(slug, index.profile(slug));
    return profiles.get(slug);
  };
  const results = new Map<string, ProductVerdict>();

  // Packages: only products with a posting for one of the keys are opened.
  if (advisory.packages.length > 0) {
    const byKey = new Map<string, AffectedPackage[]>();
    for (const pkg of advisory.packages) for (const key of keysFor(index, pkg)) byKey.set(key, [...(byKey.get(key) ?? []), pkg]);
    const rows = index.rows([...byKey.keys()]);
    const bySlug = new Map<string, PackageMatch[]>();
    for (const [key, list] of rows) for (const row of list) if (inScope.has(row.s)) bySlug.set(row.s, [...(bySlug.get(row.s) ?? []), { key, row, advisories: byKey.get(key)! }]);
    for (const [slug, matches] of bySlug) {
      const profile = profileOf(slug);
      if (profile) results.set(slug, judgeProduct(profile, matches, advisory));
    }
  }
  // System components: every product's images, OS packages and deployments.
  for (const system of advisory.systems) {
    const keys = systemPackageKeys(system);
    const rows = keys.length ? index.rows(keys) : new Map();
    for (const slug of slugs) {
      const profile = profileOf(slug);
      if (!profile) continue;
      const mine = [...rows.values()].flat().filter((r) => r.s === slug);
      results.set(slug, merge(results.get(slug), judgeSystem(profile, system, advisory, mine)));
    }
  }
  const names = [...advisory.packages.map((p) => (p.ecosystem === '*' ? p.name : `${p.ecosystem}:${p.name}`)), ...advisory.systems.map((s) => s.title)];
  const uniqueNames = [...new Set(names)];
  for (const slug of slugs) {
    if (results.has(slug)) continue;
    const meta = index.meta.products[slug];
    if (advisory.packages.length === 0 && advisory.systems.length === 0) {
      results.set(slug, plain(meta, slug, 'unknown', [advisory.unmapped.length ? `the advisory names ${advisory.unmapped.join(', ')}, which threatcode cannot map to a package or system component; pass a package spec such as npm:name@<range> to scope it` : 'the advisory names no affected package']));
    } else {
      results.set(slug, plain(meta, slug, 'not-affected', [`no dependency on ${uniqueNames.slice(0, 5).join(', ')}${uniqueNames.length > 5 ? '…' : ''}`]));
    }
  }
  const products = [...results.values()].sort((a, b) => a.priority - b.priority || (a.product < b.product ? -1 : a.product > b.product ? 1 : 0));
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const p of products) counts[p.verdict]++;
  return {
    schema: 'threatcode.ir/v1',
    advisory: {
      id: advisory.id,
      aliases: advisory.aliases,
      title: advisory.title,
      ...(advisory.severity.level ? { severity: advisory.severity.level } : {}),
      ...(advisory.severity.score !== undefined ? { score: advisory.severity.score } : {}),
      ...(advisory.severity.vector ? { vector: advisory.severity.vector } : {}),
      cwes: advisory.cwes,
      ...(advisory.kev ? { kev: advisory.kev } : {}),
      ...(advisory.ssvc?.exploitation ? { exploitation: advisory.ssvc.exploitation } : {}),
      source: advisory.source.file ? `${advisory.source.format} ${advisory.source.file}` : advisory.source.format,
      packages: uniqueNames.filter((n) => advisory.packages.some((p) => n.endsWith(p.name))),
      systems: advisory.systems.map((s) => s.title),
      notes: advisory.notes,
      references: advisory.references.slice(0, 10),
    },
    counts,
    products,
    catalog: { products: slugs.length, indexRebuilt: index.refreshed.changed + index.refreshed.removed, indexSeconds: Math.round(index.refreshed.seconds * 1000) / 1000 },
    seconds: Math.round(((performance.now() - started) / 1000) * 1000) / 1000,
  };
}
