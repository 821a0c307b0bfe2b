// Configuration files that a deployment mounts into a container (`./nginx.conf:/etc/nginx/nginx.conf`,
// `./provisioning/:/etc/grafana/provisioning/`): the file configures that workload, so what the
// file says it connects to is the workload's connection, even when the workload runs a stock
// image and has no source folder of its own.
import { posix } from 'node:path';
import type { DraftComponent } from './components.js';
import { owningComponent } from './components.js';
import { isUnder, normaliseRoot } from './facts.js';

/** Repository-relative source of a bind mount, or undefined for named volumes and absolute host paths. */
export function bindSource(volume: string, composeFile: string): string | undefined {
  const source = volume.split(':')[0];
  if (!source || !(source.startsWith('./') || source.startsWith('../') || source === '.')) return undefined;
  const joined = posix.normalize(posix.join(posix.dirname(composeFile), source));
  if (joined.startsWith('..')) return undefined;
  return normaliseRoot(joined);
}

/** Components whose workloads mount each repository path (longest path wins when looking up). */
export function mountOwners(components: DraftComponent[]): (file: string) => DraftComponent | undefined {
  const mounts: { path: string; component: DraftComponent }[] = [];
  for (const component of components) {
    for (const workload of component.workloads) {
      for (const volume of workload.volumes ?? []) {
        const path = bindSource(volume, workload.evidence.file);
        if (path && path !== '.') mounts.push({ path, component });
      }
    }
  }
  mounts.sort((a, b) => b.path.length - a.path.length);
  return (file) => {
    const owners = new Set(mounts.filter((m) => isUnder(file, m.path)).map((m) => m.component));
    // One mounting component, or several mounts of the same longest path by one component.
    const first = mounts.find((m) => isUnder(file, m.path));
    return owners.size === 1 || (first && [...owners].every((o) => o === first.component)) ? first?.component : undefined;
  };
}

/**
 * The component a configuration file configures: the one mounting it, else the one whose own
 * source folder holds it. A repository-root component does not claim every configuration file
 * in the tree (CI configs, examples and other deployments' files are not its connections).
 */
export function configOwner(components: DraftComponent[]): (file: string) => DraftComponent | undefined {
  const mounted = mountOwners(components);
  const code = components.filter((c) => c.roots.some((r) => r !== '.'));
  return (file) => {
    const byMount = mounted(file);
    if (byMount) return byMount;
    const owner = owningComponent(code, file);
    return owner && owner.roots.some((r) => r !== '.' && isUnder(file, r)) ? owner : undefined;
  };
}
