// LLM enrichment, a post-analysis stage of the library API run only when asked (`--ai`). It yields
// patch operations applied by the pure patch module, like the overrides file (overrides.ts); I/O
// (files, provider calls) stays here and in src/ai's providers.
import type { OsvAdvisory } from '../analyze/graph/advisories.js';
import { AiCache, defaultAiCacheDir } from '../ai/cache.js';
import { componentsToEnrich, enrichModel } from '../ai/enrich.js';
import type { DryRunEstimate, EnrichStats } from '../ai/enrich.js';
import { apiKeyFrom, checkBaseUrl, chooseProvider, createProvider } from '../ai/providers/index.js';
import { componentOfFile, applyPatch } from '../mcp/patch/apply.js';
import { readRepoFiles } from '../mcp/patch/files.js';
import { loadOverlay, rejectionDiagnostics } from '../mcp/patch/overlay.js';
import type { Diagnostic, ThreatModel } from '../model/types.js';
import { UsageError } from '../util/errors.js';
import { mergeDiagnostics, withChains } from './overrides.js';

export interface AiOptions {
  /** openai, anthropic, ollama, vllm, llamacpp (the last three: OpenAI-compatible local servers). */
  provider: string;
  model: string;
  /** A different model for the independent reviewer (default: the same model, in a fresh request). */
  reviewerModel?: string;
  baseUrl?: string;
  /** Total tokens (input + output) the run may spend. */
  budget?: number;
  /** Estimate only: no provider call, no key needed, the model is left unchanged. */
  dryRun?: boolean;
  /** Where answers are cached (default: the threatcode cache dir's `ai/`); false: no cache. */
  cacheDir?: string | false;
  timeoutMs?: number;
  retries?: number;
  retryDelayMs?: number;
  /** For tests: the fetch the providers use. */
  fetch?: typeof fetch;
}

export interface AiReport {
  provider: string;
  model: string;
  reviewerModel: string;
  stats: EnrichStats;
  estimate?: DryRunEstimate;
  /** Operations applied to the model (after the reviewer and the patch checks). */
  applied: number;
}

/** Checks the options before any work: provider name, URL, budget, and the key (env only). */
export function checkAiOptions(options: AiOptions, env: NodeJS.ProcessEnv): void {
  const choice = chooseProvider(options.provider, options.baseUrl ? checkBaseUrl(options.baseUrl) : undefined);
  if (!options.model.trim()) throw new UsageError('--ai-model must name a model');
  if (options.budget !== undefined && (!Number.isInteger(options.budget) || options.budget < 1)) throw new UsageError('--ai-budget must be a positive whole number of tokens');
  if (!options.dryRun && choice.needsKey && !apiKeyFrom(env, choice.kind)) {
    const variable = choice.kind === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY';
    throw new UsageError(`--ai ${options.provider} needs an API key in ${variable} or THREATCODE_AI_API_KEY (keys are read from the environment only)`);
  }
}

/** Files the enrichment may show: those cited by the model inside code components. */
function citedFiles(model: ThreatModel): string[] {
  const codeIds = new Set(componentsToEnrich(model).map((c) => c.id));
  const files = new Set<string>();
  const add = (file: string) => {
    const owner = componentOfFile(model.components, file);
    if (owner && codeIds.has(owner.id)) files.add(file);
  };
  for (const t of model.threats) for (const e of t.evidence) add(e.file);
  for (const ep of model.entryPoints) {
    if (ep.handler) add(ep.handler.file);
    for (const e of ep.evidence) add(e.file);
  }
  for (const f of model.flows) for (const e of f.evidence) add(e.file);
  for (const c of model.components) for (const e of c.evidence) add(e.file);
  return [...files].sort();
}

/**
 * LLM enrichment of an analysed model (`threatcode model --ai`). Provider failures never fail the
 * run: the affected components keep their static analysis and diagnostics say why.
 */
export async function enrichWithAi(root: string, model: ThreatModel, options: AiOptions, context: { env?: NodeJS.ProcessEnv; advisories?: readonly OsvAdvisory[] } = {}): Promise<{ model: ThreatModel; report: AiReport }> {
  const env = context.env ?? process.env;
  checkAiOptions(options, env);
  const choice = chooseProvider(options.provider, options.baseUrl);
  const apiKey = apiKeyFrom(env, choice.kind);
  const settings = { kind: choice.kind, ...(choice.baseUrl ? { baseUrl: choice.baseUrl } : {}), ...(apiKey ? { apiKey } : {}), timeoutMs: options.timeoutMs, retries: options.retries, retryDelayMs: options.retryDelayMs, ...(options.fetch ? { fetch: options.fetch } : {}) };
  const reviewerModel = options.reviewerModel ?? options.model;
  const author = options.dryRun ? undefined : createProvider({ ...settings, model: options.model });
  const reviewer = options.dryRun ? undefined : createProvider({ ...settings, model: reviewerModel });
  const cache = options.cacheDir === false ? undefined : new AiCache(options.cacheDir ?? defaultAiCacheDir(env));
  const files = await readRepoFiles(root, citedFiles(model));
  const result = await enrichModel(model, (file) => files.get(file), {
    ...(author ? { author } : {}),
    ...(reviewer ? { reviewer } : {}),
    providerName: options.provider.toLowerCase(),
    modelName: options.model,
    ...(cache ? { cache } : {}),
    ...(options.budget !== undefined ? { budget: options.budget } : {}),
    ...(options.dryRun ? { dryRun: true } : {}),
  });
  const report: AiReport = { provider: options.provider.toLowerCase(), model: options.model, reviewerModel, stats: result.stats, ...(result.estimate ? { estimate: result.estimate } : {}), applied: 0 };
  if (options.dryRun) return { model, report };

  const evidenceFiles = await readRepoFiles(root, [...new Set(result.ops.flatMap((op) => (op.op === 'add-threat' ? (op.threat.evidence ?? []).map((e) => e.file) : [])))]);
  const patched = applyPatch(model, result.ops, evidenceFiles, { strictAi: true });
  report.applied = patched.applied.length;
  let next = patched.model;
  let diagnostics = [...result.diagnostics, ...patched.rejected.map((r): Diagnostic => ({ level: 'info', code: 'ai-item-rejected', message: `${r.op.op}: ${r.reason}` }))];

  // Overrides that target AI-written threats were stale when the overlay ran before enrichment.
  const added = new Set(patched.applied.filter((a) => a.op.op === 'add-threat').map((a) => a.id));
  if (added.size > 0) {
    const overlay = await loadOverlay(root);
    const late = overlay.overlay.entries.filter((e) => added.has(e.target)).map((e) => e.operation);
    if (late.length > 0) {
      const again = applyPatch(next, late, await readRepoFiles(root, []));
      next = { ...again.model, diagnostics: next.diagnostics.filter((d) => !(d.code === 'override-stale' && [...added].some((id) => d.message.includes(id)))) };
      diagnostics = [...diagnostics, ...rejectionDiagnostics(again)];
    }
  }
  next = { ...next, diagnostics: mergeDiagnostics(next.diagnostics, diagnostics) };
  if (patched.applied.length > 0) next = withChains(next, { advisories: context.advisories });
  return { model: next, report };
}
