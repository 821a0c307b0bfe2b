// The serialisable result of publishing one source (crosses the worker boundary).
import type { Changes } from './record.js';
import type { PublishSourceResult } from './publish.js';

export interface AddOutcome {
  source: string;
  slug: string;
  name: string;
  version: number;
  previousVersion?: number;
  changes: Changes | null;
  threats: number;
  entryPoints: number;
  commit?: string;
  seconds: number;
}

export function summarize(source: string, r: PublishSourceResult): AddOutcome {
  return {
    source,
    slug: r.slug,
    name: r.name,
    version: r.version,
    ...(r.previousVersion !== undefined ? { previousVersion: r.previousVersion } : {}),
    changes: r.changes,
    threats: r.record.threats.open,
    entryPoints: r.model.entryPoints.length,
    ...(r.model.product.commit ? { commit: r.model.product.commit } : {}),
    seconds: Math.round(r.seconds * 100) / 100,
  };
}
