import { resolve } from 'node:path';
import { renderOutputs } from '../emit/index.js';
import type { ThreatModel } from '../model/types.js';
import { resolveSource } from '../source/index.js';
import { writeFileAtomic } from '../util/fs.js';
import type { AiOptions, AiReport } from './enrich.js';
import type { AnalyzeOptions } from './pipeline.js';
import { analyzeDirectory } from './pipeline.js';

export interface ModelSourceOptions extends AnalyzeOptions {
  /** A directory or a git URL. */
  source: string;
  /** Git ref to check out when the source is a URL. */
  ref?: string;
  cacheDir?: string;
  /** Output directory; nothing is written when undefined. */
  out?: string;
  formats?: readonly string[];
  /** LLM enrichment after analysis (`--ai`); off unless given. */
  ai?: AiOptions;
}

export interface ModelSourceResult {
  model: ThreatModel;
  /** Absolute paths of the files written. */
  written: string[];
  outDir?: string;
  /** What the LLM enrichment did (or, in a dry run, would cost). */
  ai?: AiReport;
}

/** Resolves the source (cloning git URLs into the cache), models it and writes the outputs. */
export async function modelSource(options: ModelSourceOptions): Promise<ModelSourceResult> {
  const source = await resolveSource(options.source, { cacheDir: options.cacheDir, ref: options.ref });
  try {
    let model = await analyzeDirectory(source.root, {
      ...options,
      productName: options.productName ?? source.displayName,
      repository: options.repository ?? source.repository,
    });
    let ai: AiReport | undefined;
    if (options.ai) {
      // Loaded only when asked: runs without --ai never load provider code.
      const { enrichWithAi } = await import('./enrich.js');
      ({ model, report: ai } = await enrichWithAi(source.root, model, options.ai, { env: options.env, advisories: options.advisories }));
    }
    const written: string[] = [];
    if (options.out) {
      const outDir = resolve(options.out);
      options.onProgress?.({ phase: 'emit' });
      for (const [file, content] of renderOutputs(model, options.formats)) {
        const path = resolve(outDir, file);
        await writeFileAtomic(path, content);
        written.push(path);
      }
      return { model, written, outDir, ...(ai ? { ai } : {}) };
    }
    return { model, written, ...(ai ? { ai } : {}) };
  } finally {
    await source.cleanup?.();
  }
}
