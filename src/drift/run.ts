import { resolve } from 'node:path';
import { analyzeDirectory } from '../api/pipeline.js';
import type { AnalyzeOptions } from '../api/pipeline.js';
import type { ThreatModel } from '../model/types.js';
import { rules } from '../rules/registry.js';
import { readSourceFile } from '../walk/index.js';
import { computeDrift } from './drift.js';
import { loadStoredModel } from './load.js';
import type { DriftReport, StoredModel } from './types.js';

export interface DriftSourceOptions extends AnalyzeOptions {
  /** The directory whose code is the truth. */
  source: string;
  /** model.json or .tc.json to check. */
  against: string;
}

export interface DriftSourceResult {
  report: DriftReport;
  stored: StoredModel;
  current: ThreatModel;
}

/** Evidence files checked for existence and length; more than this are not looked at. */
const MAX_EVIDENCE_FILES = 5000;
const MAX_EVIDENCE_BYTES = 64 * 1024 * 1024;

/** Models the source now and compares the stored model with it. */
export async function driftSource(options: DriftSourceOptions): Promise<DriftSourceResult> {
  const stored = await loadStoredModel(resolve(options.against));
  const root = resolve(options.source);
  const current = await analyzeDirectory(root, options);
  const files = [...new Set(stored.threats.flatMap((t) => t.evidence.map((e) => e.file)))].sort().slice(0, MAX_EVIDENCE_FILES);
  const lines = new Map<string, number>();
  for (const file of files) {
    // Read the same careful way the walk does: inside the root only, regular files only.
    const text = await readSourceFile(root, file, MAX_EVIDENCE_BYTES);
    if (text) lines.set(file, text.content.split('\n').length);
  }
  const checked = new Set(files);
  const report = computeDrift(stored, current, {
    file: options.against,
    lines: (file) => (checked.has(file) ? lines.get(file) : Number.MAX_SAFE_INTEGER),
    knownRules: new Set((options.rules ?? rules).map((r) => r.meta.id)),
  });
  return { report, stored, current };
}
