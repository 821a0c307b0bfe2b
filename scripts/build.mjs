// Builds dist/ with the TypeScript compiler, then bundles the CLI's entry points into dist/bundle/.
// Runs from `npm install` (prepare), so it must not need a global toolchain: it uses the project's
// own typescript and esbuild.
//
// Why a bundle: dist/ holds about 850 modules, and a CLI run spent about 0.25 s of CPU resolving,
// reading and compiling them before any work (bench/README.md, "One bundle for the CLI"). The
// bundle keeps dynamic imports as split chunks, so a command still loads only what it uses. dist/
// stays the library (package.json `exports`), and the CLI falls back to it when no bundle exists.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const tsc = require.resolve('typescript/bin/tsc');
rmSync(dist, { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);

let esbuild;
try {
  esbuild = await import('esbuild');
} catch (error) {
  // The CLI runs from dist/ unbundled; only its start-up is slower.
  console.error(`threatcode build: no bundle (esbuild unavailable: ${error instanceof Error ? error.message : error})`);
  process.exit(0);
}
await esbuild.build({
  // The worker entries keep the names their spawners look for beside them (pool.ts, catalog/add.ts).
  entryPoints: { main: `${dist}cli/main.js`, worker: `${dist}extract/pool/worker.js`, 'add-worker': `${dist}catalog/add-worker.js` },
  outdir: `${dist}bundle`,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Packages stay in node_modules: native bindings (oxc, ast-grep) and data files load as installed.
  packages: 'external',
  // Names the code may show (error classes, functions) stay as written.
  keepNames: true,
  logLevel: 'warning',
});
