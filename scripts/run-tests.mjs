// Runs every *.test.ts under src/ and test/ with Node's own test runner. Node 20's `--test` does not
// expand globs, so the file list is built here. Extra arguments narrow the run by substring.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const skip = new Set(['node_modules', 'dist', 'corpora', '.git']);

function collect(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    if (skip.has(name) || name.endsWith('.fixture') || name === 'fixtures') continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) collect(full, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, full));
  }
  return out;
}

const filters = process.argv.slice(2);
const files = [...collect(join(root, 'src'), []), ...collect(join(root, 'test'), []), ...collect(join(root, 'bench'), [])].filter(
  (f) => filters.length === 0 || filters.some((needle) => f.includes(needle)),
);
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(2);
}
const result = spawnSync(
  process.execPath,
  // TAP when not on a terminal: its `# pass N` / `# fail N` lines are what CI reads.
  ['--import', 'tsx', '--test', '--test-concurrency=2', `--test-reporter=${process.stdout.isTTY ? 'spec' : 'tap'}`, ...files],
  { stdio: 'inherit', cwd: root },
);
process.exit(result.status ?? 1);
