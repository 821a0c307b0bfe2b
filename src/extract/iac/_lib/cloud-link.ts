// Joins cloud IaC resources that configure each other (Terraform and CloudFormation alike): bucket
// ACLs, policies, public-access blocks and encryption settings onto their bucket; API Gateway
// integrations onto their API (`routesTo` the Lambda); IAM policies onto the roles and Lambdas that
// use them. Facts are copied before they are changed.
import type { DeploymentFact, Fact } from '../../../model/types.js';

type Attributes = Record<string, string | number | boolean | null>;

function isCloud(f: Fact): f is DeploymentFact {
  return f.kind === 'deployment' && (f.platform === 'terraform' || f.platform === 'cloudformation') && typeof f.attributes?.kind === 'string';
}

const list = (v: unknown): string[] => String(v ?? '').split(',').filter(Boolean);

export function linkCloud(facts: Fact[]): Fact[] {
  const cloud = facts.filter(isCloud);
  if (cloud.length === 0) return facts;
  const copies = new Map<DeploymentFact, DeploymentFact>();
  const edit = (f: DeploymentFact): Attributes => {
    let copy = copies.get(f);
    if (!copy) {
      copy = { ...f, attributes: { ...f.attributes } };
      copies.set(f, copy);
    }
    return copy.attributes as Attributes;
  };
  // Names are unique per platform and module folder; a reference never crosses platforms.
  const scope = (f: DeploymentFact) => `${f.platform}:${f.platform === 'terraform' ? f.evidence.file.slice(0, f.evidence.file.lastIndexOf('/') + 1) : f.evidence.file}`;
  const byName = new Map<string, DeploymentFact>();
  for (const f of cloud) byName.set(`${scope(f)}|${f.workload}`, f);
  const find = (from: DeploymentFact, name: unknown) => (typeof name === 'string' && name ? byName.get(`${scope(from)}|${name}`) : undefined);
  const kindOf = (f: DeploymentFact) => f.attributes?.kind;

  for (const f of cloud) {
    const a = f.attributes ?? {};
    const bucket = find(f, a.bucket);
    if (bucket && kindOf(bucket) === 'storage-bucket') {
      const b = edit(bucket);
      if ((kindOf(f) === 'storage-acl' || kindOf(f) === 'storage-policy') && a.public === true && b.public !== true) Object.assign(b, { public: true, publicVia: a.publicVia ?? '', publicAt: `${f.evidence.file}:${String(a.publicLine ?? f.evidence.line)}` });
      if (kindOf(f) === 'storage-public-block' && a.blocksPublic === true) b.publicBlocked = true;
      if (kindOf(f) === 'storage-encryption') b.encrypted = true;
    }
    if (kindOf(f) === 'api-integration') {
      const api = find(f, a.api);
      const target = find(f, a.target);
      if (api && target) {
        const g = edit(api);
        g.routesTo = [...new Set([...list(g.routesTo), target.workload])].sort().join(',');
      }
    }
    if (kindOf(f) === 'api-route') {
      const integration = find(f, a.integration);
      const target = integration ? find(integration, integration.attributes?.target) : undefined;
      if (target) edit(f).routesTo = target.workload;
    }
    if (kindOf(f) === 'iam-policy' && typeof a.policyRef === 'string' && a.policyRef) {
      const doc = find(f, a.policyRef);
      if (doc && kindOf(doc) === 'iam-policy') Object.assign(edit(f), { wildcardActions: doc.attributes?.wildcardActions ?? '', sensitiveOnAnyResource: doc.attributes?.sensitiveOnAnyResource ?? '', notAction: doc.attributes?.notAction ?? false });
    }
    if (kindOf(f) === 'iam-attachment') {
      const policy = find(f, a.policyRef);
      if (policy) {
        const p = edit(policy);
        p.roles = [...new Set([...list(p.roles), ...list(a.roles)])].sort().join(',');
      }
    }
  }
  // Which Lambdas run with each policy (through their execution role).
  for (const f of cloud) {
    if (kindOf(f) !== 'lambda' || !f.attributes?.role) continue;
    for (const p of cloud) {
      if (kindOf(p) !== 'iam-policy' || scope(p) !== scope(f)) continue;
      const roles = list((copies.get(p) ?? p).attributes?.roles);
      if (!roles.includes(String(f.attributes.role))) continue;
      const pa = edit(p);
      pa.usedByLambdas = [...new Set([...list(pa.usedByLambdas), String(f.attributes.displayName ?? f.workload)])].sort().join(',');
    }
  }
  // An S3 bucket with no encryption configuration anywhere has only the provider default.
  for (const f of cloud) {
    if (kindOf(f) === 'storage-bucket' && f.attributes?.datastore === 's3' && (copies.get(f) ?? f).attributes?.encrypted === undefined) edit(f).encrypted = false;
  }
  return facts.map((f) => (f.kind === 'deployment' ? copies.get(f) ?? f : f));
}
