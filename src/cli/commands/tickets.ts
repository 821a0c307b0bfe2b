import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/index.js';
import { createTracker } from '../../trackers/client.js';
import { githubRepoOf, minSeverityOf, resolveTracker, scrub, secretValues } from '../../trackers/config.js';
import { TrackerError } from '../../trackers/errors.js';
import { loadCatalogProducts, loadModelFile, type LoadedProduct } from '../../trackers/load.js';
import { renderPreflight, renderSync } from '../../trackers/render-text.js';
import type { RetryPolicy } from '../../trackers/retry.js';
import { preflight, syncProduct, type PreflightReport, type ProductSyncResult } from '../../trackers/sync.js';
import type { TrackerKind } from '../../trackers/types.js';
import { UsageError } from '../../util/errors.js';
import { writeFileAtomic } from '../../util/fs.js';
import type { Command, Io } from '../types.js';

const USAGE = `threatcode tickets <sync|preflight> --tracker jira|github (--catalog <dir> [--product <name>] | --model <model.json>) [options]

  sync          put open threats at or above the threshold into the tracker and keep their tickets
                in step: create, update (severity changed), close (evidence gone: fix verified),
                reopen (closed but still present: fix not verified). Prints the plan; changes
                nothing without --apply. A second run with nothing changed does nothing.
  preflight     read the tickets of earlier runs: which are open, which resolved; feeds ticket
                state back into the model as mitigation status (printed with --json)

  --tracker <t>        jira or github (default: the only one configured)
  --model <file>       a model.json written by threatcode model
  --catalog <dir>      a catalog (default: $THREATCODE_CATALOG); every product, or --product <name>
  --min-severity <s>   critical, high, medium or low (default: trackers.minSeverity, else high)
  --apply              carry the plan out
  --json               print the result as JSON (with the updated model)
  --out <file>         also write the JSON result to a file
  --config <dir>       where .threatcode.yml is (default: the current directory)

Configuration (environment wins over .threatcode.yml trackers:, tokens only from the environment):
  jira    THREATCODE_JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN, THREATCODE_JIRA_PROJECT,
          THREATCODE_JIRA_ISSUE_TYPE (default Bug)
  github  GITHUB_TOKEN, THREATCODE_GITHUB_REPO (default: the model's github.com repository),
          THREATCODE_GITHUB_API_URL (default https://api.github.com)

Exit codes: 0 done, 2 usage, unreadable input, or a tracker failure (the message says what to fix).`;

export interface TicketsDeps {
  /** Tests inject a clock and sleep so retries never wait for real seconds. */
  retry?: Partial<RetryPolicy>;
}

function pickTracker(value: string | undefined, configured: { jira?: unknown; github?: unknown } | undefined): TrackerKind {
  if (value === 'jira' || value === 'github') return value;
  if (value !== undefined) throw new UsageError(`--tracker must be jira or github (got ${value})`);
  const present = (['jira', 'github'] as const).filter((k) => configured?.[k] !== undefined);
  if (present.length === 1) return present[0];
  throw new UsageError('--tracker jira|github is required');
}

async function loadProducts(values: { model?: string; catalog?: string; product?: string }, io: Io): Promise<LoadedProduct[]> {
  if (values.model && (values.catalog || values.product)) throw new UsageError('give either --model or --catalog (with --product), not both');
  if (values.model) {
    const path = resolve(io.cwd, values.model);
    const shown = relative(io.cwd, path);
    return [await loadModelFile(path, shown.startsWith('..') ? path : shown)];
  }
  const catalog = values.catalog ?? io.env.THREATCODE_CATALOG;
  if (!catalog) throw new UsageError('tickets needs --model <model.json> or --catalog <dir> (or THREATCODE_CATALOG)');
  return loadCatalogProducts(resolve(io.cwd, catalog), values.product);
}

export async function runTickets(argv: string[], io: Io, deps: TicketsDeps = {}): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'sync' && sub !== 'preflight') throw new UsageError(sub ? `unknown tickets command '${sub}'` : 'tickets needs a command: sync or preflight');
  const { values } = parseArgs({
    args: rest,
    allowPositionals: false,
    options: {
      tracker: { type: 'string' },
      model: { type: 'string' },
      catalog: { type: 'string' },
      product: { type: 'string' },
      'min-severity': { type: 'string' },
      apply: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      out: { type: 'string' },
      config: { type: 'string' },
    },
  });
  if (sub === 'preflight' && values.apply) throw new UsageError('preflight only reads; --apply belongs to tickets sync');
  const secrets = secretValues(io.env);
  const say = (stream: 'stdout' | 'stderr', text: string) => io[stream].write(scrub(text, secrets));

  const { config, diagnostics } = await loadConfig(resolve(io.cwd, values.config ?? '.'));
  for (const d of diagnostics) if (d.message.startsWith('trackers')) say('stderr', `threatcode tickets: warning: ${d.file}${d.line ? `:${d.line}` : ''}: ${d.message}\n`);
  const trackers = config.trackers;
  const kind = pickTracker(values.tracker, trackers);
  const minSeverity = minSeverityOf(values['min-severity'], trackers);
  if (!minSeverity) throw new UsageError(`--min-severity must be critical, high, medium or low (got ${values['min-severity']})`);
  const products = await loadProducts(values, io);

  const onRetry = deps.retry?.onRetry ?? ((info: { attempt: number; delayMs: number; reason: string }) => say('stderr', `threatcode tickets: ${info.reason}; retry ${info.attempt} in ${(info.delayMs / 1000).toFixed(1)} s\n`));
  const results: (ProductSyncResult | (Omit<PreflightReport, 'model'> & { model?: PreflightReport['model'] }))[] = [];
  let failed = false;
  for (const product of products) {
    const { settings, missing } = resolveTracker(kind, io.env, trackers, githubRepoOf(product.model.product.repository));
    if (!settings) throw new UsageError(`${kind} is not configured; set ${missing.join('; ')}`);
    const client = createTracker(settings, { retry: { ...deps.retry, onRetry } });
    try {
      if (sub === 'preflight') {
        const { raw: _raw, ...report } = await preflight(client, product);
        results.push(report);
        if (!values.json) say('stdout', `${product.model.product.name} (${product.slug}) → ${report.target}\n${renderPreflight(report)}\n`);
      } else {
        const result = await syncProduct(client, product, { minSeverity, reopen: trackers?.reopen ?? true, apply: values.apply });
        results.push(result);
        if (result.error || result.applied.some((a) => a.outcome === 'failed')) failed = true;
        if (!values.json) say('stdout', renderSync(result, values.apply));
      }
    } catch (error) {
      // A tracker failure names what to fix; anything else is a bug and goes to main with its stack.
      if (!(error instanceof TrackerError)) throw error;
      if (products.length === 1) throw error;
      failed = true;
      say('stderr', `threatcode tickets: ${product.slug}: ${error.message}\n`);
    }
  }
  const json = `${JSON.stringify(sub === 'sync' ? { tracker: kind, apply: values.apply, minSeverity, products: results } : { tracker: kind, products: results }, null, 2)}\n`;
  if (values.json) say('stdout', json);
  if (values.out) await writeFileAtomic(resolve(io.cwd, values.out), scrub(json, secrets));
  return failed ? 2 : 0;
}

export const command: Command = {
  name: 'tickets',
  summary: 'Jira / GitHub Issues: file open threats, keep tickets in step, verify fixes (sync, preflight)',
  usage: USAGE,
  run: (argv, io) => runTickets(argv, io),
};
