import { Worker } from 'node:worker_threads';
import type { ResourceLimits } from 'node:worker_threads';
import type { ExtractJob, ExtractResult, FromWorker, WorkerInit } from './protocol.js';

export interface PoolStart {
  root: string;
  extractorIds: readonly string[];
  workers: number;
  /**
   * V8 young generation per worker, MiB. Extraction allocates a whole AST per file and drops it:
   * a larger nursery means fewer scavenges (a few percent of CPU at 64 MiB), at a bounded memory cost.
   */
  youngGenerationMb?: number;
}

/** A worker could not start (module loading failed, unknown extractor): the caller extracts in-process instead. */
export class PoolUnavailableError extends Error {
  override name = 'PoolUnavailableError';
}

/**
 * Starts the worker module beside this one: `worker.js` from dist/. From source (`worker.ts`, run
 * through tsx), a worker does not get the main thread's loader hooks on Node 20, so it registers
 * tsx itself before importing the entry; a failure there surfaces as PoolUnavailableError.
 */
function spawnWorker(workerData: WorkerInit, resourceLimits: ResourceLimits | undefined): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./worker.js', here), { workerData, resourceLimits });
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./worker.ts', here).href;
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData, resourceLimits });
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Jobs sent to this worker whose results have not come back yet. */
  outstanding: number;
}

/**
 * Queued jobs go out in chunks of this many files, and a worker gets another chunk while it still
 * has fewer than LOW_WATER jobs in hand: it never waits for work, and the queue's tail ends up
 * spread over the workers to within about one chunk (a few tens of milliseconds).
 */
const CHUNK = 32;
const LOW_WATER = 2 * CHUNK;

/**
 * A fixed set of extraction workers. Jobs go to the worker the caller names (the caller shards
 * deterministically); each worker handles its jobs in the order sent. `finish()` resolves once
 * every submitted job has a result, delivered through `onResult` in arrival order, which the
 * caller must not rely on: it merges by job id.
 */
export class ExtractPool {
  private readonly slots: Slot[];
  private submitted = 0;
  private received = 0;
  /** Jobs waiting for a worker (enqueue); those before `queued` are already sent. */
  private readonly queue: ExtractJob[] = [];
  private queued = 0;
  private failure: Error | undefined;
  private settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
  private closed = false;

  private constructor(
    start: PoolStart,
    private readonly onResult: (result: ExtractResult) => void,
  ) {
    const init: WorkerInit = { root: start.root, extractorIds: [...start.extractorIds] };
    const resourceLimits = start.youngGenerationMb ? { maxYoungGenerationSizeMb: start.youngGenerationMb } : undefined;
    this.slots = Array.from({ length: start.workers }, () => {
      const worker = spawnWorker(init, resourceLimits);
      const slot: Slot = { worker, ready: false, outstanding: 0 };
      worker.on('message', (message: FromWorker) => this.handle(slot, message));
      worker.on('error', (error) => this.fail(slot.ready ? error : new PoolUnavailableError(`extraction worker failed to start: ${error.message}`, { cause: error })));
      worker.on('exit', (code) => {
        if (!this.closed) this.fail(slot.ready ? new Error(`extraction worker exited (code ${code})`) : new PoolUnavailableError(`extraction worker exited before starting (code ${code})`));
      });
      return slot;
    });
  }

  /** Starts the workers; jobs can be submitted at once (they wait in the workers' queues). */
  static start(start: PoolStart, onResult: (result: ExtractResult) => void): ExtractPool {
    return new ExtractPool(start, onResult);
  }

  get size(): number {
    return this.slots.length;
  }

  /** Sends jobs to one worker (a fixed assignment, decided by the caller). */
  submit(worker: number, jobs: ExtractJob[]): void {
    if (jobs.length === 0 || this.failure) return;
    this.submitted += jobs.length;
    this.send(this.slots[worker], jobs);
  }

  /**
   * Queues jobs for whichever worker runs short first. Files cost very different amounts of CPU
   * for their size (a component of JSX against a module of services), so a fixed split by bytes
   * leaves one worker idle for seconds at the end; pulling keeps both busy to the last chunk.
   * Results are merged by job id, so who extracted what never shows in the output.
   */
  enqueue(jobs: readonly ExtractJob[]): void {
    if (jobs.length === 0 || this.failure) return;
    this.submitted += jobs.length;
    for (const job of jobs) this.queue.push(job);
    this.pump();
  }

  private send(slot: Slot, jobs: ExtractJob[]): void {
    slot.outstanding += jobs.length;
    slot.worker.postMessage({ type: 'jobs', jobs });
  }

  /** Tops every worker up to LOW_WATER jobs in hand, least loaded first (ties: lower index). */
  private pump(): void {
    while (this.queued < this.queue.length) {
      let best: Slot | undefined;
      for (const slot of this.slots) if (slot.outstanding < LOW_WATER && (!best || slot.outstanding < best.outstanding)) best = slot;
      if (!best) return;
      const chunk = this.queue.slice(this.queued, this.queued + CHUNK);
      this.queued += chunk.length;
      this.send(best, chunk);
    }
    // Everything handed out: drop the references so sent job texts can be collected.
    this.queue.length = 0;
    this.queued = 0;
  }

  /** Resolves when every submitted job has a result; rejects on the first failure. */
  finish(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.received === this.submitted) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
  }

  /** Stops every worker (they hold no state worth keeping). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private handle(slot: Slot, message: FromWorker): void {
    switch (message.type) {
      case 'ready':
        slot.ready = true;
        return;
      case 'unusable':
        this.fail(new PoolUnavailableError(message.message));
        return;
      case 'failed':
        this.fail(new Error(`extraction failed on job ${message.id}: ${message.message}`));
        return;
      case 'results':
        if (this.failure) return;
        slot.outstanding -= message.results.length;
        for (const result of message.results) {
          this.received++;
          this.onResult(result);
        }
        this.pump();
        if (this.received === this.submitted && this.settle) {
          const { resolve } = this.settle;
          this.settle = undefined;
          resolve();
        }
    }
  }

  private fail(error: Error): void {
    if (this.failure || this.closed) return;
    this.failure = error;
    const settle = this.settle;
    this.settle = undefined;
    settle?.reject(error);
  }
}
