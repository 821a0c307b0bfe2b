import type { Writable } from 'node:stream';

/** Streams and environment a command talks to; tests pass their own. */
export interface Io {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * One CLI command per file in src/cli/commands. `run` parses its own arguments (node:util
 * parseArgs) and returns the exit code: 0 ok, 1 findings over a gate / invalid input judged,
 * 2 usage or unreadable input. Errors that escape are mapped by main (UsageError → 2).
 */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[], io: Io): Promise<number>;
}
