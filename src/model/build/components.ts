import { stableId } from '../ids.js';
import type { Component, DeploymentFact, Evidence, Exposure, ProjectFact } from '../types.js';
import type { FactIndex } from './facts.js';
import { isUnder, normaliseRoot } from './facts.js';
import { cloudComponents, cloudKindOf } from './cloud.js';
import { componentKindOfStore, STORE_TECH, storeDisplay, storeTechOfImage } from './tech.js';
import { imageRepository, matchWorkloadToSource } from './workload-match.js';

/** A component under construction, with what the builder needs beyond the public shape. */
export interface DraftComponent extends Component {
  /** Source folders that belong to it (service/frontend/function), longest first when matching. */
  roots: string[];
  /** Deployment workloads that run it. */
  workloads: DeploymentFact[];
  /** Why exposure was decided, for notes and assumptions. */
  exposureReason?: string;
  /** Store technology for datastores. */
  storeTech?: string;
  /** A managed API gateway (API Gateway, Cloud Endpoints...): reached by clients without entry points of its own. */
  gateway?: boolean;
}

const CODE_ROLES = new Set(['service', 'frontend', 'function', 'cli']);

function draft(partial: Omit<DraftComponent, 'id' | 'evidence' | 'notes' | 'paths' | 'workloads' | 'roots' | 'tech'> & Partial<DraftComponent>, key: string): DraftComponent {
  return {
    id: stableId('component', key),
    evidence: [],
    notes: [],
    paths: [],
    workloads: [],
    roots: [],
    tech: [],
    ...partial,
  };
}

function pushEvidence(list: Evidence[], evidence: Evidence): void {
  if (!list.some((e) => e.file === evidence.file && e.line === evidence.line)) list.push(evidence);
}

/** Code components: one per service/frontend/function project, matched to deployment workloads. */
function codeComponents(facts: FactIndex, productName: string): DraftComponent[] {
  const components: DraftComponent[] = [];
  const projects = [...facts.of('project')].sort((a, b) => a.root.localeCompare(b.root));
  const byRoot = new Map<string, ProjectFact>();
  for (const project of projects) if (!byRoot.has(project.root)) byRoot.set(project.root, project);

  for (const project of byRoot.values()) {
    if (!CODE_ROLES.has(project.role)) continue;
    const kind = project.role === 'frontend' ? 'frontend' : project.role === 'function' ? 'function' : 'service';
    const component = draft(
      {
        name: project.name,
        kind,
        language: project.language,
        exposure: 'internal',
        trustZone: '',
        roots: [project.root],
        tech: [...project.frameworks],
      },
      `code:${project.root}`,
    );
    component.paths.push(project.root);
    pushEvidence(component.evidence, project.evidence);
    components.push(component);
  }

  // Deployed workloads built from a folder with no recognised project are still services.
  for (const workload of facts.of('deployment')) {
    if (workload.buildContext === undefined) continue;
    const root = normaliseRoot(workload.buildContext);
    if (components.some((c) => c.roots.includes(root))) continue;
    const component = draft(
      { name: workload.workload === '.' ? productName : displayName(workload), kind: cloudKindOf(workload) === 'function' ? 'function' : 'service', exposure: 'internal', trustZone: '', roots: [root] },
      `code:${root}`,
    );
    component.paths.push(root);
    components.push(component);
  }

  // Entry points or sinks outside every project: the repository root is the service.
  const covered = (file: string) => components.some((c) => c.roots.some((r) => isUnder(file, r)));
  // Spec-declared entry points (OpenAPI, proto) describe services, they are not code of the root.
  const code = facts.of('entrypoint').filter((f) => !f.tags?.includes('declared'));
  const stray = [...code, ...facts.of('sink'), ...facts.of('datastore-client')].find((f) => !covered(f.evidence.file));
  if (stray) {
    const component = draft({ name: productName, kind: 'service', exposure: 'internal', trustZone: '', roots: ['.'] }, 'code:.');
    component.paths.push('.');
    components.push(component);
  }
  return components;
}

/** The code component owning a file: the one with the longest root containing it. */
export function owningComponent<T extends DraftComponent>(components: readonly T[], file: string): T | undefined {
  let best: T | undefined;
  let bestLength = -1;
  for (const component of components) {
    for (const root of component.roots) {
      if (!isUnder(file, root)) continue;
      const length = root === '.' ? 0 : root.length;
      if (length > bestLength) {
        best = component;
        bestLength = length;
      }
    }
  }
  return best;
}

/** What a workload is called in the model: its display name for cloud resources (`orders`, not `aws_lambda_function.orders`). */
function displayName(workload: DeploymentFact): string {
  const name = workload.attributes?.displayName;
  return typeof name === 'string' && name ? name : workload.workload;
}

function attach(target: DraftComponent, workload: DeploymentFact): void {
  // The first orchestrated workload names the component (Compose before Kubernetes, by path order).
  if (workload.platform !== 'docker' && workload.workload && !target.workloads.some((w) => w.platform !== 'docker')) target.name = displayName(workload);
  target.workloads.push(workload);
  pushEvidence(target.evidence, workload.evidence);
  if (workload.image && !target.tech.includes(workload.image)) target.tech.push(workload.image);
  if (target.kind === 'service' && cloudKindOf(workload) === 'function') target.kind = 'function';
}

/** Attaches deployment workloads to the code components they build, and names them after the workload. */
function attachWorkloads(components: DraftComponent[], facts: FactIndex): DeploymentFact[] {
  const unattached: DeploymentFact[] = [];
  for (const workload of facts.of('deployment')) {
    const root = workload.buildContext === undefined ? undefined : normaliseRoot(workload.buildContext);
    const target = root === undefined ? undefined : components.find((c) => c.roots.includes(root)) ?? owningComponent(components, root === '.' ? '' : `${root}/x`);
    if (!target || root === undefined) {
      unattached.push(workload);
      continue;
    }
    attach(target, workload);
  }
  // Second pass, once every build context is known: image-only workloads that run our own code.
  const left: DeploymentFact[] = [];
  for (const workload of unattached) {
    const target = matchWorkloadToSource(workload, components);
    if (target) attach(target, workload);
    else left.push(workload);
  }
  return left;
}

/**
 * The component another platform already made for the same image: a Compose `db: postgres:16` and
 * a Kubernetes `postgres` StatefulSet are one database when each platform runs that image once.
 */
function sameImageElsewhere(components: Iterable<DraftComponent>, workload: DeploymentFact, all: DeploymentFact[]): DraftComponent | undefined {
  if (!workload.image) return undefined;
  const repo = imageRepository(workload.image);
  const once = (platform: string) => all.filter((w) => w.platform === platform && w.image && imageRepository(w.image) === repo).length === 1;
  if (!once(workload.platform)) return undefined;
  const candidates = [...components].filter((c) => c.workloads.every((w) => w.platform !== workload.platform) && c.workloads.some((w) => w.image && imageRepository(w.image) === repo && once(w.platform)));
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** Image-only workloads: data stores (postgres, redis...) or opaque services (an nginx, a third-party app). */
function imageComponents(workloads: DeploymentFact[]): DraftComponent[] {
  const byName = new Map<string, DraftComponent>();
  const withImage = workloads.filter((w) => w.image);
  for (const workload of workloads) {
    if (!workload.image) continue;
    const tech = storeTechOfImage(workload.image);
    const existing = byName.get(workload.workload) ?? sameImageElsewhere(byName.values(), workload, withImage);
    if (existing) {
      existing.workloads.push(workload);
      pushEvidence(existing.evidence, workload.evidence);
      continue;
    }
    const component = tech
      ? draft(
          { name: workload.workload, kind: componentKindOfStore(STORE_TECH[tech].storeKind), exposure: 'internal', trustZone: '', storeTech: tech, tech: [storeDisplay(tech), workload.image] },
          `workload:${workload.workload}`,
        )
      : draft({ name: workload.workload, kind: 'service', exposure: 'internal', trustZone: '', tech: [workload.image] }, `workload:${workload.workload}`);
    component.workloads.push(workload);
    pushEvidence(component.evidence, workload.evidence);
    byName.set(workload.workload, component);
  }
  return [...byName.values()];
}

export function discoverComponents(facts: FactIndex, productName: string): DraftComponent[] {
  const code = codeComponents(facts, productName);
  const unattached = attachWorkloads(code, facts);
  return [...code, ...imageComponents(unattached), ...cloudComponents(unattached)];
}

/** Exposure from deployment: published on all interfaces or behind an ingress means internet. */
export function deploymentExposure(component: DraftComponent): { exposure: Exposure; reason: string } | undefined {
  // A Dockerfile says how an image is built, not how it is reached: only orchestration files
  // (compose, Kubernetes, Terraform...) decide exposure.
  const orchestrated = component.workloads.filter((w) => w.platform !== 'docker');
  if (orchestrated.length === 0) return undefined;
  const internet = orchestrated.find((w) => w.exposure === 'internet');
  if (internet) return { exposure: 'internet', reason: `${internet.platform} ${internet.workload} is reachable from outside (${internet.evidence.file}:${internet.evidence.line})` };
  return { exposure: 'internal', reason: `deployed by ${orchestrated[0].platform} without a public port or ingress` };
}
