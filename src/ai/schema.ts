// What the author and the reviewer may answer. Every item is parsed on its own (strict: unknown
// keys reject the item), so one bad item never costs the good ones. The wire schema sent to the
// provider is derived from the same zod definitions, stripped of keywords strict structured-output
// modes refuse (lengths, bounds, patterns): those are enforced here, after the answer arrives.
import { z } from 'zod';
import type { JsonSchema } from './types.js';

const LEVEL = z.enum(['low', 'medium', 'high']);
const STRIDE = z.enum(['S', 'T', 'R', 'I', 'D', 'E']);
const oneLine = (max: number) => z.string().min(1).max(max);

export const AI_EVIDENCE = z.strictObject({ file: z.string().min(1).max(500), line: z.number().int().min(1).max(10_000_000) });

export const AI_THREAT = z.strictObject({
  kind: z.enum(['missing-threat', 'business-logic']),
  title: oneLine(160),
  description: z.string().min(1).max(1200),
  stride: z.array(STRIDE).min(1).max(6),
  cwe: z.array(z.string().regex(/^CWE-\d{1,5}$/)).max(3),
  likelihood: LEVEL,
  impact: LEVEL,
  confidence: LEVEL,
  evidence: z.array(AI_EVIDENCE).min(1).max(5),
  threatSource: oneLine(150),
  prerequisites: z.string().max(150),
  threatAction: oneLine(200),
  threatImpact: oneLine(200),
  mitigation: z.string().max(600),
});

export const AI_ADJUSTMENT = z.strictObject({
  threatId: z.string().min(1).max(64),
  severity: z.enum(['critical', 'high', 'medium', 'low']),
  rationale: z.string().min(1).max(600),
  confidence: LEVEL,
});

export const AUTHOR_ANSWER = z.strictObject({
  threats: z.array(AI_THREAT).max(50),
  adjustments: z.array(AI_ADJUSTMENT).max(50),
});

export const AI_VERDICT = z.strictObject({
  id: z.string().min(1).max(16),
  verdict: z.enum(['confirm', 'reject']),
  confidence: LEVEL,
  reason: z.string().min(1).max(600),
});

export const REVIEW_ANSWER = z.strictObject({ verdicts: z.array(AI_VERDICT).max(100) });

export type AiThreat = z.infer<typeof AI_THREAT>;
export type AiAdjustment = z.infer<typeof AI_ADJUSTMENT>;
export type AiVerdict = z.infer<typeof AI_VERDICT>;

/** Envelope check only: lists are taken apart and their items parsed one by one. */
const ENVELOPE = <K extends string>(keys: readonly K[]) => z.object(Object.fromEntries(keys.map((k) => [k, z.array(z.unknown()).max(200)])) as Record<K, z.ZodArray<z.ZodUnknown>>);

export interface ItemParse<T> {
  items: T[];
  /** One line per rejected item, for diagnostics. */
  rejected: string[];
}

function parseItems<T>(list: readonly unknown[], schema: z.ZodType<T>, label: string): ItemParse<T> {
  const out: ItemParse<T> = { items: [], rejected: [] };
  list.forEach((value, index) => {
    const parsed = schema.safeParse(value);
    if (parsed.success) out.items.push(parsed.data);
    else out.rejected.push(`${label}[${index}]: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(item)'} ${i.message}`).join('; ')}`);
  });
  return out;
}

export interface AuthorParse {
  threats: ItemParse<AiThreat>;
  adjustments: ItemParse<AiAdjustment>;
}

/** Undefined when the answer is not even the right shape (then the whole answer is garbage). */
export function parseAuthorAnswer(json: unknown): AuthorParse | undefined {
  const envelope = ENVELOPE(['threats', 'adjustments'] as const).safeParse(json);
  if (!envelope.success) return undefined;
  return { threats: parseItems(envelope.data.threats, AI_THREAT, 'threats'), adjustments: parseItems(envelope.data.adjustments, AI_ADJUSTMENT, 'adjustments') };
}

export function parseReviewAnswer(json: unknown): ItemParse<AiVerdict> | undefined {
  const envelope = ENVELOPE(['verdicts'] as const).safeParse(json);
  if (!envelope.success) return undefined;
  return parseItems(envelope.data.verdicts, AI_VERDICT, 'verdicts');
}

const DROPPED_KEYWORDS = new Set(['$schema', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'pattern', 'format']);

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) if (!DROPPED_KEYWORDS.has(key)) out[key] = strip(inner);
    return out;
  }
  return value;
}

/** The JSON Schema sent to the provider (every property required, no additional properties). */
export function wireSchema(schema: z.ZodType): JsonSchema {
  return strip(z.toJSONSchema(schema, { target: 'draft-7' })) as JsonSchema;
}
