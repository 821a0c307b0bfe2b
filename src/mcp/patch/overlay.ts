// The overrides file `.threatcode/overrides.json`: manual (and agent-made) model edits that
// outlive regeneration. It sits in the repository, so edits are reviewed and versioned with the
// code they describe, and every `threatcode model` run re-applies them after analysis.
//
// One entry per edited item (the entry for the same operation and target is replaced, and moved to
// the end so references to items added earlier stay valid); no timestamps, so the file diffs cleanly.
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { Diagnostic, ThreatModel } from '../../model/types.js';
import { InputError } from '../../util/errors.js';
import { writeFileAtomic } from '../../util/fs.js';
import { applyPatch, citedFiles } from './apply.js';
import { readRepoFiles } from './files.js';
import { describeIssues, ID, PATCH_OP } from './schema.js';
import type { PatchOp, PatchResult } from './types.js';

export const OVERRIDES_FILE = '.threatcode/overrides.json';
export const OVERRIDES_SCHEMA = 'threatcode.overrides/v1';
const MAX_BYTES = 5 * 1024 * 1024;

export interface OverlayEntry {
  /** The item the operation added or changed. */
  target: string;
  operation: PatchOp;
}

export interface Overlay {
  schema: typeof OVERRIDES_SCHEMA;
  entries: OverlayEntry[];
}

export interface LoadedOverlay {
  overlay: Overlay;
  diagnostics: Diagnostic[];
  /** False when there is no overrides file. */
  exists: boolean;
}

const ENTRY = z.strictObject({ target: ID, operation: PATCH_OP });

const diagnostic = (code: string, message: string, level: Diagnostic['level'] = 'warning'): Diagnostic => ({ level, code, message, file: OVERRIDES_FILE });

/** Reads and validates the overrides file; invalid entries are skipped with a diagnostic each. */
export async function loadOverlay(root: string): Promise<LoadedOverlay> {
  const path = join(root, OVERRIDES_FILE);
  const empty: Overlay = { schema: OVERRIDES_SCHEMA, entries: [] };
  const info = await stat(path).catch(() => undefined);
  if (!info) return { overlay: empty, diagnostics: [], exists: false };
  if (!info.isFile() || info.size > MAX_BYTES) return { overlay: empty, diagnostics: [diagnostic('override-invalid', `not a file, or larger than ${MAX_BYTES} bytes; ignored`, 'error')], exists: true };
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    return { overlay: empty, diagnostics: [diagnostic('override-invalid', `not valid JSON (${error instanceof Error ? error.message : String(error)}); ignored`, 'error')], exists: true };
  }
  const doc = raw as { schema?: unknown; entries?: unknown } | null;
  if (!doc || typeof doc !== 'object' || doc.schema !== OVERRIDES_SCHEMA || !Array.isArray(doc.entries)) {
    return { overlay: empty, diagnostics: [diagnostic('override-invalid', `expected {"schema": "${OVERRIDES_SCHEMA}", "entries": [...]}; ignored`, 'error')], exists: true };
  }
  const entries: OverlayEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  doc.entries.forEach((value, index) => {
    const parsed = ENTRY.safeParse(value);
    if (parsed.success) entries.push(parsed.data as OverlayEntry);
    else diagnostics.push(diagnostic('override-invalid', `entry ${index} skipped: ${describeIssues(parsed.error)}`));
  });
  return { overlay: { schema: OVERRIDES_SCHEMA, entries }, diagnostics, exists: true };
}

export function serializeOverlay(overlay: Overlay): string {
  return `${JSON.stringify({ schema: OVERRIDES_SCHEMA, entries: overlay.entries }, null, 2)}\n`;
}

export async function saveOverlay(root: string, overlay: Overlay): Promise<string> {
  const path = join(root, OVERRIDES_FILE);
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, serializeOverlay(overlay));
  return path;
}

/** Merges two updates of the same item: later fields win, link lists are united. */
function mergeUpdate(previous: PatchOp, next: PatchOp): PatchOp {
  if (!('set' in previous) || !('set' in next) || previous.op !== next.op) return next;
  const prevSet = previous.set as Record<string, unknown>;
  const nextSet = next.set as Record<string, unknown>;
  const set: Record<string, unknown> = { ...prevSet, ...nextSet };
  for (const key of ['mitigations', 'threats']) {
    const a = prevSet[key];
    const b = nextSet[key];
    if (Array.isArray(a) || Array.isArray(b)) set[key] = [...new Set([...((a as string[]) ?? []), ...((b as string[]) ?? [])])];
  }
  return { ...next, set } as PatchOp;
}

/** The overlay with one more recorded operation (replacing the entry of the same op and target). */
export function recordEntry(overlay: Overlay, entry: OverlayEntry): Overlay {
  const same = (e: OverlayEntry) => e.target === entry.target && e.operation.op === entry.operation.op;
  const previous = overlay.entries.find(same);
  const operation = previous ? mergeUpdate(previous.operation, entry.operation) : entry.operation;
  return { schema: OVERRIDES_SCHEMA, entries: [...overlay.entries.filter((e) => !same(e)), { target: entry.target, operation }] };
}

/** Diagnostics for operations the model refused (stale targets, failed checks). */
export function rejectionDiagnostics(result: Pick<PatchResult<unknown>, 'rejected'>): Diagnostic[] {
  return result.rejected.map((r) => {
    const target = 'id' in r.op ? ` ${r.op.id}` : '';
    return r.stale
      ? diagnostic('override-stale', `${r.op.op}${target}: ${r.reason} (the code no longer produces it; remove the entry or update it)`)
      : diagnostic('override-rejected', `${r.op.op}${target}: ${r.reason}`);
  });
}

export interface OverlayOutcome {
  model: ThreatModel;
  /** Diagnostics of the overlay (invalid or rejected entries), for the caller to merge in. */
  diagnostics: Diagnostic[];
  /** Number of operations applied. */
  applied: number;
  rejected: PatchResult<ThreatModel>['rejected'];
}

/**
 * Applies `.threatcode/overrides.json` to a freshly analysed model. Without the file the model is
 * returned as it is (same object), so runs without overrides stay byte-identical.
 */
export async function applyOverlayFile(root: string, model: ThreatModel): Promise<OverlayOutcome> {
  const loaded = await loadOverlay(root);
  if (!loaded.exists) return { model, diagnostics: [], applied: 0, rejected: [] };
  const ops = loaded.overlay.entries.map((e) => e.operation);
  const files = await readRepoFiles(root, citedFiles(ops));
  const result = applyPatch(model, ops, files);
  const diagnostics = [...loaded.diagnostics, ...rejectionDiagnostics(result)];
  return { model: result.model, diagnostics, applied: result.applied.length, rejected: result.rejected };
}

/** Throws a clear error when `root` is not a directory (before writing an overrides file into it). */
export async function assertRepositoryRoot(root: string): Promise<void> {
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new InputError(root, 'not a directory');
}
