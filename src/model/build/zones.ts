import picomatch from 'picomatch';
import { stableId } from '../ids.js';
import type { TrustBoundary } from '../types.js';
import type { DraftComponent } from './components.js';
import type { BuildOverrides } from './index.js';

interface ZoneSpec {
  name: string;
  kind: TrustBoundary['kind'];
}

/** The default zones, outermost first. */
const ZONES: Record<string, ZoneSpec> = {
  internet: { name: 'Internet', kind: 'internet' },
  edge: { name: 'Internet-facing tier', kind: 'dmz' },
  internal: { name: 'Internal network', kind: 'internal' },
  cluster: { name: 'Kubernetes cluster', kind: 'cluster' },
  vpc: { name: 'Cloud VPC', kind: 'internal' },
  data: { name: 'Data tier', kind: 'data' },
  'third-party': { name: 'Third-party services', kind: 'third-party' },
};

function defaultZone(component: DraftComponent): string {
  switch (component.kind) {
    case 'actor':
      return 'internet';
    case 'external':
      return 'third-party';
    case 'datastore':
    case 'queue':
    case 'storage':
      return component.exposure === 'internet' ? 'edge' : 'data';
    default:
      return component.exposure === 'internet' ? 'edge' : privateNetwork(component);
  }
}

/** Internal services run inside a cluster or a VPC when their deployment says so. */
function privateNetwork(component: DraftComponent): string {
  if (component.workloads.some((w) => w.platform === 'kubernetes' || w.platform === 'helm')) return 'cluster';
  if (component.workloads.some((w) => (w.platform === 'terraform' || w.platform === 'cloudformation') && w.attributes?.vpc === true)) return 'vpc';
  return 'internal';
}

/** Puts each component in a trust zone (config overrides first) and returns one boundary per zone in use. */
export function assignZones(components: DraftComponent[], overrides: BuildOverrides): TrustBoundary[] {
  const boundaries = new Map<string, TrustBoundary>();
  for (const component of components) {
    const override = overrides.trustZones?.find((o) => {
      const test = picomatch(o.match, { nocase: true, dot: true });
      return o.match === component.name || test(component.name) || component.paths.some((p) => test(p) || test(`${p}/`));
    });
    const zoneKey = override?.zone ?? defaultZone(component);
    const spec = ZONES[zoneKey] ?? { name: zoneKey, kind: 'internal' as const };
    const id = stableId('boundary', zoneKey);
    component.trustZone = id;
    let boundary = boundaries.get(id);
    if (!boundary) {
      boundary = { id, name: spec.name, kind: spec.kind, components: [] };
      boundaries.set(id, boundary);
    }
    boundary.components.push(component.id);
  }
  for (const boundary of boundaries.values()) boundary.components.sort();
  return [...boundaries.values()];
}
