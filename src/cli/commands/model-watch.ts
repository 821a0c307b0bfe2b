// `threatcode model <dir> --watch`: the long-lived mode of the incremental re-model (DESIGN §5).
// The process stays up after the first model and models again whenever a file under the source
// changes, so module loading and JIT warm-up are paid once and each re-model costs only what the
// fact cache (src/cache) cannot answer. Same outputs as a fresh `threatcode model` run.
import { watch } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { modelSource } from '../../api/model.js';
import type { ModelSourceOptions } from '../../api/model.js';
import { openThreats } from '../../emit/digest.js';
import type { Io } from '../types.js';

/** Changes closer together than this are modelled once (an editor's save touches several files). */
const SETTLE_MS = 150;

/** Top-level folders whose changes never change the model (git's own data, installed packages). */
const IGNORED_TOP = new Set(['.git', 'node_modules']);

/** Whether a changed path (relative to the source) can matter: not git's data, not our own outputs. */
export function watchedChange(file: string | null, outInside: string | undefined): boolean {
  if (file === null) return true;
  const path = file.split('\\').join('/');
  if (IGNORED_TOP.has(path.split('/')[0])) return false;
  if (outInside !== undefined && (path === outInside || path.startsWith(`${outInside}/`))) return false;
  return true;
}

/**
 * Watches `dir` (the local source of `options`) and re-models on every settled change until
 * `signal` aborts (the CLI aborts on SIGINT/SIGTERM). One run at a time: changes during a run
 * schedule exactly one more. Resolves with 0, or 2 when the folder cannot be (or stops being) watched.
 */
export async function watchAndRemodel(dir: string, options: ModelSourceOptions, io: Io, signal: AbortSignal): Promise<number> {
  const fromDir = options.out ? relative(dir, options.out).split('\\').join('/') : undefined;
  const outInside = fromDir !== undefined && fromDir !== '' && !fromDir.startsWith('..') && !isAbsolute(fromDir) ? fromDir : undefined;
  let previousOpen = -1;
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  const remodel = async (): Promise<void> => {
    const started = performance.now();
    try {
      const { model } = await modelSource(options);
      const open = openThreats(model).length;
      const delta = previousOpen < 0 || open === previousOpen ? '' : ` (${open > previousOpen ? '+' : ''}${open - previousOpen})`;
      previousOpen = open;
      io.stderr.write(`threatcode: re-modelled in ${((performance.now() - started) / 1000).toFixed(2)} s: ${open} open threats${delta}, ${model.entryPoints.length} entry points\n`);
    } catch (error) {
      // A half-saved file or a passing I/O error: report it and keep watching.
      io.stderr.write(`threatcode: re-model failed: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  };
  const schedule = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = remodel().finally(() => {
      running = undefined;
      if (again && !signal.aborted) {
        again = false;
        schedule();
      }
    });
  };

  let watcher;
  try {
    watcher = watch(dir, { recursive: true }, (_event, file) => {
      if (signal.aborted || !watchedChange(file, outInside)) return;
      clearTimeout(timer);
      timer = setTimeout(schedule, SETTLE_MS);
    });
  } catch (error) {
    io.stderr.write(`threatcode model: cannot watch ${dir}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  io.stderr.write(`threatcode: watching ${dir} for changes (Ctrl-C to stop)\n`);
  let failed = false;
  await new Promise<void>((resolve) => {
    // The watch itself can fail later (a folder removed, the system's limit on watches reached).
    watcher.on('error', (error) => {
      io.stderr.write(`threatcode model: stopped watching ${dir}: ${error.message}\n`);
      failed = true;
      resolve();
    });
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
  clearTimeout(timer);
  watcher.close();
  await running;
  return failed ? 2 : 0;
}
