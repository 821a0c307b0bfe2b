// One Kubernetes object → facts. Workloads become deployment facts (what runs, with which
// privileges, env and secrets); Services, Ingresses, NetworkPolicies, RBAC objects and ConfigMaps
// become deployment facts of their own resourceType that the link step joins to the workloads.
import type { DependencyFact, DeploymentFact, FactInput, SecretFact } from '../../../model/types.js';
import { judgeSecret, redactSecret } from '../../../util/secrets.js';
import { imagePurl, parseImageRef, pinOf, storeOfImage, versionOf } from '../_lib/image.js';
import type { YamlLocator } from '../_lib/yaml-path.js';
import { isRecord, list, text } from '../_lib/yaml-path.js';
import { podSpecPath, readPod } from './pod.js';

type Attributes = Record<string, string | number | boolean | null>;
type Omitted<T> = Omit<T, 'extractor'>;

export interface ResourceInput {
  file: string;
  platform: 'kubernetes' | 'helm';
  object: Record<string, unknown>;
  at: YamlLocator;
}

export const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Pod']);

/** `k=v,k2=v2`, sorted, for selectors and labels (attributes hold scalars only). */
export function renderLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

function labelsOf(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(value)) for (const [k, v] of Object.entries(value)) if (text(v) !== undefined) out[k] = text(v) ?? '';
  return out;
}

function num(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

export function resourceKey(file: string, kind: string, namespace: string, name: string): string {
  return `${file}#k8s:${kind}/${namespace || '-'}/${name}`;
}

/** Facts of one object; empty when it is not a Kubernetes object threatcode reads. */
export function resourceFacts(input: ResourceInput): FactInput[] {
  const { object } = input;
  const kind = text(object.kind) ?? '';
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const name = text(metadata.name) ?? '';
  if (!kind || !name) return [];
  const namespace = text(metadata.namespace) ?? '';
  const base = {
    kind: 'deployment' as const,
    platform: input.platform,
    workload: name,
    resourceType: kind,
    evidence: { file: input.file, line: input.at.line(['kind']), snippet: `kind: ${kind}` },
    key: resourceKey(input.file, kind, namespace, name),
  };
  const attributes: Attributes = { namespace };
  if (WORKLOAD_KINDS.has(kind)) return workloadFacts(input, base, attributes, kind);
  const spec = isRecord(object.spec) ? object.spec : {};
  switch (kind) {
    case 'Service':
      return [serviceFact(base, attributes, spec)];
    case 'Ingress':
      return [ingressFact(base, attributes, spec, input.at)];
    case 'HTTPRoute':
    case 'GRPCRoute':
      return [routeFact(base, attributes, spec)];
    case 'NetworkPolicy':
      attributes.podSelector = renderLabels(labelsOf(isRecord(spec.podSelector) ? spec.podSelector.matchLabels : undefined));
      attributes.policyTypes = list(spec.policyTypes).map(text).filter(Boolean).join(',') || 'Ingress';
      attributes.allowsAllIngress = list(spec.ingress).some((r) => isRecord(r) && Object.keys(r).length === 0);
      return [{ ...base, attributes }];
    case 'Role':
    case 'ClusterRole':
      return [roleFact(base, attributes, object)];
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      return [bindingFact(base, attributes, object)];
    case 'ServiceAccount':
      if (typeof object.automountServiceAccountToken === 'boolean') attributes.automountServiceAccountToken = object.automountServiceAccountToken;
      return [{ ...base, attributes }];
    case 'ConfigMap':
      return configMapFacts(input, base, attributes, object);
    case 'Secret':
      return secretObjectFacts(input, namespace, name, object);
    default:
      return [];
  }
}

function workloadFacts(input: ResourceInput, base: Omitted<DeploymentFact>, attributes: Attributes, kind: string): FactInput[] {
  const specPath = podSpecPath(kind) ?? ['spec'];
  const pod = readPod(input.object, specPath, input.at);
  const main = pod.containers.find((c) => !c.init) ?? pod.containers[0];
  const imageRef = main?.image ? parseImageRef(main.image) : undefined;
  attributes.serviceAccount = pod.serviceAccount;
  if (pod.automountToken !== undefined) attributes.automountServiceAccountToken = pod.automountToken;
  attributes.labels = renderLabels(pod.labels);
  attributes.readOnlyRootFilesystem = pod.readOnlyRootFilesystem;
  if (pod.allowPrivilegeEscalation !== undefined) attributes.allowPrivilegeEscalation = pod.allowPrivilegeEscalation;
  if (pod.capabilitiesAdded.length > 0) attributes.capabilitiesAdded = pod.capabilitiesAdded.join(',');
  if (pod.hostPorts.length > 0) attributes.hostPorts = pod.hostPorts.join(',');
  if (pod.envFrom.length > 0) attributes.envFrom = pod.envFrom.join(',');
  if (pod.privilegedLine) attributes.privilegedLine = pod.privilegedLine;
  if (pod.runAsLine) attributes.runAsLine = pod.runAsLine;
  if (pod.hostAccessLine) attributes.hostAccessLine = pod.hostAccessLine;
  attributes.containers = pod.containers.filter((c) => !c.init).length;
  if (imageRef) {
    attributes.imageTag = pinOf(imageRef);
    // A data store beside the application (`postgres` first, the app serving :3000 after it): the
    // ports a Service publishes are the other container's, so the pod is the application.
    const server = pod.containers.find((c) => !c.init && c.serves);
    const serverRef = server?.image ? parseImageRef(server.image) : undefined;
    const sidecar = !!server && server !== main && !main?.serves && !(serverRef && storeOfImage(serverRef));
    const store = sidecar ? undefined : storeOfImage(imageRef);
    if (store) {
      attributes.datastore = store.tech;
      attributes.storeKind = store.storeKind;
    }
  }
  const deployment: Omitted<DeploymentFact> = {
    ...base,
    ...(main?.image ? { image: main.image } : {}),
    ports: pod.ports,
    exposure: 'internal',
    privileged: pod.privileged,
    ...(pod.runsAsRoot !== undefined ? { runsAsRoot: pod.runsAsRoot } : {}),
    hostAccess: pod.hostAccess,
    env: pod.env,
    volumes: pod.volumes,
    secrets: pod.secrets,
    attributes,
  };
  const facts: FactInput[] = [deployment];
  for (const s of pod.envSecrets) {
    const secret: Omitted<SecretFact> = {
      kind: 'secret',
      secretType: s.secretType,
      redacted: s.redacted,
      ...(s.usage ? { usage: s.usage } : {}),
      evidence: { file: input.file, line: s.line, snippet: `${s.name}: ${s.redacted}` },
      key: `${base.key ?? ''}#env:${s.name}`,
    };
    facts.push(secret);
  }
  const seen = new Set<string>();
  for (const c of pod.containers) {
    const ref = c.image ? parseImageRef(c.image) : undefined;
    if (!ref || seen.has(c.image ?? '')) continue;
    seen.add(c.image ?? '');
    const dependency: Omitted<DependencyFact> = {
      kind: 'dependency',
      ecosystem: 'docker',
      name: ref.name,
      version: versionOf(ref),
      direct: true,
      scope: 'prod',
      manifest: input.file,
      purl: imagePurl(ref),
      evidence: { file: input.file, line: input.at.line([...c.path, 'image']), snippet: `image: ${c.image ?? ''}` },
      key: `${base.key ?? ''}#image:${c.name}`,
    };
    facts.push(dependency);
  }
  return facts;
}

function serviceFact(base: Omitted<DeploymentFact>, attributes: Attributes, spec: Record<string, unknown>): Omitted<DeploymentFact> {
  const type = text(spec.type) ?? 'ClusterIP';
  attributes.serviceType = type;
  attributes.selector = renderLabels(labelsOf(spec.selector));
  const ports = list(spec.ports)
    .filter(isRecord)
    .map((p) => ({ container: num(p.targetPort) ?? num(p.port), published: num(p.port), protocol: (text(p.protocol) ?? 'TCP').toLowerCase() }));
  const named = list(spec.ports).filter(isRecord).map((p) => text(p.name)).filter(Boolean);
  if (named.length > 0) attributes.portNames = named.join(',');
  const ranges = list(spec.loadBalancerSourceRanges).map(text).filter(Boolean);
  if (ranges.length > 0) attributes.loadBalancerSourceRanges = ranges.join(',');
  const external = type === 'LoadBalancer' || type === 'NodePort' || list(spec.externalIPs).length > 0;
  return { ...base, ports, exposure: external ? 'internet' : 'internal', attributes };
}

function ingressFact(base: Omitted<DeploymentFact>, attributes: Attributes, spec: Record<string, unknown>, at: YamlLocator): Omitted<DeploymentFact> {
  const backends = new Set<string>();
  const hosts: string[] = [];
  const addBackend = (b: unknown): void => {
    if (!isRecord(b)) return;
    // networking.k8s.io/v1: backend.service.name; v1beta1: backend.serviceName.
    const name = isRecord(b.service) ? text(b.service.name) : text(b.serviceName);
    if (name) backends.add(name);
  };
  addBackend(spec.defaultBackend ?? spec.backend);
  for (const rule of list(spec.rules)) {
    if (!isRecord(rule)) continue;
    if (text(rule.host)) hosts.push(text(rule.host) ?? '');
    const http = isRecord(rule.http) ? rule.http : {};
    for (const p of list(http.paths)) if (isRecord(p)) addBackend(p.backend);
  }
  attributes.backends = [...backends].sort().join(',');
  if (hosts.length > 0) attributes.hosts = hosts.join(',');
  attributes.tls = list(spec.tls).length > 0;
  const ingressClass = text(spec.ingressClassName);
  if (ingressClass) attributes.ingressClass = ingressClass;
  attributes.rulesLine = at.line(['spec', 'rules']);
  return { ...base, exposure: 'internet', attributes };
}

/** Gateway API routes: backends behind a Gateway, taken as internet-facing like an Ingress. */
function routeFact(base: Omitted<DeploymentFact>, attributes: Attributes, spec: Record<string, unknown>): Omitted<DeploymentFact> {
  const backends = new Set<string>();
  for (const rule of list(spec.rules)) {
    if (!isRecord(rule)) continue;
    for (const ref of list(rule.backendRefs)) if (isRecord(ref) && text(ref.name) && (text(ref.kind) ?? 'Service') === 'Service') backends.add(text(ref.name) ?? '');
  }
  attributes.backends = [...backends].sort().join(',');
  attributes.hosts = list(spec.hostnames).map(text).filter(Boolean).join(',');
  return { ...base, exposure: 'internet', attributes };
}

function roleFact(base: Omitted<DeploymentFact>, attributes: Attributes, object: Record<string, unknown>): Omitted<DeploymentFact> {
  const rules: string[] = [];
  let wildcard = false;
  let readsSecrets = false;
  for (const rule of list(object.rules)) {
    if (!isRecord(rule)) continue;
    const verbs = list(rule.verbs).map(text).filter((v): v is string => !!v);
    const resources = list(rule.resources).map(text).filter((v): v is string => !!v);
    const groups = list(rule.apiGroups).map(text).filter((v): v is string => v !== undefined);
    if (verbs.includes('*') || resources.includes('*') || groups.includes('*')) wildcard = true;
    if ((resources.includes('secrets') || resources.includes('*')) && verbs.some((v) => ['get', 'list', 'watch', '*'].includes(v))) readsSecrets = true;
    rules.push(`${verbs.join(',')} ${resources.join(',') || list(rule.nonResourceURLs).map(text).join(',')}`);
  }
  attributes.rules = rules.join('; ');
  attributes.wildcard = wildcard;
  attributes.readsSecrets = readsSecrets;
  return { ...base, attributes };
}

function bindingFact(base: Omitted<DeploymentFact>, attributes: Attributes, object: Record<string, unknown>): Omitted<DeploymentFact> {
  const ref = isRecord(object.roleRef) ? object.roleRef : {};
  attributes.roleKind = text(ref.kind) ?? 'Role';
  attributes.roleName = text(ref.name) ?? '';
  const subjects = list(object.subjects)
    .filter(isRecord)
    .map((s) => `${text(s.kind) ?? ''}:${text(s.namespace) ?? ''}/${text(s.name) ?? ''}`);
  attributes.subjects = subjects.join(',');
  return { ...base, attributes };
}

function configMapFacts(input: ResourceInput, base: Omitted<DeploymentFact>, attributes: Attributes, object: Record<string, unknown>): FactInput[] {
  const env: Record<string, string> = {};
  const facts: FactInput[] = [];
  const data = isRecord(object.data) ? object.data : {};
  for (const [k, v] of Object.entries(data)) {
    const value = text(v);
    if (value === undefined || value.includes('\n')) continue;
    const secret = judgeSecret(k, value);
    env[k] = secret ? '****' : value;
    if (secret) {
      facts.push({
        kind: 'secret',
        secretType: secret.secretType,
        redacted: secret.redacted,
        ...(secret.usage ? { usage: secret.usage } : {}),
        evidence: { file: input.file, line: input.at.line(['data', k]), snippet: `${k}: ${secret.redacted}` },
        key: `${base.key ?? ''}#data:${k}`,
      });
    }
  }
  return [{ ...base, env, attributes }, ...facts];
}

/** A Secret object committed with its values: every non-placeholder key is a literal secret. */
function secretObjectFacts(input: ResourceInput, namespace: string, name: string, object: Record<string, unknown>): FactInput[] {
  const facts: FactInput[] = [];
  for (const field of ['stringData', 'data'] as const) {
    const data = isRecord(object[field]) ? object[field] : {};
    for (const [k, v] of Object.entries(data)) {
      const raw = text(v);
      if (raw === undefined) continue;
      const value = field === 'data' ? decodeBase64(raw) : raw;
      if (value === undefined) continue;
      // A Secret's keys are not always secret-like names (`url`, `dsn`): a long random-looking value counts too.
      const judged = judgeSecret(k, value) ?? (looksRandom(value) ? judgeSecret('SECRET', value) : undefined);
      if (!judged) continue;
      facts.push({
        kind: 'secret',
        secretType: judged.secretType,
        redacted: field === 'data' ? redactSecret(raw) : judged.redacted,
        usage: judged.usage ?? 'kubernetes-secret',
        evidence: { file: input.file, line: input.at.line([field, k]), snippet: `${k}: ${field === 'data' ? redactSecret(raw) : judged.redacted}` },
        key: `${resourceKey(input.file, 'Secret', namespace, name)}#${k}`,
      });
    }
  }
  return facts;
}

function looksRandom(value: string): boolean {
  const v = value.trim();
  if (v.length < 12 || /\s/.test(v)) return false;
  // Words joined by separators (`shop_production`, `api-gateway.internal`, `AppDb-01`) name a
  // database, host or service: their second character class is the separator, not randomness.
  if (v.split(/[-_.:]/).every((w) => /^(?:[A-Z]?[a-z]+|[A-Z]+)\d{0,4}$/.test(w))) return false;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(v)).length;
  return classes >= 2;
}

function decodeBase64(value: string): string | undefined {
  const trimmed = value.trim();
  if (!/^[A-Za-z0-9+/=\s]+$/.test(trimmed)) return undefined;
  return Buffer.from(trimmed, 'base64').toString('utf8');
}
