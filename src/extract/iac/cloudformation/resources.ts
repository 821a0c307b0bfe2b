// CloudFormation and SAM resources → deployment facts in the shared cloud vocabulary (the same
// attributes the Terraform extractor writes), so the cloud rules read both alike.
import { posix } from 'node:path';
import type { DeploymentFact } from '../../../model/types.js';
import { exposedServices, isOpenCidr, judgePolicy, weakTls } from '../_lib/cloud.js';
import type { YamlLocator } from '../_lib/yaml-path.js';
import { isRecord, list, text } from '../_lib/yaml-path.js';
import { publicPrincipal } from '../terraform/resources.js';

type Attributes = Record<string, string | number | boolean | null>;
export type CfnFact = Omit<DeploymentFact, 'extractor'>;

/** `{Ref: X}`, `{Fn::GetAtt: [X, Arn]}`, `!Sub "${X.Arn}"` → `X`. */
export function logicalRef(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  if (typeof value.Ref === 'string') return value.Ref;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  const sub = value['Fn::Sub'];
  const template = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
  return template ? /\$\{([A-Za-z0-9]+)(?:\.\w+)?\}/.exec(template)?.[1] : undefined;
}

const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);

export interface CfnInput {
  file: string;
  id: string;
  type: string;
  props: Record<string, unknown>;
  at: YamlLocator;
  /** Implicit APIs SAM creates for function events, collected across the template. */
  implicitApis: Set<string>;
}

function fact(input: CfnInput, attributes: Attributes, extra: Partial<CfnFact> = {}): CfnFact {
  return {
    kind: 'deployment',
    platform: 'cloudformation',
    workload: input.id,
    resourceType: input.type,
    evidence: { file: input.file, line: input.at.line(['Resources', input.id, 'Type']), snippet: `Type: ${input.type}` },
    key: `${input.file}#cfn:${input.id}`,
    attributes: { displayName: input.id, ...attributes },
    ...extra,
  };
}

/** Line of a property; the resource's `Type:` line when the property is not written. */
function line(input: CfnInput, ...path: (string | number)[]): number {
  let node: unknown = input.props;
  for (const step of path) node = typeof step === 'number' ? (Array.isArray(node) ? node[step] : undefined) : isRecord(node) ? node[step] : undefined;
  return node === undefined ? input.at.line(['Resources', input.id, 'Type']) : input.at.line(['Resources', input.id, 'Properties', ...path]);
}

function policy(doc: unknown, at: number, roles: string[]): Attributes {
  const judged = judgePolicy(doc);
  return { kind: 'iam-policy', wildcardActions: judged.wildcardActions.join(','), sensitiveOnAnyResource: judged.sensitiveOnAnyResource.join(','), notAction: judged.notAction, policyLine: at, roles: roles.join(',') };
}

const PUBLIC_ACL = new Set(['PublicRead', 'PublicReadWrite', 'AuthenticatedRead']);
const ADMIN_POLICY = /:policy\/(?:AdministratorAccess|PowerUserAccess|IAMFullAccess)$/;

export function cfnResourceFacts(input: CfnInput): CfnFact[] {
  const { props, type } = input;
  const a: Attributes = {};
  switch (type) {
    case 'AWS::S3::Bucket': {
      Object.assign(a, { kind: 'storage-bucket', component: 'storage', tech: 'Amazon S3', datastore: 's3', encrypted: props.BucketEncryption !== undefined });
      const acl = text(props.AccessControl);
      if (acl && PUBLIC_ACL.has(acl)) Object.assign(a, { public: true, publicVia: `AccessControl ${acl}`, publicLine: line(input, 'AccessControl') });
      const block = isRecord(props.PublicAccessBlockConfiguration) ? props.PublicAccessBlockConfiguration : {};
      if (['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'].every((k) => bool(block[k]) === true)) a.publicBlocked = true;
      return [fact(input, a)];
    }
    case 'AWS::S3::BucketPolicy':
      return [fact(input, { kind: 'storage-policy', bucket: logicalRef(props.Bucket) ?? '', public: publicPrincipal(props.PolicyDocument), publicVia: 'bucket policy with Principal "*"', publicLine: line(input, 'PolicyDocument') })];
    case 'AWS::EC2::SecurityGroup':
    case 'AWS::EC2::SecurityGroupIngress': {
      a.kind = 'firewall';
      const rules = type === 'AWS::EC2::SecurityGroup' ? list(props.SecurityGroupIngress).map((r, i) => [r, ['SecurityGroupIngress', i]] as const) : [[props, []] as const];
      for (const [rule, path] of rules) {
        if (!isRecord(rule)) continue;
        const cidrs = [text(rule.CidrIp), text(rule.CidrIpv6)].filter((c): c is string => !!c && isOpenCidr(c));
        if (cidrs.length === 0) continue;
        const services = exposedServices(num(rule.FromPort), num(rule.ToPort), String(text(rule.IpProtocol) ?? 'tcp'));
        if (services.length === 0) continue;
        const entry = `${cidrs.join(' ')} → ${services.join(', ')}`;
        a.openRules = a.openRules ? `${String(a.openRules)}; ${entry}` : entry;
        if (typeof a.openLine !== 'number') a.openLine = line(input, ...path, rule.CidrIp !== undefined ? 'CidrIp' : 'CidrIpv6');
      }
      return [fact(input, a)];
    }
    case 'AWS::IAM::Policy':
    case 'AWS::IAM::ManagedPolicy': {
      const roles = list(props.Roles).map(logicalRef).filter((r): r is string => !!r);
      return [fact(input, policy(props.PolicyDocument, line(input, 'PolicyDocument'), roles))];
    }
    case 'AWS::IAM::Role': {
      const out: CfnFact[] = [];
      for (const [i, p] of list(props.Policies).entries()) {
        if (!isRecord(p)) continue;
        out.push({ ...fact(input, policy(p.PolicyDocument, line(input, 'Policies', i), [input.id])), key: `${input.file}#cfn:${input.id}#policy:${i}` });
      }
      const admin = list(props.ManagedPolicyArns).map(text).find((arn) => arn && ADMIN_POLICY.test(arn));
      if (admin) out.push({ ...fact(input, { kind: 'iam-policy', wildcardActions: admin.endsWith('IAMFullAccess') ? 'iam:*' : '*', sensitiveOnAnyResource: '', notAction: admin.endsWith('PowerUserAccess'), policyLine: line(input, 'ManagedPolicyArns'), roles: input.id, managedPolicy: admin.slice(admin.lastIndexOf('/') + 1) }), key: `${input.file}#cfn:${input.id}#managed` });
      return out;
    }
    case 'AWS::RDS::DBInstance':
    case 'AWS::RDS::DBCluster': {
      const engine = text(props.Engine) ?? '';
      Object.assign(a, { kind: 'database', component: 'datastore', tech: `Amazon RDS ${engine}`.trim(), vpc: true });
      const store = /postgres/i.test(engine) ? 'postgres' : /mysql|maria|aurora/i.test(engine) ? 'mysql' : undefined;
      if (store) a.datastore = store;
      const isPublic = bool(props.PubliclyAccessible) === true;
      if (isPublic) Object.assign(a, { publiclyAccessible: true, publicLine: line(input, 'PubliclyAccessible') });
      const encrypted = bool(props.StorageEncrypted);
      if (encrypted !== undefined || type === 'AWS::RDS::DBInstance') Object.assign(a, { encrypted: encrypted ?? false, encryptedLine: line(input, 'StorageEncrypted') });
      return [fact(input, a, { exposure: isPublic ? 'internet' : 'internal' })];
    }
    case 'AWS::KMS::Key': {
      if ((text(props.KeySpec) ?? 'SYMMETRIC_DEFAULT') !== 'SYMMETRIC_DEFAULT') return [];
      const rotation = bool(props.EnableKeyRotation);
      return [fact(input, { kind: 'kms-key', rotation: rotation ?? (props.EnableKeyRotation === undefined ? false : null), rotationLine: line(input, 'EnableKeyRotation') })];
    }
    case 'AWS::ApiGatewayV2::Api':
    case 'AWS::ApiGateway::RestApi':
    case 'AWS::Serverless::Api':
    case 'AWS::Serverless::HttpApi':
      return [fact(input, { kind: 'api-gateway', component: 'service', gateway: true, tech: 'Amazon API Gateway', displayName: text(props.Name) ?? input.id }, { exposure: 'internet' })];
    case 'AWS::ApiGatewayV2::Route': {
      const authType = text(props.AuthorizationType) ?? 'NONE';
      const target = props.Target;
      return [fact(input, { kind: 'api-route', api: logicalRef(props.ApiId) ?? '', route: text(props.RouteKey) ?? '', authorized: authType !== 'NONE' || props.AuthorizerId !== undefined, routeLine: line(input, 'RouteKey'), integration: (typeof target === 'string' ? undefined : logicalRef(target)) ?? joinRef(target) ?? '' })];
    }
    case 'AWS::ApiGateway::Method': {
      const authorized = (text(props.AuthorizationType) ?? 'NONE') !== 'NONE' || bool(props.ApiKeyRequired) === true;
      const uri = isRecord(props.Integration) ? props.Integration.Uri : undefined;
      return [fact(input, { kind: 'api-route', api: logicalRef(props.RestApiId) ?? '', route: text(props.HttpMethod) ?? 'ANY', authorized, routeLine: line(input, 'AuthorizationType'), routesTo: logicalRef(uri) ?? '' })];
    }
    case 'AWS::ApiGatewayV2::Integration':
      return [fact(input, { kind: 'api-integration', api: logicalRef(props.ApiId) ?? '', target: logicalRef(props.IntegrationUri) ?? '' })];
    case 'AWS::Lambda::Function':
      return [fact(input, { kind: 'lambda', component: 'function', tech: 'AWS Lambda', role: logicalRef(props.Role) ?? '', ...(props.VpcConfig !== undefined ? { vpc: true } : {}), displayName: text(props.FunctionName) ?? input.id })];
    case 'AWS::Serverless::Function':
      return samFunction(input);
    case 'AWS::CloudFront::Distribution': {
      a.kind = 'cdn';
      const config = isRecord(props.DistributionConfig) ? props.DistributionConfig : {};
      const behaviours = [config.DefaultCacheBehavior, ...list(config.CacheBehaviors)];
      const idx = behaviours.findIndex((b) => isRecord(b) && b.ViewerProtocolPolicy === 'allow-all');
      if (idx >= 0) Object.assign(a, { allowsHttp: true, httpLine: idx === 0 ? line(input, 'DistributionConfig', 'DefaultCacheBehavior', 'ViewerProtocolPolicy') : line(input, 'DistributionConfig', 'CacheBehaviors', idx - 1, 'ViewerProtocolPolicy') });
      const cert = isRecord(config.ViewerCertificate) ? config.ViewerCertificate : undefined;
      const min = cert ? text(cert.MinimumProtocolVersion) : undefined;
      if (!cert || bool(cert.CloudFrontDefaultCertificate) === true) Object.assign(a, { minTls: 'TLSv1 (default certificate)', tlsLine: line(input, 'DistributionConfig', 'ViewerCertificate') });
      else if (min && weakTls(min)) Object.assign(a, { minTls: min, tlsLine: line(input, 'DistributionConfig', 'ViewerCertificate', 'MinimumProtocolVersion') });
      return [fact(input, a)];
    }
    default:
      return [];
  }
}

/** `!Join ['/', ['integrations', !Ref Integration]]` → `Integration`. */
function joinRef(value: unknown): string | undefined {
  const join = isRecord(value) ? value['Fn::Join'] : undefined;
  const parts = Array.isArray(join) ? join[1] : undefined;
  return Array.isArray(parts) ? parts.map(logicalRef).find((r): r is string => !!r) : undefined;
}

/** SAM functions: the code folder, the implicit API of their events, their policies. */
function samFunction(input: CfnInput): CfnFact[] {
  const { props } = input;
  const role = logicalRef(props.Role) ?? `${input.id}Role`;
  const codeUri = text(props.CodeUri);
  const dir = posix.dirname(input.file);
  const local = codeUri && !/^s3:\/\//i.test(codeUri) ? posix.normalize(posix.join(dir, codeUri)).replace(/\/+$/, '') || '.' : undefined;
  const out: CfnFact[] = [fact(input, { kind: 'lambda', component: 'function', tech: 'AWS Lambda', role, displayName: text(props.FunctionName) ?? input.id, ...(props.VpcConfig !== undefined ? { vpc: true } : {}) }, local ? { buildContext: local } : {})];
  const events = isRecord(props.Events) ? props.Events : {};
  for (const [name, event] of Object.entries(events)) {
    if (!isRecord(event) || (event.Type !== 'Api' && event.Type !== 'HttpApi')) continue;
    const ep = isRecord(event.Properties) ? event.Properties : {};
    const api = logicalRef(ep.RestApiId ?? ep.ApiId) ?? (event.Type === 'Api' ? 'ServerlessRestApi' : 'ServerlessHttpApi');
    input.implicitApis.add(api);
    const auth = isRecord(ep.Auth) ? ep.Auth : undefined;
    const authorizer = auth ? text(auth.Authorizer) : undefined;
    out.push({
      ...fact(input, { kind: 'api-route', api, route: `${(text(ep.Method) ?? 'ANY').toUpperCase()} ${text(ep.Path) ?? '/'}`, authorized: authorizer !== undefined ? authorizer !== 'NONE' : null, routeLine: input.at.line(['Resources', input.id, 'Properties', 'Events', name]), routesTo: input.id }),
      key: `${input.file}#cfn:${input.id}#event:${name}`,
      workload: `${input.id}.${name}`,
    });
  }
  for (const [i, p] of list(props.Policies).entries()) {
    const doc = isRecord(p) && p.Statement !== undefined ? p : undefined;
    const managed = text(p);
    if (doc) out.push({ ...fact(input, policy(doc, input.at.line(['Resources', input.id, 'Properties', 'Policies', i]), [role])), key: `${input.file}#cfn:${input.id}#policy:${i}`, workload: `${input.id}.policy${i}` });
    else if (managed && /^(?:AdministratorAccess|PowerUserAccess)$/.test(managed)) out.push({ ...fact(input, { kind: 'iam-policy', wildcardActions: '*', sensitiveOnAnyResource: '', notAction: managed === 'PowerUserAccess', policyLine: input.at.line(['Resources', input.id, 'Properties', 'Policies', i]), roles: role, managedPolicy: managed }), key: `${input.file}#cfn:${input.id}#policy:${i}`, workload: `${input.id}.policy${i}` });
  }
  return out;
}
