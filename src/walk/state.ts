import type { Ignore } from 'ignore';
import type { SkipDecision } from './classify.js';
import type { Limits } from './limits.js';
import type { Diagnostic, RetainedFiles, TrustStat, WalkDiagnosticCode, WalkStats } from './types.js';

/** An entry found by listing, examined (lstat, size, content) afterwards in sorted order. */
export interface Candidate {
  path: string;
  /** From the directory entry when known; git listings give `unknown`. */
  type: 'file' | 'symlink' | 'special' | 'unknown';
}

/** Mutable bookkeeping shared by the listing and examining phases of one walk. */
export class WalkState {
  readonly diagnostics: Diagnostic[] = [];
  readonly stats: WalkStats;

  constructor(
    readonly root: string,
    readonly limits: Limits,
    /** .threatcodeignore plus WalkOptions.extraIgnores; null when there are none. */
    readonly userIgnore: Ignore | null,
    mode: WalkStats['mode'],
    /** WalkOptions.trustStat: files examined in an earlier run, recognised by lstat. */
    readonly trustStat?: TrustStat,
    /** WalkOptions.retain: where small files' bytes go for the caller. */
    readonly retain?: RetainedFiles,
  ) {
    this.stats = { mode, files: 0, bytes: 0, gitignored: 0, ignored: 0, filtered: 0, skipped: {}, truncated: false };
  }

  skip(decision: SkipDecision, file: string): void {
    if (decision.silent) return;
    this.count(decision.code);
    this.diagnostics.push({ level: decision.level, code: decision.code, message: decision.message, file });
  }

  /** Counts a skip that deliberately has no diagnostic of its own. */
  count(code: WalkDiagnosticCode): void {
    this.stats.skipped[code] = (this.stats.skipped[code] ?? 0) + 1;
  }

  note(level: Diagnostic['level'], code: WalkDiagnosticCode, message: string, file?: string): void {
    const diagnostic: Diagnostic = { level, code, message };
    if (file !== undefined) diagnostic.file = file;
    this.diagnostics.push(diagnostic);
  }

  truncate(code: 'limit-files' | 'limit-bytes' | 'limit-entries', message: string): void {
    if (this.stats.truncated) return;
    this.stats.truncated = true;
    this.note('warning', code, message);
  }
}
