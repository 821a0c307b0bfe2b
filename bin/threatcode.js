#!/usr/bin/env node
// The executable: a thin shim over the compiled CLI so `npm install` (which runs `prepare`) is enough.
// V8 is tuned before the CLI's modules load (see src/util/v8-tuning.ts). The CLI runs from its
// bundle (dist/bundle/, scripts/build.mjs) when there is one, else from tsc's modules in dist/.
import { existsSync } from 'node:fs';
import { tuneV8ForModelBuilds } from '../dist/util/v8-tuning.js';

tuneV8ForModelBuilds();
// `threatcode model . | head -1`: a reader that stops early is no failure, and the run goes on to
// write its outputs (exiting here could leave them half-written).
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
});
const bundled = new URL('../dist/bundle/main.js', import.meta.url);
const { main } = await import(existsSync(bundled) ? bundled.href : '../dist/cli/main.js');

process.exitCode = await main(process.argv.slice(2));
