import { availableParallelism } from 'node:os';
import { isMainThread } from 'node:worker_threads';
import { extractors as registry } from '../registry.js';
import type { Extractor } from '../types.js';

export { ExtractPool, PoolUnavailableError } from './pool.js';
export type { PoolStart } from './pool.js';
export type { ExtractJob, ExtractResult } from './protocol.js';
export { shardBySize } from './shard.js';

export interface PoolSettings {
  /** Worker threads (default: one fewer than the available cores, at most MAX_WORKERS). 1 or less: no pool. */
  workers?: number;
  /** Use the pool only from this many files to extract (after cache hits). */
  minFiles?: number;
  /** ... and this many bytes. */
  minBytes?: number;
  /** See PoolStart.youngGenerationMb (default: V8's own sizing). */
  youngGenerationMb?: number;
  /** Told after a pooled extract stage what ran where (not called when the stage stayed in-process). */
  onReport?: (report: PoolReport) => void;
}

export interface PoolReport {
  workers: number;
  /** Files extracted by the workers. */
  extracted: number;
  /** Set when the workers could not start and the files were extracted in-process instead. */
  fallback?: string;
}

/**
 * Below these a pool costs more than it saves: starting a worker loads every extractor and parser
 * again and warms its own JIT.
 */
export const POOL_MIN_FILES = 500;
export const POOL_MIN_BYTES = 8_000_000;
/** Each worker holds its own copy of every extractor and parser; more than this rarely pays on one repository. */
export const MAX_WORKERS = 4;
export interface PoolPlan {
  workers: number;
  extractorIds: string[];
  youngGenerationMb?: number;
  onReport?: (report: PoolReport) => void;
}

/**
 * Whether and how to extract `files`/`bytes` in workers. Only registry extractors can run there
 * (workers import the registry; extractors are code and cannot be sent), so a caller's own
 * extractor (an observer, a test double) keeps the whole run in-process.
 */
export function planPool(extractors: readonly Extractor[], files: number, bytes: number, settings: PoolSettings = {}): PoolPlan | undefined {
  // One core is left to V8's own threads: an extracting thread keeps about 1.5 cores busy, the rest
  // being TurboFan compiling the extractors' hot code and the collector, and every worker compiles
  // everything again. On two cores a pool of two ran the same build 18 % slower (36 % more CPU) than
  // one thread (bench/README.md, "Model build vs parse floor"). Inside a worker already (catalog add
  // models sources in workers): those share the cores.
  const defaultWorkers = isMainThread ? Math.min(availableParallelism() - 1, MAX_WORKERS) : 1;
  const workers = Math.min(settings.workers ?? defaultWorkers, files);
  if (workers < 2) return undefined;
  if (files < (settings.minFiles ?? POOL_MIN_FILES) || bytes < (settings.minBytes ?? POOL_MIN_BYTES)) return undefined;
  const known = new Set(registry);
  if (!extractors.every((e) => known.has(e))) return undefined;
  return { workers, extractorIds: extractors.map((e) => e.id), youngGenerationMb: settings.youngGenerationMb, onReport: settings.onReport };
}
