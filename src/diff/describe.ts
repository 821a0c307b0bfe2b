// One-line descriptions of delta items, shared by the terminal and Markdown renderers.
import { componentName } from '../emit/digest.js';
import type { Asset, Component, Dependency, EntryPoint, Evidence, Flow, Threat, ThreatModel, TrustBoundary } from '../model/types.js';
import type { ArchitectureDelta, FieldChange, ModelDelta } from './types.js';

export interface Models {
  base: Pick<ThreatModel, 'components'>;
  head: Pick<ThreatModel, 'components'>;
}

/** A name for a component id, from whichever model knows it. */
function nameOf(models: Models, id: string): string {
  const head = componentName(models.head, id);
  return head !== id ? head : componentName(models.base, id);
}

export const where = (e: Evidence | undefined): string => (e ? `${e.file}:${e.line}` : '');

export function threatLocation(threat: Threat): string {
  const first = threat.evidence[0];
  if (!first) return threat.architectural ? 'architectural' : '';
  return threat.evidence.length > 1 ? `${where(first)} (+${threat.evidence.length - 1})` : where(first);
}

export function describeEntryPoint(ep: EntryPoint, models: Models): string {
  const route = [ep.method, ep.path].filter(Boolean).join(' ') || ep.kind;
  return `${ep.kind === 'http' ? '' : `${ep.kind} `}${route} on ${nameOf(models, ep.component)} (auth ${ep.auth}, ${ep.exposure})`;
}

export function describeFlow(flow: Flow, models: Models): string {
  const flags = [flow.authenticated === true ? 'authenticated' : flow.authenticated === false ? 'unauthenticated' : '', flow.encrypted === true ? 'encrypted' : flow.encrypted === false ? 'unencrypted' : ''].filter(Boolean);
  return `${nameOf(models, flow.from)} → ${nameOf(models, flow.to)} over ${flow.protocol}${flags.length ? ` (${flags.join(', ')})` : ''}`;
}

export function describeComponent(c: Component): string {
  return `${c.name} (${c.kind}${c.tech.length ? `, ${c.tech.slice(0, 3).join(', ')}` : ''}, ${c.exposure})`;
}

export function describeBoundary(b: TrustBoundary): string {
  return `${b.name} (${b.components.length} component${b.components.length === 1 ? '' : 's'})`;
}

export function describeAsset(a: Asset): string {
  return `${a.name} (${a.classification})`;
}

export function describeDependency(d: Dependency, models: Models): string {
  return `${d.ecosystem} ${d.name}@${d.version}${d.direct ? '' : ' (transitive)'} in ${nameOf(models, d.component)}`;
}

function show(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.join(', ');
  if (value === null || value === undefined) return 'none';
  return String(value);
}

/** `severity medium → high; score 4.2 → 6.1` (element id lists are shown by count). */
export function describeChanges(fields: readonly FieldChange[]): string {
  return fields
    .map((f) => {
      if (f.field === 'elements' || f.field === 'components' || f.field === 'storedIn' || f.field === 'crosses') {
        const before = Array.isArray(f.before) ? f.before.length : 0;
        const after = Array.isArray(f.after) ? f.after.length : 0;
        return `${f.field} ${before} → ${after}`;
      }
      return `${f.field} ${show(f.before)} → ${show(f.after)}`;
    })
    .join('; ');
}

/** Added, removed and changed counts of every architecture list, for headlines. */
export function architectureCounts(a: ArchitectureDelta): { name: string; added: number; removed: number; changed: number }[] {
  return [
    { name: 'components', ...counts(a.components) },
    { name: 'entry points', ...counts(a.entryPoints) },
    { name: 'flows', ...counts(a.flows) },
    { name: 'trust boundaries', ...counts(a.trustBoundaries) },
    { name: 'assets', ...counts(a.assets) },
    { name: 'dependencies', added: a.dependencies.added.length, removed: a.dependencies.removed.length, changed: a.dependencies.changed.length },
  ];
}

function counts(list: { added: unknown[]; removed: unknown[]; changed: unknown[] }): { added: number; removed: number; changed: number } {
  return { added: list.added.length, removed: list.removed.length, changed: list.changed.length };
}

/** Whether the change adds to the attack surface: new entry points, flows, components, or wider exposure. */
export function attackSurfaceGrew(delta: ModelDelta): boolean {
  const a = delta.architecture;
  const widened = a.entryPoints.changed.some((c) => c.fields.some((f) => f.field === 'auth' && f.after === 'none') || c.fields.some((f) => f.field === 'exposure' && f.after === 'internet'));
  const exposed = a.components.changed.some((c) => c.fields.some((f) => f.field === 'exposure' && f.after === 'internet'));
  return a.entryPoints.added.length > 0 || a.flows.added.length > 0 || a.components.added.length > 0 || widened || exposed;
}
