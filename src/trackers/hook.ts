// The pre-flight hook of `catalog add`: before a product's new version is published, read the
// tickets of earlier runs and write their state into the model being published (open ticket →
// mitigation in progress). Runs only when a tracker is configured (environment or the source's
// `.threatcode.yml`), can be turned off (`trackers.preflight: false`, THREATCODE_TRACKER_PREFLIGHT=0),
// and never blocks a publish: a tracker failure becomes a warning diagnostic in the model.
import { slugify } from '../catalog/layout.js';
import { loadConfig } from '../config/index.js';
import type { ThreatModel } from '../model/types.js';
import { configuredTrackers, scrub, secretValues } from './config.js';
import { preflight } from './sync.js';
import type { RetryPolicy } from './retry.js';

export interface CatalogPreflightOptions {
  env: NodeJS.ProcessEnv;
  /** Catalog product name (its slug scopes the tickets). */
  name: string;
  retry?: Partial<RetryPolicy>;
}

/** Mutates `model` (the one about to be published); returns how many trackers were asked. */
export async function catalogPreflight(root: string, model: ThreatModel, options: CatalogPreflightOptions): Promise<number> {
  const { config } = await loadConfig(root);
  const trackers = configuredTrackers(options.env, config.trackers);
  if (trackers.length === 0) return 0;
  const secrets = secretValues(options.env);
  // Loaded only when needed: catalog runs without a tracker never pay for the HTTP clients.
  const { createTracker } = await import('./client.js');
  for (const settings of trackers) {
    // A catalog run must not stall on a tracker: few retries, short waits.
    const client = createTracker(settings, { retry: { retries: 2, maxWaitMs: 30_000, ...options.retry } });
    try {
      const report = await preflight(client, { slug: slugify(options.name), model });
      model.threats = report.model.threats;
      model.mitigations = report.model.mitigations;
      const c = report.counts;
      model.diagnostics.push({ level: 'info', code: 'tracker-preflight', message: `${client.target}: ${report.tickets.length} tickets from earlier runs: ${c.open} open, ${c.resolved} resolved, ${c['fix-not-verified']} closed but still present; ${report.mitigationChanges.length} mitigation statuses updated` });
    } catch (error) {
      model.diagnostics.push({ level: 'warning', code: 'tracker-preflight', message: scrub(`${client.target}: pre-flight skipped: ${error instanceof Error ? error.message : String(error)}`, secrets) });
    }
  }
  return trackers.length;
}
