// `catalog add`: models many sources in parallel (worker threads, one source each) and publishes
// each as it finishes; publishes serialise on the catalog lock. catalog.json, README.md and the
// query index are refreshed once at the end. Falls back to one-at-a-time in this thread when
// workers cannot start.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { messageOf } from '../util/errors.js';
import { summarize, type AddOutcome } from './add-summary.js';
import { writeCatalogIndex } from './index-files.js';
import { withLock } from './lock.js';
import { publishSource, type PublishSourceOptions } from './publish.js';
import { openQueryIndex } from './query.js';

export interface AddFailure {
  source: string;
  error: string;
}

export type AddEvent = { type: 'start'; source: string } | { type: 'done'; outcome: AddOutcome; done: number; total: number } | { type: 'failed'; failure: AddFailure; done: number; total: number };

export interface AddOptions extends Omit<PublishSourceOptions, 'source' | 'onProgress'> {
  concurrency?: number;
  /** Use worker threads (default: when more than one source). */
  workers?: boolean;
  onEvent?: (event: AddEvent) => void;
}

type WorkerReply = { ok: true; outcome: AddOutcome } | { ok: false; source: string; error: string };

function startWorker(catalog: string, options: PublishSourceOptions): Worker {
  const compiled = new URL('./add-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return new Worker(compiled, { workerData: { catalog, options } });
  // Running from the TypeScript sources (tests, scripts/dev.ts): load tsx in the worker first.
  const source = new URL('./add-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(boot, { eval: true, workerData: { catalog, options } });
}

function inWorker(catalog: string, options: PublishSourceOptions): Promise<WorkerReply> {
  return new Promise((resolve) => {
    let settled = false;
    const worker = startWorker(catalog, options);
    worker.once('message', (reply: WorkerReply) => {
      settled = true;
      resolve(reply);
      void worker.terminate();
    });
    worker.once('error', (error) => {
      if (!settled) resolve({ ok: false, source: options.source, error: messageOf(error) });
      settled = true;
    });
    worker.once('exit', (code) => {
      if (!settled) resolve({ ok: false, source: options.source, error: `the worker stopped (exit code ${code})` });
      settled = true;
    });
  });
}

async function inThread(catalog: string, options: PublishSourceOptions): Promise<WorkerReply> {
  try {
    const result = await publishSource(catalog, { ...options, updateIndex: false });
    return { ok: true, outcome: summarize(options.source, result) };
  } catch (error) {
    return { ok: false, source: options.source, error: messageOf(error) };
  }
}

export async function addSources(catalog: string, sources: string[], options: AddOptions = {}): Promise<{ outcomes: AddOutcome[]; failures: AddFailure[]; seconds: number }> {
  const started = performance.now();
  // Lock callbacks cannot cross into a worker; workers use the default lock settings.
  const { concurrency, workers, onEvent, lock: _lock, ...publish } = options;
  const useWorkers = workers ?? sources.length > 1;
  const limit = Math.max(1, Math.min(concurrency ?? Math.min(4, availableParallelism()), sources.length));
  const outcomes: AddOutcome[] = [];
  const failures: AddFailure[] = [];
  let next = 0;
  let done = 0;
  const run = async () => {
    while (next < sources.length) {
      const source = sources[next++];
      onEvent?.({ type: 'start', source });
      const job: PublishSourceOptions = { ...publish, source };
      let reply = useWorkers ? await inWorker(catalog, job) : await inThread(catalog, job);
      // A worker that could not even start (no tsx, no worker support): do it here instead.
      if (!reply.ok && useWorkers && /worker stopped|Cannot find (module|package) 'tsx'|ERR_WORKER/.test(reply.error)) reply = await inThread(catalog, job);
      done++;
      if (reply.ok) {
        outcomes.push(reply.outcome);
        onEvent?.({ type: 'done', outcome: reply.outcome, done, total: sources.length });
      } else {
        failures.push({ source: reply.source, error: reply.error });
        onEvent?.({ type: 'failed', failure: { source: reply.source, error: reply.error }, done, total: sources.length });
      }
    }
  };
  await Promise.all(Array.from({ length: limit }, run));
  await withLock(catalog, {}, () => writeCatalogIndex(catalog));
  await openQueryIndex(catalog);
  return { outcomes: outcomes.sort((a, b) => (a.slug < b.slug ? -1 : 1)), failures, seconds: (performance.now() - started) / 1000 };
}
