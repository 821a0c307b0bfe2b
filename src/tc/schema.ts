// The import schema of Threat Composer's data-exchange format (research §3–§4), written with zod so
// that failures produce the same issues, in the same order, as the app's own zod check. Key order
// and union branch order follow the published JSON Schema, which is generated from the app's zod
// schema. Exact-length strings use min+max (not .length) to keep the app's zod 4.1 messages.
import { z } from 'zod';

const text = (max: number) => z.string().max(max);
const linkId = () => z.string().min(36).max(36);

/** http(s) URLs are checked on a host-plus-TLD prefix only; data URIs need valid base64. */
const URL_PREFIX = /^https?:\/\/[-a-zA-Z0-9@:%._+~#=]{1,256}\.[a-zA-Z0-9()]{1,6}\b/;
const DATA_URI = /^data:image\/[a-z+]{3,};base64,(.*)$/s;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function isValidImage(image: string): boolean {
  if (image === '') return true;
  if (URL_PREFIX.test(image)) return image.length <= 2048;
  const data = DATA_URI.exec(image);
  return data !== null && image.length <= 1_000_000 && BASE64.test(data[1]);
}

const image = z.string().refine(isValidImage, { message: 'Invalid image format' });

/** ISO-8601 UTC with `Z`; seconds optional (the pattern the app's schema publishes). */
const UTC_DATETIME =
  /^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))T(?:(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z))$/;

const entry = <K extends string, V extends z.ZodType>(key: K, value: V) => z.strictObject({ key: z.literal(key), value });

const comments = entry('Comments', text(1000));
const custom = z.strictObject({ key: z.string().startsWith('custom:').max(50), value: z.union([z.string(), z.array(z.string())]) });

const threatMetadata = z.union([
  comments,
  custom,
  entry('source', z.enum(['threatPack'])),
  entry('STRIDE', z.array(z.enum(['S', 'T', 'R', 'I', 'D', 'E']))),
  entry('Priority', z.enum(['High', 'Medium', 'Low'])),
  entry('threatPackId', z.string().min(1).max(30)),
  entry('threatPackThreatId', text(36)),
  entry('threatPackMitigationCandidateId', text(36)),
]);

const mitigationMetadata = z.union([
  comments,
  custom,
  entry('source', z.enum(['mitigationPack'])),
  entry('mitigationPackId', z.string().min(1).max(30)),
  entry('mitigationPackMitigationId', text(36)),
]);

const assumptionMetadata = z.union([comments, custom]);

const base = <M extends z.ZodType>(metadata: M) => ({
  id: text(36),
  numericId: z.number(),
  displayOrder: z.number().optional(),
  metadata: z.array(metadata).optional(),
  tags: z.array(z.string().min(1).max(30)).optional(),
});

/** A string first, then one of the values: `null` is reported as a wrong type, as the app does. */
const status = <T extends readonly [string, ...string[]]>(values: T) => z.string().pipe(z.enum(values)).optional();

export const THREAT_STATUSES = ['threatIdentified', 'threatResolved', 'threatResolvedNotUseful'] as const;
export const MITIGATION_STATUSES = ['mitigationIdentified', 'mitigationInProgress', 'mitigationResolved', 'mitigationResolvedWillNotAction'] as const;

const statementToken = z.strictObject({ type: z.enum(['b', 'span']).optional(), tooltip: text(30).optional(), content: text(200) });

const threat = z.strictObject({
  ...base(threatMetadata),
  threatSource: text(200).optional(),
  prerequisites: text(200).optional(),
  threatAction: text(200).optional(),
  threatImpact: text(200).optional(),
  impactedGoal: z.array(text(200)).optional(),
  impactedAssets: z.array(text(200)).optional(),
  statement: text(1400).optional(),
  customTemplate: text(200).optional(),
  status: status(THREAT_STATUSES),
  displayedStatement: z.array(z.union([z.string(), statementToken])).optional(),
});

const mitigation = z.strictObject({ ...base(mitigationMetadata), content: text(1000), status: status(MITIGATION_STATUSES) });
const assumption = z.strictObject({ ...base(assumptionMetadata), content: text(1000) });

const assumptionLink = z.strictObject({
  type: z.union([z.literal('Mitigation'), z.literal('Threat')]),
  assumptionId: linkId(),
  linkedId: linkId(),
});
const mitigationLink = z.strictObject({ mitigationId: linkId(), linkedId: linkId() });

const brainstormItem = z.strictObject({
  id: text(36),
  content: text(200),
  createdAt: z.string().regex(UTC_DATETIME, { message: 'Invalid ISO datetime' }),
  createdBy: text(50).optional(),
  groupId: text(36).optional(),
});
const brainstormList = z.array(brainstormItem).optional();

const brainstorm = z.strictObject({
  assumptions: brainstormList,
  threatSources: brainstormList,
  threatPrerequisites: brainstormList,
  threatActions: brainstormList,
  threatImpacts: brainstormList,
  assets: brainstormList,
  mitigations: brainstormList,
});

/** Legacy workspace record: not strict (unknown keys are dropped), ignored on import. */
const workspace = z.object({
  id: linkId(),
  name: z.string().max(50).regex(/^[A-Za-z0-9-_# ]*$/),
  storageType: z.enum(['LocalState', 'LocalStorage']).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

const section = z.strictObject({ description: text(100_000).optional(), image: image.optional() });

export const dataExchangeSchema = z.strictObject({
  schema: z.number().max(1),
  workspace: workspace.optional(),
  applicationInfo: z.strictObject({ name: text(200).optional(), description: text(100_000).optional() }).optional(),
  architecture: section.optional(),
  dataflow: section.optional(),
  assumptions: z.array(assumption).optional(),
  mitigations: z.array(mitigation).optional(),
  assumptionLinks: z.array(assumptionLink).optional(),
  mitigationLinks: z.array(mitigationLink).optional(),
  threats: z.array(threat).optional(),
  brainstorm: brainstorm.optional(),
});

export type TcDocument = z.infer<typeof dataExchangeSchema>;
export type TcThreat = z.infer<typeof threat>;
export type TcMitigation = z.infer<typeof mitigation>;
export type TcAssumption = z.infer<typeof assumption>;
