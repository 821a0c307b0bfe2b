// Publishing a product into a catalog: model → rendered views + product.json + reach.json,
// written as one transaction under the catalog lock; the previous version is archived and the
// update reports what changed since it; catalog.json and README.md are regenerated.
import { renderOutputs } from '../emit/index.js';
import type { AnalyzeOptions, Progress } from '../api/pipeline.js';
import type { ThreatModel } from '../model/types.js';
import { resolveSource } from '../source/index.js';
import { catalogPreflight } from '../trackers/hook.js';
import { InputError } from '../util/errors.js';
import { analyzeWithFacts } from './collect.js';
import { enrichModel } from './enrich.js';
import { readRecord, writeCatalogIndex } from './index-files.js';
import { MODEL_FILE, PRODUCT_FILE, REACH_FILE, isValidSlug, productDir, slugify } from './layout.js';
import { withLock, type LockOptions } from './lock.js';
import { buildReach } from './reach.js';
import type { ReachIndex } from './reach-types.js';
import { buildRecord, computeChanges, type Changes, type ProductRecord } from './record.js';
import { readProductFile, recover, writeProduct, type TxnStep } from './txn.js';

export interface PublishModelInput {
  model: ThreatModel;
  reach: ReachIndex;
  /** Catalog name of the product (default: the model's product name). */
  name?: string;
  formats?: readonly string[];
  /** Publication time (default now); the only wall-clock value, kept out of model.json. */
  now?: Date;
  lock?: LockOptions;
  /** Regenerate catalog.json and README.md (default true; a batch does it once at the end). */
  updateIndex?: boolean;
  onStep?: (step: TxnStep) => void | Promise<void>;
}

export interface PublishResult {
  slug: string;
  name: string;
  version: number;
  previousVersion?: number;
  changes: Changes | null;
  record: ProductRecord;
  dir: string;
  files: string[];
}

async function readPreviousModel(catalog: string, slug: string): Promise<ThreatModel | undefined> {
  const text = await readProductFile(catalog, slug, MODEL_FILE);
  if (!text) return undefined;
  try {
    return JSON.parse(text) as ThreatModel;
  } catch {
    return undefined; // a hand-damaged model cannot be diffed; the new version still replaces it
  }
}

export async function publishModel(catalog: string, input: PublishModelInput): Promise<PublishResult> {
  const name = (input.name ?? input.model.product.name).trim();
  const slug = slugify(name);
  if (!isValidSlug(slug)) throw new InputError(name, 'cannot be turned into a catalog folder name');
  return withLock(catalog, input.lock ?? {}, async () => {
    await recover(catalog);
    const previous = await readRecord(catalog, slug);
    const previousModel = previous ? await readPreviousModel(catalog, slug) : undefined;
    const version = (previous?.version ?? 0) + 1;
    const changes = previous && previousModel ? computeChanges(previousModel, input.model, previous.version) : null;
    const history = previous ? [{ version: previous.version, publishedAt: previous.publishedAt, ...(previous.commit ? { commit: previous.commit } : {}) }, ...previous.history].slice(0, 200) : [];
    const record = buildRecord({ slug, model: input.model, version, publishedAt: (input.now ?? new Date()).toISOString(), changes, history });
    record.name = name;
    const files = renderOutputs(input.model, input.formats);
    files.set(PRODUCT_FILE, `${JSON.stringify(record, null, 2)}\n`);
    files.set(REACH_FILE, `${JSON.stringify(input.reach, null, 2)}\n`);
    if (!files.has(MODEL_FILE)) files.set(MODEL_FILE, `${JSON.stringify(input.model, null, 2)}\n`);
    await writeProduct(catalog, slug, files, { version, ...(previous ? { previousVersion: previous.version } : {}), onStep: input.onStep });
    if (input.updateIndex !== false) await writeCatalogIndex(catalog);
    return { slug, name, version, ...(previous ? { previousVersion: previous.version } : {}), changes, record, dir: productDir(catalog, slug), files: [...files.keys()].sort() };
  });
}

export interface PublishSourceOptions {
  source: string;
  ref?: string;
  /** Catalog product name (default: `.threatcode.yml`'s name, else the source folder's name). */
  product?: string;
  cacheDir?: string;
  env?: NodeJS.ProcessEnv;
  formats?: readonly string[];
  /** git blame for evidence lines (default true; only for git work trees). */
  blame?: boolean;
  now?: Date;
  lock?: LockOptions;
  updateIndex?: boolean;
  /** Passed through to the pipeline (advisories, cache...), so the model equals `threatcode model`'s. */
  analyze?: Pick<AnalyzeOptions, 'advisories' | 'cache' | 'today' | 'maxFileBytes'>;
  onProgress?: (p: Progress) => void;
}

export interface PublishSourceResult extends PublishResult {
  model: ThreatModel;
  seconds: number;
}

/** Resolves, models, enriches and publishes one source. */
export async function publishSource(catalog: string, options: PublishSourceOptions): Promise<PublishSourceResult> {
  const started = performance.now();
  const env = options.env ?? process.env;
  const source = await resolveSource(options.source, { cacheDir: options.cacheDir, ref: options.ref, env });
  try {
    const analysed = await analyzeWithFacts(source.root, {
      ...options.analyze,
      productName: options.product ?? source.displayName,
      repository: source.repository,
      env,
      onProgress: options.onProgress,
    });
    const reach = buildReach(analysed);
    await enrichModel(source.root, analysed.model, reach, { blame: options.blame, env });
    // Tracker pre-flight (src/trackers/hook.ts): a no-op unless a tracker is configured; never fails the publish.
    await catalogPreflight(source.root, analysed.model, { env, name: options.product ?? analysed.model.product.name });
    options.onProgress?.({ phase: 'emit' });
    const result = await publishModel(catalog, {
      model: analysed.model,
      reach,
      name: options.product ?? analysed.model.product.name,
      formats: options.formats,
      now: options.now,
      lock: options.lock,
      updateIndex: options.updateIndex,
    });
    return { ...result, model: analysed.model, seconds: (performance.now() - started) / 1000 };
  } finally {
    await source.cleanup?.();
  }
}
