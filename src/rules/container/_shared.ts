// Helpers shared by the container rules (underscore: not a rule, skipped by the registry).
import type { DeploymentFact, Evidence, Fact } from '../../model/types.js';
import type { RuleContext } from '../types.js';
import { isDevelopmentOnly } from '../../util/development-paths.js';

/** Extractors whose facts this pack judges; Kubernetes and cloud IaC have packs of their own. */
export const CONTAINER_EXTRACTORS = new Set(['iac/dockerfile', 'iac/compose']);

export function isContainerFact(fact: Fact): boolean {
  return CONTAINER_EXTRACTORS.has(fact.extractor);
}

/** Docker and Compose deployment facts. */
export function containerDeployments(ctx: RuleContext): DeploymentFact[] {
  return ctx.factsOf('deployment').filter(isContainerFact);
}

/**
 * The component a deployment belongs to: the one the builder attached it to (it carries the
 * deployment's evidence), else the code component owning its build context or its file.
 */
export function elementsOf(ctx: RuleContext, fact: DeploymentFact): string[] {
  const { file, line } = fact.evidence;
  const attached = ctx.system.components.find((c) => c.evidence.some((e) => e.file === file && e.line === line));
  if (attached) return [attached.id];
  if (fact.buildContext !== undefined) {
    const built = ctx.componentOf(fact.buildContext === '.' ? 'Dockerfile' : `${fact.buildContext}/Dockerfile`);
    if (built) return [built.id];
  }
  const owner = fact.platform === 'docker' ? ctx.componentOf(file) : undefined;
  return owner ? [owner.id] : [];
}

/** The Compose service or Dockerfile whose block holds `evidence`: the nearest deployment above it. */
export function deploymentAround(ctx: RuleContext, evidence: Evidence): DeploymentFact | undefined {
  let best: DeploymentFact | undefined;
  for (const fact of containerDeployments(ctx)) {
    if (fact.evidence.file !== evidence.file) continue;
    if (fact.platform === 'docker') return fact;
    if (fact.evidence.line <= evidence.line && (!best || fact.evidence.line > best.evidence.line)) best = fact;
  }
  return best;
}

/** Evidence at another line of the same file (an instruction the deployment fact points to). */
export function evidenceAtLine(fact: DeploymentFact, line: unknown): Evidence {
  return typeof line === 'number' && line > 0 ? { file: fact.evidence.file, line } : fact.evidence;
}

/** What to call a workload in messages: the service name, the Dockerfile's folder, or its path at the root. */
export function workloadLabel(fact: DeploymentFact): string {
  return fact.platform === 'docker' && fact.workload === '.' ? fact.evidence.file : fact.workload;
}

/** Stable finding key: file and workload, never a line number. */
export function deploymentKey(fact: DeploymentFact, suffix?: string): string {
  return `${fact.evidence.file}#${fact.workload}${suffix ? `#${suffix}` : ''}`;
}

export { isDevelopmentOnly, isNonProductionCode } from '../../util/development-paths.js';

/** Docker and Compose deployments that can run in production (dev containers and test images left out). */
export function runtimeDeployments(ctx: RuleContext): DeploymentFact[] {
  return containerDeployments(ctx).filter((f) => !isDevelopmentOnly(f.evidence.file));
}

/**
 * A Compose file that only runs backing services for local work: it is named for development or
 * tests, or none of its services builds the product and every one is a data store (`db` and
 * `redis` beside `npm run dev`). Its literal passwords and published ports are a developer's
 * machine, not production, unless the same file is deployed: findings there are less likely.
 */
export function localBackingServices(ctx: RuleContext, file: string): boolean {
  if (isDevelopmentOnly(file)) return true;
  const services = containerDeployments(ctx).filter((d) => d.platform === 'compose' && d.evidence.file === file);
  // A service built FROM a store image (`build: ./docker/local-postgres`) is a data store too, not the product.
  return services.length > 0 && services.every((d) => typeof d.attributes?.datastore === 'string');
}

/**
 * Findings that still apply to test, CI and development files (secrets, supply chain, published
 * ports of a local-services Compose file) are less likely to matter in production there.
 */
export function lessLikely(ctx: RuleContext, file: string): { likelihood?: 'low' } {
  return localBackingServices(ctx, file) ? { likelihood: 'low' } : {};
}

/** The Dockerfile path a Compose service builds, or undefined when it has no local build. */
function dockerfileOf(service: DeploymentFact): string | undefined {
  if (service.platform !== 'compose' || service.buildContext === undefined) return undefined;
  const written = service.attributes?.buildDockerfile;
  const name = typeof written === 'string' ? written.replace(/^\.\//, '') : 'Dockerfile';
  return service.buildContext === '.' ? name : `${service.buildContext}/${name}`;
}

/** The Compose services that build this Dockerfile (their context and file name match). */
function composeBuilders(ctx: RuleContext, docker: DeploymentFact): DeploymentFact[] {
  return containerDeployments(ctx).filter((d) => dockerfileOf(d) === docker.evidence.file);
}

/** Whether a Compose service builds this Dockerfile (its context and file name match). */
export function builtByCompose(ctx: RuleContext, docker: DeploymentFact): boolean {
  return composeBuilders(ctx, docker).length > 0;
}

/**
 * Where a container file sits between a developer's machine and production:
 *  - `development`: a dev or test stack (`docker/development/compose.yml`, `name: shop-test`, a
 *    header saying "DO NOT USE IN PRODUCTION", services only in `deprecated`/`test` profiles, an
 *    image only such services build, a secret of a build stage the running image does not inherit);
 *  - `example`: a deployment people copy or run locally, not the product's release (`examples/`,
 *    an image started by a dev script such as `startup.dev.sh`, a stack that runs one).
 * Findings there are capped: low for development, medium for examples.
 */
export interface DeploymentContext {
  level: 'development' | 'example';
  reason: string;
}

/** Compose files in a development folder (`dev/containers/docker-compose.yml`, `docker/development/compose.yml`). */
const DEV_COMPOSE_DIRS = /(^|\/)(dev|development|develop|testing|local)\//;
/** `examples/`, and folders named for examples of one kind (`docker-examples/`, `kubernetes-examples/`, `sample_app/`). */
const EXAMPLE_DIRS = /(^|\/)([\w.]+[-_.])?(examples?|samples?)([-_.][\w.-]+)?\//i;

/** A file in an example folder: a deployment people copy or run locally, not the product's release. */
export function inExampleFolder(file: string): boolean {
  return EXAMPLE_DIRS.test(file);
}

export function deploymentContext(ctx: RuleContext, fact: DeploymentFact): DeploymentContext | undefined {
  const file = fact.evidence.file;
  if (isDevelopmentOnly(file)) return { level: 'development', reason: 'a development or test file' };
  if (fact.platform === 'compose') return composeContext(ctx, fact);
  if (fact.platform !== 'docker') return undefined;
  const builders = composeBuilders(ctx, fact).map((b) => composeContext(ctx, b));
  if (builders.length > 0 && builders.every((b) => b !== undefined)) {
    return builders.find((b) => b?.level === 'example') ?? { level: 'development', reason: `only built by ${builders[0]?.reason ?? 'development services'}` };
  }
  if (fact.attributes?.devCommand === true) return { level: 'example', reason: 'the image starts a development server or script' };
  return undefined;
}

function composeContext(ctx: RuleContext, service: DeploymentFact): DeploymentContext | undefined {
  const file = service.evidence.file;
  if (isDevelopmentOnly(file)) return { level: 'development', reason: 'a development or test file' };
  const dev = service.attributes?.devOnly;
  if (typeof dev === 'string') return { level: 'development', reason: dev };
  if (EXAMPLE_DIRS.test(file)) return { level: 'example', reason: 'an example deployment' };
  if (DEV_COMPOSE_DIRS.test(file)) return { level: 'development', reason: 'a Compose file in a development folder' };
  // A stack whose application image starts a dev script is a developer's stack, data stores included.
  const docker = containerDeployments(ctx).filter((d) => d.platform === 'docker');
  const services = containerDeployments(ctx).filter((d) => d.platform === 'compose' && d.evidence.file === file);
  if (services.some((s) => docker.some((d) => d.evidence.file === dockerfileOf(s) && d.attributes?.devCommand === true))) {
    return { level: 'example', reason: 'a stack that runs the application with a development start script' };
  }
  return undefined;
}

/** The severity cap of a finding on this deployment: low in development stacks, medium in examples. */
export function contextCap(context: DeploymentContext | undefined): { likelihood?: 'low'; impact?: 'low' } {
  if (!context) return {};
  return context.level === 'development' ? { likelihood: 'low', impact: 'low' } : { likelihood: 'low' };
}

/** Whether this secret sits in a build stage the running image does not inherit. */
export function buildStageSecret(fact: DeploymentFact | undefined, line: number): boolean {
  const lines = fact?.platform === 'docker' ? fact.attributes?.buildOnlySecretLines : undefined;
  return typeof lines === 'string' && lines.split(',').includes(String(line));
}

/**
 * A base or builder image (no CMD/ENTRYPOINT, named base/builder/deps; see the Dockerfile extractor)
 * that no Compose service runs: the images built FROM it decide the runtime user and health check.
 */
export function baseImageOnly(ctx: RuleContext, fact: DeploymentFact): boolean {
  return fact.platform === 'docker' && fact.attributes?.baseImage === true && !builtByCompose(ctx, fact);
}
