// product.json: the catalog's own record of a product version (what catalog.json and README.md are
// regenerated from), and the change summary against the previous version.
import { countBySeverity, openThreats, rankThreats, SEVERITIES } from '../emit/digest.js';
import type { Exposure, Severity, ThreatModel } from '../model/types.js';
import { PRODUCT_SCHEMA } from './layout.js';

export interface ThreatRef {
  id: string;
  title: string;
  severity: Severity;
  location: string;
}

export interface EntryRef {
  id: string;
  label: string;
  exposure: Exposure;
  auth: string;
}

export interface Changes {
  /** The version these changes are measured against. */
  since: number;
  sinceCommit?: string;
  newThreats: ThreatRef[];
  resolvedThreats: ThreatRef[];
  newEntryPoints: EntryRef[];
  removedEntryPoints: EntryRef[];
  dependencies: { added: number; removed: number; changed: number };
}

export interface HistoryRef {
  version: number;
  publishedAt: string;
  commit?: string;
}

export interface ProductRecord {
  schema: typeof PRODUCT_SCHEMA;
  slug: string;
  name: string;
  version: number;
  publishedAt: string;
  repository?: string;
  commit?: string;
  branch?: string;
  owners: string[];
  exposure: Exposure;
  threats: { open: number; total: number; bySeverity: Record<Severity, number> };
  entryPoints: { total: number; internet: number; unauthenticated: number };
  dependencies: number;
  topRisks: ThreatRef[];
  topKillChain: { severity: Severity; narrative: string; entry: string; target: string } | null;
  changes: Changes | null;
  history: HistoryRef[];
}

const location = (t: ThreatModel['threats'][number]) => (t.evidence[0] ? `${t.evidence[0].file}:${t.evidence[0].line}` : 'architecture');
const threatRef = (t: ThreatModel['threats'][number]): ThreatRef => ({ id: t.id, title: t.title, severity: t.severity, location: location(t) });
const entryRef = (e: ThreatModel['entryPoints'][number]): EntryRef => ({ id: e.id, label: `${e.method ?? e.kind} ${e.path ?? ''}`.trim(), exposure: e.exposure, auth: e.auth });

export function productExposure(model: ThreatModel): Exposure {
  const code = model.components.filter((c) => ['service', 'frontend', 'function'].includes(c.kind));
  if (code.some((c) => c.exposure === 'internet') || model.entryPoints.some((e) => e.exposure === 'internet')) return 'internet';
  if (code.some((c) => c.exposure === 'internal') || model.entryPoints.length > 0) return 'internal';
  return 'none';
}

export function computeChanges(previous: ThreatModel, current: ThreatModel, since: number): Changes {
  const prevOpen = new Map(openThreats(previous).map((t) => [t.id, t]));
  const curOpen = new Map(openThreats(current).map((t) => [t.id, t]));
  const prevEntries = new Map(previous.entryPoints.map((e) => [e.id, e]));
  const curEntries = new Map(current.entryPoints.map((e) => [e.id, e]));
  const depKey = (d: ThreatModel['dependencies'][number]) => `${d.ecosystem}\u0000${d.name}\u0000${d.manifest}`;
  const prevDeps = new Map(previous.dependencies.map((d) => [depKey(d), d.version]));
  const curDeps = new Map(current.dependencies.map((d) => [depKey(d), d.version]));
  const byRank = (a: ThreatRef, b: ThreatRef) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || (a.id < b.id ? -1 : 1);
  return {
    since,
    ...(previous.product.commit ? { sinceCommit: previous.product.commit } : {}),
    newThreats: [...curOpen.values()].filter((t) => !prevOpen.has(t.id)).map(threatRef).sort(byRank),
    resolvedThreats: [...prevOpen.values()].filter((t) => !curOpen.has(t.id)).map(threatRef).sort(byRank),
    newEntryPoints: [...curEntries.values()].filter((e) => !prevEntries.has(e.id)).map(entryRef).sort((a, b) => (a.label < b.label ? -1 : 1)),
    removedEntryPoints: [...prevEntries.values()].filter((e) => !curEntries.has(e.id)).map(entryRef).sort((a, b) => (a.label < b.label ? -1 : 1)),
    dependencies: {
      added: [...curDeps.keys()].filter((k) => !prevDeps.has(k)).length,
      removed: [...prevDeps.keys()].filter((k) => !curDeps.has(k)).length,
      changed: [...curDeps].filter(([k, v]) => prevDeps.has(k) && prevDeps.get(k) !== v).length,
    },
  };
}

export function buildRecord(input: { slug: string; model: ThreatModel; version: number; publishedAt: string; changes: Changes | null; history: HistoryRef[] }): ProductRecord {
  const { model } = input;
  const open = openThreats(model);
  const internet = model.entryPoints.filter((e) => e.exposure === 'internet');
  const chain = [...model.killChains].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || b.likelihood - a.likelihood || (a.id < b.id ? -1 : 1))[0];
  return {
    schema: PRODUCT_SCHEMA,
    slug: input.slug,
    name: model.product.name,
    version: input.version,
    publishedAt: input.publishedAt,
    ...(model.product.repository ? { repository: model.product.repository } : {}),
    ...(model.product.commit ? { commit: model.product.commit } : {}),
    ...(model.product.branch ? { branch: model.product.branch } : {}),
    owners: model.product.owners,
    exposure: productExposure(model),
    threats: { open: open.length, total: model.threats.length, bySeverity: countBySeverity(open) },
    entryPoints: { total: model.entryPoints.length, internet: internet.length, unauthenticated: internet.filter((e) => e.auth === 'none').length },
    dependencies: model.dependencies.length,
    topRisks: rankThreats(open).slice(0, 3).map(threatRef),
    topKillChain: chain ? { severity: chain.severity, narrative: chain.narrative.split(/(?<=\.)\s/)[0], entry: chain.entry, target: chain.target } : null,
    changes: input.changes,
    history: input.history,
  };
}

export function describeChanges(changes: Changes | null): string {
  if (!changes) return 'first version';
  const parts = [
    `${changes.newThreats.length} new threat${changes.newThreats.length === 1 ? '' : 's'}`,
    `${changes.resolvedThreats.length} resolved`,
    `${changes.newEntryPoints.length} new entry point${changes.newEntryPoints.length === 1 ? '' : 's'}`,
  ];
  if (changes.removedEntryPoints.length) parts.push(`${changes.removedEntryPoints.length} entry point${changes.removedEntryPoints.length === 1 ? '' : 's'} removed`);
  const d = changes.dependencies;
  if (d.added + d.removed + d.changed) parts.push(`dependencies +${d.added} −${d.removed} ~${d.changed}`);
  return `since v${changes.since}: ${parts.join(', ')}`;
}
