import { analyze } from '../analyze/engine.js';
import { computeKillChains } from '../analyze/graph/chains.js';
import type { OsvAdvisory } from '../analyze/graph/advisories.js';
import { FactCache } from '../cache/index.js';
import type { FactCacheSettings } from '../cache/index.js';
import { loadConfig, matchSuppression, todayIso } from '../config/index.js';
import type { Config } from '../config/index.js';
import { extractFile, linkFacts } from '../extract/engine.js';
import { extractors as builtinExtractors } from '../extract/registry.js';
import type { Extractor } from '../extract/types.js';
import { buildSystem } from '../model/build/index.js';
import { stableId } from '../model/ids.js';
import type { Assumption, Diagnostic, Fact, ThreatModel } from '../model/types.js';
import { MODEL_SCHEMA } from '../model/types.js';
import { rules as builtinRules } from '../rules/registry.js';
import type { Rule } from '../rules/types.js';
import { renderStatement } from '../tc/statement.js';
import { fileSizeLimit, readSourceFile, walkRepository } from '../walk/index.js';
import { applyOverrides } from './overrides.js';
import { VERSION } from './version.js';

export interface Progress {
  phase: 'walk' | 'extract' | 'build' | 'analyze' | 'emit';
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

/** Facts of every file an extractor wants, in path order (so the result does not depend on timing). */
async function extractAll(root: string, paths: readonly string[], extractors: readonly Extractor[], maxFileBytes: number | undefined, onProgress?: (p: Progress) => void, cache?: FactCache): Promise<{ facts: Fact[]; diagnostics: Diagnostic[] }> {
  const facts: Fact[] = [];
  const diagnostics: Diagnostic[] = [];
  let done = 0;
  onProgress?.({ phase: 'extract', done, total: paths.length });
  for (const path of paths) {
    done++;
    const wanted = extractors.filter((e) => e.matches(path));
    if (wanted.length === 0) continue;
    const limit = fileSizeLimit(path, { maxFileBytes });
    // The cache hands back exactly what the lines below would produce for this file.
    const byStat = cache?.fromStat(path, limit);
    if (byStat?.cached) {
      facts.push(...byStat.cached.facts);
      diagnostics.push(...byStat.cached.diagnostics);
      continue;
    }
    const fileDiagnostics: Diagnostic[] = [];
    const source = await readSourceFile(root, path, limit, fileDiagnostics);
    const key = cache && source ? cache.keyOf(path, source.content, source.invalidUtf8) : undefined;
    const byContent = cache && key ? await cache.fromContent(path, key, byStat?.stamp) : undefined;
    if (byContent) {
      facts.push(...byContent.facts);
      diagnostics.push(...byContent.diagnostics);
      continue;
    }
    diagnostics.push(...fileDiagnostics);
    if (!source) continue;
    const out = extractFile({ path, content: source.content }, wanted);
    facts.push(...out.facts);
    diagnostics.push(...out.diagnostics);
    if (cache && key) cache.store(path, key, { facts: out.facts, diagnostics: [...fileDiagnostics, ...out.diagnostics] }, byStat?.stamp);
    if (onProgress && done % 50 === 0) onProgress({ phase: 'extract', done, total: paths.length, file: path });
  }
  // Before linking: link steps may rewrite fact objects, and the cache must keep them as extracted.
  await cache?.close();
  onProgress?.({ phase: 'extract', done: paths.length, total: paths.length });
  return { facts: linkFacts(facts, extractors), diagnostics };
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
  const walk = await walkRepository(root, { extraIgnores: config.ignore ?? [], maxFileBytes: options.maxFileBytes });
  const paths = walk.files.map((f) => f.path);
  const wanted = paths.filter((p) => extractors.some((e) => e.matches(p)));
  const cache = options.cache ? await FactCache.open(root, extractors, { env: options.env, ...(options.cache === true ? {} : options.cache) }) : undefined;
  const extracted = await extractAll(root, wanted, extractors, options.maxFileBytes, onProgress, cache);

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
