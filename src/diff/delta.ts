// The delta between two models (pure). Everything is matched by stable id, so an element that
// only moved (other line, same function) is the same element; a threat whose evidence merely
// moved is listed in `moved`, not in `changed`.
import { countBySeverity, openThreats } from '../emit/digest.js';
import type { Dependency, KillChain, Severity, Threat, ThreatModel } from '../model/types.js';
import type { ArchitectureDelta, Changed, DependencyDelta, ElementDelta, FieldChange, KillChainDelta, ModelDelta, ModelSide, ThreatChange } from './types.js';
import { DELTA_SCHEMA } from './types.js';

type Probe<T> = readonly (readonly [string, (item: T) => unknown])[];

const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

const sorted = (values: readonly string[]): string[] => [...new Set(values)].sort();

function fieldChanges<T>(before: T, after: T, probes: Probe<T>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, read] of probes) {
    const a = read(before);
    const b = read(after);
    if (JSON.stringify(a) !== JSON.stringify(b)) changes.push({ field, before: a ?? null, after: b ?? null });
  }
  return changes;
}

function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id, item]));
}

const compareIds = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function elementDelta<T extends { id: string }>(base: readonly T[], head: readonly T[], probes: Probe<T>): ElementDelta<T> {
  const before = byId(base);
  const after = byId(head);
  const delta: ElementDelta<T> = { added: [], removed: [], changed: [] };
  for (const item of after.values()) {
    const old = before.get(item.id);
    if (!old) {
      delta.added.push(item);
      continue;
    }
    const fields = fieldChanges(old, item, probes);
    if (fields.length > 0) delta.changed.push({ before: old, after: item, fields });
  }
  for (const item of before.values()) if (!after.has(item.id)) delta.removed.push(item);
  delta.added.sort(compareIds);
  delta.removed.sort(compareIds);
  delta.changed.sort((a, b) => compareIds(a.after, b.after));
  return delta;
}

const THREAT_FIELDS: Probe<Threat> = [
  ['severity', (t) => t.severity],
  ['score', (t) => t.score.value],
  ['status', (t) => t.status],
  ['title', (t) => t.title],
  ['confidence', (t) => t.confidence],
  ['elements', (t) => sorted(t.elements)],
  ['evidenceFiles', (t) => sorted(t.evidence.map((e) => e.file))],
];

const evidenceLines = (t: Threat): string[] => sorted(t.evidence.map((e) => `${e.file}:${e.line}`));

/** Highest score first, then id: the order a reader wants and a stable one. */
function ranked(threats: Threat[]): Threat[] {
  return threats.sort((a, b) => b.score.value - a.score.value || compareIds(a, b));
}

function threatDelta(base: readonly Threat[], head: readonly Threat[]): Pick<ModelDelta, 'new' | 'resolved' | 'changed' | 'threatChanges' | 'moved'> {
  const before = byId(base);
  const after = byId(head);
  const added: Threat[] = [];
  const changed: { threat: Threat; change: ThreatChange }[] = [];
  const moved: string[] = [];
  for (const threat of after.values()) {
    const old = before.get(threat.id);
    if (!old) {
      added.push(threat);
      continue;
    }
    const fields = fieldChanges(old, threat, THREAT_FIELDS);
    if (fields.length > 0) changed.push({ threat, change: { id: threat.id, fields } });
    else if (JSON.stringify(evidenceLines(old)) !== JSON.stringify(evidenceLines(threat))) moved.push(threat.id);
  }
  const resolved = [...before.values()].filter((t) => !after.has(t.id));
  changed.sort((a, b) => b.threat.score.value - a.threat.score.value || compareIds(a.threat, b.threat));
  return {
    new: ranked(added),
    resolved: ranked(resolved),
    changed: changed.map((c) => c.threat),
    threatChanges: changed.map((c) => c.change),
    moved: moved.sort(),
  };
}

function dependencyDelta(base: readonly Dependency[], head: readonly Dependency[]): DependencyDelta {
  const group = (deps: readonly Dependency[]): Map<string, Dependency[]> => {
    const groups = new Map<string, Dependency[]>();
    for (const dep of deps) {
      const key = `${dep.ecosystem}\u0000${dep.name}\u0000${dep.component}`;
      groups.set(key, [...(groups.get(key) ?? []), dep]);
    }
    return groups;
  };
  const before = group(base);
  const after = group(head);
  const delta: DependencyDelta = { added: [], removed: [], changed: [] };
  for (const [key, deps] of after) {
    const old = before.get(key);
    if (!old) delta.added.push(...deps);
    else {
      const a = sorted(old.map((d) => d.version));
      const b = sorted(deps.map((d) => d.version));
      if (JSON.stringify(a) !== JSON.stringify(b)) delta.changed.push({ ecosystem: deps[0].ecosystem, name: deps[0].name, component: deps[0].component, before: a, after: b });
    }
  }
  for (const [key, deps] of before) if (!after.has(key)) delta.removed.push(...deps);
  const depKey = (d: Dependency): string => `${d.ecosystem}\u0000${d.name}\u0000${d.version}\u0000${d.component}\u0000${d.manifest}`;
  const order = (a: Dependency, b: Dependency): number => (depKey(a) < depKey(b) ? -1 : depKey(a) > depKey(b) ? 1 : 0);
  delta.added.sort(order);
  delta.removed.sort(order);
  delta.changed.sort((a, b) => `${a.ecosystem}\u0000${a.name}\u0000${a.component}`.localeCompare(`${b.ecosystem}\u0000${b.name}\u0000${b.component}`));
  return delta;
}

export function architectureDelta(base: ThreatModel, head: ThreatModel): ArchitectureDelta {
  return {
    components: elementDelta(base.components, head.components, [
      ['name', (c) => c.name],
      ['kind', (c) => c.kind],
      ['exposure', (c) => c.exposure],
      ['trustZone', (c) => c.trustZone],
      ['tech', (c) => sorted(c.tech)],
    ]),
    entryPoints: elementDelta(base.entryPoints, head.entryPoints, [
      ['auth', (e) => e.auth],
      ['exposure', (e) => e.exposure],
      ['middleware', (e) => e.middleware],
    ]),
    flows: elementDelta(base.flows, head.flows, [
      ['authenticated', (f) => f.authenticated],
      ['encrypted', (f) => f.encrypted],
      ['data', (f) => sorted(f.data)],
      ['crosses', (f) => sorted(f.crosses)],
    ]),
    trustBoundaries: elementDelta(base.trustBoundaries, head.trustBoundaries, [
      ['name', (b) => b.name],
      ['components', (b) => sorted(b.components)],
    ]),
    assets: elementDelta(base.assets, head.assets, [
      ['classification', (a) => a.classification],
      ['storedIn', (a) => sorted(a.storedIn)],
    ]),
    dependencies: dependencyDelta(base.dependencies, head.dependencies),
  };
}

function killChainDelta(base: readonly KillChain[], head: readonly KillChain[]): KillChainDelta {
  const before = byId(base);
  const after = byId(head);
  const delta: KillChainDelta = { new: [], grown: [], resolved: [] };
  for (const chain of after.values()) {
    const old = before.get(chain.id);
    if (!old) {
      delta.new.push(chain);
      continue;
    }
    const fields: FieldChange[] = [];
    if (chain.steps.length > old.steps.length) fields.push({ field: 'steps', before: old.steps.length, after: chain.steps.length });
    if (SEVERITY_RANK[chain.severity] > SEVERITY_RANK[old.severity]) fields.push({ field: 'severity', before: old.severity, after: chain.severity });
    if (chain.likelihood > old.likelihood) fields.push({ field: 'likelihood', before: old.likelihood, after: chain.likelihood });
    if (fields.length > 0) delta.grown.push({ before: old, after: chain, fields } satisfies Changed<KillChain>);
  }
  for (const chain of before.values()) if (!after.has(chain.id)) delta.resolved.push(chain);
  const bySeverity = (a: KillChain, b: KillChain): number => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.likelihood - a.likelihood || compareIds(a, b);
  delta.new.sort(bySeverity);
  delta.resolved.sort(bySeverity);
  delta.grown.sort((a, b) => bySeverity(a.after, b.after));
  return delta;
}

function side(model: ThreatModel, ref?: string): ModelSide {
  return {
    ...(ref !== undefined ? { ref } : {}),
    ...(model.product.commit ? { commit: model.product.commit } : {}),
    open: countBySeverity(openThreats(model)),
  };
}

/** The delta from `base` to `head`. Pure; refs are only echoed into the result. */
export function diffModels(base: ThreatModel, head: ThreatModel, refs: { base?: string; head?: string } = {}): ModelDelta {
  return {
    schema: DELTA_SCHEMA,
    product: head.product.name,
    base: side(base, refs.base),
    head: side(head, refs.head),
    ...threatDelta(base.threats, head.threats),
    architecture: architectureDelta(base, head),
    killChains: killChainDelta(base.killChains, head.killChains),
  };
}

/** Nothing at all changed in threats, architecture or kill chains (moved evidence does not count). */
export function isEmptyDelta(delta: ModelDelta): boolean {
  const a = delta.architecture;
  const lists = [
    delta.new, delta.resolved, delta.changed,
    a.components.added, a.components.removed, a.components.changed,
    a.entryPoints.added, a.entryPoints.removed, a.entryPoints.changed,
    a.flows.added, a.flows.removed, a.flows.changed,
    a.trustBoundaries.added, a.trustBoundaries.removed, a.trustBoundaries.changed,
    a.assets.added, a.assets.removed, a.assets.changed,
    a.dependencies.added, a.dependencies.removed, a.dependencies.changed,
    delta.killChains.new, delta.killChains.grown, delta.killChains.resolved,
  ];
  return lists.every((list) => list.length === 0);
}
