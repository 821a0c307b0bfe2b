// Advisories below the application — the Linux kernel, OpenSSL, glibc and other system
// components — judged from what the repository shows: base images, OS packages installed in
// Dockerfiles, workloads' privileges and host access, and which services are exposed. It says
// plainly what code cannot show (the hosts' kernel, the exact patch level of a floating image tag).
import type { PackageRow, Profile } from '../catalog/query-types.js';
import type { ReachDeployment } from '../catalog/reach-types.js';
import { KNOWN_COMPONENTS } from './advisory/components.js';
import type { Advisory, AffectedSystem } from './advisory/types.js';
import { byDanger, describeEntry, entryPoints, ownersForFile } from './context.js';
import { evaluateVersion } from './match.js';
import { VERDICT_RANK } from './scope.js';
import type { IrChain, IrEvidence, IrFix, ProductVerdict, Verdict } from './types.js';
import { debianUpstream } from './versions/debian.js';
import { canonicalEcosystem, packageKey } from './versions/index.js';

/** Package keys (OS packages, images) that carry a system component, for the index lookup. */
export function systemPackageKeys(system: AffectedSystem): string[] {
  const known = KNOWN_COMPONENTS.find((c) => c.system === system.component);
  return (known?.packages ?? []).map((p) => packageKey(p.ecosystem, p.name));
}

/** Upstream version of a distribution package (`3.0.11-1~deb12u2` → 3.0.11, `3.1.4-r5` → 3.1.4). */
function upstreamOf(ecosystem: string, version: string): string {
  const eco = canonicalEcosystem(ecosystem);
  if (eco === 'debian' || eco === 'ubuntu') return (debianUpstream(version) ?? version).replace(/\+.*$/, '');
  if (eco === 'alpine') return version.replace(/-r\d+$/, '');
  return version;
}

type Family = 'alpine' | 'debian' | 'ubuntu' | 'distroless' | 'scratch' | 'busybox' | 'rhel' | 'unknown';

/** The distribution a base image is built on, from its name and tag (no registry lookups). */
export function imageFamily(name: string, tag: string): Family {
  const n = name.toLowerCase();
  const t = tag.toLowerCase();
  if (n === 'scratch') return 'scratch';
  if (n.includes('distroless') || n.startsWith('cgr.dev/')) return 'distroless';
  if (n === 'busybox') return 'busybox';
  if (n === 'alpine' || t.includes('alpine')) return 'alpine';
  if (n === 'ubuntu' || /jammy|noble|focal|bionic/.test(t)) return 'ubuntu';
  if (/ubi|rhel|centos|fedora|rocky|alma|amazonlinux/.test(n) || /ubi|el\d/.test(t)) return 'rhel';
  if (n === 'debian' || /bookworm|bullseye|buster|trixie|slim|stretch/.test(t)) return 'debian';
  // Official language images (node, python, ruby, openjdk, golang, nginx...) default to Debian.
  if (/^(library\/)?(node|python|ruby|golang|openjdk|eclipse-temurin|php|perl|nginx|httpd|postgres|redis|mysql|mariadb|rust|gradle|maven)$/.test(n)) return 'debian';
  return 'unknown';
}

function componentNames(profile: Profile, ids: Iterable<string>): string[] {
  return [...new Set([...ids].map((id) => profile.components[id]?.name ?? id))].sort();
}

function risky(d: ReachDeployment): string[] {
  const out: string[] = [];
  if (d.privileged) out.push('runs privileged');
  if (d.hostAccess?.length) out.push(`has host access (${d.hostAccess.slice(0, 3).join(', ')})`);
  if (d.runsAsRoot) out.push('runs as root');
  return out;
}

function kernelVerdict(profile: Profile, system: AffectedSystem, advisory: Advisory): Omit<ProductVerdict, 'priority'> & { danger: number } {
  const reasons: string[] = [];
  const evidence: IrEvidence[] = [];
  const deployments = profile.deployments;
  const exposedComponents = new Set(deployments.filter((d) => d.exposure === 'internet' && d.component).map((d) => d.component!));
  const entries = entryPoints(
    profile,
    Object.keys(profile.entryPoints).filter((id) => profile.entryPoints[id].exposure === 'internet'),
  );
  const base = { product: profile.name, slug: profile.slug, version: profile.version, ...(profile.commit ? { commit: profile.commit } : {}), packages: [], owners: profile.owners };
  const local = advisory.severity.attackVector === 'L';
  const range = system.matcher.kind === 'cve5' ? system.matcher.entries.map((e) => `${e.version}${e.lessThan ? ` to before ${e.lessThan}` : e.lessThanOrEqual ? ` to ${e.lessThanOrEqual}` : ''}`).join('; ') : '';
  if (deployments.length === 0 && profile.images.length === 0) {
    return {
      ...base,
      verdict: 'unknown',
      reasons: [`the repository has no container or deployment files, so where it runs, and on which ${system.title} version, cannot be told from code`],
      evidence,
      entryPoints: entries.slice(0, 5),
      chains: [],
      mitigations: [],
      fix: [],
      exposure: profile.exposure,
      components: [],
      danger: 3,
    };
  }
  reasons.push(`containers share the kernel of the host they run on: whether the nodes run an affected ${system.title}${range ? ` (${range})` : ''} is decided by the hosts, not by this repository, and a base image does not contain a kernel`);
  let danger = 2;
  const risk: string[] = [];
  for (const d of deployments) {
    const flags = risky(d);
    if (flags.length) risk.push(`${d.workload} ${flags.join(', ')}`);
    evidence.push({ kind: 'deployment', file: d.file, line: d.line, detail: `${d.workload} (${d.platform}${d.image ? `, ${d.image}` : ''}${d.exposure ? `, ${d.exposure}` : ''}${flags.length ? `, ${flags.join(', ')}` : ''})` });
  }
  if (deployments.some((d) => d.privileged || d.hostAccess?.length)) {
    danger = 0;
    reasons.push(`privileged or host-access workloads make a container breakout trivial whatever the kernel: ${risk.join('; ')}`);
  } else if (risk.length) reasons.push(`after a kernel exploit, root in the container means root on the node: ${risk.join('; ')}`);
  if (local) {
    reasons.push(`the flaw is local (CVSS AV:L): an attacker first needs to run code inside a container${entries.length ? `; the internet-facing entry points (${entries.slice(0, 3).map(describeEntry).join(', ')}) are where such a foothold would start` : ''}`);
    if (entries.length) danger = Math.min(danger, 1);
  } else if (entries.length) danger = Math.min(danger, 1);
  reasons.push('check the kernel of the nodes (uname -r, the node image or AMI) against the affected range; this cannot be known from code');
  const chains: IrChain[] = [];
  const first = [...entries].sort(byDanger)[0];
  if (first) {
    chains.push({
      kind: 'enabled',
      severity: advisory.severity.level ?? 'high',
      entry: `${first.label} (${first.exposure})`,
      target: 'the node and every workload on it',
      narrative: `An attacker who gains code execution in ${first.component} (through any application flaw reachable from ${first.label}) exploits ${advisory.id} to become root on the node, then reaches the other workloads and secrets on it.`,
    });
  }
  const mitigations = deployments.filter((d) => d.runsAsRoot === false).map((d) => `${d.workload} runs as a non-root user (${d.file}:${d.line})`);
  if (deployments.length && deployments.every((d) => !d.privileged && !d.hostAccess?.length)) mitigations.push('no workload runs privileged or with host access');
  const fix: IrFix[] = [{ ecosystem: 'linux', package: 'kernel', current: 'unknown (set by the hosts)', action: `patch and reboot the nodes running ${componentNames(profile, deployments.map((d) => d.component).filter((c): c is string => !!c)).join(', ') || 'these workloads'}; until then keep workloads unprivileged and restrict who can run code in them` }];
  return {
    ...base,
    verdict: 'unknown',
    reasons,
    evidence: evidence.slice(0, 25),
    entryPoints: entries.slice(0, 5),
    chains,
    mitigations,
    fix,
    exposure: exposedComponents.size || entries.length ? 'internet' : profile.exposure,
    components: componentNames(profile, deployments.map((d) => d.component).filter((c): c is string => !!c)),
    danger,
  };
}

function libraryVerdict(profile: Profile, system: AffectedSystem, advisory: Advisory, rows: PackageRow[]): Omit<ProductVerdict, 'priority'> & { danger: number } {
  const reasons: string[] = [];
  const evidence: IrEvidence[] = [];
  const fix: IrFix[] = [];
  const base = { product: profile.name, slug: profile.slug, version: profile.version, ...(profile.commit ? { commit: profile.commit } : {}) };
  let verdict = 'not-affected' as Verdict;
  const raise = (v: Verdict) => {
    if (VERDICT_RANK[v] < VERDICT_RANK[verdict]) verdict = v;
  };
  const components = new Set<string>();
  const packages: ProductVerdict['packages'] = [];
  // 1. OS packages installed explicitly (apt-get / apk add in Dockerfiles).
  for (const row of rows) {
    for (const dep of row.deps) {
      const [ecosystem, name, version, direct, scope, manifest, component, line] = dep;
      if (component) components.add(component);
      evidence.push({ kind: 'package', file: manifest, ...(line ? { line } : {}), detail: `installs ${name}${version ? ` ${version}` : ''} (${ecosystem})` });
      if (!version) {
        reasons.push(`${name} is installed from the distribution without a pinned version (${manifest}${line ? `:${line}` : ''}), so its patch level depends on when the image was built`);
        packages.push({ ecosystem, name, version, direct: direct === 1, scope: scope || 'prod', manifest, status: 'unknown', reason: 'unpinned' });
        raise('unknown');
        continue;
      }
      const upstream = upstreamOf(ecosystem, version);
      const v = evaluateVersion(system.matcher, 'generic', upstream);
      packages.push({ ecosystem, name, version, direct: direct === 1, scope: scope || 'prod', manifest, status: v.status, reason: v.reason, ...(v.fixed ? { fixed: v.fixed } : {}) });
      if (v.status === 'affected') {
        reasons.push(`${name} ${version} (upstream ${upstream}): ${v.reason}; distributions backport fixes, so confirm the fixed package revision in the distribution's security tracker`);
        raise(scope === 'dev' ? 'present-not-reachable' : 'affected');
        fix.push({ ecosystem, package: name, current: version, ...(v.fixed ? { fixed: v.fixed } : {}), action: `upgrade ${name} to the distribution's patched revision and rebuild the image`, file: manifest, ...(line ? { line } : {}) });
      } else if (v.status === 'unknown') {
        reasons.push(`${name} ${version}: ${v.reason}`);
        raise('unknown');
      } else reasons.push(`${name} ${version} (upstream ${upstream}) is not in the affected range`);
    }
  }
  // 2. Base images: the component usually ships inside them, at whatever patch level the tag had —
  // unless the Dockerfile installs the package explicitly (then the package line above decides).
  const pinned = new Set(rows.flatMap((r) => r.deps.filter((d) => d[2]).map((d) => `${d[5]}\u0000${d[6]}`)));
  const prodImages = profile.images.filter((i) => i.scope !== 'dev' && !pinned.has(`${i.manifest}\u0000${i.component}`));
  for (const image of prodImages) {
    const family = imageFamily(image.name, image.version);
    evidence.push({ kind: 'image', file: image.manifest, ...(image.line ? { line: image.line } : {}), detail: `base image ${image.name}:${image.version || 'latest'} (${family})` });
    if (image.component) components.add(image.component);
    if (family === 'scratch' || (family === 'distroless' && /static/.test(image.name))) {
      reasons.push(`${image.name}:${image.version} contains no ${system.title}`);
      continue;
    }
    if (system.component === 'glibc' && (family === 'alpine' || family === 'busybox')) {
      reasons.push(`${image.name}:${image.version} is ${family === 'alpine' ? 'Alpine, which uses musl libc' : 'BusyBox'}, not glibc`);
      continue;
    }
    if (system.component === 'musl' && family !== 'alpine') {
      reasons.push(`${image.name}:${image.version} is not Alpine-based; musl is not its C library`);
      continue;
    }
    const nodeNote = system.component === 'openssl' && /(^|\/)node$/.test(image.name) ? '; Node.js also bundles its own OpenSSL in the node binary, so the Node release decides for TLS done by Node itself' : '';
    reasons.push(`${image.name}:${image.version || 'latest'} (${family}) may ship ${system.title} from the distribution; the tag floats over patch releases, so the installed version depends on when the image was built or pulled${nodeNote}`);
    fix.push({ ecosystem: 'docker', package: image.name, current: image.version || 'latest', action: `rebuild and redeploy from a freshly pulled ${image.name}:${image.version || 'latest'} (or a tag with the fix), and pin it by digest`, file: image.manifest, ...(image.line ? { line: image.line } : {}) });
    raise('unknown');
  }
  if (rows.length === 0 && prodImages.length === 0) {
    if (profile.deployments.length === 0) {
      reasons.push(`the repository has no container or deployment files, so whether ${system.title} is part of its runtime cannot be told from code`);
      raise('unknown');
    } else reasons.push(`no base image or OS package in the repository carries ${system.title}`);
  }
  const entries = entryPoints(
    profile,
    Object.keys(profile.entryPoints).filter((id) => components.has(profile.entryPoints[id].component)),
  );
  const danger = entries[0]?.exposure === 'internet' ? 0 : 1;
  const owners = [...new Set(evidence.flatMap((e) => ownersForFile(profile, e.file)))];
  return {
    ...base,
    verdict,
    reasons: [...new Set(reasons)],
    evidence: evidence.slice(0, 25),
    entryPoints: entries.slice(0, 5),
    chains: [],
    mitigations: [],
    owners: owners.length ? owners : profile.owners,
    fix,
    packages,
    exposure: entries.some((e) => e.exposure === 'internet') ? 'internet' : profile.exposure,
    components: componentNames(profile, components),
    danger,
  };
}

/** Verdict of one product for one system component named by the advisory. */
export function judgeSystem(profile: Profile, system: AffectedSystem, advisory: Advisory, rows: PackageRow[]): ProductVerdict {
  const v = system.component === 'linux-kernel' ? kernelVerdict(profile, system, advisory) : libraryVerdict(profile, system, advisory, rows);
  const { danger, ...rest } = v;
  return { ...rest, priority: VERDICT_RANK[v.verdict] * 10 + danger };
}
