// Shared bits for the Threat Composer command tests: captured IO and throw-away git repositories.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Io } from '../../src/cli/types.js';

export interface Captured {
  io: Io;
  out: () => string;
  err: () => string;
}

function sink(chunks: string[]): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
}

export function captureIo(cwd: string, env: NodeJS.ProcessEnv = process.env): Captured {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: sink(out), stderr: sink(err), cwd, env }, out: () => out.join(''), err: () => err.join('') };
}

const created: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `threatcode-${prefix}-`));
  created.push(dir);
  return dir;
}

/** Removes every folder tempDir made (call from `after`). */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The environment minus anything that would point git at another repository or config. */
export function isolatedGitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('GIT_')) env[key] = value;
  return { ...env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
}

export function git(repo: string, env: NodeJS.ProcessEnv, ...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A fresh repository with an identity of its own. */
export function initRepo(env: NodeJS.ProcessEnv): string {
  const repo = tempDir('repo');
  git(repo, env, 'init', '-q');
  git(repo, env, 'config', 'user.name', 'Threatcode Test');
  git(repo, env, 'config', 'user.email', 'test@example.invalid');
  git(repo, env, 'config', 'commit.gpgsign', 'false');
  return repo;
}
