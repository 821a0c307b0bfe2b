import type { Progress } from '../api/pipeline.js';
import type { Io } from './types.js';

/**
 * A one-line progress bar on a TTY (redrawn in place on stderr); silent when stderr is not a
 * terminal or CI is set, so logs and pipes stay clean.
 */
export function progressReporter(io: Io): { update(p: Progress): void; done(): void } {
  const enabled = Boolean(io.stderr.isTTY) && !io.env.CI;
  let last = '';
  return {
    update(p) {
      if (!enabled) return;
      const bar = p.total ? `${'█'.repeat(Math.round((20 * (p.done ?? 0)) / p.total)).padEnd(20, '░')} ${p.done}/${p.total}` : '';
      const line = `${p.phase.padEnd(8)} ${bar}`.slice(0, 78);
      if (line === last) return;
      last = line;
      io.stderr.write(`\r\x1b[2K${line}`);
    },
    done() {
      if (enabled && last) io.stderr.write('\r\x1b[2K');
    },
  };
}
