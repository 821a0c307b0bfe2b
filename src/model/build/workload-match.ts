// Matching orchestrated workloads that name only an image (Kubernetes, Helm, image-only Compose
// services) to the source folders that build them. A Kubernetes Deployment rarely says where its
// image comes from, so the builder looks for the same service under other names:
//
//   1. the same image repository is built by a workload that has a build context
//      (Compose `build:` + `image:`), so it is that folder;
//   2. the image's last path segment equals a code component's name, its folder's base name or
//      the name of a workload already attached to it (`ghcr.io/acme/orders:1.2` ↔ `services/orders`),
//      or ends with `-<that name>` for exactly one component (`acme/shop-orders` ↔ `orders`);
//   3. the workload's own name (or Compose `container_name`) equals one of those names, unless
//      its image is a well-known data store (a `postgres` StatefulSet is the database, not a
//      `postgres` folder of migrations);
//   4. the image's last segment is the project's manifest name up to separators or a leading
//      qualifier (`dsyer/petclinic` ↔ Maven artifactId `spring-petclinic`), for exactly one
//      component, and not a data store image.
//
// A workload matching no component, or several, stays an image-only component.
import { posix } from 'node:path';
import type { DeploymentFact } from '../types.js';
import { isUnder, normaliseRoot } from './facts.js';
import type { DraftComponent } from './components.js';
import { storeTechOfImage } from './tech.js';

/** Image repository without registry, tag or digest: `ghcr.io/acme/orders:1.2` → `acme/orders`. */
export function imageRepository(image: string): string {
  const noDigest = image.split('@')[0];
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const noTag = colon > slash ? noDigest.slice(0, colon) : noDigest;
  const parts = noTag.split('/');
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) parts.shift();
  return parts.join('/').toLowerCase();
}

function lastSegment(image: string): string {
  const repo = imageRepository(image);
  return repo.slice(repo.lastIndexOf('/') + 1);
}

function namesOf(component: DraftComponent): Set<string> {
  const names = new Set<string>([component.name.toLowerCase()]);
  for (const root of component.roots) if (root !== '.') names.add(root.slice(root.lastIndexOf('/') + 1).toLowerCase());
  for (const w of component.workloads) names.add(w.workload.toLowerCase());
  return names;
}

function unique(candidates: DraftComponent[]): DraftComponent | undefined {
  const distinct = [...new Set(candidates)];
  return distinct.length === 1 ? distinct[0] : undefined;
}

/** The code component an image-only workload runs, by the heuristics above; undefined when unsure. */
export function matchWorkloadToSource(workload: DeploymentFact, code: DraftComponent[]): DraftComponent | undefined {
  if (!workload.image || workload.platform === 'docker') return undefined;
  const repo = imageRepository(workload.image);
  const built = unique(code.filter((c) => c.workloads.some((w) => w.buildContext !== undefined && w.image && imageRepository(w.image) === repo)));
  if (built) return built;
  const segment = lastSegment(workload.image);
  const bySegment = unique(code.filter((c) => namesOf(c).has(segment)));
  if (bySegment) return bySegment;
  const bySuffix = unique(code.filter((c) => [...namesOf(c)].some((n) => n.length > 2 && segment.endsWith(`-${n}`))));
  if (bySuffix) return bySuffix;
  if (storeTechOfImage(workload.image)) return undefined;
  const own = [workload.workload, workload.attributes?.containerName].filter((n): n is string => typeof n === 'string' && n !== '').map((n) => n.toLowerCase());
  const byName = unique(code.filter((c) => own.some((n) => namesOf(c).has(n))));
  if (byName) return byName;
  return unique(code.filter((c) => [...namesOf(c)].some((n) => similarName(n, segment))));
}

const alphanumeric = (name: string) => name.replace(/[^a-z0-9]/g, '');

/**
 * A project name and an image name that differ only by separators (`spring_petclinic` ↔
 * `spring-petclinic`) or by a leading qualifier on the project (`spring-petclinic` ↔ image
 * `petclinic`, a Maven artifactId or package name prefixed with the framework or organisation).
 */
function similarName(name: string, segment: string): boolean {
  if (segment.length < 4) return false;
  if (alphanumeric(name) === alphanumeric(segment)) return true;
  return name.endsWith(`-${segment}`) || name.endsWith(`_${segment}`) || name.endsWith(`.${segment}`);
}

/** Folders that hold Dockerfiles for many services rather than one service's code. */
const DOCKERFILE_FOLDERS = new Set(['docker', 'dockerfiles', '.docker', 'build', 'builds', 'deploy', 'deployment', 'deployments', 'ci', '.ci', 'containers', 'images', 'infra', 'ops', 'scripts']);

/**
 * The source folder a built workload runs. Usually its build context; but when several services
 * share a wide context (`context: .` with `dockerfile: services/orders/Dockerfile`, common in
 * monorepos) the Dockerfile's folder says which service it is, or the folder its `target:` stage
 * builds (`prod.Dockerfile` target `backend` → `packages/backend`). A folder of Dockerfiles
 * (`docker/api.Dockerfile`) says nothing and the context stays.
 */
export function sourceRootOf(workload: DeploymentFact): string | undefined {
  if (workload.buildContext === undefined) return undefined;
  // The folder the service's `target:` stage builds (compose link step), over a wide context.
  const target = workload.attributes?.targetRoot;
  if (typeof target === 'string' && target !== '') return normaliseRoot(target);
  const root = normaliseRoot(workload.buildContext);
  const dockerfile = workload.attributes?.buildDockerfile;
  if (typeof dockerfile !== 'string' || dockerfile.includes('$') || dockerfile.startsWith('/')) return root;
  const dir = posix.dirname(posix.normalize(posix.join(root === '.' ? '' : root, dockerfile)));
  if (dir === '.' || dir === root || dir.startsWith('..') || !isUnder(dir, root)) return root;
  const base = dir.slice(dir.lastIndexOf('/') + 1).toLowerCase();
  return DOCKERFILE_FOLDERS.has(base) ? root : dir;
}
