import { resolve } from 'node:path';
import { renderOutputs } from '../emit/index.js';
import type { ThreatModel } from '../model/types.js';
import { resolveSource } from '../source/index.js';
import { writeFileAtomic } from '../util/fs.js';
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
}

export interface ModelSourceResult {
  model: ThreatModel;
  /** Absolute paths of the files written. */
  written: string[];
  outDir?: string;
}

/** Resolves the source (cloning git URLs into the cache), models it and writes the outputs. */
export async function modelSource(options: ModelSourceOptions): Promise<ModelSourceResult> {
  const source = await resolveSource(options.source, { cacheDir: options.cacheDir, ref: options.ref });
  try {
    const model = await analyzeDirectory(source.root, {
      ...options,
      productName: options.productName ?? source.displayName,
      repository: options.repository ?? source.repository,
    });
    const written: string[] = [];
    if (options.out) {
      const outDir = resolve(options.out);
      options.onProgress?.({ phase: 'emit' });
      for (const [file, content] of renderOutputs(model, options.formats)) {
        const path = resolve(outDir, file);
        await writeFileAtomic(path, content);
        written.push(path);
      }
      return { model, written, outDir };
    }
    return { model, written };
  } finally {
    await source.cleanup?.();
  }
}
