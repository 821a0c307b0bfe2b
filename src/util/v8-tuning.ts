// V8 settings for threatcode's own processes (the CLI, and through it the MCP and web servers).
import { setFlagsFromString } from 'node:v8';

/**
 * A model build runs for seconds over code shaped like nothing else: with TurboFan's inlining each
 * optimisation of the extractors' large functions costs tens of milliseconds, repeated after every
 * deoptimisation, and that compile work outweighed what it saved — about 20 % less CPU and 15 % less
 * wall time without it on a 33 MB TypeScript repository (bench/README.md, "Model build vs parse
 * floor"). Call before threatcode's other modules load, so nothing is compiled with inlining first.
 * Embedders of the library keep their own settings: this is never called on import.
 */
export function tuneV8ForModelBuilds(): void {
  setFlagsFromString('--no-turbo-inlining');
}
