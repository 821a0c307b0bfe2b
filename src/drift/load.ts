// Reads a stored model for drift: threatcode's model.json, or a Threat Composer .tc.json (ours or
// edited by hand in the app). Untrusted input: sizes bounded, shapes checked, unknown fields ignored.
import { readFile, stat } from 'node:fs/promises';
import type { Evidence, Severity, ThreatModel } from '../model/types.js';
import { MODEL_SCHEMA } from '../model/types.js';
import { InputError } from '../util/errors.js';
import type { StoredModel, StoredThreat } from './types.js';

const MAX_BYTES = 256 * 1024 * 1024;
const SEVERITIES = new Set(['critical', 'high', 'medium', 'low']);
const PRIORITY_SEVERITY: Record<string, Severity> = { High: 'high', Medium: 'medium', Low: 'low' };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function evidenceOf(value: unknown): Evidence[] {
  return list(value)
    .filter(isObject)
    .filter((e) => typeof e.file === 'string' && typeof e.line === 'number')
    .map((e) => ({ file: e.file as string, line: e.line as number }));
}

/** `file:line` strings, as a .tc.json keeps them in `custom:evidence`. */
function parseEvidenceStrings(values: readonly string[]): Evidence[] {
  return values.flatMap((value) => {
    const match = /^(.+):(\d+)$/.exec(value.trim());
    return match ? [{ file: match[1], line: Number(match[2]) }] : [];
  });
}

function fromModel(doc: Json): StoredModel {
  const threats: StoredThreat[] = list(doc.threats)
    .filter(isObject)
    .filter((t) => typeof t.id === 'string')
    .map((t) => ({
      id: t.id as string,
      storedId: t.id as string,
      title: str(t.title) ?? str(t.statement) ?? (t.id as string),
      ...(str(t.ruleId) ? { ruleId: t.ruleId as string } : {}),
      ...(SEVERITIES.has(String(t.severity)) ? { severity: t.severity as Severity } : {}),
      status: str(t.status) ?? 'open',
      evidence: evidenceOf(t.evidence),
      source: t.source === 'rule' || t.source === 'ai' || t.source === 'manual' ? t.source : 'unknown',
    }));
  const elements = <T>(key: string): T[] => list(doc[key]).filter((e) => isObject(e) && typeof e.id === 'string') as T[];
  return {
    format: 'model',
    product: str(isObject(doc.product) ? doc.product.name : undefined),
    commit: str(isObject(doc.product) ? doc.product.commit : undefined),
    threats,
    architecture: {
      components: elements<ThreatModel['components'][number]>('components').map((c) => ({ ...c, tech: list(c.tech) as string[] })),
      entryPoints: elements<ThreatModel['entryPoints'][number]>('entryPoints').map((e) => ({ ...e, middleware: list(e.middleware) as string[] })),
      flows: elements<ThreatModel['flows'][number]>('flows').map((f) => ({ ...f, data: list(f.data) as string[], crosses: list(f.crosses) as string[] })),
      trustBoundaries: elements<ThreatModel['trustBoundaries'][number]>('trustBoundaries').map((b) => ({ ...b, components: list(b.components) as string[] })),
    },
  };
}

function metadataValue(metadata: unknown[], key: string): string | string[] | undefined {
  const entry = metadata.filter(isObject).find((m) => m.key === key);
  if (!entry) return undefined;
  if (typeof entry.value === 'string') return entry.value;
  if (Array.isArray(entry.value)) return entry.value.filter((v): v is string => typeof v === 'string');
  return undefined;
}

function fromThreatComposer(doc: Json): StoredModel {
  const threats: StoredThreat[] = list(doc.threats)
    .filter(isObject)
    .filter((t) => typeof t.id === 'string')
    .map((t) => {
      const metadata = list(t.metadata);
      const threatcodeId = metadataValue(metadata, 'custom:threatcodeId');
      const ruleId = metadataValue(metadata, 'custom:ruleId');
      const severity = metadataValue(metadata, 'custom:severity');
      const priority = metadataValue(metadata, 'Priority');
      const evidence = metadataValue(metadata, 'custom:evidence');
      const source = metadataValue(metadata, 'custom:source');
      const status = str(t.status);
      return {
        ...(typeof threatcodeId === 'string' ? { id: threatcodeId } : {}),
        storedId: t.id as string,
        title: str(t.statement) ?? (t.id as string),
        ...(typeof ruleId === 'string' ? { ruleId } : {}),
        ...(typeof severity === 'string' && SEVERITIES.has(severity)
          ? { severity: severity as Severity }
          : typeof priority === 'string' && PRIORITY_SEVERITY[priority]
            ? { severity: PRIORITY_SEVERITY[priority] }
            : {}),
        status: status === 'threatResolved' ? 'resolved' : status === 'threatResolvedNotUseful' ? 'accepted' : 'open',
        evidence: parseEvidenceStrings(Array.isArray(evidence) ? evidence : typeof evidence === 'string' ? [evidence] : []),
        source: source === 'rule' || source === 'ai' || source === 'manual' ? source : typeof threatcodeId === 'string' ? 'rule' : 'manual',
      };
    });
  return { format: 'threat-composer', threats };
}

/** Reads model.json or a .tc.json; InputError naming the file when it is neither. */
export async function loadStoredModel(file: string): Promise<StoredModel> {
  const info = await stat(file).catch(() => undefined);
  if (!info || !info.isFile()) throw new InputError(file, 'not a file');
  if (info.size > MAX_BYTES) throw new InputError(file, `is larger than ${MAX_BYTES / 1024 / 1024} MiB`);
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new InputError(file, `is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isObject(doc)) throw new InputError(file, 'is not a JSON object');
  if (doc.schema === MODEL_SCHEMA) return fromModel(doc);
  if (doc.schema === 1 && (Array.isArray(doc.threats) || isObject(doc.applicationInfo))) return fromThreatComposer(doc);
  throw new InputError(file, `is neither a threatcode model (schema ${MODEL_SCHEMA}) nor a Threat Composer file (schema 1)`);
}
