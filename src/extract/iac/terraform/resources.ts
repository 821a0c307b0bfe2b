// Terraform resources → deployment facts in the shared cloud vocabulary (`../_lib/cloud.ts`).
// Only attributes the cloud rules and the builder need are read; unknown resource types give
// nothing. Values that are variables or expressions count as "not said" (never as insecure).
import type { DeploymentFact } from '../../../model/types.js';
import { exposedServices, isOpenCidr, judgePolicy, portRange, weakTls } from '../_lib/cloud.js';
import type { HclBlock, HclValue } from './hcl.js';
import { isCall, isObject, isRef } from './hcl.js';

type Attributes = Record<string, string | number | boolean | null>;
export type TerraformFact = Omit<DeploymentFact, 'extractor'>;

const attr = (b: HclBlock, name: string) => b.attributes.find((a) => a.name === name);
const blocks = (b: HclBlock, type: string) => b.blocks.filter((x) => x.type === type);
const str = (v: HclValue | undefined): string | undefined => (typeof v === 'string' && !v.includes('${') ? v : undefined);
const bool = (v: HclValue | undefined): boolean | undefined => (typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined);
const strs = (v: HclValue | undefined): string[] => (Array.isArray(v) ? v.map(str).filter((s): s is string => s !== undefined) : str(v) ? [str(v) ?? ''] : []);
/** `aws_iam_role.app.arn` → `aws_iam_role.app`. */
export const refTarget = (v: HclValue | undefined): string | undefined => {
  const raw = isRef(v) ? v.ref : typeof v === 'string' ? /\$\{([\w.-]+)\}/.exec(v)?.[1] : undefined;
  if (!raw) return undefined;
  const parts = raw.replace(/\[[^\]]*\]/g, '').split('.');
  return parts[0] === 'data' ? parts.slice(0, 3).join('.') : parts.slice(0, 2).join('.');
};

/** Plain data of an HCL value (for policy documents written inline with jsonencode). */
export function plain(v: HclValue | undefined): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (isCall(v)) return v.call === 'jsonencode' ? plain(v.args[0]) : undefined;
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  if (isRef(v)) return `\${${v.ref}}`;
  return typeof v === 'object' && v !== null ? undefined : v;
}

/** A policy given as jsonencode({...}), a JSON heredoc/string, or a reference to a policy document. */
function policyDocument(v: HclValue | undefined): { doc?: unknown; ref?: string } {
  if (isCall(v) && v.call === 'jsonencode') return { doc: plain(v.args[0]) };
  if (typeof v === 'string' && v.trim().startsWith('{')) {
    try {
      return { doc: JSON.parse(v) as unknown };
    } catch {
      return {};
    }
  }
  const ref = refTarget(v);
  return ref ? { ref } : {};
}

function fact(file: string, b: HclBlock, attributes: Attributes, extra: Partial<TerraformFact> = {}): TerraformFact {
  const [type, name] = b.labels;
  const workload = b.type === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
  return { kind: 'deployment', platform: 'terraform', workload, resourceType: type, evidence: { file, line: b.line, snippet: `${b.type} "${type}" "${name}"` }, key: `${file}#tf:${workload}`, attributes: { displayName: name, ...attributes }, ...extra };
}

function policyAttributes(doc: unknown, line: number): Attributes {
  const judged = judgePolicy(doc);
  return { kind: 'iam-policy', wildcardActions: judged.wildcardActions.join(','), sensitiveOnAnyResource: judged.sensitiveOnAnyResource.join(','), notAction: judged.notAction, policyLine: line };
}

function firewallRule(attributes: Attributes, cidrs: string[], from: number | undefined, to: number | undefined, protocol: string, line: number): void {
  const open = cidrs.filter(isOpenCidr);
  if (open.length === 0) return;
  const services = exposedServices(from, to, protocol);
  if (services.length === 0) return;
  const rule = `${open.join(' ')} → ${services.join(', ')}`;
  attributes.openRules = attributes.openRules ? `${String(attributes.openRules)}; ${rule}` : rule;
  if (typeof attributes.openLine !== 'number') attributes.openLine = line;
}

const S3_PUBLIC_ACL = new Set(['public-read', 'public-read-write', 'authenticated-read', 'website']);

export function resourceFacts(file: string, b: HclBlock): TerraformFact[] {
  const type = b.labels[0] ?? '';
  if (b.type === 'data' && type === 'aws_iam_policy_document') {
    const statements = blocks(b, 'statement').map((s) => ({ Effect: str(attr(s, 'effect')?.value) ?? 'Allow', Action: strs(attr(s, 'actions')?.value), Resource: strs(attr(s, 'resources')?.value) }));
    return [fact(file, b, policyAttributes({ Statement: statements }, b.line))];
  }
  if (b.type !== 'resource' || b.labels.length < 2) return [];
  const a: Attributes = {};
  const line = (name: string) => attr(b, name)?.line ?? b.line;
  switch (type) {
    case 'aws_s3_bucket': {
      Object.assign(a, { kind: 'storage-bucket', component: 'storage', tech: 'Amazon S3', datastore: 's3' });
      const acl = str(attr(b, 'acl')?.value);
      if (acl && S3_PUBLIC_ACL.has(acl)) Object.assign(a, { public: true, publicVia: `acl ${acl}`, publicLine: line('acl') });
      if (blocks(b, 'server_side_encryption_configuration').length > 0) a.encrypted = true;
      return [fact(file, b, a)];
    }
    case 'aws_s3_bucket_acl': {
      const acl = str(attr(b, 'acl')?.value);
      return [fact(file, b, { kind: 'storage-acl', bucket: refTarget(attr(b, 'bucket')?.value) ?? '', public: !!acl && S3_PUBLIC_ACL.has(acl), publicVia: `acl ${acl ?? ''}`, publicLine: line('acl') })];
    }
    case 'aws_s3_bucket_public_access_block': {
      const all = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'].every((k) => bool(attr(b, k)?.value) === true);
      return [fact(file, b, { kind: 'storage-public-block', bucket: refTarget(attr(b, 'bucket')?.value) ?? '', blocksPublic: all })];
    }
    case 'aws_s3_bucket_server_side_encryption_configuration':
      return [fact(file, b, { kind: 'storage-encryption', bucket: refTarget(attr(b, 'bucket')?.value) ?? '' })];
    case 'aws_s3_bucket_policy': {
      const { doc } = policyDocument(attr(b, 'policy')?.value);
      return [fact(file, b, { kind: 'storage-policy', bucket: refTarget(attr(b, 'bucket')?.value) ?? '', public: publicPrincipal(doc), publicVia: 'bucket policy with Principal "*"', publicLine: line('policy') })];
    }
    case 'aws_security_group': {
      a.kind = 'firewall';
      for (const ingress of blocks(b, 'ingress')) {
        const cidrs = [...strs(attr(ingress, 'cidr_blocks')?.value), ...strs(attr(ingress, 'ipv6_cidr_blocks')?.value)];
        firewallRule(a, cidrs, num(attr(ingress, 'from_port')?.value), num(attr(ingress, 'to_port')?.value), String(str(attr(ingress, 'protocol')?.value) ?? 'tcp'), attr(ingress, 'cidr_blocks')?.line ?? ingress.line);
      }
      return [fact(file, b, a)];
    }
    case 'aws_security_group_rule':
    case 'aws_vpc_security_group_ingress_rule': {
      if (type === 'aws_security_group_rule' && str(attr(b, 'type')?.value) !== 'ingress') return [];
      a.kind = 'firewall';
      const cidrs = [...strs(attr(b, 'cidr_blocks')?.value), ...strs(attr(b, 'ipv6_cidr_blocks')?.value), ...strs(attr(b, 'cidr_ipv4')?.value), ...strs(attr(b, 'cidr_ipv6')?.value)];
      const cidrLine = (attr(b, 'cidr_blocks') ?? attr(b, 'cidr_ipv4') ?? attr(b, 'ipv6_cidr_blocks') ?? attr(b, 'cidr_ipv6'))?.line ?? b.line;
      firewallRule(a, cidrs, num(attr(b, 'from_port')?.value), num(attr(b, 'to_port')?.value), String(str(attr(b, 'protocol')?.value) ?? str(attr(b, 'ip_protocol')?.value) ?? 'tcp'), cidrLine);
      return [fact(file, b, a)];
    }
    case 'google_compute_firewall': {
      a.kind = 'firewall';
      if ((str(attr(b, 'direction')?.value) ?? 'INGRESS') !== 'INGRESS') return [fact(file, b, a)];
      const cidrs = strs(attr(b, 'source_ranges')?.value);
      for (const allow of blocks(b, 'allow')) {
        const protocol = str(attr(allow, 'protocol')?.value) ?? 'all';
        const ports = strs(attr(allow, 'ports')?.value);
        if (ports.length === 0) firewallRule(a, cidrs, undefined, undefined, protocol === 'all' ? 'all' : protocol, line('source_ranges'));
        for (const p of ports) firewallRule(a, cidrs, ...portRange(p), protocol, line('source_ranges'));
      }
      return [fact(file, b, a)];
    }
    case 'azurerm_network_security_group':
    case 'azurerm_network_security_rule': {
      a.kind = 'firewall';
      const rules = type === 'azurerm_network_security_rule' ? [b] : blocks(b, 'security_rule');
      for (const r of rules) {
        if ((str(attr(r, 'direction')?.value) ?? '') !== 'Inbound' || (str(attr(r, 'access')?.value) ?? '') !== 'Allow') continue;
        const sources = [...strs(attr(r, 'source_address_prefix')?.value), ...strs(attr(r, 'source_address_prefixes')?.value)];
        const ports = [...strs(attr(r, 'destination_port_range')?.value), ...strs(attr(r, 'destination_port_ranges')?.value)];
        const at = (attr(r, 'source_address_prefix') ?? attr(r, 'source_address_prefixes'))?.line ?? r.line;
        for (const p of ports.length > 0 ? ports : ['*']) firewallRule(a, sources, ...portRange(p), str(attr(r, 'protocol')?.value) ?? '*', at);
      }
      return [fact(file, b, a)];
    }
    case 'aws_iam_policy':
    case 'aws_iam_role_policy':
    case 'aws_iam_user_policy':
    case 'aws_iam_group_policy': {
      const policy = attr(b, 'policy');
      const { doc, ref } = policyDocument(policy?.value);
      const attrs = doc !== undefined ? policyAttributes(doc, policy?.line ?? b.line) : { kind: 'iam-policy', policyRef: ref ?? '', policyLine: policy?.line ?? b.line };
      const role = refTarget(attr(b, 'role')?.value);
      return [fact(file, b, { ...attrs, ...(role ? { roles: role } : {}) })];
    }
    case 'aws_iam_role_policy_attachment': {
      const arn = attr(b, 'policy_arn');
      const role = refTarget(attr(b, 'role')?.value) ?? '';
      const managed = str(arn?.value);
      if (managed && /:policy\/(?:AdministratorAccess|PowerUserAccess|IAMFullAccess)$/.test(managed)) {
        return [fact(file, b, { kind: 'iam-policy', wildcardActions: managed.endsWith('IAMFullAccess') ? 'iam:*' : '*', sensitiveOnAnyResource: '', notAction: managed.endsWith('PowerUserAccess'), policyLine: arn?.line ?? b.line, roles: role, managedPolicy: managed.slice(managed.lastIndexOf('/') + 1) })];
      }
      return [fact(file, b, { kind: 'iam-attachment', roles: role, policyRef: refTarget(arn?.value) ?? '' })];
    }
    case 'aws_db_instance':
    case 'aws_rds_cluster': {
      const engine = str(attr(b, 'engine')?.value) ?? '';
      Object.assign(a, { kind: 'database', component: 'datastore', tech: `Amazon RDS ${engine}`.trim(), vpc: true });
      const store = /postgres/i.test(engine) ? 'postgres' : /mysql|maria|aurora/i.test(engine) ? 'mysql' : /sqlserver/i.test(engine) ? 'mssql' : /oracle/i.test(engine) ? 'oracle' : undefined;
      if (store) a.datastore = store;
      if (bool(attr(b, 'publicly_accessible')?.value) === true) Object.assign(a, { publiclyAccessible: true, publicLine: line('publicly_accessible') });
      const encrypted = bool(attr(b, 'storage_encrypted')?.value);
      // Aurora clusters are encrypted by default only in newer engine setups; an absent flag on an instance is plaintext.
      if (encrypted !== undefined || type === 'aws_db_instance') Object.assign(a, { encrypted: encrypted ?? false, encryptedLine: line('storage_encrypted') });
      return [fact(file, b, a, bool(attr(b, 'publicly_accessible')?.value) === true ? { exposure: 'internet' } : { exposure: 'internal' })];
    }
    case 'aws_kms_key': {
      const spec = str(attr(b, 'customer_master_key_spec')?.value) ?? str(attr(b, 'key_spec')?.value) ?? 'SYMMETRIC_DEFAULT';
      if (spec !== 'SYMMETRIC_DEFAULT') return [];
      const rotation = attr(b, 'enable_key_rotation');
      return [fact(file, b, { kind: 'kms-key', rotation: bool(rotation?.value) ?? (rotation ? null : false), rotationLine: rotation?.line ?? b.line })];
    }
    case 'aws_apigatewayv2_api':
    case 'aws_api_gateway_rest_api':
      return [fact(file, b, { kind: 'api-gateway', component: 'service', gateway: true, tech: 'Amazon API Gateway', displayName: str(attr(b, 'name')?.value) ?? b.labels[1] }, { exposure: 'internet' })];
    case 'aws_apigatewayv2_route': {
      const authType = str(attr(b, 'authorization_type')?.value) ?? 'NONE';
      const authorized = authType !== 'NONE' || attr(b, 'authorizer_id') !== undefined;
      return [fact(file, b, { kind: 'api-route', api: refTarget(attr(b, 'api_id')?.value) ?? '', route: str(attr(b, 'route_key')?.value) ?? '', authorized, routeLine: line('route_key'), integration: refTarget(attr(b, 'target')?.value) ?? '' })];
    }
    case 'aws_api_gateway_method': {
      const authorization = str(attr(b, 'authorization')?.value) ?? 'NONE';
      const authorized = authorization !== 'NONE' || bool(attr(b, 'api_key_required')?.value) === true;
      return [fact(file, b, { kind: 'api-route', api: refTarget(attr(b, 'rest_api_id')?.value) ?? '', route: `${str(attr(b, 'http_method')?.value) ?? 'ANY'} ${refTarget(attr(b, 'resource_id')?.value) ?? ''}`.trim(), authorized, routeLine: line('authorization') })];
    }
    case 'aws_apigatewayv2_integration':
    case 'aws_api_gateway_integration':
      return [fact(file, b, { kind: 'api-integration', api: refTarget(attr(b, 'api_id')?.value ?? attr(b, 'rest_api_id')?.value) ?? '', target: refTarget(attr(b, 'integration_uri')?.value ?? attr(b, 'uri')?.value) ?? '' })];
    case 'aws_lambda_function': {
      Object.assign(a, { kind: 'lambda', component: 'function', tech: 'AWS Lambda', role: refTarget(attr(b, 'role')?.value) ?? '', displayName: str(attr(b, 'function_name')?.value) ?? b.labels[1] });
      if (blocks(b, 'vpc_config').length > 0) a.vpc = true;
      return [fact(file, b, a)];
    }
    case 'aws_cloudfront_distribution': {
      a.kind = 'cdn';
      const behaviours = [...blocks(b, 'default_cache_behavior'), ...blocks(b, 'ordered_cache_behavior')];
      const plainHttp = behaviours.map((x) => attr(x, 'viewer_protocol_policy')).find((p) => str(p?.value) === 'allow-all');
      if (plainHttp) Object.assign(a, { allowsHttp: true, httpLine: plainHttp.line });
      const cert = blocks(b, 'viewer_certificate')[0];
      const min = cert ? attr(cert, 'minimum_protocol_version') : undefined;
      if (cert && bool(attr(cert, 'cloudfront_default_certificate')?.value) === true) Object.assign(a, { minTls: 'TLSv1 (default certificate)', tlsLine: attr(cert, 'cloudfront_default_certificate')?.line ?? cert.line });
      else if (min && str(min.value) && weakTls(str(min.value) ?? '')) Object.assign(a, { minTls: str(min.value) ?? '', tlsLine: min.line });
      return [fact(file, b, a)];
    }
    case 'google_storage_bucket': {
      Object.assign(a, { kind: 'storage-bucket', component: 'storage', tech: 'Google Cloud Storage', datastore: 'gcs', encrypted: true });
      if (str(attr(b, 'public_access_prevention')?.value) === 'enforced') a.publicBlocked = true;
      return [fact(file, b, a)];
    }
    case 'google_storage_bucket_iam_member':
    case 'google_storage_bucket_iam_binding': {
      const members = [...strs(attr(b, 'member')?.value), ...strs(attr(b, 'members')?.value)];
      const everyone = members.find((m) => m === 'allUsers' || m === 'allAuthenticatedUsers');
      return [fact(file, b, { kind: 'storage-acl', bucket: refTarget(attr(b, 'bucket')?.value) ?? '', public: !!everyone, publicVia: `IAM member ${everyone ?? ''}`, publicLine: (attr(b, 'member') ?? attr(b, 'members'))?.line ?? b.line })];
    }
    case 'azurerm_storage_account': {
      Object.assign(a, { kind: 'storage-bucket', component: 'storage', tech: 'Azure Storage', datastore: 'azure-blob', encrypted: true });
      const pub = attr(b, 'allow_nested_items_to_be_public') ?? attr(b, 'allow_blob_public_access');
      if (bool(pub?.value) === true) Object.assign(a, { public: true, publicVia: `${pub?.name ?? ''} = true`, publicLine: pub?.line ?? b.line });
      const https = attr(b, 'https_traffic_only_enabled') ?? attr(b, 'enable_https_traffic_only');
      if (bool(https?.value) === false) Object.assign(a, { httpAllowed: true, httpLine: https?.line ?? b.line });
      const tls = attr(b, 'min_tls_version');
      if (str(tls?.value) && weakTls(str(tls?.value) ?? '')) Object.assign(a, { minTls: str(tls?.value) ?? '', tlsLine: tls?.line ?? b.line });
      return [fact(file, b, a)];
    }
    case 'azurerm_storage_container': {
      const access = str(attr(b, 'container_access_type')?.value) ?? 'private';
      return [fact(file, b, { kind: 'storage-acl', bucket: refTarget(attr(b, 'storage_account_name')?.value ?? attr(b, 'storage_account_id')?.value) ?? '', public: access === 'blob' || access === 'container', publicVia: `container_access_type ${access}`, publicLine: line('container_access_type') })];
    }
    default:
      return [];
  }
}

function num(v: HclValue | undefined): number | undefined {
  return typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** An Allow statement for every principal without a condition. */
export function publicPrincipal(doc: unknown): boolean {
  const statements = (doc as { Statement?: unknown } | undefined)?.Statement;
  const list = Array.isArray(statements) ? statements : statements ? [statements] : [];
  return list.some((s) => {
    if (typeof s !== 'object' || s === null) return false;
    const st = s as Record<string, unknown>;
    const p = st.Principal;
    const everyone = p === '*' || (typeof p === 'object' && p !== null && [].concat((p as { AWS?: never }).AWS ?? []).includes('*' as never));
    return String(st.Effect ?? 'Allow') === 'Allow' && everyone && st.Condition === undefined;
  });
}
