import { parseArgs } from 'node:util';
import { relative, resolve } from 'node:path';
import { readAdvisoryDir } from '../../analyze/graph/advisories-fs.js';
import { checkAiOptions } from '../../api/enrich.js';
import type { AiOptions, AiReport } from '../../api/enrich.js';
import { modelSource, type ModelSourceOptions, type ModelSourceResult } from '../../api/model.js';
import { publishSource } from '../../catalog/publish.js';
import { openQueryIndex } from '../../catalog/query.js';
import { describeChanges } from '../../catalog/record.js';
import { writeFileAtomic } from '../../util/fs.js';
import { FORMATS, renderOutputs } from '../../emit/index.js';
import { countBySeverity, openThreats } from '../../emit/digest.js';
import { UsageError } from '../../util/errors.js';
import { progressReporter } from '../progress.js';
import { watchAndRemodel } from './model-watch.js';
import type { Command, Io } from '../types.js';

const USAGE = `threatcode model <source> [--out <dir>] [--catalog <dir>] [--format <list>] [--ref <ref>] [--product <name>] [--advisories <dir>] [--json]

  <source>          a directory or a git URL (https, ssh, file://, a bare repository path)
  --out <dir>       where to write the outputs (default ./threatcode-out; none with --catalog unless given)
  --catalog <dir>   also publish the model into this catalog (previous version archived, index updated)
  --format <list>   comma-separated subset of: ${FORMATS.join(', ')} (default: all)
  --ref <ref>       branch or tag to clone when <source> is a git URL
  --product <name>  product name (default: .threatcode.yml, then the folder name)
  --advisories <dir> a folder of OSV .json advisories; vulnerable dependencies join the kill chains
  --no-cache        do not reuse facts of unchanged files (cache: THREATCODE_CACHE_DIR or ~/.cache/threatcode)
  --watch           stay up and model again whenever a file changes (a local folder; Ctrl-C stops)
  --json            print a machine-readable summary on stdout

  Large repositories are extracted in worker threads, one fewer than the cores (none on two cores,
  where V8's own compiler threads use the second); THREATCODE_WORKERS=N sets the count (0 or 1: none).

LLM enrichment (off unless --ai is given; see docs/ai.md):
  --ai <provider>       openai (any OpenAI-compatible server), anthropic, ollama, vllm, llamacpp
  --ai-model <name>     the model (required with --ai), e.g. gpt-4o-mini, claude-sonnet-4-5, llama3.1
  --ai-base-url <url>   OpenAI-compatible base URL up to /v1, or the Anthropic host
  --ai-budget <tokens>  most tokens (input + output) the run may spend; components past it keep the static model
  --ai-dry-run          estimate the cost (no call, no key needed); the model is not changed
  Keys come from the environment only: THREATCODE_AI_API_KEY, else OPENAI_API_KEY / ANTHROPIC_API_KEY.`;

type AiValues = { ai?: string; 'ai-model'?: string; 'ai-base-url'?: string; 'ai-budget'?: string; 'ai-dry-run'?: boolean };

/** The --ai options, checked before any work (provider, URL, budget, key in the environment). */
function aiOptions(values: AiValues, io: Io): AiOptions | undefined {
  const given = values['ai-model'] !== undefined || values['ai-base-url'] !== undefined || values['ai-budget'] !== undefined || values['ai-dry-run'] === true;
  if (values.ai === undefined) {
    if (given) throw new UsageError('--ai-model, --ai-base-url, --ai-budget and --ai-dry-run need --ai <provider>');
    return undefined;
  }
  if (!values['ai-model']) throw new UsageError('--ai needs --ai-model <name>');
  const budget = values['ai-budget'] === undefined ? undefined : Number(values['ai-budget']);
  const options: AiOptions = {
    provider: values.ai,
    model: values['ai-model'],
    ...(values['ai-base-url'] ? { baseUrl: values['ai-base-url'] } : {}),
    ...(budget !== undefined ? { budget } : {}),
    ...(values['ai-dry-run'] ? { dryRun: true } : {}),
  };
  checkAiOptions(options, io.env);
  return options;
}

function describeAi(report: AiReport): string {
  const s = report.stats;
  const e = report.estimate;
  if (e) {
    return [
      `AI dry run (${report.provider}:${report.model}; tokens estimated as characters / 4): ${e.components} components, ${e.cached} cached, ${e.toSend} to send`,
      `  author: ~${e.authorInputTokens} input + up to ${e.authorMaxOutputTokens} output tokens; reviewer: up to ${e.reviewerMaxTokens} tokens; at most ~${e.maxTotalTokens} tokens in all`,
    ].join('\n');
  }
  const problems = [s.failed ? `${s.failed} failed` : '', s.skippedForBudget ? `${s.skippedForBudget} over budget` : ''].filter(Boolean).join(', ');
  return `  AI (${report.provider}:${report.model}, reviewed by ${report.reviewerModel}): ${report.applied} changes kept of ${s.proposed} proposed (${s.rejectedInvalid} invalid, ${s.rejectedByReviewer} rejected by the reviewer); ${s.calls} calls, ${s.cacheHits} cache hits, ${s.inputTokens + s.outputTokens} tokens${problems ? `; ${problems} (see diagnostics)` : ''}`;
}

export const command: Command = {
  name: 'model',
  summary: 'model a repository and write its threat model',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        catalog: { type: 'string' },
        format: { type: 'string' },
        ref: { type: 'string' },
        product: { type: 'string' },
        advisories: { type: 'string' },
        'no-cache': { type: 'boolean', default: false },
        watch: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        ai: { type: 'string' },
        'ai-model': { type: 'string' },
        'ai-base-url': { type: 'string' },
        'ai-budget': { type: 'string' },
        'ai-dry-run': { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) throw new UsageError('model needs exactly one <source>');
    const ai = aiOptions(values, io);
    const formats = values.format ? values.format.split(',').map((f) => f.trim()).filter(Boolean) : [...FORMATS];
    const unknown = formats.filter((f) => !FORMATS.includes(f));
    if (unknown.length > 0) throw new UsageError(`unknown format ${unknown.join(', ')} (choose from ${FORMATS.join(', ')})`);
    const advisories = values.advisories ? await readAdvisoryDir(resolve(io.cwd, values.advisories)) : undefined;
    for (const d of advisories?.diagnostics ?? []) io.stderr.write(`threatcode model: warning: ${d.file ? `${d.file}: ` : ''}${d.message}\n`);
    const progress = progressReporter(io);
    const started = performance.now();
    const isUrl = positionals[0].includes('://') || positionals[0].includes('@');
    const source = isUrl ? positionals[0] : resolve(io.cwd, positionals[0]);
    if (values.watch && (isUrl || values.catalog || ai || values.json)) throw new UsageError('--watch needs a local folder and cannot be combined with --catalog, --ai or --json');
    let result: ModelSourceResult;
    let published: Awaited<ReturnType<typeof publishSource>> | undefined;
    let modelOptions: ModelSourceOptions | undefined;
    if (values.catalog) {
      // Publish into the catalog (same pipeline, plus owners and blame); --out only when asked.
      const catalog = resolve(io.cwd, values.catalog);
      if (ai) throw new UsageError('--ai cannot be combined with --catalog yet: model with --ai --out, or publish without --ai');
      published = await publishSource(catalog, { source, ref: values.ref, product: values.product, env: io.env, formats, analyze: { advisories: advisories?.advisories, cache: !values['no-cache'] }, onProgress: (p) => progress.update(p) });
      await openQueryIndex(catalog);
      const written: string[] = [];
      if (values.out) {
        const outDir = resolve(io.cwd, values.out);
        for (const [file, content] of renderOutputs(published.model, formats)) {
          await writeFileAtomic(resolve(outDir, file), content);
          written.push(resolve(outDir, file));
        }
        result = { model: published.model, written, outDir };
      } else result = { model: published.model, written };
    } else {
      modelOptions = {
        advisories: advisories?.advisories,
        cache: !values['no-cache'],
        source,
        out: resolve(io.cwd, values.out ?? 'threatcode-out'),
        formats,
        ref: values.ref,
        productName: values.product,
        env: io.env,
        ...(ai ? { ai } : {}),
      };
      result = await modelSource({ ...modelOptions, onProgress: (p) => progress.update(p) });
    }
    progress.done();
    const seconds = (performance.now() - started) / 1000;
    const { model } = result;
    const open = openThreats(model);
    const severities = countBySeverity(open);
    if (values.json) {
      io.stdout.write(
        `${JSON.stringify(
          {
            product: model.product.name,
            commit: model.product.commit ?? null,
            outDir: result.outDir ?? null,
            files: result.written,
            ...(published ? { catalog: { product: published.slug, version: published.version, dir: published.dir, changes: published.changes } } : {}),
            components: model.components.length,
            flows: model.flows.length,
            entryPoints: model.entryPoints.length,
            threats: { total: model.threats.length, open: open.length, bySeverity: severities },
            diagnostics: model.diagnostics.length,
            ...(result.ai ? { ai: result.ai } : {}),
            seconds: Math.round(seconds * 100) / 100,
          },
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    const out = io.stdout;
    out.write(`threatcode: modelled ${model.product.name}${model.product.commit ? ` @ ${model.product.commit.slice(0, 12)}` : ''} in ${seconds.toFixed(2)} s\n`);
    out.write(`  ${model.components.length} components, ${model.flows.length} flows, ${model.trustBoundaries.length} trust boundaries, ${model.entryPoints.length} entry points\n`);
    out.write(`  ${open.length} open threats: ${severities.critical} critical, ${severities.high} high, ${severities.medium} medium, ${severities.low} low`);
    out.write(`${model.threats.length > open.length ? ` (+${model.threats.length - open.length} suppressed/accepted)` : ''}\n`);
    if (model.killChains.length > 0) out.write(`  ${model.killChains.length} kill chains, worst: ${model.killChains[0].severity} ${model.killChains[0].entry} → ${model.killChains[0].target} (see summary.md, attack-graph.mmd)\n`);
    const warnings = model.diagnostics.filter((d) => d.level !== 'info').length;
    if (warnings > 0) out.write(`  ${warnings} warnings (see diagnostics in model.json)\n`);
    if (result.ai) out.write(`${describeAi(result.ai)}\n`);
    if (published) out.write(`published to the catalog as ${published.slug} v${published.version} (${describeChanges(published.changes)})\n`);
    if (result.outDir) {
      const shown = (path: string) => {
        const rel = relative(io.cwd, path);
        return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
      };
      out.write(`outputs in ${shown(result.outDir)}/\n`);
      for (const file of result.written) out.write(`  ${shown(file)}\n`);
    }
    if (values.watch && modelOptions) return watchUntilSignalled(source, modelOptions, io);
    return 0;
  },
};

/** --watch: re-models on changes until SIGINT or SIGTERM (src/cli/commands/model-watch.ts). */
async function watchUntilSignalled(dir: string, options: ModelSourceOptions, io: Io): Promise<number> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await watchAndRemodel(dir, options, io, controller.signal);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
