// `FROM acme/shop:${TAG}` where acme/shop is the image this repository builds (a Compose service
// builds and tags it, or its name is the repository's own package scope): the Dockerfile adds a
// layer to our own image (Playwright browsers on top of the app) and runs as the user that image's
// Dockerfile ends with. Without a USER of its own it is not root when that Dockerfile switched away.
import { posix } from 'node:path';
import type { DeploymentFact, Fact } from '../../../model/types.js';
import { parseImageRef } from '../_lib/image.js';

/** `registry/ns/name:tag` → `ns/name`, lower-cased. */
function repository(image: string): string | undefined {
  const ref = parseImageRef(image);
  return ref ? ref.path.toLowerCase() : undefined;
}

/** Names this repository publishes under: npm scopes and package names of its projects (`@acme/web` → acme, web). */
function ownNames(facts: readonly Fact[]): Set<string> {
  const names = new Set<string>();
  for (const f of facts) {
    if (f.kind !== 'project' || !f.name) continue;
    const m = /^@([^/]+)\/(.+)$/.exec(f.name.toLowerCase());
    if (m) names.add(m[1]);
    else names.add(f.name.toLowerCase());
  }
  return names;
}

function dockerfileOf(service: DeploymentFact): string | undefined {
  if (service.buildContext === undefined) return undefined;
  const written = service.attributes?.buildDockerfile;
  const name = typeof written === 'string' ? written.replace(/^\.\//, '') : 'Dockerfile';
  return service.buildContext === '.' ? name : `${service.buildContext}/${name}`;
}

/**
 * The Dockerfile of this repository that builds `image`, if one can be told: the one a Compose
 * service builds under that image name, else, for an image named after the repository's own
 * package scope (`documenso/documenso` beside `@documenso/*`), the runtime Dockerfile in the same
 * folder or the only one that is neither a base image nor itself FROM our image.
 */
function sourceOf(image: string, self: DeploymentFact, facts: readonly Fact[], docker: DeploymentFact[]): DeploymentFact | undefined {
  const repo = repository(image);
  if (!repo) return undefined;
  const byFile = (file: string | undefined) => docker.find((d) => d.evidence.file === file && d !== self);
  for (const f of facts) {
    if (f.kind !== 'deployment' || f.platform !== 'compose' || !f.image || repository(f.image) !== repo) continue;
    const built = byFile(dockerfileOf(f));
    if (built) return built;
  }
  const own = ownNames(facts);
  // Official images (`node`, `postgres`) have no namespace: only a Compose build can make them ours.
  if (!repo.includes('/') || !repo.split('/').some((segment) => own.has(segment))) return undefined;
  const candidates = docker.filter((d) => d !== self && d.attributes?.baseImage !== true && !(d.image && repository(d.image) === repo));
  const dir = posix.dirname(self.evidence.file);
  return candidates.find((d) => posix.dirname(d.evidence.file) === dir && /^(?:Dockerfile|Containerfile)$/i.test(posix.basename(d.evidence.file))) ?? (candidates.length === 1 ? candidates[0] : undefined);
}

/** Dockerfiles with no USER whose base is our own non-root image: they run as that image's user. */
export function inheritOwnImageUser(facts: Fact[]): Fact[] {
  const docker = facts.filter((f): f is DeploymentFact => f.kind === 'deployment' && f.platform === 'docker');
  const inheriting = docker.filter((d) => d.runsAsRoot === true && d.attributes?.userLine === undefined && d.image);
  if (inheriting.length === 0) return facts;
  const changed = new Map<DeploymentFact, DeploymentFact>();
  for (const fact of inheriting) {
    const source = sourceOf(fact.image ?? '', fact, facts, docker);
    if (!source || source.runsAsRoot !== false) continue;
    changed.set(fact, { ...fact, runsAsRoot: false, attributes: { ...fact.attributes, inheritsUserFrom: source.evidence.file } });
  }
  return changed.size === 0 ? facts : facts.map((f) => (f.kind === 'deployment' ? changed.get(f) ?? f : f));
}
