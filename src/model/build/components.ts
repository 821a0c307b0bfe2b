import { posix } from 'node:path';
import { stableId } from '../ids.js';
import type { Component, DeploymentFact, Evidence, Exposure, ProjectFact } from '../types.js';
import type { FactIndex } from './facts.js';
import { isUnder } from './facts.js';
import { cloudComponents, cloudKindOf } from './cloud.js';
import { componentKindOfStore, STORE_TECH, storeDisplay, storeTechOfImage } from './tech.js';
import { imageRepository, matchWorkloadToSource, sourceRootOf } from './workload-match.js';

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
  const projects = facts.of('project').filter((p) => !isToolingPath(p.root)).sort((a, b) => a.root.localeCompare(b.root));
  const byRoot = new Map<string, ProjectFact>();
  for (const project of projects) if (!byRoot.has(project.root)) byRoot.set(project.root, project);

  for (const project of byRoot.values()) {
    if (!CODE_ROLES.has(project.role)) continue;
    const kind = project.role === 'frontend' ? 'frontend' : project.role === 'function' ? 'function' : 'service';
    const component = draft(
      {
        name: manifestName(project, projects, productName),
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
  const deployments = productDeployments(facts);
  const orchestratedRoots = new Set(deployments.filter((w) => w.platform !== 'docker').map(sourceRootOf));
  for (const workload of deployments) {
    const root = sourceRootOf(workload);
    if (root === undefined) continue;
    if (components.some((c) => c.roots.includes(root))) continue;
    if (workload.platform === 'docker' && !orchestratedRoots.has(root) && isBuildHelper(root, components)) continue;
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
  const stray = [...code, ...facts.of('sink'), ...facts.of('datastore-client')].find((f) => !covered(f.evidence.file) && !isToolingPath(f.evidence.file));
  if (stray) {
    const component = draft({ name: productName, kind: 'service', exposure: 'internal', trustZone: '', roots: ['.'] }, 'code:.');
    component.paths.push('.');
    components.push(component);
  }
  return components;
}

/** Names extractors fall back to when a manifest declares none (a root `build.gradle`, a `Gemfile`). */
const PLACEHOLDER_NAMES = new Set(['root', 'app', '.', '']);

/**
 * The name a project's manifests give it. A root `build.gradle` or `Gemfile` declares no name and
 * reads `root`; another manifest of the same folder does (`pom.xml` artifactId, `settings.gradle`
 * rootProject.name, Rails `module <App>` in config/application.rb), and that name wins.
 */
function manifestName(project: ProjectFact, all: readonly ProjectFact[], productName: string): string {
  if (!PLACEHOLDER_NAMES.has(project.name.toLowerCase())) return project.name;
  const declared = all.find((p) => p.root === project.root && !PLACEHOLDER_NAMES.has(p.name.toLowerCase()));
  // `root` is what extractors write for an unnamed root manifest: the product (repository) name says more.
  return declared?.name ?? (project.root === '.' && project.name === 'root' && productName ? productName : project.name);
}

/**
 * A deployment names the service it runs (Compose service names win over manifest names), unless
 * that name is a placeholder (`app`) and the manifests gave a real one (`lobsters`).
 */
function deployedName(component: DraftComponent, name: string): string {
  return PLACEHOLDER_NAMES.has(name.toLowerCase()) && !PLACEHOLDER_NAMES.has(component.name.toLowerCase()) && component.roots.length > 0 ? component.name : name;
}

/**
 * Developer and CI tooling: a dev container (`.devcontainer/devcontainer.json`, its Dockerfile and
 * Compose file) or CI configuration (`.github/`, `.gitlab/`, `.circleci/`...) describes how the
 * code is built or edited, not a part of the product, so it makes no service or datastore.
 */
const TOOLING_FOLDER = /(?:^|\/)(?:\.devcontainer|\.github|\.gitlab|\.circleci|\.buildkite|\.woodpecker|\.gitea|\.forgejo)(?:\/|$)/;

export function isToolingPath(path: string): boolean {
  return TOOLING_FOLDER.test(path);
}

/**
 * Compose files that start what a test suite needs (`cypress/docker-compose.yml`,
 * `test/manual-test-radius/compose.yaml`, `docker-compose.e2e.yml`): their services are a test
 * harness and its throwaway stores, not parts of the product.
 */
const TEST_COMPOSE = /(?:^|\/)(?:test|tests|__tests__|e2e|cypress|playwright|testing|integration-tests?)\/|(?:^|\/)(?:docker-)?compose(?:[.-][\w-]+)*[.-](?:test|tests|e2e|ci)\.ya?ml$/i;

export function isTestCompose(workload: DeploymentFact): boolean {
  return workload.platform === 'compose' && TEST_COMPOSE.test(workload.evidence.file);
}

/** Deployment workloads of the product: not defined in, nor built from, a tooling folder, nor a test harness. */
function productDeployments(facts: FactIndex): DeploymentFact[] {
  return facts.of('deployment').filter((w) => {
    if (isToolingPath(w.evidence.file) || isTestCompose(w)) return false;
    const root = sourceRootOf(w);
    return root === undefined || !isToolingPath(root);
  });
}

const TEST_FOLDER = /(?:^|\/)(?:test|tests|e2e|testing|integration-tests?)(?:\/|$)/i;

/**
 * A Dockerfile nothing deploys, inside another component's folder (`orders/genproto/Dockerfile`
 * generating code) or in a test folder (a test harness image): a build helper, not a service.
 */
function isBuildHelper(root: string, components: DraftComponent[]): boolean {
  if (TEST_FOLDER.test(root)) return true;
  return components.some((c) => c.roots.some((r) => r !== '.' && r !== root && isUnder(root, r)));
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
  if (workload.platform !== 'docker' && workload.workload && !target.workloads.some((w) => w.platform !== 'docker')) target.name = deployedName(target, displayName(workload));
  target.workloads.push(workload);
  pushEvidence(target.evidence, workload.evidence);
  if (workload.image && !target.tech.includes(workload.image)) target.tech.push(workload.image);
  if (target.kind === 'service' && cloudKindOf(workload) === 'function') target.kind = 'function';
}

const BASE_COMPOSE = /^(?:docker-)?compose\.ya?ml$/i;

/**
 * Several orchestrated workloads build the same folder (a test or override Compose file next to
 * the main one): the name is the workload named like the folder, else the one from the base
 * Compose file, else the first.
 */
function renameByWorkloads(component: DraftComponent): void {
  const all = component.workloads.filter((w) => w.platform !== 'docker' && w.workload);
  if (all.length < 2) return;
  // Services that run this code in production first: not one whose image copies nothing from the
  // folder (a `maildev` built FROM node with `npm i -g maildev`), nor one only in a dev, test or
  // deprecated profile (`hoppscotch-old-backend`).
  const runsCode = (w: DeploymentFact) => {
    const built = component.workloads.find((d) => d.platform === 'docker' && d.evidence.file === dockerfileOf(w));
    return built?.attributes?.copiesSource !== false && typeof w.attributes?.devOnly !== 'string';
  };
  const orchestrated = all.some(runsCode) ? all.filter(runsCode) : all;
  const folders = new Set(component.roots.map((r) => r.slice(r.lastIndexOf('/') + 1).toLowerCase()));
  const base = (w: DeploymentFact) => BASE_COMPOSE.test(w.evidence.file.slice(w.evidence.file.lastIndexOf('/') + 1));
  const chosen = orchestrated.find((w) => folders.has(w.workload.toLowerCase())) ?? orchestrated.find(base) ?? orchestrated[0];
  component.name = deployedName(component, displayName(chosen));
}

/** The Dockerfile a Compose service builds (`context` + `dockerfile`), as a repository path. */
function dockerfileOf(service: DeploymentFact): string | undefined {
  if (service.platform !== 'compose' || service.buildContext === undefined) return undefined;
  const written = service.attributes?.buildDockerfile;
  const name = typeof written === 'string' ? written.replace(/^\.\//, '') : 'Dockerfile';
  return service.buildContext === '.' ? name : posix.join(service.buildContext, name);
}

/** Attaches deployment workloads to the code components they build, and names them after the workload. */
function attachWorkloads(components: DraftComponent[], facts: FactIndex): DeploymentFact[] {
  const unattached: DeploymentFact[] = [];
  for (const workload of productDeployments(facts)) {
    const root = sourceRootOf(workload);
    const target = root === undefined ? undefined : components.find((c) => c.roots.includes(root)) ?? owningComponent(components, root === '.' ? '' : `${root}/x`);
    if (!target || root === undefined) {
      unattached.push(workload);
      continue;
    }
    attach(target, workload);
  }
  for (const component of components) renameByWorkloads(component);
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

/** A Compose service in an override file (`compose.prod.yaml`) that only adds env, volumes or ports. */
function isOverride(workload: DeploymentFact): boolean {
  return workload.platform === 'compose' && !workload.image && workload.buildContext === undefined;
}

/** Override entries join the component of the same service defined in another Compose file. */
function attachOverrides(components: DraftComponent[], overrides: DeploymentFact[]): DeploymentFact[] {
  const left: DeploymentFact[] = [];
  for (const workload of overrides) {
    const target = components.find((c) => c.workloads.some((w) => w.platform === 'compose' && w.workload === workload.workload && w !== workload));
    if (!target) {
      left.push(workload);
      continue;
    }
    target.workloads.push(workload);
    pushEvidence(target.evidence, workload.evidence);
  }
  return left;
}

/**
 * A folder with no code project whose Dockerfile starts FROM a well-known data store or broker
 * image (`FROM apache/kafka`, `FROM opensearchproject/opensearch` plus configuration) builds that
 * store: it is a datastore/queue component, and code using that technology connects to it.
 */
function storesBuiltFromImages(components: DraftComponent[]): void {
  for (const component of components) {
    if (component.language !== undefined || component.storeTech || component.kind !== 'service') continue;
    const base = component.workloads.find((w) => w.platform === 'docker' && w.image)?.image;
    const tech = base ? storeTechOfImage(base) : undefined;
    if (!tech) continue;
    component.storeTech = tech;
    component.kind = componentKindOfStore(STORE_TECH[tech].storeKind);
    component.tech.unshift(storeDisplay(tech));
  }
}

export function discoverComponents(facts: FactIndex, productName: string): DraftComponent[] {
  const code = codeComponents(facts, productName);
  const unattached = attachWorkloads(code, facts);
  storesBuiltFromImages(code);
  const images = imageComponents(unattached);
  const all = [...code, ...images];
  const left = attachOverrides(all, unattached.filter(isOverride));
  const rest = unattached.filter((w) => !isOverride(w) || left.includes(w));
  return [...all, ...cloudComponents(rest)];
}

/** Exposure from deployment: published on all interfaces or behind an ingress means internet. */
export function deploymentExposure(component: DraftComponent): { exposure: Exposure; reason: string } | undefined {
  // A Dockerfile says how an image is built, not how it is reached: only orchestration files
  // (compose, Kubernetes, Terraform...) decide exposure.
  const orchestrated = component.workloads.filter((w) => w.platform !== 'docker');
  if (orchestrated.length === 0) return undefined;
  // A developer's stack publishes the database port for local tools; where the product is also
  // deployed by a file that is not for development, that deployment decides.
  const deployed = orchestrated.filter((w) => !w.attributes?.devOnly);
  const deciding = deployed.length > 0 ? deployed : orchestrated;
  const internet = deciding.find((w) => w.exposure === 'internet');
  if (internet) return { exposure: 'internet', reason: `${internet.platform} ${internet.workload} is reachable from outside (${internet.evidence.file}:${internet.evidence.line})` };
  return { exposure: 'internal', reason: `deployed by ${deciding[0].platform} without a public port or ingress` };
}
