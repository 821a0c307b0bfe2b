// What a product's profile says around a finding: the entry points that reach it, owners of a
// file, the model's kill chains through the same components, the chain the vulnerability itself
// opens (entry point → vulnerable component → the data stores it talks to), and the controls
// already in the way.
import { ownersOf } from '../extract/repo/codeowners/match.js';
import type { Profile } from '../catalog/query-types.js';
import type { Severity } from '../model/types.js';
import type { Advisory } from './advisory/types.js';
import type { IrChain, IrEntryPoint } from './types.js';

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };
const CLASS_RANK: Record<string, number> = { restricted: 0, confidential: 1, internal: 2, public: 3 };

export function entryPoints(profile: Profile, ids: Iterable<string>): IrEntryPoint[] {
  const out: IrEntryPoint[] = [];
  for (const id of new Set(ids)) {
    const e = profile.entryPoints[id];
    if (!e) continue;
    out.push({ label: e.label, exposure: e.exposure, auth: e.auth, component: profile.components[e.component]?.name ?? e.component, ...(e.file ? { file: e.file } : {}), ...(e.line ? { line: e.line } : {}) });
  }
  return out.sort(byDanger);
}

/** Internet before internal, unauthenticated before authenticated, then by label. */
export function byDanger(a: IrEntryPoint, b: IrEntryPoint): number {
  const rank = (e: IrEntryPoint) => (e.exposure === 'internet' ? 0 : e.exposure === 'internal' ? 2 : 4) + (e.auth === 'none' ? 0 : e.auth === 'unknown' ? 0.5 : 1);
  return rank(a) - rank(b) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
}

export function describeEntry(e: IrEntryPoint): string {
  const auth = e.auth === 'none' ? 'no authentication' : e.auth === 'unknown' ? 'authentication unknown' : `${e.auth} authentication`;
  return `${e.label} (${e.exposure}, ${auth})`;
}

export function ownersForFile(profile: Profile, file: string | undefined): string[] {
  if (file && profile.codeowners?.length) {
    const owners = ownersOf(profile.codeowners, file);
    if (owners.length) return owners;
  }
  return profile.owners;
}

/** The model's kill chains that run through the given components or files. */
export function existingChains(profile: Profile, components: ReadonlySet<string>, files: ReadonlySet<string>, entryLabels: ReadonlySet<string>): IrChain[] {
  return profile.killChains
    .filter((c) => c.components.some((x) => components.has(x)) || c.files.some((f) => files.has(f)) || [...entryLabels].some((l) => c.entry.includes(l)))
    .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.likelihood - a.likelihood || (a.id < b.id ? -1 : 1))
    .slice(0, 3)
    .map((c) => ({ kind: 'existing' as const, id: c.id, severity: c.severity, entry: c.entry, target: c.target, narrative: `strengthened: ${c.narrative.split(/(?<=\.)\s/)[0]}` }));
}

const IMPACT_BY_CWE: [RegExp, string][] = [
  [/^CWE-(94|95|502|917|77|78|1321)$/, 'run code in'],
  [/^CWE-(89|943)$/, 'query the database behind'],
  [/^CWE-(22|23|27|73)$/, 'read files of'],
  [/^CWE-(287|285|862|863|639|347)$/, 'bypass authentication of'],
  [/^CWE-(79|80)$/, 'run script in the browsers of users of'],
  [/^CWE-(918)$/, 'make requests from'],
  [/^CWE-(400|770|476|1333|835|674)$/, 'take down'],
];

export function impactVerb(advisory: Advisory): string {
  for (const cwe of advisory.cwes) for (const [re, verb] of IMPACT_BY_CWE) if (re.test(cwe)) return verb;
  return 'compromise';
}

/** Data stores a component talks to, most sensitive data first. */
export function storesReachedFrom(profile: Profile, component: string): { name: string; classification?: string }[] {
  const stores = new Set<string>();
  for (const f of profile.flows) {
    if (f.from === component) stores.add(f.to);
    if (f.to === component) stores.add(f.from);
  }
  return [...stores]
    .filter((id) => ['datastore', 'queue', 'storage'].includes(profile.components[id]?.kind ?? ''))
    .map((id) => {
      const assets = profile.assets.filter((a) => a.storedIn.includes(id)).sort((a, b) => (CLASS_RANK[a.classification] ?? 9) - (CLASS_RANK[b.classification] ?? 9));
      return { name: profile.components[id].name, ...(assets[0] ? { classification: assets[0].classification } : {}) };
    })
    .sort((a, b) => (CLASS_RANK[a.classification ?? ''] ?? 9) - (CLASS_RANK[b.classification ?? ''] ?? 9) || (a.name < b.name ? -1 : 1));
}

/** The path the vulnerability opens: best entry point → vulnerable component → its data stores. */
export function enabledChain(profile: Profile, advisory: Advisory, packageLabel: string, componentId: string | undefined, entry: IrEntryPoint | undefined): IrChain | undefined {
  if (!entry) return undefined;
  const component = componentId ? (profile.components[componentId]?.name ?? componentId) : entry.component;
  const stores = componentId ? storesReachedFrom(profile, componentId) : [];
  const verb = impactVerb(advisory);
  const target = stores[0] ? `${stores[0].name}${stores[0].classification ? ` (${stores[0].classification} data)` : ''}` : component;
  const severity: Severity = advisory.severity.level ?? 'high';
  const where = entry.exposure === 'internet' ? 'on the internet' : 'inside the network';
  const who =
    entry.auth === 'none' ? `an anonymous attacker ${where}` : entry.auth === 'user' ? `a signed-in user ${where}` : entry.auth === 'admin' ? `an attacker holding an administrator session ${where}` : `an attacker ${where} (whether the route requires authentication was not established)`;
  const narrative = `${who[0].toUpperCase()}${who.slice(1)} sends input to ${entry.label}, whose code loads ${packageLabel}; exploiting ${advisory.id} lets them ${verb} ${component}${stores.length ? `, which talks to ${stores.map((s) => s.name).join(', ')}` : ''}.`;
  return { kind: 'enabled', severity, entry: `${entry.label} (${entry.exposure})`, target, narrative };
}

/** Controls in the way: authentication on every path, internal-only exposure, rate limits, non-root. */
export function mitigationsInWay(profile: Profile, entries: IrEntryPoint[], componentIds: ReadonlySet<string>, advisory: Advisory): string[] {
  const out: string[] = [];
  if (entries.length > 0) {
    if (entries.every((e) => e.auth === 'user' || e.auth === 'admin')) out.push(`every entry point that reaches it requires authentication (${[...new Set(entries.map((e) => e.auth))].join('/')})`);
    if (!entries.some((e) => e.exposure === 'internet')) out.push('no internet-facing entry point reaches it');
    const dos = advisory.cwes.some((c) => /^CWE-(400|770|1333|674|835)$/.test(c));
    const limited = Object.values(profile.entryPoints).filter((e) => e.rateLimited && entries.some((x) => x.label === e.label));
    if (dos && limited.length) out.push(`rate limiting on ${limited.map((e) => e.label).slice(0, 3).join(', ')}`);
  }
  for (const d of profile.deployments) {
    if (d.component && !componentIds.has(d.component)) continue;
    if (d.runsAsRoot === false) out.push(`${d.workload} runs as a non-root user (${d.file}:${d.line})`);
  }
  for (const m of profile.mitigations) out.push(`${m.status}: ${m.title}`);
  return [...new Set(out)];
}
