// Zod schemas of patch operations: the MCP tools' input, the overrides file and the AI answers
// are all checked against these before a single field reaches a model. Strict objects: an unknown
// key is an error, not something silently carried along.
import { z } from 'zod';

const LEVEL = z.enum(['low', 'medium', 'high']);
export const SEVERITY = z.enum(['critical', 'high', 'medium', 'low']);
export const THREAT_STATUS = z.enum(['open', 'mitigated', 'accepted', 'suppressed', 'resolved']);
export const MITIGATION_STATUS = z.enum(['proposed', 'in-progress', 'implemented', 'wont-fix']);
export const STRIDE_LETTER = z.enum(['S', 'T', 'R', 'I', 'D', 'E']);

/** No control characters (terminal escapes, NUL) in anything that ends up in a model. */
const text = (max: number) =>
  z
    .string()
    .max(max)
    // eslint-disable-next-line no-control-regex
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(s), 'must not contain control characters');
const line = (max: number) => text(max).refine((s) => !/[\r\n]/.test(s), 'must be one line');
const nonEmpty = (max: number) => line(max).refine((s) => s.trim().length > 0, 'must not be empty');

export const ID = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a threatcode id (a UUID)');

/** Repository-relative posix path that cannot leave the repository. */
export const REPO_PATH = z
  .string()
  .min(1)
  .max(500)
  .refine((p) => !p.startsWith('/') && !/^[A-Za-z]:/.test(p) && !p.includes('\\') && !p.split('/').some((s) => s === '..' || s === '') && !p.includes('\u0000'), 'must be a repository-relative path without ..');

export const EVIDENCE_REF = z.strictObject({
  file: REPO_PATH,
  line: z.number().int().min(1).max(10_000_000),
  endLine: z.number().int().min(1).max(10_000_000).optional(),
});

export const PROVENANCE = z.strictObject({
  source: z.enum(['manual', 'ai']),
  model: line(120).optional(),
  reviewer: line(120).optional(),
  confidence: LEVEL.optional(),
  author: line(120).optional(),
  reason: text(1000).optional(),
  promptVersion: line(40).optional(),
});

const GRAMMAR = z.strictObject({
  threatSource: line(200).optional(),
  prerequisites: line(200).optional(),
  threatAction: line(200).optional(),
  threatImpact: line(200).optional(),
  impactedGoal: z.array(line(60)).max(6).optional(),
  impactedAssets: z.array(line(120)).max(10).optional(),
});

const CWE = z.string().regex(/^CWE-\d{1,5}$/, 'must look like CWE-89');
const CAPEC = z.string().regex(/^CAPEC-\d{1,5}$/, 'must look like CAPEC-66');
const ATTACK = z.string().regex(/^T\d{4}(?:\.\d{3})?$/, 'must look like T1190');

export const NEW_THREAT = z.strictObject({
  title: nonEmpty(200),
  description: text(2000).refine((s) => s.trim().length > 0, 'must not be empty'),
  stride: z.array(STRIDE_LETTER).min(1).max(6),
  cwe: z.array(CWE).max(5).optional(),
  capec: z.array(CAPEC).max(5).optional(),
  attack: z.array(ATTACK).max(5).optional(),
  owasp: z.array(line(30)).max(5).optional(),
  likelihood: LEVEL,
  impact: LEVEL,
  confidence: LEVEL.optional(),
  elements: z.array(nonEmpty(200)).max(10).optional(),
  evidence: z.array(EVIDENCE_REF).max(10).optional(),
  grammar: GRAMMAR.optional(),
  mitigations: z.array(ID).max(20).optional(),
  remediation: text(1000).optional(),
  status: THREAT_STATUS.optional(),
  statusReason: text(1000).optional(),
  ruleId: z.string().regex(/^[a-z][a-z0-9/-]{0,63}$/, 'lower-case letters, digits, - and /').optional(),
});

export const THREAT_UPDATE = z.strictObject({
  status: THREAT_STATUS.optional(),
  statusReason: text(1000).optional(),
  severity: SEVERITY.optional(),
  title: nonEmpty(200).optional(),
  description: text(2000).optional(),
  remediation: text(1000).optional(),
  confidence: LEVEL.optional(),
  mitigations: z.array(ID).max(20).optional(),
});

const CONTROLS = z.strictObject({
  cwe: z.array(CWE).max(10).optional(),
  asvs: z.array(line(20)).max(10).optional(),
  nist80053: z.array(line(20)).max(10).optional(),
  owasp: z.array(line(30)).max(10).optional(),
});

export const NEW_MITIGATION = z.strictObject({
  title: nonEmpty(200),
  content: text(2000).refine((s) => s.trim().length > 0, 'must not be empty'),
  remediation: text(1000).optional(),
  controls: CONTROLS.optional(),
  status: MITIGATION_STATUS.optional(),
  threats: z.array(ID).max(50).optional(),
});

export const MITIGATION_UPDATE = z.strictObject({
  title: nonEmpty(200).optional(),
  content: text(2000).optional(),
  remediation: text(1000).optional(),
  status: MITIGATION_STATUS.optional(),
  threats: z.array(ID).max(50).optional(),
});

export const NEW_ASSUMPTION = z.strictObject({
  content: text(1000).refine((s) => s.trim().length > 0, 'must not be empty'),
  threats: z.array(ID).max(50).optional(),
});

export const ASSUMPTION_UPDATE = z.strictObject({
  content: text(1000).optional(),
  threats: z.array(ID).max(50).optional(),
});

export const PATCH_OP = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('add-threat'), threat: NEW_THREAT, provenance: PROVENANCE }),
  z.strictObject({ op: z.literal('update-threat'), id: ID, set: THREAT_UPDATE, provenance: PROVENANCE }),
  z.strictObject({ op: z.literal('add-mitigation'), mitigation: NEW_MITIGATION, provenance: PROVENANCE }),
  z.strictObject({ op: z.literal('update-mitigation'), id: ID, set: MITIGATION_UPDATE, provenance: PROVENANCE }),
  z.strictObject({ op: z.literal('add-assumption'), assumption: NEW_ASSUMPTION, provenance: PROVENANCE }),
  z.strictObject({ op: z.literal('update-assumption'), id: ID, set: ASSUMPTION_UPDATE, provenance: PROVENANCE }),
]);

/** Zod issues as one readable line: `threat.stride[0]: Invalid option...; title: Too big...`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`)
    .join('; ');
}
