// Test helpers for polyglot extractors: run several extractors over inline files or a fixture
// folder, then their link steps, as the pipeline does.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { EntrypointFact, Fact } from '../../model/types.js';
import { extractFile, linkFacts } from '../engine.js';
import type { Extractor } from '../types.js';

export function runAll(extractors: readonly Extractor[], files: Record<string, string>): Fact[] {
  const facts = Object.entries(files).flatMap(([path, content]) => extractFile({ path, content }, extractors).facts);
  return linkFacts(facts, extractors);
}

/** Every file of a fixture folder, keyed by its path relative to the folder. */
export function fixtureFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[relative(dir, full).split('\\').join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** Entry points as `METHOD path auth` lines, sorted, for compact assertions. */
export function routeLines(facts: readonly Fact[]): string[] {
  return facts
    .filter((f): f is EntrypointFact => f.kind === 'entrypoint')
    .map((f) => `${f.method ?? '-'} ${f.path ?? '-'} ${f.auth}`)
    .sort();
}
