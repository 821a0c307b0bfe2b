// Runs `threatcode tickets` in-process against the fakes, with retries that never sleep.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTickets } from '../../src/cli/commands/tickets.js';
import { main } from '../../src/cli/main.js';
import type { ThreatModel } from '../../src/model/types.js';
import { capture } from '../helpers/io.js';
import { scratchDir } from '../../src/util/scratch.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function workdir(prefix: string): string {
  const dir = scratchDir(`threatcode-${prefix}-`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function writeModel(dir: string, name: string, model: ThreatModel): string {
  const path = join(dir, name);
  writeFileSync(path, `${JSON.stringify(model, null, 2)}\n`);
  return path;
}

export const sleeps: number[] = [];

/** In-process with retries that record their sleeps instead of sleeping. */
export async function tickets(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  const out = capture(cwd, env);
  const code = await runTickets(args, out.io, { retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, onRetry: () => {} } });
  return { code, stdout: out.stdout(), stderr: out.stderr() };
}

/** Through main(), for the real exit codes and error messages of failures (which are not retried). */
export async function ticketsMain(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  const out = capture(cwd, env);
  const code = await main(['tickets', ...args], out.io);
  return { code, stdout: out.stdout(), stderr: out.stderr() };
}
