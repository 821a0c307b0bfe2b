// Trends of one cataloged product over its archived versions (DESIGN §3.6 layout:
// products/<slug>/model.json and products/<slug>/history/<version>/model.json): threats and
// attack-surface figures per version, and for each step what the change added, so "which changes
// increased our attack surface this quarter?" has an answer. Read-only over the catalog.
//
// Dates: a model has no wall-clock time (it would break determinism), so a version's date comes
// from the catalog: the `product.json` record the catalog keeps beside every model (publishedAt;
// also read from a meta.json or version.json, or a version folder named YYYY-MM-DD…). Versions
// without a date are ordered by name (numbers numerically) and kept out of `--since` filters.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { attackSurfaceGrew } from '../diff/describe.js';
import { diffModels } from '../diff/delta.js';
import { countBySeverity, openThreats } from '../emit/digest.js';
import type { Severity, ThreatModel } from '../model/types.js';
import { MODEL_SCHEMA } from '../model/types.js';
import { InputError } from '../util/errors.js';
import { HISTORY_DIR, isValidSlug, MODEL_FILE, PRODUCT_FILE, PRODUCTS_DIR, slugify } from './layout.js';

export interface TrendPoint {
  version: string;
  date?: string;
  commit?: string;
  open: Record<Severity, number>;
  openTotal: number;
  entryPoints: number;
  /** Entry points without authentication. */
  unauthenticated: number;
  /** Entry points reachable from the internet. */
  internetEntryPoints: number;
  components: number;
  internetComponents: number;
  flows: number;
  dependencies: number;
  killChains: number;
}

export interface TrendStep {
  from: string;
  to: string;
  date?: string;
  newThreats: number;
  resolvedThreats: number;
  /** New open threats at high or critical. */
  newSevere: number;
  entryPointsAdded: number;
  entryPointsRemoved: number;
  flowsAdded: number;
  componentsAdded: number;
  killChainsNew: number;
  /** New entry points, flows or components, or wider exposure or weaker auth. */
  surfaceGrew: boolean;
}

export interface ProductTrend {
  product: string;
  slug: string;
  points: TrendPoint[];
  steps: TrendStep[];
}

const DATE_KEYS = ['publishedAt', 'archivedAt', 'date', 'timestamp', 'published'];
const MAX_MODEL_BYTES = 256 * 1024 * 1024;

async function readJson(path: string): Promise<unknown> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile() || info.size > MAX_MODEL_BYTES) return undefined;
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

async function readModel(path: string): Promise<ThreatModel | undefined> {
  const doc = await readJson(path);
  return typeof doc === 'object' && doc !== null && (doc as ThreatModel).schema === MODEL_SCHEMA ? (doc as ThreatModel) : undefined;
}

async function versionDate(dir: string, version: string): Promise<string | undefined> {
  for (const name of [PRODUCT_FILE, 'meta.json', 'version.json']) {
    const doc = await readJson(join(dir, name));
    if (typeof doc !== 'object' || doc === null) continue;
    for (const key of DATE_KEYS) {
      const value = (doc as Record<string, unknown>)[key];
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) return value;
    }
  }
  return /^\d{4}-\d{2}-\d{2}/.test(version) ? version.slice(0, 10) : undefined;
}

/** The product's folder: `products/<arg>`, `products/<slug(arg)>`, or the catalog.json entry named so. */
async function productDir(catalog: string, product: string): Promise<{ dir: string; slug: string }> {
  const candidates = [product, slugify(product)];
  const index = await readJson(join(catalog, 'catalog.json'));
  const listed = typeof index === 'object' && index !== null ? (index as { products?: unknown }).products : undefined;
  if (Array.isArray(listed)) {
    for (const entry of listed) {
      if (typeof entry !== 'object' || entry === null) continue;
      const { name, slug } = entry as { name?: unknown; slug?: unknown };
      if (typeof slug === 'string' && (name === product || slug === product)) candidates.push(slug);
    }
  }
  for (const slug of candidates) {
    if (!isValidSlug(slug)) continue;
    const dir = join(catalog, PRODUCTS_DIR, slug);
    if ((await stat(dir).catch(() => undefined))?.isDirectory()) return { dir, slug };
  }
  throw new InputError(product, `no such product in the catalog at ${catalog}`);
}

/** `current`, or `<n> (current)` when the catalog's product.json numbers it. */
async function currentLabel(dir: string): Promise<string> {
  const record = await readJson(join(dir, PRODUCT_FILE));
  const version = typeof record === 'object' && record !== null ? (record as { version?: unknown }).version : undefined;
  return typeof version === 'number' || typeof version === 'string' ? `${version} (current)` : 'current';
}

function point(version: string, model: ThreatModel, date: string | undefined): TrendPoint {
  const open = openThreats(model);
  return {
    version,
    ...(date ? { date } : {}),
    ...(model.product.commit ? { commit: model.product.commit } : {}),
    open: countBySeverity(open),
    openTotal: open.length,
    entryPoints: model.entryPoints.length,
    unauthenticated: model.entryPoints.filter((e) => e.auth === 'none').length,
    internetEntryPoints: model.entryPoints.filter((e) => e.exposure === 'internet').length,
    components: model.components.length,
    internetComponents: model.components.filter((c) => c.exposure === 'internet').length,
    flows: model.flows.length,
    dependencies: model.dependencies.length,
    killChains: model.killChains.length,
  };
}

const byVersion = (a: { version: string; date?: string }, b: { version: string; date?: string }): number =>
  a.date && b.date && a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.version.localeCompare(b.version, 'en', { numeric: true });

/**
 * Figures per archived version (oldest first) plus the current model, and what each step
 * changed. `since` (YYYY-MM-DD) keeps steps whose newer side is dated on or after it.
 */
export async function productTrend(catalog: string, product: string, options: { since?: string } = {}): Promise<ProductTrend> {
  const { dir, slug } = await productDir(catalog, product);
  const history = join(dir, HISTORY_DIR);
  const names = (await readdir(history, { withFileTypes: true }).catch(() => [])).filter((e) => e.isDirectory()).map((e) => e.name);
  const versions: { version: string; date?: string; model: ThreatModel }[] = [];
  for (const version of names) {
    const model = await readModel(join(history, version, MODEL_FILE));
    if (model) versions.push({ version, date: await versionDate(join(history, version), version), model });
  }
  versions.sort(byVersion);
  const current = await readModel(join(dir, MODEL_FILE));
  if (current) versions.push({ version: await currentLabel(dir), date: await versionDate(dir, 'current'), model: current });
  if (versions.length === 0) throw new InputError(product, `the catalog has no model for ${slug}`);

  const points = versions.map((v) => point(v.version, v.model, v.date));
  const steps: TrendStep[] = [];
  for (let i = 1; i < versions.length; i++) {
    const before = versions[i - 1];
    const after = versions[i];
    if (options.since && (!after.date || after.date.slice(0, 10) < options.since)) continue;
    const delta = diffModels(before.model, after.model, { base: before.version, head: after.version });
    const open = delta.new.filter((t) => t.status === 'open');
    steps.push({
      from: before.version,
      to: after.version,
      ...(after.date ? { date: after.date } : {}),
      newThreats: open.length,
      resolvedThreats: delta.resolved.length,
      newSevere: open.filter((t) => t.severity === 'high' || t.severity === 'critical').length,
      entryPointsAdded: delta.architecture.entryPoints.added.length,
      entryPointsRemoved: delta.architecture.entryPoints.removed.length,
      flowsAdded: delta.architecture.flows.added.length,
      componentsAdded: delta.architecture.components.added.length,
      killChainsNew: delta.killChains.new.length,
      surfaceGrew: attackSurfaceGrew(delta),
    });
  }
  return { product: versions[versions.length - 1].model.product.name, slug, points, steps };
}

export function renderTrendText(trend: ProductTrend): string {
  const rows = trend.points.map((p) => [
    p.version,
    p.date?.slice(0, 10) ?? '',
    p.commit?.slice(0, 8) ?? '',
    `${p.openTotal} (${p.open.critical}/${p.open.high}/${p.open.medium}/${p.open.low})`,
    `${p.entryPoints} (${p.unauthenticated} unauth, ${p.internetEntryPoints} internet)`,
    `${p.components} (${p.internetComponents} internet)`,
    String(p.flows),
    String(p.dependencies),
  ]);
  const header = ['version', 'date', 'commit', 'open threats (c/h/m/l)', 'entry points', 'components', 'flows', 'deps'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  let out = `threatcode trend: ${trend.product} (${trend.points.length} version${trend.points.length === 1 ? '' : 's'})\n\n${line(header)}\n`;
  for (const row of rows) out += `${line(row)}\n`;
  const grew = trend.steps.filter((s) => s.surfaceGrew || s.newSevere > 0);
  out += `\nChanges that increased the attack surface or added high/critical threats: ${grew.length} of ${trend.steps.length}\n`;
  for (const s of grew) {
    const parts = [
      s.entryPointsAdded ? `+${s.entryPointsAdded} entry points` : '',
      s.flowsAdded ? `+${s.flowsAdded} flows` : '',
      s.componentsAdded ? `+${s.componentsAdded} components` : '',
      s.newThreats ? `+${s.newThreats} threats (${s.newSevere} high or critical)` : '',
      s.killChainsNew ? `+${s.killChainsNew} kill chains` : '',
      s.surfaceGrew && !s.entryPointsAdded && !s.flowsAdded && !s.componentsAdded ? 'wider exposure or weaker authentication' : '',
    ].filter(Boolean);
    out += `  ${s.from} → ${s.to}${s.date ? ` (${s.date.slice(0, 10)})` : ''}: ${parts.join(', ')}\n`;
  }
  return out;
}
