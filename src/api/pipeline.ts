import { analyze } from '../analyze/engine.js';
import { computeKillChains } from '../analyze/graph/chains.js';
import type { OsvAdvisory } from '../analyze/graph/advisories.js';
import { FactCache } from '../cache/index.js';
import type { FactCacheSettings } from '../cache/index.js';
import { loadConfig, matchSuppression, todayIso } from '../config/index.js';
import type { Config } from '../config/index.js';
import { extractFile, linkFacts } from '../extract/engine.js';
import { buildOutputSecrets } from '../extract/js/secrets/build-output.js';
import { ExtractPool, planPool, PoolUnavailableError } from '../extract/pool/index.js';
import type { ExtractJob, PoolPlan, PoolSettings } from '../extract/pool/index.js';
import { extractors as builtinExtractors } from '../extract/registry.js';
import type { Extractor } from '../extract/types.js';
import { buildSystem } from '../model/build/index.js';
import { stableId } from '../model/ids.js';
import type { Assumption, Diagnostic, Fact, ThreatModel } from '../model/types.js';
import { MODEL_SCHEMA } from '../model/types.js';
import { rules as builtinRules } from '../rules/registry.js';
import type { Rule } from '../rules/types.js';
import { renderStatement } from '../tc/statement.js';
import { fileSizeLimit, readSourceFileSync, sourceTextFromBytes, walkRepository } from '../walk/index.js';
import type { RealDirectories, FileStamp as StatStamp, SourceText, WalkedFile } from '../walk/index.js';
import { applyOverrides } from './overrides.js';
import { VERSION } from './version.js';

export interface Progress {
  /** Each phase announces its start; `link` (the extractors' cross-file steps) follows `extract`. */
  phase: 'walk' | 'extract' | 'link' | 'build' | 'analyze' | 'emit';
  done?: number;
  total?: number;
  file?: string;
}

export interface AnalyzeOptions {
  /** Product name when the config does not give one (defaults to the folder name). */
  productName?: string;
  repository?: string;
  /** YYYY-MM-DD used to judge suppression expiry (defaults to THREATCODE_TODAY or today, UTC). */
  today?: string;
  extractors?: readonly Extractor[];
  rules?: readonly Rule[];
  maxFileBytes?: number;
  onProgress?: (progress: Progress) => void;
  env?: NodeJS.ProcessEnv;
  /** OSV advisories (`--advisories <dir>`): vulnerable dependencies become attack-graph edges. */
  advisories?: readonly OsvAdvisory[];
  /** Reuse facts of unchanged files from the fact cache (src/cache); off unless asked. */
  cache?: boolean | FactCacheSettings;
  /**
   * Extract in worker threads when there is enough to extract (src/extract/pool; default on, with
   * measured thresholds). `false`: always in this thread. The model is the same either way.
   */
  pool?: PoolSettings | false;
}

const LANGUAGE_BY_EXTENSION: Record<string, string> = {
  js: 'javascript', cjs: 'javascript', mjs: 'javascript', jsx: 'javascript',
  ts: 'typescript', cts: 'typescript', mts: 'typescript', tsx: 'typescript',
  py: 'python', go: 'go', java: 'java', kt: 'kotlin', cs: 'csharp', rb: 'ruby', php: 'php', rs: 'rust',
  tf: 'terraform', proto: 'protobuf',
};

function languagesOf(paths: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const path of paths) {
    const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
    const language = LANGUAGE_BY_EXTENSION[ext];
    if (language) counts.set(language, (counts.get(language) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([l]) => l);
}

function folderName(root: string): string {
  const parts = root.replace(/\/+$/, '').split('/');
  return parts[parts.length - 1] || 'product';
}

/** What one wanted file gave: facts and every diagnostic about reading and extracting it. */
interface FileFacts {
  facts: Fact[];
  diagnostics: Diagnostic[];
}

/**
 * Files read ahead when the cache needs their content: their content lookups (one file read each,
 * usually a miss) then overlap instead of being awaited one by one. Bounds the text held.
 */
const READ_AHEAD = 64;

interface Misses {
  files: readonly WalkedFile[];
  limits: readonly number[];
  stamps: readonly (StatStamp | undefined)[];
  /** Indexes into `files` the cache did not answer by stat, ascending. */
  indexes: readonly number[];
  /** Directories resolved so far in this pass (see RealDirectories). */
  dirs: RealDirectories;
  /** Small files the walk read whole (WalkOptions.retain), taken out as they are used. */
  retained: Map<string, Buffer>;
}

/** A file read in this thread, with its cache key and content lookup under way. */
interface Prepared {
  i: number;
  source: SourceText | null;
  readDiagnostics: Diagnostic[];
  key?: string;
  byContent?: Promise<FileFacts | undefined>;
}

function prepare(root: string, misses: Misses, i: number, cache: FactCache | undefined): Prepared {
  const { path } = misses.files[i];
  const readDiagnostics: Diagnostic[] = [];
  const retained = misses.retained.get(path);
  if (retained) misses.retained.delete(path);
  const source = retained ? sourceTextFromBytes(path, retained, misses.limits[i], readDiagnostics) : readSourceFileSync(root, path, misses.limits[i], readDiagnostics, misses.dirs);
  const key = cache && source ? cache.keyOf(path, source.content, source.invalidUtf8) : undefined;
  const byContent = cache && key ? cache.fromContent(path, key, misses.stamps[i]) : undefined;
  return { i, source, readDiagnostics, key, byContent };
}

/** Reads ahead a window of `indexes` at a time and hands each prepared file over in order. */
async function eachPrepared(root: string, misses: Misses, indexes: readonly number[], cache: FactCache | undefined, use: (p: Prepared, byContent: FileFacts | undefined) => void | Promise<void>): Promise<void> {
  for (let start = 0; start < indexes.length; start += READ_AHEAD) {
    const window = indexes.slice(start, start + READ_AHEAD).map((i) => prepare(root, misses, i, cache));
    for (const p of window) await use(p, await p.byContent);
  }
}

/**
 * One file the cache did not answer by stat, extracted in this thread: a content hit, or the
 * reading diagnostics of a file that could not be read, or extraction (stored in the cache).
 * Exactly what a pool worker does, plus the cache.
 */
function extractHere(p: Prepared, byContent: FileFacts | undefined, misses: Misses, extractors: readonly Extractor[], cache: FactCache | undefined): FileFacts {
  if (byContent) return byContent;
  if (!p.source) return { facts: [], diagnostics: p.readDiagnostics };
  const { path } = misses.files[p.i];
  // extractFile runs only the extractors whose `matches` takes the path (one test each).
  const out = extractFile({ path, content: p.source.content }, extractors);
  const entry = { facts: out.facts, diagnostics: [...p.readDiagnostics, ...out.diagnostics] };
  if (cache && p.key) cache.store(path, p.key, entry, misses.stamps[p.i]);
  return entry;
}

async function extractInProcess(root: string, misses: Misses, indexes: readonly number[], extractors: readonly Extractor[], cache: FactCache | undefined, results: (FileFacts | undefined)[], tick: (path: string) => void): Promise<void> {
  await eachPrepared(root, misses, indexes, cache, (p, byContent) => {
    results[p.i] = extractHere(p, byContent, misses, extractors, cache);
    tick(misses.files[p.i].path);
  });
}

/**
 * The misses in worker threads (src/extract/pool), each taking the next files from one queue as it
 * runs short. Without a cache the workers read the files themselves; with one, this thread reads
 * them (their content is the cache key), answers what it can by content and sends the rest with
 * their text. Results land in `results` by index, so the merge does not depend on which worker
 * extracted a file or finished first.
 */
async function extractPooled(root: string, plan: PoolPlan, misses: Misses, extractors: readonly Extractor[], cache: FactCache | undefined, results: (FileFacts | undefined)[], tick: (path: string) => void): Promise<void> {
  const { files, limits, stamps, indexes } = misses;
  const toStore = new Map<number, { key: string; readDiagnostics: Diagnostic[] }>();
  /** Files this thread answered without a worker (content hits, unreadable files). */
  let answeredHere = 0;
  const pool = ExtractPool.start({ root, extractorIds: plan.extractorIds, workers: plan.workers, youngGenerationMb: plan.youngGenerationMb }, (r) => {
    const stored = toStore.get(r.id);
    const entry = stored ? { facts: r.facts, diagnostics: [...stored.readDiagnostics, ...r.diagnostics] } : { facts: r.facts, diagnostics: r.diagnostics };
    results[r.id] = entry;
    if (stored && cache) cache.store(files[r.id].path, stored.key, entry, stamps[r.id]);
    tick(files[r.id].path);
  });
  try {
    // Workers pull from one queue (ExtractPool.enqueue): per-file cost varies too much for a fixed split.
    if (!cache) {
      pool.enqueue(indexes.map((i): ExtractJob => ({ id: i, path: files[i].path, limit: limits[i] })));
    } else {
      const jobs: ExtractJob[] = [];
      await eachPrepared(root, misses, indexes, cache, ({ i, source, key, readDiagnostics }, byContent) => {
        if (byContent || !source || !key) {
          results[i] = byContent ?? { facts: [], diagnostics: readDiagnostics };
          answeredHere++;
          tick(files[i].path);
          return;
        }
        toStore.set(i, { key, readDiagnostics });
        jobs.push({ id: i, path: files[i].path, limit: limits[i], content: source.content });
        if (jobs.length === READ_AHEAD) pool.enqueue(jobs.splice(0));
      });
      pool.enqueue(jobs.splice(0));
    }
    await pool.finish();
    plan.onReport?.({ workers: pool.size, extracted: indexes.length - answeredHere });
  } catch (error) {
    if (!(error instanceof PoolUnavailableError)) throw error;
    // No worker could run (a loader the workers cannot use, say): same results, one thread.
    await extractInProcess(root, misses, indexes.filter((i) => !results[i]), extractors, cache, results, tick);
    plan.onReport?.({ workers: pool.size, extracted: 0, fallback: error.message });
  } finally {
    await pool.close();
  }
}

/**
 * Facts of every file an extractor wants, in path order (so the result does not depend on timing
 * or on how the work was split). Unchanged files come from the cache by stat; the rest are
 * extracted here, or in a worker pool when there is enough of them to pay for starting one.
 */
async function extractAll(root: string, files: readonly WalkedFile[], extractors: readonly Extractor[], options: AnalyzeOptions, cache: FactCache | undefined, retained: Map<string, Buffer>): Promise<{ facts: Fact[]; diagnostics: Diagnostic[] }> {
  const { onProgress } = options;
  const total = files.length;
  let done = 0;
  const tick = (path: string): void => {
    done++;
    if (onProgress && done % 50 === 0) onProgress({ phase: 'extract', done, total, file: path });
  };
  onProgress?.({ phase: 'extract', done, total });
  const results: (FileFacts | undefined)[] = new Array(total);
  const limits = files.map((f) => fileSizeLimit(f.path, { maxFileBytes: options.maxFileBytes }));
  const stamps: (StatStamp | undefined)[] = new Array(total);
  const indexes: number[] = [];
  let missBytes = 0;
  for (let i = 0; i < total; i++) {
    // The cache hands back exactly what extraction would produce for this file.
    const byStat = cache?.fromStat(files[i].path, limits[i], files[i].stamp);
    if (byStat?.cached) {
      results[i] = byStat.cached;
      tick(files[i].path);
      continue;
    }
    stamps[i] = byStat?.stamp;
    indexes.push(i);
    missBytes += files[i].size;
  }
  const plan = options.pool === false ? undefined : planPool(extractors, indexes.length, missBytes, poolSettings(options));
  const misses: Misses = { files, limits, stamps, indexes, dirs: new Map(), retained };
  if (plan) await extractPooled(root, plan, misses, extractors, cache, results, tick);
  else await extractInProcess(root, misses, indexes, extractors, cache, results, tick);
  // What was not used (files the cache answered, the pool's files): held no longer than the stage.
  retained.clear();
  // Before linking: link steps may rewrite fact objects, and the cache must keep them as extracted.
  await cache?.close();
  onProgress?.({ phase: 'extract', done: total, total });
  const facts: Fact[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const entry of results) {
    if (!entry) continue;
    for (const fact of entry.facts) facts.push(fact);
    for (const diagnostic of entry.diagnostics) diagnostics.push(diagnostic);
  }
  onProgress?.({ phase: 'link' });
  return { facts: linkFacts(facts, extractors), diagnostics };
}

/** AnalyzeOptions.pool, with THREATCODE_WORKERS (a worker count; 0 or 1 turns the pool off) over it. */
function poolSettings(options: AnalyzeOptions): PoolSettings {
  const settings = options.pool === false ? {} : { ...options.pool };
  const fromEnv = (options.env ?? process.env).THREATCODE_WORKERS;
  if (fromEnv !== undefined && fromEnv !== '' && Number.isInteger(Number(fromEnv))) settings.workers = Number(fromEnv);
  return settings;
}

function assumptionsFrom(config: Config, inferred: string[], threatIds: Map<string, string[]>): Assumption[] {
  const list: Assumption[] = [];
  for (const a of config.assumptions ?? []) {
    const threats = (a.threats ?? []).flatMap((ref) => threatIds.get(ref) ?? [ref]).filter((id) => [...threatIds.values()].some((ids) => ids.includes(id)));
    list.push({ id: stableId('assumption', a.content), content: a.content, source: 'config', threats: [...new Set(threats)].sort() });
  }
  for (const content of inferred) list.push({ id: stableId('assumption', content), content, source: 'inferred', threats: [] });
  return list.sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** Walk → extract → build → analyze for a local directory. Pure apart from reading the tree. */
export async function analyzeDirectory(root: string, options: AnalyzeOptions = {}): Promise<ThreatModel> {
  const extractors = options.extractors ?? builtinExtractors;
  const rules = options.rules ?? builtinRules;
  const onProgress = options.onProgress;
  const { config, diagnostics: configDiagnostics } = await loadConfig(root);
  onProgress?.({ phase: 'walk' });
  /** Small files the walk read whole, for extraction (saves reading them again). */
  const retained = new Map<string, Buffer>();
  /** Whether some extractor wants a path, asked by the walk and again below: answered once. */
  const wantedPaths = new Map<string, boolean>();
  const wants = (path: string): boolean => {
    let answer = wantedPaths.get(path);
    if (answer === undefined) wantedPaths.set(path, (answer = extractors.some((e) => e.matches(path))));
    return answer;
  };
  // Opened while git lists the files (its index takes a while to decode); the walk awaits it
  // before examining them, so files the index still trusts by stat are not sniffed again.
  const opening = options.cache ? FactCache.open(root, extractors, { env: options.env, ...(options.cache === true ? {} : options.cache) }) : undefined;
  // Marked handled: a walk that fails first must not leave this rejection unobserved.
  opening?.catch(() => undefined);
  const walk = await walkRepository(root, {
    extraIgnores: config.ignore ?? [],
    maxFileBytes: options.maxFileBytes,
    // The model shows neither the dirty flag nor the ignored count: skip the git calls behind them.
    gitStatus: false,
    countGitIgnored: false,
    trustStat: opening?.then((opened) => (path: string, stamp: StatStamp) => opened.knowsStamp(path, stamp)),
    retain: { wants, bytes: retained },
  });
  const cache = await opening;
  const paths = walk.files.map((f) => f.path);
  const wanted = walk.files.filter((f) => wants(f.path));
  const extracted = await extractAll(root, wanted, extractors, options, cache, retained);
  // Committed build output the walk skipped is still read for secrets (extract/js/secrets/build-output.ts).
  const secretsExtractor = extractors.find((e) => e.id === 'js/secrets');
  if (secretsExtractor) extracted.facts.push(...buildOutputSecrets(root, walk.diagnostics, secretsExtractor, extracted.facts));

  onProgress?.({ phase: 'build' });
  const productName = config.product?.name ?? options.productName ?? folderName(root);
  const system = buildSystem(extracted.facts, productName, {
    classification: config.classification,
    trustZones: config.trustZones,
    exposure: config.exposure,
  });

  onProgress?.({ phase: 'analyze' });
  const today = options.today ?? todayIso(options.env ?? process.env);
  const analysis = analyze(system, extracted.facts, rules, (t) => matchSuppression(config, t, today));
  for (const threat of analysis.threats) threat.statement = renderStatement(threat.grammar);

  const byRule = new Map<string, string[]>();
  for (const t of analysis.threats) {
    byRule.set(t.ruleId, [...(byRule.get(t.ruleId) ?? []), t.id]);
    byRule.set(t.id, [t.id]);
  }
  const owners = [...new Set([...(config.product?.owners ?? [])])];
  const model: ThreatModel = {
    schema: MODEL_SCHEMA,
    generator: { name: 'threatcode', version: VERSION },
    product: {
      name: productName,
      ...(config.product?.description ? { description: config.product.description } : {}),
      ...(config.product?.repository ?? options.repository ?? walk.git?.remote ? { repository: config.product?.repository ?? options.repository ?? walk.git?.remote } : {}),
      ...(walk.git?.commit ? { commit: walk.git.commit } : {}),
      ...(walk.git?.branch ? { branch: walk.git.branch } : {}),
      languages: languagesOf(paths),
      owners,
    },
    components: system.components,
    flows: system.flows,
    trustBoundaries: system.trustBoundaries,
    entryPoints: system.entryPoints,
    assets: system.assets,
    dependencies: system.dependencies,
    threats: analysis.threats,
    mitigations: analysis.mitigations,
    assumptions: assumptionsFrom(config, system.assumptions, byRule),
    killChains: computeKillChains({ ...system, threats: analysis.threats, mitigations: analysis.mitigations }, { advisories: options.advisories, facts: extracted.facts }),
    diagnostics: sortDiagnostics([...configDiagnostics, ...walk.diagnostics, ...extracted.diagnostics, ...analysis.diagnostics]),
  };
  // Manual and agent edits (.threatcode/overrides.json); without that file the model is unchanged.
  return applyOverrides(root, model, { advisories: options.advisories, facts: extracted.facts });
}

function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => `${d.file ?? ''}\u0000${String(d.line ?? 0).padStart(8, '0')}\u0000${d.code}\u0000${d.message}`;
  const seen = new Set<string>();
  return list
    .filter((d) => {
      const k = key(d);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
