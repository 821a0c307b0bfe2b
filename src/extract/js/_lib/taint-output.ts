// What the taint analyser of one file hands on: sink facts, the internal records the cross-file
// link step needs (summaries, calls into other modules, returned values), and how functions are
// analysed (modes).
import type { Evidence, SinkKind } from '../../../model/types.js';
import type { ParsedJs } from './parse.js';
import type { AV, CallEntry, CallTarget, Condition, Flags, FnSummary, Origin, SinkEntry } from './taint-types.js';

export type Mode =
  | { kind: 'symbolic' }
  | { kind: 'handler'; route?: string; lambda?: boolean }
  | { kind: 'nest'; route?: string; htmlReturn?: boolean }
  | { kind: 'socket'; event: string }
  | { kind: 'graphql'; route: string }
  | { kind: 'action' }
  | { kind: 'inline'; params: (AV | undefined)[] };

export interface SinkOut {
  kind: 'sink';
  sink: SinkKind;
  api: string;
  tainted: true;
  source: string;
  route?: string;
  path?: Evidence[];
  evidence: Evidence;
  key: string;
}

/** A call with concrete request data into a function of another module. */
export interface PendingCall {
  target: CallTarget;
  arg: number;
  src: Origin[];
  flags: Flags;
  steps: Evidence[];
  route?: string;
}

export interface Reexport {
  spec: string;
  /** exported name → imported name; undefined for `export *`. */
  names?: Record<string, string>;
}

/**
 * The result of a call into another module, used by sinks here. The link step finds whether the
 * callee returns (part of) an argument; if so the request data of that argument reaches the sinks.
 */
export interface ReturnUse {
  target: CallTarget;
  /** Request data passed to the call, per argument index. */
  args: { arg: number; src: Origin[]; flags: Flags; steps: Evidence[] }[];
  route?: string;
  call: Evidence;
  /** Sinks and onward calls the returned value reaches (param 0 = the returned value). */
  sinks: SinkEntry[];
  calls: CallEntry[];
}

export interface FileTaint {
  sinks: SinkOut[];
  returns: ReturnUse[];
  conditional: ({ sink: SinkOut } & Condition)[];
  exports: Record<string, FnSummary>;
  reexports: Reexport[];
  pending: PendingCall[];
  /** The file installs a global request sanitiser (express-mongo-sanitize). */
  mongoSanitize: boolean;
}

export interface EngineOptions {
  file: string;
  content: string;
  parsed: ParsedJs;
  /** Route of an exported function in file-based routers (Next.js), e.g. `GET /api/users`. */
  exportRoute?: (exportName: string) => string | undefined;
  /** `'use server'` module: exported functions are callable by any client. */
  serverActions?: boolean;
}

/** The sink kind a value of this origin makes of a hit (archive names only matter to writes). */
export function kindFor(origin: Origin, kind: SinkKind, write: boolean | undefined): SinkKind | undefined {
  if (origin.kind === 'request') return kind;
  if (origin.kind === 'stored') return STORED_SINKS.has(kind) ? kind : undefined;
  if (origin.kind === 'archive') return write || kind === 'archive' ? 'archive' : undefined;
  return kind === 'archive' ? 'archive' : undefined;
}

/** Sinks where data read back from storage (second order) is still worth a (low-confidence) finding. */
const STORED_SINKS = new Set<SinkKind>(['code-eval', 'template', 'command', 'header']);

/** Label prefix of second-order sources (data read from the database). */
export const STORED_SOURCE = 'stored data from ';

const SECRET_ASSIGN = /((?:password|passwd|secret|token|api[_-]?key|private[_-]?key)\s*[:=]\s*['"`])[^'"`]{4,}(['"`])/gi;
const LONG_TOKEN = /\b[A-Za-z0-9+/_-]{32,}={0,2}\b/g;

/** Masks secret-looking literals in evidence snippets. */
export function redact(line: string): string {
  if (line.length < 12) return line;
  return line.replace(SECRET_ASSIGN, '$1****$2').replace(LONG_TOKEN, (m) => (/[0-9]/.test(m) && /[A-Za-z]/.test(m) ? `${m.slice(0, 4)}****` : m));
}
