// Managed cloud resources as components (from Terraform and CloudFormation facts): an extractor
// marks a resource that is a component of the system with `attributes.component` (service,
// function, storage, datastore, queue) and the resources it forwards requests to with
// `attributes.routesTo` (workload names, comma separated), e.g. API Gateway → Lambda.
import { stableId } from '../ids.js';
import type { ComponentKind, DeploymentFact } from '../types.js';
import type { DraftComponent } from './components.js';
import type { FlowSet } from './connections.js';
import { storeDisplay } from './tech.js';

const KINDS = new Set<ComponentKind>(['service', 'function', 'storage', 'datastore', 'queue']);

export function cloudKindOf(workload: DeploymentFact): ComponentKind | undefined {
  const kind = workload.attributes?.component;
  return typeof kind === 'string' && KINDS.has(kind as ComponentKind) ? (kind as ComponentKind) : undefined;
}

/** Components for cloud resources that no source folder builds and that run no container image. */
export function cloudComponents(unattached: DeploymentFact[]): DraftComponent[] {
  const out = new Map<string, DraftComponent>();
  for (const workload of unattached) {
    const kind = cloudKindOf(workload);
    if (!kind || workload.image) continue;
    const key = `cloud:${workload.workload}`;
    const existing = out.get(key);
    if (existing) {
      existing.workloads.push(workload);
      continue;
    }
    const attributes = workload.attributes ?? {};
    const storeTech = typeof attributes.datastore === 'string' ? attributes.datastore : undefined;
    const tech = [typeof attributes.tech === 'string' ? attributes.tech : workload.resourceType ?? workload.platform];
    if (storeTech) tech.unshift(storeDisplay(storeTech));
    out.set(key, {
      id: stableId('component', key),
      name: typeof attributes.displayName === 'string' ? attributes.displayName : workload.workload,
      kind,
      tech,
      paths: [],
      exposure: workload.exposure ?? 'internal',
      trustZone: '',
      notes: [],
      evidence: [workload.evidence],
      roots: [],
      workloads: [workload],
      ...(storeTech ? { storeTech } : {}),
      ...(attributes.gateway === true ? { gateway: true } : {}),
    });
  }
  return [...out.values()];
}

/** Flows a cloud resource declares: a gateway route to its Lambda, a queue to its consumer... */
export function connectCloud(components: DraftComponent[], flows: FlowSet): void {
  const byWorkload = new Map<string, DraftComponent>();
  for (const c of components) for (const w of c.workloads) if (!byWorkload.has(w.workload)) byWorkload.set(w.workload, c);
  for (const component of components) {
    for (const workload of component.workloads) {
      const targets = String(workload.attributes?.routesTo ?? '').split(',').filter(Boolean);
      for (const name of targets) {
        const target = byWorkload.get(name);
        if (!target || target.id === component.id) continue;
        const protocol = typeof workload.attributes?.routeProtocol === 'string' ? workload.attributes.routeProtocol : 'HTTPS';
        flows.add(component.id, target.id, protocol, workload.evidence, { encrypted: protocol === 'HTTPS' ? true : 'unknown' });
      }
    }
  }
}
