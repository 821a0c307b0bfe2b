import type { Component, Severity, StrideLetter, Threat, ThreatModel } from '../model/types.js';

export const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low'];
export const STRIDE: { letter: StrideLetter; name: string }[] = [
  { letter: 'S', name: 'Spoofing' },
  { letter: 'T', name: 'Tampering' },
  { letter: 'R', name: 'Repudiation' },
  { letter: 'I', name: 'Information disclosure' },
  { letter: 'D', name: 'Denial of service' },
  { letter: 'E', name: 'Elevation of privilege' },
];

/** Threats that still need action (not suppressed, accepted, mitigated or resolved). */
export function openThreats(model: Pick<ThreatModel, 'threats'>): Threat[] {
  return model.threats.filter((t) => t.status === 'open');
}

/** Highest score first; ties broken by id so the order is stable. */
export function rankThreats(threats: readonly Threat[]): Threat[] {
  return [...threats].sort((a, b) => b.score.value - a.score.value || (a.id < b.id ? -1 : 1));
}

export function countBySeverity(threats: readonly Threat[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const t of threats) counts[t.severity]++;
  return counts;
}

export function countByStride(threats: readonly Threat[]): Record<StrideLetter, number> {
  const counts: Record<StrideLetter, number> = { S: 0, T: 0, R: 0, I: 0, D: 0, E: 0 };
  for (const t of threats) for (const s of t.stride) counts[s]++;
  return counts;
}

export function componentName(model: Pick<ThreatModel, 'components'>, id: string): string {
  return model.components.find((c) => c.id === id)?.name ?? id;
}

/** A readable name for any model element a threat can point at. */
export function elementName(model: Pick<ThreatModel, 'components' | 'flows' | 'entryPoints' | 'assets'>, id: string): string {
  const component = model.components.find((c) => c.id === id);
  if (component) return component.name;
  const flow = model.flows.find((f) => f.id === id);
  if (flow) return `${componentName(model, flow.from)} → ${componentName(model, flow.to)}`;
  const entry = model.entryPoints.find((e) => e.id === id);
  if (entry) return `${entry.method ?? entry.kind} ${entry.path ?? ''}`.trim();
  return model.assets.find((a) => a.id === id)?.name ?? id;
}

export function describeSystem(model: ThreatModel): string {
  const kinds = (k: Component['kind'][]) => model.components.filter((c) => k.includes(c.kind));
  const services = kinds(['service', 'function']);
  const frontends = kinds(['frontend']);
  const stores = kinds(['datastore', 'queue', 'storage']);
  const externals = kinds(['external']);
  const parts = [
    `${services.length} service${services.length === 1 ? '' : 's'}${services.length ? ` (${services.map((s) => s.name).join(', ')})` : ''}`,
    frontends.length ? `${frontends.length} frontend${frontends.length === 1 ? '' : 's'} (${frontends.map((s) => s.name).join(', ')})` : '',
    stores.length ? `${stores.length} data store${stores.length === 1 ? '' : 's'} (${stores.map((s) => s.name).join(', ')})` : '',
    externals.length ? `${externals.length} third-party service${externals.length === 1 ? '' : 's'} (${externals.map((s) => s.name).join(', ')})` : '',
  ].filter(Boolean);
  const internet = model.entryPoints.filter((e) => e.exposure === 'internet');
  const unauth = internet.filter((e) => e.auth === 'none');
  return `${model.product.name} consists of ${parts.join(', ')}. It exposes ${model.entryPoints.length} entry point${model.entryPoints.length === 1 ? '' : 's'}, ${internet.length} of them reachable from the internet and ${unauth.length} of those without authentication.`;
}

export function severityCountsLine(threats: readonly Threat[]): string {
  const counts = countBySeverity(threats);
  return SEVERITIES.map((s) => `${counts[s]} ${s}`).join(', ');
}
