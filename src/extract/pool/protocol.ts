// Messages between the extraction pool (main thread) and its workers. Everything is structured
// clone: facts and diagnostics are plain data, so they arrive exactly as extracted.
import type { Diagnostic, Fact } from '../../model/types.js';

/** Given to each worker at start (workerData). */
export interface WorkerInit {
  /** Repository root the paths are relative to. */
  root: string;
  /** Ids of the registry extractors to run, in this order (the in-process order). */
  extractorIds: readonly string[];
}

/** One file to extract: the worker reads it unless the main thread already did (`content`). */
export interface ExtractJob {
  /** Position in the caller's path-ordered list; results are merged back by it. */
  id: number;
  path: string;
  /** Size cap for reading (fileSizeLimit). */
  limit: number;
  /** Text already read (and cache-checked) by the main thread. */
  content?: string;
}

export interface ExtractResult {
  id: number;
  facts: Fact[];
  /** Reading and extracting diagnostics, in the order the in-process path collects them. */
  diagnostics: Diagnostic[];
}

export type ToWorker = { type: 'jobs'; jobs: ExtractJob[] };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'results'; results: ExtractResult[] }
  /** A job that threw outside any extractor (a bug): the run fails as it would in-process. */
  | { type: 'failed'; id: number; message: string }
  /** The worker could not start (an extractor id it does not know). */
  | { type: 'unusable'; message: string };
