import { spawn } from 'node:child_process';

/**
 * Runs git safely against an untrusted repository: nothing configured or committed in the
 * repository may execute (hooks, fsmonitor, ext:: transport, submodules, LFS smudge), git never
 * prompts for credentials, and environment variables that would redirect git to another
 * repository are removed. Also used by src/source for cloning.
 */

/** `-c` options every git invocation gets. */
export const SAFE_GIT_CONFIG: readonly string[] = [
  'core.hooksPath=/dev/null',
  'core.fsmonitor=false',
  'protocol.ext.allow=never',
  'submodule.recurse=false',
  // The user's global excludes file would make listings differ from machine to machine.
  'core.excludesFile=/dev/null',
  'core.quotePath=false',
  'color.ui=false',
  'advice.detachedHead=false',
];

/** Environment variables that point git at another repository, index or config. */
const REDIRECTING_ENV = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_NAMESPACE',
  'GIT_CONFIG',
  'GIT_CONFIG_PARAMETERS',
  'GIT_CONFIG_COUNT',
  'GIT_EXTERNAL_DIFF',
  'GIT_PAGER',
  'GIT_EDITOR',
];

export class GitNotInstalledError extends Error {
  override name = 'GitNotInstalledError';
  constructor() {
    super('git is not installed');
  }
}

export interface GitRunOptions {
  cwd: string;
  /** Kill git after this long (default 60 s). */
  timeoutMs?: number;
  /** Extra config as key/value pairs, passed through GIT_CONFIG_KEY_n so any key is safe. */
  config?: readonly (readonly [string, string])[];
  /** Base environment (default process.env); scrubbed before use. */
  env?: NodeJS.ProcessEnv;
  /** Cap on captured stdout (default 256 MiB); beyond it git is killed and the run fails. */
  maxStdoutBytes?: number;
}

export interface GitRunResult {
  /** Exit code; -1 when killed (timeout or output cap). */
  code: number;
  stdout: Buffer;
  stderr: string;
  timedOut: boolean;
}

export function safeGitEnv(base: NodeJS.ProcessEnv, config: readonly (readonly [string, string])[] = []): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (REDIRECTING_ENV.includes(key) || key.startsWith('GIT_CONFIG_KEY_') || key.startsWith('GIT_CONFIG_VALUE_')) continue;
    env[key] = value;
  }
  env.GIT_TERMINAL_PROMPT = '0';
  env.GIT_ASKPASS = 'echo';
  env.SSH_ASKPASS = 'echo';
  env.GIT_LFS_SKIP_SMUDGE = '1';
  env.GIT_OPTIONAL_LOCKS = '0';
  env.GIT_PAGER = 'cat';
  // English messages, so the first stderr line we quote is predictable.
  env.LC_ALL = 'C';
  env.LANG = 'C';
  if (config.length > 0) {
    env.GIT_CONFIG_COUNT = String(config.length);
    config.forEach(([key, value], i) => {
      env[`GIT_CONFIG_KEY_${i}`] = key;
      env[`GIT_CONFIG_VALUE_${i}`] = value;
    });
  }
  return env;
}

/** Runs `git <args>`; rejects only with GitNotInstalledError, otherwise reports the exit code. */
export function runGit(args: readonly string[], options: GitRunOptions): Promise<GitRunResult> {
  const fullArgs = [...SAFE_GIT_CONFIG.flatMap((c) => ['-c', c]), ...args];
  const timeoutMs = options.timeoutMs ?? 60_000;
  const maxStdout = options.maxStdoutBytes ?? 256 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    // detached: a new session without a controlling terminal, so ssh cannot prompt either.
    const child = spawn('git', fullArgs, {
      cwd: options.cwd,
      env: safeGitEnv(options.env ?? process.env, options.config),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      shell: false,
    });
    const out: Buffer[] = [];
    let outBytes = 0;
    const err: Buffer[] = [];
    let errBytes = 0;
    let killed = false;
    let timedOut = false;
    const kill = (): void => {
      if (killed || child.pid === undefined) return;
      killed = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > maxStdout) kill();
      else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      // Only the start of stderr is ever shown; keep memory bounded.
      if (errBytes < 64 * 1024) err.push(chunk);
      errBytes += chunk.length;
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === 'ENOENT') reject(new GitNotInstalledError());
      else resolve({ code: -1, stdout: Buffer.alloc(0), stderr: error.message, timedOut: false });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code: killed ? -1 : (code ?? -1),
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
      });
    });
  });
}

/** The line of git's stderr worth showing: the first `fatal:`/`error:` line, else the first line. */
export function firstGitError(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const fatal = lines.find((l) => /^(fatal|error):/i.test(l));
  return (fatal ?? lines[0] ?? 'no error message').replace(/^(fatal|error):\s*/i, '');
}
