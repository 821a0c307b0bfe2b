import { Writable } from 'node:stream';
import type { Io } from '../../src/cli/types.js';

/** An Io whose stdout and stderr are captured in memory (not a TTY, so no progress bar). */
export function capture(cwd: string, env: NodeJS.ProcessEnv = process.env): { io: Io; stdout(): string; stderr(): string } {
  const sink = () => {
    const chunks: Buffer[] = [];
    const stream = new Writable({
      write(chunk, _encoding, callback) {
        chunks.push(Buffer.from(chunk));
        callback();
      },
    });
    return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
  };
  const out = sink();
  const err = sink();
  return { io: { stdout: out.stream, stderr: err.stream, cwd, env }, stdout: out.text, stderr: err.text };
}
