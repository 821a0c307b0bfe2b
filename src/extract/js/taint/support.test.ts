// Shared helpers for the js/taint tests: run the extractor (with link) over inline files and
// render sink facts as short lines that are easy to assert on.
import type { SinkFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

export function sinkFacts(files: Record<string, string>): SinkFact[] {
  const { facts } = runExtractor(extractor, files);
  return facts.filter((f): f is SinkFact => f.kind === 'sink');
}

/** `kind api source @line` for each sink fact, sorted. */
export function sinks(files: Record<string, string>): string[] {
  return sinkFacts(files)
    .map((f) => `${f.sink} ${f.api} ${f.source ?? '-'} @${f.evidence.line}`)
    .sort();
}

/** Same for a single file `src/app.js` (or the given name). */
export function scan(code: string, file = 'src/app.js'): string[] {
  return sinks({ [file]: code });
}

/** Only the kinds found, sorted and unique. */
export function kinds(code: string, file = 'src/app.js'): string[] {
  return [...new Set(sinkFacts({ [file]: code }).map((f) => f.sink))].sort();
}
