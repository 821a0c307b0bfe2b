// Secrets in committed build output. The walk skips `dist/`, `build/`, `out/` beside a package
// manifest as generated: their routes and sinks repeat the sources. A secret there is different:
// the compiled file is often the only committed copy (`src/config.ts` git-ignored, `dist/config.js`
// committed with `exports.SECRET = '...'`), and it is what runs. So those folders get this one
// extractor, cheaply: plain JS files only, a capped number and size, signals first, and a secret
// already found in the sources is not reported again from its compiled copy.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic, Fact } from '../../../model/types.js';
import { readSourceFileSync } from '../../../walk/index.js';
import { extractFile } from '../../engine.js';
import type { Extractor } from '../../types.js';

/** Caps per run: build output can be large, and only a few files of it hold configuration. */
const MAX_FILES = 400;
const MAX_FILE_BYTES = 256 * 1024;
const MAX_DEPTH = 6;
/** Compiled server code; source maps, declarations and minified bundles are left out. */
const COMPILED_JS = /\.(c|m)?js$/;
const NOT_SCANNED = /\.(min|bundle|chunk)\.(c|m)?js$|(^|[.-])vendors?[.-]/;
/** Message the walk gives a skipped build-output folder (walk/classify.ts). */
const BUILD_OUTPUT = /^build output directory /;

/** Build-output folders the walk skipped, from its diagnostics. */
export function skippedBuildOutput(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.filter((d) => d.code === 'skipped-generated' && d.file !== undefined && BUILD_OUTPUT.test(d.message)).map((d) => d.file as string);
}

function listJs(root: string, dir: string, out: string[], depth: number): void {
  if (out.length >= MAX_FILES || depth > MAX_DEPTH) return;
  let entries;
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (out.length >= MAX_FILES) return;
    const path = `${dir}/${e.name}`;
    // Links are not followed (the reader re-checks files anyway); nested dependencies are not ours.
    if (e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.')) listJs(root, path, out, depth + 1);
    else if (e.isFile() && COMPILED_JS.test(e.name) && !NOT_SCANNED.test(e.name)) out.push(path);
  }
}

/** Secret facts from the JS files of skipped build-output folders, not already found elsewhere. */
export function buildOutputSecrets(root: string, walkDiagnostics: readonly Diagnostic[], secrets: Extractor, known: readonly Fact[]): Fact[] {
  const dirs = skippedBuildOutput(walkDiagnostics);
  if (dirs.length === 0) return [];
  const paths: string[] = [];
  for (const dir of dirs) listJs(root, dir, paths, 0);
  const seen = new Set(known.filter((f) => f.kind === 'secret').map((f) => (f.kind === 'secret' ? f.redacted : '')));
  const out: Fact[] = [];
  for (const path of paths) {
    const text = readSourceFileSync(root, path, MAX_FILE_BYTES);
    // A bundle on one line is minified: the sources it was made from are what to read.
    if (!text || text.content.split('\n', 200).some((l) => l.length > 2000)) continue;
    for (const fact of extractFile({ path, content: text.content }, [secrets]).facts) {
      if (fact.kind !== 'secret' || seen.has(fact.redacted)) continue;
      seen.add(fact.redacted);
      out.push(fact);
    }
  }
  return out;
}
