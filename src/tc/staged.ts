// The staged (index) content of `.tc.json` files, for the pre-commit hook: what will be committed,
// not what is in the working tree. Git is run without a shell, and file names travel
// NUL-separated so any name works.
import { execFileSync } from 'node:child_process';
import { isThreatComposerFile } from './files.js';

export interface StagedFile {
  /** Repository-relative path. */
  path: string;
  text: string;
}

const MAX_BUFFER = 512 * 1024 * 1024;

function git(args: string[], cwd: string, env: NodeJS.ProcessEnv): Buffer {
  return execFileSync('git', args, { cwd, env, maxBuffer: MAX_BUFFER, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Added, copied, modified or renamed `*.tc.json` files in the index of the repository at `cwd`. */
export function readStagedThreatComposerFiles(cwd: string, env: NodeJS.ProcessEnv): StagedFile[] {
  const top = git(['rev-parse', '--show-toplevel'], cwd, env).toString('utf8').trim();
  const names = git(['diff', '--cached', '--name-only', '--diff-filter=ACMR', '-z', '--', '*.tc.json'], top, env)
    .toString('utf8')
    .split('\0')
    .filter((name) => name !== '' && isThreatComposerFile(name))
    .sort();
  return names.map((path) => ({ path, text: git(['cat-file', 'blob', `:${path}`], top, env).toString('utf8') }));
}
