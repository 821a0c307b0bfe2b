// What a pod template says about privileges, host access, secrets and configuration. Shared by the
// Kubernetes and Helm extractors (Helm renders its templates to the same manifests first).
import { envValueForFact, judgeSecret } from '../../../util/secrets.js';
import type { YamlLocator, YamlPath } from '../_lib/yaml-path.js';
import { isRecord, list, text } from '../_lib/yaml-path.js';

export interface Container {
  name: string;
  image?: string;
  init: boolean;
  path: YamlPath;
  /** It declares container ports: what a Service in front of the pod can reach. */
  serves?: boolean;
}

export interface EnvLiteralSecret {
  name: string;
  secretType: string;
  redacted: string;
  usage?: string;
  line: number;
}

export interface PodFacts {
  containers: Container[];
  ports: { container?: number; protocol?: string }[];
  privileged: boolean;
  privilegedLine?: number;
  /** true: runs as uid 0; false: runAsNonRoot or a non-zero uid everywhere; undefined: not said. */
  runsAsRoot?: boolean;
  runAsLine?: number;
  hostAccess: string[];
  hostAccessLine?: number;
  env: Record<string, string>;
  /** ConfigMaps and Secrets whose keys are loaded wholesale (`envFrom`). */
  envFrom: string[];
  envSecrets: EnvLiteralSecret[];
  secrets: string[];
  volumes: string[];
  serviceAccount: string;
  automountToken?: boolean;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem: boolean;
  capabilitiesAdded: string[];
  hostPorts: number[];
  labels: Record<string, string>;
}

const RUNTIME_SOCKET = /(?:^|\/)(docker|containerd|crio|podman)\.sock$/;
const SENSITIVE_HOST_PATHS = new Set(['/proc', '/sys', '/etc', '/root', '/boot', '/dev', '/var/run', '/run', '/var/lib/docker', '/var/lib/kubelet', '/etc/kubernetes']);
const ESCAPE_CAPABILITIES = new Set(['SYS_ADMIN', 'ALL', 'SYS_MODULE', 'SYS_PTRACE', 'SYS_RAWIO', 'DAC_READ_SEARCH', 'NET_ADMIN', 'BPF']);

function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    const t = text(v);
    if (t !== undefined) out[k] = t;
  }
  return out;
}

/** `spec.template.spec` (Deployment...), `spec.jobTemplate.spec.template.spec` (CronJob) or `spec` (Pod). */
export function podSpecPath(kind: string): YamlPath | undefined {
  switch (kind) {
    case 'Pod':
      return ['spec'];
    case 'CronJob':
      return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'Job':
      return ['spec', 'template', 'spec'];
    default:
      return undefined;
  }
}

export function valueAt(root: unknown, path: YamlPath): unknown {
  let node = root;
  for (const step of path) {
    if (typeof step === 'number') node = Array.isArray(node) ? node[step] : undefined;
    else node = isRecord(node) ? node[step] : undefined;
  }
  return node;
}

function hostPathAccess(path: string): string | undefined {
  const source = path === '/' ? '/' : path.replace(/\/+$/, '');
  const socket = RUNTIME_SOCKET.exec(source);
  if (socket) return `${socket[1]}.sock`;
  if (source === '/') return 'host-root';
  if (SENSITIVE_HOST_PATHS.has(source)) return `mount:${source}`;
  return undefined;
}

/** Reads a pod spec found at `specPath` inside manifest `root`. */
export function readPod(root: unknown, specPath: YamlPath, at: YamlLocator): PodFacts {
  const spec = valueAt(root, specPath);
  const s = isRecord(spec) ? spec : {};
  const labelsPath = specPath.length > 1 ? [...specPath.slice(0, -1), 'metadata', 'labels'] : ['metadata', 'labels'];
  const podSecurity = isRecord(s.securityContext) ? s.securityContext : {};
  const facts: PodFacts = {
    containers: [],
    ports: [],
    privileged: false,
    hostAccess: [],
    env: {},
    envFrom: [],
    envSecrets: [],
    secrets: [],
    volumes: [],
    serviceAccount: text(s.serviceAccountName) ?? text(s.serviceAccount) ?? 'default',
    automountToken: bool(s.automountServiceAccountToken),
    readOnlyRootFilesystem: true,
    capabilitiesAdded: [],
    hostPorts: [],
    labels: stringMap(valueAt(root, labelsPath)),
  };
  const access = (what: string, line: number): void => {
    if (!facts.hostAccess.includes(what)) facts.hostAccess.push(what);
    facts.hostAccessLine ??= line;
  };
  for (const key of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (s[key] === true) access(`${key.slice(4).toLowerCase()}:host`, at.line([...specPath, key]));
  }
  for (const [i, volume] of list(s.volumes).entries()) {
    if (!isRecord(volume)) continue;
    const name = text(volume.name) ?? `volume-${i}`;
    if (isRecord(volume.hostPath)) {
      const path = text(volume.hostPath.path) ?? '';
      facts.volumes.push(`hostPath:${path}`);
      const what = hostPathAccess(path);
      if (what) access(what, at.line([...specPath, 'volumes', i]));
    } else if (isRecord(volume.secret)) {
      const secretName = text(volume.secret.secretName);
      facts.volumes.push(`secret:${secretName ?? name}`);
      if (secretName) facts.secrets.push(secretName);
    } else if (isRecord(volume.configMap)) facts.volumes.push(`configMap:${text(volume.configMap.name) ?? name}`);
    else if (isRecord(volume.persistentVolumeClaim)) facts.volumes.push(`pvc:${text(volume.persistentVolumeClaim.claimName) ?? name}`);
    else if (isRecord(volume.projected)) {
      for (const source of list(volume.projected.sources)) {
        if (isRecord(source) && isRecord(source.secret) && text(source.secret.name)) facts.secrets.push(text(source.secret.name) ?? '');
      }
      facts.volumes.push(`projected:${name}`);
    } else facts.volumes.push(name);
  }

  const uids: (number | undefined)[] = [];
  const nonRoot: (boolean | undefined)[] = [];
  const podUid = num(podSecurity.runAsUser);
  const podNonRoot = bool(podSecurity.runAsNonRoot);
  const escalations: (boolean | undefined)[] = [];
  for (const group of ['initContainers', 'containers'] as const) {
    for (const [i, c] of list(s[group]).entries()) {
      if (!isRecord(c)) continue;
      const path: YamlPath = [...specPath, group, i];
      const container: Container = { name: text(c.name) ?? `container-${i}`, image: text(c.image), init: group === 'initContainers', path };
      facts.containers.push(container);
      const sc = isRecord(c.securityContext) ? c.securityContext : {};
      if (sc.privileged === true) {
        facts.privileged = true;
        facts.privilegedLine ??= at.line([...path, 'securityContext', 'privileged']);
      }
      const uid = num(sc.runAsUser) ?? podUid;
      uids.push(uid);
      nonRoot.push(bool(sc.runAsNonRoot) ?? podNonRoot);
      if (uid === 0) facts.runAsLine ??= at.line(num(sc.runAsUser) === 0 ? [...path, 'securityContext', 'runAsUser'] : [...specPath, 'securityContext', 'runAsUser']);
      if (!container.init) escalations.push(bool(sc.allowPrivilegeEscalation));
      if (sc.readOnlyRootFilesystem !== true && !container.init) facts.readOnlyRootFilesystem = false;
      const caps = isRecord(sc.capabilities) ? list(sc.capabilities.add).map((x) => text(x)?.toUpperCase().replace(/^CAP_/, '')) : [];
      for (const cap of caps) {
        if (!cap) continue;
        facts.capabilitiesAdded.push(cap);
        if (ESCAPE_CAPABILITIES.has(cap)) access(`cap:${cap}`, at.line([...path, 'securityContext', 'capabilities']));
      }
      if (container.init) continue;
      if (list(c.ports).some((p) => isRecord(p) && num(p.containerPort) !== undefined)) container.serves = true;
      for (const port of list(c.ports)) {
        if (!isRecord(port)) continue;
        const containerPort = num(port.containerPort);
        facts.ports.push({ container: containerPort, protocol: (text(port.protocol) ?? 'TCP').toLowerCase() });
        const hostPort = num(port.hostPort);
        if (hostPort !== undefined) facts.hostPorts.push(hostPort);
      }
      readEnv(c, path, at, facts);
    }
  }
  const main = facts.containers.filter((c) => !c.init);
  if (main.length > 0) {
    const mainUids = uids.slice(uids.length - main.length);
    const mainNonRoot = nonRoot.slice(nonRoot.length - main.length);
    if (mainUids.some((u) => u === 0)) facts.runsAsRoot = true;
    else if (mainUids.every((u, i) => (u !== undefined && u > 0) || mainNonRoot[i] === true)) facts.runsAsRoot = false;
  }
  if (escalations.some((e) => e === true)) facts.allowPrivilegeEscalation = true;
  else if (escalations.length > 0 && escalations.every((e) => e === false)) facts.allowPrivilegeEscalation = false;
  facts.secrets = [...new Set(facts.secrets)].sort();
  return facts;
}

function readEnv(c: Record<string, unknown>, path: YamlPath, at: YamlLocator, facts: PodFacts): void {
  for (const [i, e] of list(c.env).entries()) {
    if (!isRecord(e)) continue;
    const name = text(e.name);
    if (!name) continue;
    const value = text(e.value);
    if (value !== undefined) {
      facts.env[name] = envValueForFact(name, value);
      const secret = judgeSecret(name, value);
      if (secret) facts.envSecrets.push({ name, ...secret, line: at.line([...path, 'env', i, 'value']) });
      continue;
    }
    const from = isRecord(e.valueFrom) ? e.valueFrom : {};
    if (isRecord(from.secretKeyRef)) {
      const secretName = text(from.secretKeyRef.name) ?? '';
      facts.env[name] = `secret:${secretName}/${text(from.secretKeyRef.key) ?? ''}`;
      if (secretName) facts.secrets.push(secretName);
    } else if (isRecord(from.configMapKeyRef)) {
      facts.env[name] = `configmap:${text(from.configMapKeyRef.name) ?? ''}/${text(from.configMapKeyRef.key) ?? ''}`;
    } else if (isRecord(from.fieldRef)) facts.env[name] = `field:${text(from.fieldRef.fieldPath) ?? ''}`;
    else facts.env[name] = '';
  }
  for (const source of list(c.envFrom)) {
    if (!isRecord(source)) continue;
    if (isRecord(source.secretRef) && text(source.secretRef.name)) {
      facts.secrets.push(text(source.secretRef.name) ?? '');
      facts.envFrom.push(`secret:${text(source.secretRef.name) ?? ''}`);
    }
    if (isRecord(source.configMapRef) && text(source.configMapRef.name)) facts.envFrom.push(`configmap:${text(source.configMapRef.name) ?? ''}`);
  }
}
