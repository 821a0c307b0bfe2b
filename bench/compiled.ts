// `--compiled` for the benchmarks: threatcode as users run it (tsc output, plain Node), not
// through tsx. tsx compiles every module on load and, in worker threads, has to register itself
// again: from source the extraction pool's workers cost seconds more than from dist/.
//
// Compiles src/ with the project's own TypeScript into a temp folder laid out like the package
// (dist/, package.json, node_modules link), so version lookups and module resolution behave as
// installed. Never touches the project's own dist/ (other people may be running it).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PROJECT = new URL('..', import.meta.url).pathname;

export interface CompiledThreatcode {
  /** Folder holding the compiled modules (`<dir>/api/pipeline.js`...). */
  dist: string;
  cleanup(): void;
}

export function compileThreatcode(): CompiledThreatcode {
  const base = mkdtempSync(join(tmpdir(), 'threatcode-bench-dist-'));
  const dist = join(base, 'dist');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const out = spawnSync(process.execPath, [tsc, '-p', join(PROJECT, 'tsconfig.json'), '--outDir', dist, '--declaration', 'false'], { encoding: 'utf8' });
  // Type errors still emit JavaScript (exit code 2); only a missing build is fatal.
  if (!existsSync(join(dist, 'api/pipeline.js'))) {
    rmSync(base, { recursive: true, force: true });
    throw new Error(`tsc failed:\n${out.stdout}${out.stderr}`);
  }
  if (out.status !== 0) process.stderr.write(`tsc reported errors; benchmarking what it emitted:\n${out.stdout.slice(0, 2000)}\n`);
  copyFileSync(join(PROJECT, 'package.json'), join(base, 'package.json'));
  symlinkSync(join(PROJECT, 'node_modules'), join(base, 'node_modules'));
  return { dist, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}
