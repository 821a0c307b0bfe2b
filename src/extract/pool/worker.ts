// Extraction worker: imports the extractor registry itself (extractors are code, not data, and
// never cross threads), reads and extracts the files it is sent, and posts plain facts back.
import { parentPort, workerData } from 'node:worker_threads';
import type { Diagnostic } from '../../model/types.js';
import { readSourceFileSync } from '../../walk/read.js';
import type { RealDirectories } from '../../walk/read.js';
import { extractFile } from '../engine.js';
import { extractors as registry } from '../registry.js';
import type { Extractor } from '../types.js';
import type { ExtractJob, ExtractResult, FromWorker, ToWorker, WorkerInit } from './protocol.js';

/** Results are posted in small batches: fewer messages, and the main thread still sees progress. */
const BATCH = 16;

const port = parentPort;
if (!port) throw new Error('extract/pool/worker.ts runs only as a worker thread');
const init = workerData as WorkerInit;
const post = (message: FromWorker): void => port.postMessage(message);

const byId = new Map(registry.map((e) => [e.id, e]));
const missing = init.extractorIds.filter((id) => !byId.has(id));
const extractors: Extractor[] = init.extractorIds.flatMap((id) => byId.get(id) ?? []);
/** A worker lives for one extract stage: one pass over one tree (see RealDirectories). */
const dirs: RealDirectories = new Map();

/** Exactly what the in-process extract stage does for one file that the cache did not answer. */
function run(job: ExtractJob): ExtractResult {
  const diagnostics: Diagnostic[] = [];
  let content = job.content;
  if (content === undefined) {
    const source = readSourceFileSync(init.root, job.path, job.limit, diagnostics, dirs);
    if (!source) return { id: job.id, facts: [], diagnostics };
    content = source.content;
  }
  const out = extractFile({ path: job.path, content }, extractors);
  diagnostics.push(...out.diagnostics);
  return { id: job.id, facts: out.facts, diagnostics };
}

let pending: ExtractResult[] = [];
let flushScheduled = false;
const flush = (): void => {
  flushScheduled = false;
  if (pending.length === 0) return;
  post({ type: 'results', results: pending });
  pending = [];
};

if (missing.length > 0) {
  post({ type: 'unusable', message: `unknown extractor ids: ${missing.join(', ')}` });
} else {
  port.on('message', (message: ToWorker) => {
    for (const job of message.jobs) {
      try {
        pending.push(run(job));
      } catch (error) {
        flush();
        post({ type: 'failed', id: job.id, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        return;
      }
      if (pending.length >= BATCH) flush();
    }
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  });
  post({ type: 'ready' });
}
