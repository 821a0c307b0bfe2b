// Matching orchestrated workloads that name only an image (Kubernetes, Helm, image-only Compose
// services) to the source folders that build them. A Kubernetes Deployment rarely says where its
// image comes from, so the builder looks for the same service under other names:
//
//   1. the same image repository is built by a workload that has a build context
//      (Compose `build:` + `image:`), so it is that folder;
//   2. the image's last path segment equals a code component's name, its folder's base name or
//      the name of a workload already attached to it (`ghcr.io/acme/orders:1.2` ↔ `services/orders`),
//      or ends with `-<that name>` for exactly one component (`acme/shop-orders` ↔ `orders`);
//   3. the workload's own name equals one of those names, unless its image is a well-known data
//      store (a `postgres` StatefulSet is the database, not a `postgres` folder of migrations).
//
// A workload matching no component, or several, stays an image-only component.
import type { DeploymentFact } from '../types.js';
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
  return unique(code.filter((c) => namesOf(c).has(workload.workload.toLowerCase())));
}
