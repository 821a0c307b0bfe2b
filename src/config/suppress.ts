import picomatch from 'picomatch';
import { UsageError } from '../util/errors.js';
import { isoDate } from './schema.js';
import type { Config, Suppression } from './types.js';

export interface SuppressionTarget {
  ruleId: string;
  threatId: string;
  /** Repository-relative files of the threat's evidence. */
  files: readonly string[];
}

export interface SuppressionMatch {
  suppressed: boolean;
  reason?: string;
  /** A matching suppression whose date has passed: it no longer suppresses, the caller reports it. */
  expired?: { reason: string; expires: string };
}

const globCache = new Map<string, (value: string) => boolean>();

function glob(pattern: string): (value: string) => boolean {
  let test = globCache.get(pattern);
  if (!test) {
    test = picomatch(pattern, { dot: true });
    if (globCache.size > 1000) globCache.clear();
    globCache.set(pattern, test);
  }
  return test;
}

function ruleMatches(suppression: Suppression, ruleId: string): boolean {
  if (suppression.rule === undefined) return true;
  return suppression.rule === ruleId || (/[*?[{]/.test(suppression.rule) && glob(suppression.rule)(ruleId));
}

function threatMatches(suppression: Suppression, threatId: string): boolean {
  return suppression.threat === undefined || suppression.threat.toLowerCase() === threatId.toLowerCase();
}

function pathMatches(suppression: Suppression, files: readonly string[]): boolean {
  if (suppression.paths.length === 0) return true;
  return suppression.paths.some((pattern) => {
    const test = glob(pattern);
    return files.some((file) => test(file));
  });
}

/**
 * Whether the config suppresses a threat on `today` (YYYY-MM-DD, from the caller so results are
 * reproducible). A suppression names a rule and/or a threat, optionally narrowed to evidence
 * paths; `expires` is the last day it applies. The first live match wins; if only expired ones
 * match, the first of them is returned as `expired` so the caller can say so.
 */
export function matchSuppression(config: Pick<Config, 'suppressions'>, target: SuppressionTarget, today: string): SuppressionMatch {
  let expired: SuppressionMatch['expired'];
  for (const suppression of config.suppressions) {
    if (suppression.rule === undefined && suppression.threat === undefined) continue;
    if (!ruleMatches(suppression, target.ruleId) || !threatMatches(suppression, target.threatId)) continue;
    if (!pathMatches(suppression, target.files)) continue;
    if (suppression.expires !== undefined && suppression.expires < today) {
      expired ??= { reason: suppression.reason, expires: suppression.expires };
      continue;
    }
    return { suppressed: true, reason: suppression.reason };
  }
  return expired ? { suppressed: false, expired } : { suppressed: false };
}

/** Today's date for suppression expiry: THREATCODE_TODAY (YYYY-MM-DD) when set, else the UTC date. */
export function todayIso(env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): string {
  const fixed = env.THREATCODE_TODAY?.trim();
  if (fixed) {
    if (!isoDate.safeParse(fixed).success) throw new UsageError(`THREATCODE_TODAY must be a date written YYYY-MM-DD, got "${fixed}"`);
    return fixed;
  }
  return now.toISOString().slice(0, 10);
}
