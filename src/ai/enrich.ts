// LLM enrichment of a finished model, one code component at a time, in id order (deterministic):
// build the request → author answer (cache or provider) → validate item by item → whitelist →
// independent reviewer in a fresh request (cache or provider) → only confirmed items become patch
// operations. Any provider failure leaves that component as the static analysis made it and adds
// a diagnostic; an authentication error, a bad request or repeated failures stop further calls.
import type { Component, Diagnostic, ThreatModel } from '../model/types.js';
import type { PatchOp } from '../mcp/patch/types.js';
import { Budget, estimateInput, worstCase } from './budget.js';
import { AiCache, cacheKey } from './cache.js';
import { buildContext, CODE_KINDS, withheldDiagnostics } from './context.js';
import type { ComponentContext } from './context.js';
import { judge, toOps } from './merge.js';
import { authorRequest, PROMPT_VERSION, REVIEW_MAX_OUTPUT, reviewerRequest } from './prompts.js';
import { parseAuthorAnswer, parseReviewAnswer } from './schema.js';
import { ProviderError } from './types.js';
import type { AiProvider, ChatRequest, ChatResult } from './types.js';
import { reviewExcerpts, screenAuthorAnswer } from './validate.js';

/** Reviewer requests carry the facts, a few cited lines and the candidates: this on top of the author's input covers them. */
const REVIEW_CANDIDATE_ALLOWANCE = 1500;
const MAX_CONSECUTIVE_FAILURES = 3;

export interface EnrichSettings {
  /** Absent in a dry run. */
  author?: AiProvider;
  /** Defaults to the author provider (a fresh request, with its own prompt, sees nothing of the author's). */
  reviewer?: AiProvider;
  /** The `--ai` name (`openai`, `ollama`, `anthropic`...): part of cache keys and provenance. */
  providerName: string;
  /** The author model (also when no provider is constructed, in a dry run). */
  modelName: string;
  cache?: AiCache;
  /** Total tokens (input + output) this run may spend. */
  budget?: number;
  dryRun?: boolean;
  onProgress?: (done: number, total: number, component: string) => void;
}

export interface EnrichStats {
  components: number;
  /** Provider calls made. */
  calls: number;
  cacheHits: number;
  inputTokens: number;
  outputTokens: number;
  skippedForBudget: number;
  failed: number;
  proposed: number;
  rejectedInvalid: number;
  rejectedByReviewer: number;
  kept: number;
}

export interface DryRunEstimate {
  components: number;
  cached: number;
  toSend: number;
  /** Estimated input tokens of the author requests not in the cache (chars / 4). */
  authorInputTokens: number;
  /** Output allowance of those requests. */
  authorMaxOutputTokens: number;
  /** Upper bound for the reviewer requests that may follow. */
  reviewerMaxTokens: number;
  /** authorInputTokens + authorMaxOutputTokens + reviewerMaxTokens. */
  maxTotalTokens: number;
}

export interface EnrichResult {
  ops: PatchOp[];
  diagnostics: Diagnostic[];
  stats: EnrichStats;
  estimate?: DryRunEstimate;
}

type Read = (file: string) => string | undefined;

const info = (code: string, message: string, level: Diagnostic['level'] = 'info'): Diagnostic => ({ level, code, message });

export function componentsToEnrich(model: ThreatModel): Component[] {
  return model.components.filter((c) => CODE_KINDS.has(c.kind) && c.paths.length > 0).sort((a, b) => (a.id < b.id ? -1 : 1));
}

class Run {
  readonly stats: EnrichStats = { components: 0, calls: 0, cacheHits: 0, inputTokens: 0, outputTokens: 0, skippedForBudget: 0, failed: 0, proposed: 0, rejectedInvalid: 0, rejectedByReviewer: 0, kept: 0 };
  readonly diagnostics: Diagnostic[] = [];
  readonly ops: PatchOp[] = [];
  readonly budget: Budget;
  private consecutiveFailures = 0;
  stopped?: string;

  constructor(private readonly settings: EnrichSettings) {
    this.budget = new Budget(settings.budget);
  }

  /** A cached answer, or a provider call charged to the budget and stored. */
  private async ask(pass: 'author' | 'review', provider: AiProvider, request: ChatRequest, key: string, cached: ChatResult | undefined): Promise<ChatResult> {
    if (cached) {
      this.stats.cacheHits++;
      return cached;
    }
    this.stats.calls++;
    const result = await provider.complete(request);
    this.budget.charge(request, result.usage);
    this.consecutiveFailures = 0;
    if (pass === 'author' ? parseAuthorAnswer(result.json) : parseReviewAnswer(result.json)) await this.settings.cache?.set(key, { json: result.json, ...(result.usage ? { usage: result.usage } : {}) });
    return result;
  }

  private failed(component: Component, pass: string, error: unknown): void {
    this.stats.failed++;
    const message = error instanceof Error ? error.message : String(error);
    this.diagnostics.push(info('ai-provider-failed', `${pass} pass for component ${component.name} failed (${error instanceof ProviderError ? error.kind : 'error'}: ${message}); kept the static analysis for it`, 'warning'));
    this.consecutiveFailures++;
    if (error instanceof ProviderError && (error.kind === 'auth' || error.kind === 'bad-request')) this.stopped = `the provider refused the request (${error.kind})`;
    else if (this.consecutiveFailures >= MAX_CONSECUTIVE_FAILURES) this.stopped = `${MAX_CONSECUTIVE_FAILURES} failures in a row`;
  }

  async component(component: Component, context: ComponentContext): Promise<void> {
    const { author } = this.settings;
    if (!author) return;
    // Without code to cite, every proposal would be rejected: not worth a request.
    if (context.excerpts.length === 0) {
      this.diagnostics.push(info('ai-skipped', `component ${component.name} not enriched: no code of it is cited by the model`));
      return;
    }
    const request = authorRequest(context);
    const key = cacheKey('author', this.settings.providerName, author.model, PROMPT_VERSION, request);
    const cached = await this.settings.cache?.get(key);
    const reserve = estimateInput(request) + REVIEW_CANDIDATE_ALLOWANCE + REVIEW_MAX_OUTPUT;
    if (!cached && !this.budget.fits(worstCase(request) + reserve)) {
      this.stats.skippedForBudget++;
      this.diagnostics.push(info('ai-budget-exhausted', `component ${component.name} not enriched: about ${worstCase(request) + reserve} tokens would pass the budget of ${this.settings.budget} (${this.budget.spent} spent)`, 'warning'));
      return;
    }
    let answer: ChatResult;
    try {
      answer = await this.ask('author', author, request, key, cached);
    } catch (error) {
      return this.failed(component, 'author', error);
    }
    const parsed = parseAuthorAnswer(answer.json);
    if (!parsed) return this.failed(component, 'author', new ProviderError('garbage', 'the answer does not have the lists "threats" and "adjustments"'));
    const screened = screenAuthorAnswer(context, parsed);
    this.stats.proposed += parsed.threats.items.length + parsed.adjustments.items.length + parsed.threats.rejected.length + parsed.adjustments.rejected.length;
    this.stats.rejectedInvalid += screened.rejected.length;
    for (const r of screened.rejected) this.diagnostics.push(info('ai-item-rejected', `component ${component.name}: ${r}`));
    if (screened.candidates.length === 0) return;

    const reviewer = this.settings.reviewer ?? author;
    const review = reviewerRequest(context, screened.candidates, reviewExcerpts(context, screened.candidates));
    const reviewKey = cacheKey('review', this.settings.providerName, reviewer.model, PROMPT_VERSION, review);
    const cachedReview = await this.settings.cache?.get(reviewKey);
    if (!cachedReview && !this.budget.fits(worstCase(review))) {
      this.stats.skippedForBudget++;
      this.diagnostics.push(info('ai-budget-exhausted', `component ${component.name}: ${screened.candidates.length} proposals dropped, the budget does not cover their review`, 'warning'));
      return;
    }
    let verdictAnswer: ChatResult;
    try {
      verdictAnswer = await this.ask('review', reviewer, review, reviewKey, cachedReview);
    } catch (error) {
      return this.failed(component, 'review', error);
    }
    const verdicts = parseReviewAnswer(verdictAnswer.json);
    if (!verdicts) return this.failed(component, 'review', new ProviderError('garbage', 'the answer does not have the list "verdicts"'));
    const judged = judge(screened.candidates, verdicts.items);
    this.stats.rejectedByReviewer += judged.dropped.length;
    for (const d of judged.dropped) this.diagnostics.push(info('ai-reviewer-rejected', `component ${component.name}: ${d.candidate.type === 'threat' ? `new threat "${d.candidate.threat.title}"` : `severity ${d.candidate.current.severity} → ${d.candidate.adjustment.severity} of "${d.candidate.current.title}"`}: ${d.reason}`));
    const name = (provider: AiProvider) => `${this.settings.providerName}:${provider.model}`;
    const ops = toOps(context, judged.kept, { author: name(author), reviewer: name(reviewer), promptVersion: PROMPT_VERSION });
    this.stats.kept += ops.length;
    this.ops.push(...ops);
  }
}

async function estimate(contexts: readonly ComponentContext[], settings: EnrichSettings): Promise<DryRunEstimate> {
  const out: DryRunEstimate = { components: contexts.length, cached: 0, toSend: 0, authorInputTokens: 0, authorMaxOutputTokens: 0, reviewerMaxTokens: 0, maxTotalTokens: 0 };
  for (const context of contexts) {
    if (context.excerpts.length === 0) continue;
    const request = authorRequest(context);
    if (await settings.cache?.get(cacheKey('author', settings.providerName, settings.modelName, PROMPT_VERSION, request))) {
      out.cached++;
      continue;
    }
    out.toSend++;
    out.authorInputTokens += estimateInput(request);
    out.authorMaxOutputTokens += request.maxOutputTokens;
    out.reviewerMaxTokens += estimateInput(request) + REVIEW_CANDIDATE_ALLOWANCE + REVIEW_MAX_OUTPUT;
  }
  out.maxTotalTokens = out.authorInputTokens + out.authorMaxOutputTokens + out.reviewerMaxTokens;
  return out;
}

/**
 * Enriches a model; `read` gives repository files (already size-bounded). Returns patch operations
 * for the caller to apply; nothing here changes the model.
 */
export async function enrichModel(model: ThreatModel, read: Read, settings: EnrichSettings): Promise<EnrichResult> {
  const components = componentsToEnrich(model);
  const contexts = components.map((c) => buildContext(model, c, read));
  const withheld = contexts.flatMap(withheldDiagnostics);
  if (settings.dryRun || !settings.author) {
    const run = new Run(settings);
    return { ops: [], diagnostics: withheld, stats: { ...run.stats, components: components.length }, estimate: await estimate(contexts, settings) };
  }
  const run = new Run(settings);
  run.stats.components = components.length;
  for (let i = 0; i < components.length; i++) {
    settings.onProgress?.(i, components.length, components[i].name);
    if (run.stopped) {
      run.diagnostics.push(info('ai-stopped', `component ${components[i].name} not enriched: ${run.stopped}`, 'warning'));
      continue;
    }
    await run.component(components[i], contexts[i]);
  }
  settings.onProgress?.(components.length, components.length, '');
  run.stats.inputTokens = run.budget.inputTokens;
  run.stats.outputTokens = run.budget.outputTokens;
  return { ops: run.ops, diagnostics: [...withheld, ...run.diagnostics], stats: run.stats };
}
