import type { z } from 'zod';
import {
  assumptionEntry,
  classificationEntry,
  exposureEntry,
  KNOWN_KEYS,
  productEntry,
  suppressionEntry,
  textEntry,
  trustZoneEntry,
} from './schema.js';
import { validateTrackers } from './trackers.js';
import { emptyConfig } from './types.js';
import type { Config, Suppression } from './types.js';

export type ConfigPath = (string | number)[];
/** Receives every problem with the JSON path of the offending value. */
export type Report = (path: ConfigPath, message: string) => void;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function warnUnknownKeys(value: Record<string, unknown>, known: readonly string[], path: ConfigPath, report: Report): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) report([...path, key], `unknown key "${key}" is ignored`);
  }
}

/** Reports each zod issue at its full path; returns the parsed value or undefined. */
function check<S extends z.ZodType>(schema: S, value: unknown, path: ConfigPath, report: Report): z.output<S> | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    report([...path, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))], issue.message);
  }
  return undefined;
}

/** A list whose entries are validated one by one; invalid entries are dropped. */
function list<T>(value: unknown, path: ConfigPath, report: Report, entry: (item: unknown, path: ConfigPath) => T | undefined): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    report(path, 'must be a list; ignored');
    return [];
  }
  const out: T[] = [];
  value.forEach((item, i) => {
    const parsed = entry(item, [...path, i]);
    if (parsed !== undefined) out.push(parsed);
  });
  return out;
}

function objectEntry<S extends z.ZodType>(schema: S, known: readonly string[]) {
  return (item: unknown, path: ConfigPath, report: Report): z.output<S> | undefined => {
    if (!isRecord(item)) {
      report(path, 'must be a mapping; entry ignored');
      return undefined;
    }
    warnUnknownKeys(item, known, path, report);
    return check(schema, item, path, report);
  };
}

const classification = objectEntry(classificationEntry, KNOWN_KEYS.classification);
const trustZone = objectEntry(trustZoneEntry, KNOWN_KEYS.trustZones);
const exposure = objectEntry(exposureEntry, KNOWN_KEYS.exposure);
const assumptionObject = objectEntry(assumptionEntry, KNOWN_KEYS.assumptions);
const suppressionObject = objectEntry(suppressionEntry, KNOWN_KEYS.suppressions);

function strings(value: unknown, path: ConfigPath, report: Report): string[] {
  return list(value, path, report, (item, p) => check(textEntry, item, p, report));
}

function product(value: unknown, report: Report): Config['product'] {
  const out: Config['product'] = { owners: [] };
  if (value === undefined || value === null) return out;
  if (!isRecord(value)) {
    report(['product'], 'must be a mapping; ignored');
    return out;
  }
  warnUnknownKeys(value, KNOWN_KEYS.product, ['product'], report);
  for (const key of ['name', 'description', 'repository'] as const) {
    if (value[key] === undefined) continue;
    const parsed = check(productEntry[key], value[key], ['product', key], report);
    if (parsed !== undefined) out[key] = parsed;
  }
  out.owners = strings(value.owners, ['product', 'owners'], report);
  return out;
}

function suppression(item: unknown, path: ConfigPath, report: Report): Suppression | undefined {
  const parsed = suppressionObject(item, path, report);
  if (!parsed) return undefined;
  const out: Suppression = { paths: parsed.path === undefined ? [] : [parsed.path].flat(), reason: parsed.reason };
  if (parsed.rule !== undefined) out.rule = parsed.rule;
  if (parsed.threat !== undefined) out.threat = parsed.threat;
  if (parsed.expires !== undefined) out.expires = parsed.expires;
  return out;
}

/**
 * Validates parsed YAML into a Config: unknown keys are reported, invalid entries are dropped
 * with a report naming their path, and the valid rest is kept. Never throws.
 */
export function validateConfig(raw: unknown, report: Report): Config {
  const config = emptyConfig();
  if (raw === undefined || raw === null) return config;
  if (!isRecord(raw)) {
    report([], 'the configuration must be a mapping of keys; ignored');
    return config;
  }
  warnUnknownKeys(raw, KNOWN_KEYS.top, [], report);
  config.product = product(raw.product, report);
  const owners = strings(raw.owners, ['owners'], report);
  config.product.owners = [...new Set([...config.product.owners, ...owners])];
  config.classification = list(raw.classification, ['classification'], report, (item, p) => classification(item, p, report));
  config.trustZones = list(raw.trustZones, ['trustZones'], report, (item, p) => trustZone(item, p, report));
  config.exposure = list(raw.exposure, ['exposure'], report, (item, p) => exposure(item, p, report));
  config.assumptions = list(raw.assumptions, ['assumptions'], report, (item, p) => {
    if (typeof item === 'string') {
      const content = check(textEntry, item, p, report);
      return content === undefined ? undefined : { content, threats: [] };
    }
    return assumptionObject(item, p, report);
  });
  config.suppressions = list(raw.suppressions, ['suppressions'], report, (item, p) => suppression(item, p, report));
  config.ignore = strings(raw.ignore, ['ignore'], report);
  const trackers = validateTrackers(raw.trackers, report);
  if (trackers) config.trackers = trackers;
  return config;
}

/** `suppressions[1].reason` */
export function formatPath(path: ConfigPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out || '(top level)';
}
