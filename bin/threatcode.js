#!/usr/bin/env node
// The executable: a thin shim over the compiled CLI so `npm ci` (which runs `prepare`) is enough.
// V8 is tuned before the CLI's modules load (see src/util/v8-tuning.ts).
import { tuneV8ForModelBuilds } from '../dist/util/v8-tuning.js';

tuneV8ForModelBuilds();
const { main } = await import('../dist/cli/main.js');

process.exitCode = await main(process.argv.slice(2));
