#!/usr/bin/env node
// The executable: a thin shim over the compiled CLI so `npm ci` (which runs `prepare`) is enough.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
