// Who last changed a cited line: `git blame --porcelain` through the safe git runner, one call per
// file with one `-L n,n` per line (batched), a few files at a time. Lines not committed yet, and
// lines whose history a shallow clone cut off (boundary commits), get no blame rather than a wrong one.
import { runGit } from '../walk/index.js';
import type { Blame } from '../model/types.js';

export interface BlameOptions {
  env?: NodeJS.ProcessEnv;
  /** Files blamed at once (default 6). */
  concurrency?: number;
  /** At most this many files (default 2,000); the rest get no blame. */
  maxFiles?: number;
  /** Per git call (default 30 s). */
  timeoutMs?: number;
}

const ZERO = /^0{40}$/;

/** Parses porcelain output: final line number → blame. */
export function parsePorcelain(text: string): Map<number, Blame> {
  const out = new Map<number, Blame>();
  const commits = new Map<string, { author?: string; email?: string; time?: number; tz?: string; boundary?: boolean }>();
  let current: { sha: string; line: number } | undefined;
  const pending: { sha: string; line: number }[] = [];
  for (const raw of text.split('\n')) {
    const header = /^([0-9a-f]{40}) \d+ (\d+)(?: \d+)?$/.exec(raw);
    if (header) {
      current = { sha: header[1], line: Number(header[2]) };
      pending.push(current);
      if (!commits.has(current.sha)) commits.set(current.sha, {});
      continue;
    }
    if (!current || raw.startsWith('\t')) continue;
    const info = commits.get(current.sha)!;
    const space = raw.indexOf(' ');
    const key = space === -1 ? raw : raw.slice(0, space);
    const value = space === -1 ? '' : raw.slice(space + 1);
    if (key === 'author') info.author = value;
    else if (key === 'author-mail') info.email = value.replace(/^<|>$/g, '');
    else if (key === 'author-time') info.time = Number(value);
    else if (key === 'author-tz') info.tz = value;
    else if (key === 'boundary') info.boundary = true;
  }
  for (const { sha, line } of pending) {
    const info = commits.get(sha)!;
    if (ZERO.test(sha) || info.boundary || info.time === undefined || !info.author) continue;
    const blame: Blame = { commit: sha, author: info.author, date: new Date(info.time * 1000).toISOString().replace(/\.000Z$/, 'Z') };
    if (info.email && info.email !== 'not.committed.yet') blame.email = info.email;
    out.set(line, blame);
  }
  return out;
}

async function blameFile(root: string, file: string, lines: number[], options: BlameOptions): Promise<Map<number, Blame>> {
  const ranges = lines.flatMap((l) => ['-L', `${l},${l}`]);
  // --root: a repository's first commit is a real author, not a boundary.
  const result = await runGit(['blame', '--porcelain', '--root', ...ranges, '--', file], { cwd: root, env: options.env, timeoutMs: options.timeoutMs ?? 30_000, maxStdoutBytes: 16 * 1024 * 1024 });
  if (result.code !== 0) return new Map();
  return parsePorcelain(result.stdout.toString('utf8'));
}

/**
 * Blames the given (file, line) pairs; returns `file` → (`line` → blame). Only call for a git work
 * tree; files that git does not track simply get nothing.
 */
export async function blameLines(root: string, wanted: Iterable<{ file: string; line: number }>, options: BlameOptions = {}): Promise<Map<string, Map<number, Blame>>> {
  const byFile = new Map<string, Set<number>>();
  for (const { file, line } of wanted) {
    if (!file || line < 1 || file.startsWith('/') || file.split('/').includes('..')) continue;
    if (!byFile.has(file)) byFile.set(file, new Set());
    byFile.get(file)!.add(line);
  }
  const files = [...byFile.keys()].sort().slice(0, options.maxFiles ?? 2000);
  const out = new Map<string, Map<number, Blame>>();
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++];
      const lines = [...byFile.get(file)!].sort((a, b) => a - b);
      // A line past the end of the file makes git fail the whole call: blame in chunks so one bad
      // line only loses its chunk.
      const found = new Map<number, Blame>();
      for (let i = 0; i < lines.length; i += 200) for (const [l, b] of await blameFile(root, file, lines.slice(i, i + 200), options)) found.set(l, b);
      if (found.size) out.set(file, found);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 6, files.length) }, worker));
  return out;
}
