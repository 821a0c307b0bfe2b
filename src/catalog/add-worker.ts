// Worker thread body for `catalog add`: models and publishes one source, reports a summary.
import { parentPort, workerData } from 'node:worker_threads';
import { messageOf } from '../util/errors.js';
import { publishSource, type PublishSourceOptions } from './publish.js';
import { summarize, type AddOutcome } from './add-summary.js';

interface Job {
  catalog: string;
  options: PublishSourceOptions;
}

const job = workerData as Job;
publishSource(job.catalog, { ...job.options, updateIndex: false }).then(
  (result) => parentPort!.postMessage({ ok: true, outcome: summarize(job.options.source, result) } satisfies { ok: true; outcome: AddOutcome }),
  (error: unknown) => parentPort!.postMessage({ ok: false, source: job.options.source, error: messageOf(error), known: error instanceof Error && (error.name === 'InputError' || error.name === 'UsageError') }),
);
