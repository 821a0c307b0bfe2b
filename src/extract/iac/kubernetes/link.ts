// Cross-file joins over Kubernetes objects (plain manifests and rendered Helm charts): which
// Services and Ingresses expose a workload, which NetworkPolicies select it, which RBAC rules its
// service account holds, and the ConfigMap values its env refers to. Workload facts are copied and
// rewritten; the objects they were joined from stay as facts for the rules.
import type { DeploymentFact, Fact } from '../../../model/types.js';
import { WORKLOAD_KINDS } from './resources.js';

type Attributes = Record<string, string | number | boolean | null>;

function parseLabels(rendered: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof rendered !== 'string' || rendered === '') return out;
  for (const part of rendered.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

/** A selector matches when every one of its labels is on the pod; an empty selector matches nothing here. */
function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

function ns(fact: DeploymentFact): string {
  return String(fact.attributes?.namespace ?? '');
}

/** Objects without a namespace are applied to whatever namespace the deployer picks: they match any. */
function sameNamespace(a: DeploymentFact, b: DeploymentFact): boolean {
  return ns(a) === '' || ns(b) === '' || ns(a) === ns(b);
}

/** Plain manifests join with each other; a Helm chart's objects only with the same chart. */
function group(fact: DeploymentFact): string {
  return fact.platform === 'helm' ? `helm:${String(fact.attributes?.chart ?? '')}` : 'kubernetes';
}

const BUILTIN_ROLES: Record<string, string> = {
  'cluster-admin': '* *',
  admin: '* * (namespace admin)',
  edit: 'create,update,delete,get,list * (edit)',
};

export function isKubernetesFact(fact: Fact): fact is DeploymentFact {
  return fact.kind === 'deployment' && (fact.platform === 'kubernetes' || fact.platform === 'helm') && (fact.extractor === 'iac/kubernetes' || fact.extractor === 'iac/helm');
}

export function linkKubernetes(facts: Fact[]): Fact[] {
  const objects = facts.filter(isKubernetesFact);
  if (objects.length === 0) return facts;
  const byType = (type: string) => objects.filter((o) => o.resourceType === type);
  const services = byType('Service');
  const routes = [...byType('Ingress'), ...byType('HTTPRoute'), ...byType('GRPCRoute')];
  const policies = byType('NetworkPolicy');
  const roles = [...byType('Role'), ...byType('ClusterRole')];
  const bindings = [...byType('RoleBinding'), ...byType('ClusterRoleBinding')];
  const accounts = byType('ServiceAccount');
  const configMaps = byType('ConfigMap');
  const rewritten = new Map<DeploymentFact, DeploymentFact>();

  for (const workload of objects) {
    if (!WORKLOAD_KINDS.has(workload.resourceType ?? '')) continue;
    const w: DeploymentFact = { ...workload, attributes: { ...workload.attributes }, env: { ...workload.env } };
    const attributes = w.attributes as Attributes;
    const labels = parseLabels(attributes.labels);
    const peers = (list: DeploymentFact[]) => list.filter((o) => group(o) === group(w) && sameNamespace(o, w));

    const mine = peers(services).filter((s) => selects(parseLabels(s.attributes?.selector), labels));
    if (mine.length > 0) attributes.services = mine.map((s) => s.workload).sort().join(',');
    const exposers: DeploymentFact[] = [];
    for (const s of mine) if (s.exposure === 'internet') exposers.push(s);
    for (const r of peers(routes)) {
      const backends = String(r.attributes?.backends ?? '').split(',');
      if (mine.some((s) => backends.includes(s.workload))) exposers.push(r);
    }
    if (exposers.length > 0) {
      const first = exposers[0];
      w.exposure = 'internet';
      attributes.exposedBy = exposers.map((e) => `${e.resourceType ?? ''}/${e.workload}${e.resourceType === 'Service' ? ` ${String(e.attributes?.serviceType ?? '')}` : ''}`).join(', ');
      attributes.exposedAt = `${first.evidence.file}:${first.evidence.line}`;
    }

    const policy = peers(policies).find((p) => {
      const selector = parseLabels(p.attributes?.podSelector);
      return Object.keys(selector).length === 0 || selects(selector, labels);
    });
    attributes.networkPolicy = policy !== undefined;

    resolveRbac(w, attributes, peers(bindings), roles.filter((r) => group(r) === group(w)));
    const account = peers(accounts).find((a) => a.workload === attributes.serviceAccount);
    const podSetting = attributes.automountServiceAccountToken;
    const accountSetting = account?.attributes?.automountServiceAccountToken;
    attributes.tokenMounted = typeof podSetting === 'boolean' ? podSetting : accountSetting !== false;

    resolveConfigMaps(w, peers(configMaps));
    rewritten.set(workload, w);
  }
  return facts.map((f) => (f.kind === 'deployment' ? rewritten.get(f) ?? f : f));
}

function resolveRbac(w: DeploymentFact, attributes: Attributes, bindings: DeploymentFact[], roles: DeploymentFact[]): void {
  const account = String(attributes.serviceAccount ?? 'default');
  const rules: string[] = [];
  let wildcard = false;
  let readsSecrets = false;
  let clusterAdmin = false;
  for (const b of bindings) {
    const subjects = String(b.attributes?.subjects ?? '').split(',');
    const bound = subjects.some((s) => {
      const m = /^ServiceAccount:([^/]*)\/(.+)$/.exec(s);
      return m !== null && m[2] === account && (m[1] === '' || ns(w) === '' || m[1] === ns(w));
    });
    if (!bound) continue;
    const roleName = String(b.attributes?.roleName ?? '');
    const roleKind = String(b.attributes?.roleKind ?? 'Role');
    const role = roles.find((r) => r.workload === roleName && r.resourceType === roleKind);
    if (role) {
      rules.push(String(role.attributes?.rules ?? ''));
      wildcard ||= role.attributes?.wildcard === true;
      readsSecrets ||= role.attributes?.readsSecrets === true;
    } else if (BUILTIN_ROLES[roleName]) {
      rules.push(BUILTIN_ROLES[roleName]);
      wildcard ||= roleName !== 'edit';
      readsSecrets = true;
      clusterAdmin ||= roleName === 'cluster-admin';
    }
  }
  if (rules.length === 0) return;
  attributes.rbacRules = rules.filter(Boolean).join('; ');
  attributes.rbacWildcard = wildcard;
  attributes.rbacReadsSecrets = readsSecrets;
  if (clusterAdmin) attributes.clusterAdmin = true;
}

/** `configmap:name/key` env values and `envFrom` ConfigMaps, replaced by the ConfigMap's literal values. */
function resolveConfigMaps(w: DeploymentFact, configMaps: DeploymentFact[]): void {
  const env = w.env ?? {};
  const lookup = (name: string) => configMaps.find((c) => c.workload === name);
  for (const [key, value] of Object.entries(env)) {
    const m = /^configmap:([^/]+)\/(.+)$/.exec(value);
    const resolved = m ? lookup(m[1])?.env?.[m[2]] : undefined;
    if (resolved !== undefined) env[key] = resolved;
  }
  for (const source of String(w.attributes?.envFrom ?? '').split(',')) {
    if (!source.startsWith('configmap:')) continue;
    for (const [key, value] of Object.entries(lookup(source.slice('configmap:'.length))?.env ?? {})) if (!(key in env)) env[key] = value;
  }
  w.env = env;
}
