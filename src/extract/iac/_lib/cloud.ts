// The shared vocabulary of cloud IaC facts (Terraform and CloudFormation write the same
// attributes, so the cloud rules do not care which one was read): `attributes.kind` names the
// normalised resource kind, and the helpers below judge network rules and IAM policy documents.

/** Normalised resource kinds carried in `attributes.kind`. */
export type CloudKind = 'storage-bucket' | 'firewall' | 'iam-policy' | 'database' | 'kms-key' | 'api-route' | 'api-gateway' | 'lambda' | 'cdn';

/** Ports whose services should never face the internet (remote admin, databases, container APIs). */
export const SENSITIVE_PORTS: Record<number, string> = {
  21: 'FTP',
  22: 'SSH',
  23: 'Telnet',
  445: 'SMB',
  1433: 'SQL Server',
  1521: 'Oracle',
  2375: 'Docker API',
  2376: 'Docker API',
  3306: 'MySQL',
  3389: 'RDP',
  5432: 'PostgreSQL',
  5900: 'VNC',
  5984: 'CouchDB',
  6379: 'Redis',
  6443: 'Kubernetes API',
  9200: 'Elasticsearch',
  11211: 'Memcached',
  27017: 'MongoDB',
};

export function isOpenCidr(cidr: string): boolean {
  const c = cidr.trim().toLowerCase();
  return c === '0.0.0.0/0' || c === '::/0' || c === '*' || c === 'internet' || c === 'any' || c === '0.0.0.0';
}

/**
 * What an inbound rule open to the internet exposes: `all ports` when the range covers everything,
 * else the sensitive services inside the range (`SSH (22)`), else nothing worth reporting.
 */
export function exposedServices(from: number | undefined, to: number | undefined, protocol: string): string[] {
  const p = protocol.toLowerCase();
  if (p === '-1' || p === 'all' || p === '*' || (from === undefined && to === undefined) || (from === 0 && (to === 65535 || to === 0)) || (from === 1 && to === 65535)) return ['all ports'];
  if (p === 'icmp' || p === 'icmpv6' || p === '1' || p === '58') return [];
  const lo = from ?? to ?? 0;
  const hi = to ?? from ?? 0;
  const out: string[] = [];
  for (const [port, name] of Object.entries(SENSITIVE_PORTS)) if (Number(port) >= lo && Number(port) <= hi) out.push(`${name} (${port})`);
  return out;
}

/** `22`, `22-22`, `*`, `0-65535` → [from, to]. */
export function portRange(value: string | number | undefined): [number | undefined, number | undefined] {
  if (value === undefined) return [undefined, undefined];
  const s = String(value).trim();
  if (s === '*' || s === '') return [undefined, undefined];
  const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(s);
  return m ? [Number(m[1]), Number(m[2] ?? m[1])] : [undefined, undefined];
}

/** Actions that read data or grant power when allowed on every resource. */
const SENSITIVE_ACTION = /^(?:iam:(?:Put|Attach|Create|Update|Pass|AddUser)|sts:AssumeRole|kms:(?:Decrypt|CreateGrant)|secretsmanager:GetSecretValue|ssm:GetParameter|s3:(?:Get|Put|Delete)Object|dynamodb:(?:Scan|Query|GetItem|PutItem|DeleteItem|BatchGetItem)|lambda:(?:UpdateFunctionCode|InvokeFunction)|ec2:(?:RunInstances|ModifyInstanceAttribute))/i;

export interface PolicyFindings {
  /** Allowed action patterns with a wildcard service or action (`*`, `s3:*`, `iam:*`). */
  wildcardActions: string[];
  /** Sensitive actions allowed on Resource "*". */
  sensitiveOnAnyResource: string[];
  /** NotAction with Allow: everything but a list. */
  notAction: boolean;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Judges an IAM policy document (already plain data: JSON text parsed, or HCL/YAML objects). */
export function judgePolicy(document: unknown): PolicyFindings {
  const findings: PolicyFindings = { wildcardActions: [], sensitiveOnAnyResource: [], notAction: false };
  const doc = typeof document === 'object' && document !== null ? (document as Record<string, unknown>) : {};
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  for (const s of statements) {
    if (typeof s !== 'object' || s === null) continue;
    const st = s as Record<string, unknown>;
    if (String(st.Effect ?? 'Allow') !== 'Allow') continue;
    const actions = strings(st.Action);
    const resources = strings(st.Resource);
    if (st.NotAction !== undefined) findings.notAction = true;
    for (const a of actions) if (a === '*' || /^[\w-]+:\*$/.test(a)) findings.wildcardActions.push(a);
    if (resources.includes('*')) for (const a of actions) if (SENSITIVE_ACTION.test(a)) findings.sensitiveOnAnyResource.push(a);
  }
  findings.wildcardActions = [...new Set(findings.wildcardActions)];
  findings.sensitiveOnAnyResource = [...new Set(findings.sensitiveOnAnyResource)];
  return findings;
}

/** A minimum TLS version below 1.2 (`TLSv1`, `TLSv1_2016`, `TLSv1.1_2016`, `TLS1_0`, `1.0`, `SSLv3`). */
export function weakTls(version: string): boolean {
  const v = version.trim().toUpperCase().replace(/[_.](?:19|20)\d\d$/, '').replace(/_/g, '.');
  if (v.startsWith('SSL')) return true;
  const m = /(\d+)(?:\.(\d+))?$/.exec(v);
  if (!m) return false;
  const major = Number(m[1]);
  const minor = Number(m[2] ?? 0);
  return major < 1 || (major === 1 && minor < 2);
}
