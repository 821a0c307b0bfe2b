// Incremental re-model benchmark (DESIGN §5: re-model after a one-file change in under 0.5 s).
//
//   node --import tsx bench/incremental.ts [--files 5000] [--repeat 5] [--keep] [--compiled]
//
// Generates a synthetic JavaScript monorepo (services with Express routes, many plain modules,
// Dockerfiles, a compose file), commits it, then models it in fresh processes:
//   1. cold, with an empty fact cache      2. warm, nothing changed (--repeat times)
//   3. warm, after editing one file: --repeat times, each after a new edit and a 2 s pause
//   4. no cache at all, same tree as the last run 3 (reference: byte-identical, by sha256)
//   5. one file edited and re-modelled --repeat times in one long-lived process (watch mode, a
//      server or an agent loop: module loading and JIT warm-up paid once)
// Each row is the run with the median model time, with its phases and the machine's load. --compiled
// runs tsc's output (bench/compiled.ts) instead of the sources through tsx, as installed users run it.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { compileThreatcode } from './compiled.js';

interface ChildResult {
  totalMs: number;
  /** CPU time (user + system) of the modelling: less sensitive than wall time to a busy machine. */
  cpuMs: number;
  phases: Record<string, number>;
  cache?: { statHits: number; contentHits: number; misses: number; written: number };
  sha256: string;
  files: number;
}

/** Files younger than this are never trusted by stat (src/cache/fact-cache.ts), plus a margin. */
const RACY_MS = 2100;
const ROUTES_PER_SERVICE = 20;
const LIBS_PER_SERVICE = 180;

const route = (i: number): string => `'use strict';
const express = require('express');
const router = express.Router();
const repo = require('../lib/m${i}');
router.get('/items${i}/:id', async (req, res, next) => {
  try {
    const item = await repo.find${i}(req.params.id);
    if (!item) return res.status(404).end();
    res.json(item);
  } catch (e) { next(e); }
});
router.post('/items${i}', async (req, res) => {
  const saved = await repo.save${i}({ name: String(req.body.name || '') });
  res.status(201).json(saved);
});
module.exports = router;
`;

const lib = (i: number): string => `'use strict';
// Business logic module ${i}: pure helpers with no I/O of their own.
const cache = new Map();
function normalise${i}(value) {
  if (value === null || value === undefined) return '';
  return String(value).trim().toLowerCase().replace(/\\s+/g, ' ');
}
function score${i}(items) {
  let total = 0;
  for (const item of items) {
    if (!item || typeof item.weight !== 'number') continue;
    total += item.weight * (item.factor ?? 1);
  }
  return Math.round(total * 100) / 100;
}
class Store${i} {
  constructor(rows = []) { this.rows = rows; }
  add(row) { this.rows.push({ ...row, id: this.rows.length + 1 }); return this.rows.length; }
  byName(name) { const key = normalise${i}(name); return this.rows.filter((r) => normalise${i}(r.name) === key); }
  summary() { return { count: this.rows.length, score: score${i}(this.rows) }; }
}
async function find${i}(id) {
  if (cache.has(id)) return cache.get(id);
  const store = new Store${i}([{ name: 'a', weight: 1 }, { name: 'b', weight: 2 }]);
  const found = store.byName(id)[0] ?? null;
  cache.set(id, found);
  return found;
}
async function save${i}(row) { const store = new Store${i}(); store.add(row); return store.summary(); }
module.exports = { normalise${i}, score${i}, Store${i}, find${i}, save${i} };
`;

/** Writes the synthetic repository; returns file count and bytes. */
function generate(root: string, files: number): { files: number; bytes: number } {
  const services = Math.max(1, Math.round(files / (ROUTES_PER_SERVICE + LIBS_PER_SERVICE + 3)));
  let count = 0;
  let bytes = 0;
  const write = (path: string, content: string): void => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
    count++;
    bytes += Buffer.byteLength(content);
  };
  for (let s = 0; s < services; s++) {
    const dir = join(root, `services/svc${s}`);
    write(join(dir, 'package.json'), JSON.stringify({ name: `svc${s}`, version: '1.0.0', dependencies: { express: '^4.19.2', pg: '^8.11.0' } }, null, 2));
    write(join(dir, 'Dockerfile'), 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nUSER node\nCMD ["node", "src/index.js"]\n');
    const mounts = Array.from({ length: ROUTES_PER_SERVICE }, (_, i) => `app.use('/m${i}', require('./routes/r${i}'));`).join('\n');
    write(join(dir, 'src/index.js'), `const express = require('express');\nconst app = express();\napp.use(express.json());\n${mounts}\napp.listen(3000);\n`);
    for (let i = 0; i < ROUTES_PER_SERVICE; i++) write(join(dir, `src/routes/r${i}.js`), route(i));
    for (let i = 0; i < LIBS_PER_SERVICE; i++) write(join(dir, `src/lib/m${i}.js`), lib(i));
  }
  const compose = Array.from({ length: services }, (_, s) => `  svc${s}:\n    build: ./services/svc${s}\n    ports:\n      - "127.0.0.1:${3000 + s}:3000"\n`).join('');
  write(join(root, 'docker-compose.yml'), `services:\n${compose}`);
  return { files: count, bytes };
}

interface Measured extends ChildResult {
  /** Load average (1 min) when the run ended: how busy the shared machine was. */
  load: number;
}

/** One `analyzeDirectory` call, timed by phase (from the progress callback). */
async function measure(analyzeDirectory: typeof import('../src/api/pipeline.js').analyzeDirectory, root: string, cacheDir: string): Promise<Measured> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const marks: [string, number][] = [['start', start]];
  let cache: ChildResult['cache'];
  const model = await analyzeDirectory(root, {
    today: '2026-06-01',
    cache: cacheDir === 'none' ? false : { dir: cacheDir, onReport: (r) => (cache = { statHits: r.statHits, contentHits: r.contentHits, misses: r.misses, written: r.written }) },
    // Every phase announces its start (`link` included): a phase lasts until the next one starts.
    onProgress: (p) => {
      if (p.phase !== marks[marks.length - 1][0]) marks.push([p.phase, performance.now()]);
    },
  });
  const end = performance.now();
  const used = process.cpuUsage(cpu);
  marks.push(['end', end]);
  const phases: Record<string, number> = {};
  for (let i = 0; i < marks.length - 1; i++) {
    const name = marks[i][0] === 'start' ? 'config' : marks[i][0];
    phases[name] = Math.round((phases[name] ?? 0) + marks[i + 1][1] - marks[i][1]);
  }
  const json = JSON.stringify(model, null, 2);
  return { totalMs: Math.round(end - start), cpuMs: Math.round((used.user + used.system) / 1000), phases, cache, sha256: createHash('sha256').update(json).digest('hex'), files: model.entryPoints.length, load: loadavg()[0] };
}

/**
 * Child process: one measured run. With `longLived` > 0 it is the long-lived case instead (watch
 * mode, a server, an agent loop): it models once unmeasured (module loading, JIT warm-up), then
 * edits `edited` and re-models `longLived` times, printing each run.
 */
async function child(root: string, cacheDir: string, lib: string, edited?: string, longLived = 0): Promise<void> {
  type Pipeline = typeof import('../src/api/pipeline.js');
  const { analyzeDirectory } = (await import(lib === 'src' ? '../src/api/pipeline.js' : pathToFileURL(join(lib, 'api/pipeline.js')).href)) as Pipeline;
  if (longLived === 0) {
    process.stdout.write(`${JSON.stringify(await measure(analyzeDirectory, root, cacheDir))}\n`);
    return;
  }
  await analyzeDirectory(root, { today: '2026-06-01', cache: { dir: cacheDir } });
  for (let i = 0; i < longLived; i++) {
    // Re-modelled right after the save, as a watcher would: the file is inside the racy window.
    appendFileSync(join(root, edited ?? ''), `// edited again ${i}\n`);
    process.stdout.write(`${JSON.stringify(await measure(analyzeDirectory, root, cacheDir))}\n`);
  }
}

type Run = Measured & { processMs: number };

function runChild(root: string, cacheDir: string, lib: string, edited?: string, longLived = 0): Run[] {
  const started = performance.now();
  const args = ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', root, cacheDir, lib, edited ?? '', String(longLived)];
  const out = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (out.status !== 0) throw new Error(`child failed: ${out.stderr}`);
  const processMs = Math.round(performance.now() - started);
  return out.stdout
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => ({ ...(JSON.parse(line) as Measured), processMs }));
}

/** The run with the median model time (an actual run, so its phases add up). */
function median(runs: Run[]): Run {
  return [...runs].sort((a, b) => a.totalMs - b.totalMs)[Math.floor((runs.length - 1) / 2)];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function mainBench(): Promise<void> {
  const { values } = parseArgs({ options: { files: { type: 'string', default: '5000' }, repeat: { type: 'string', default: '5' }, keep: { type: 'boolean', default: false }, compiled: { type: 'boolean', default: false } } });
  const repeat = Math.max(1, Number(values.repeat));
  const compiled = values.compiled ? compileThreatcode() : undefined;
  const lib = compiled?.dist ?? 'src';
  const parent = mkdtempSync(join(tmpdir(), 'threatcode-bench-incremental-'));
  const root = join(parent, 'repo');
  const cacheDir = join(parent, 'cache');
  try {
    const size = generate(root, Number(values.files));
    const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@example.com', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@example.com' };
    for (const args of [['init', '-q'], ['add', '-A'], ['-c', 'commit.gpgsign=false', 'commit', '-qm', 'bench']]) execFileSync('git', args, { cwd: root, env: gitEnv });
    // Files written in the last 2 s are not trusted by stat (see src/cache/fact-cache.ts); a real
    // repository was checked out long before it is modelled.
    await sleep(RACY_MS);
    process.stdout.write(`load average before: ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
    process.stdout.write(`repository: ${size.files} files, ${(size.bytes / 1e6).toFixed(1)} MB (Node ${process.version}, ${cpus().length} cores, ${compiled ? 'compiled JavaScript' : 'sources through tsx'}); runs 2, 3 and 5: median of ${repeat}\n\n`);

    const rows: [string, Run, Run[]][] = [];
    const series = (name: string, runs: Run[]): void => {
      rows.push([name, median(runs), runs]);
    };
    series('1 cold, empty cache', runChild(root, cacheDir, lib));
    series('2 warm, no change', Array.from({ length: repeat }, () => runChild(root, cacheDir, lib)[0]));
    const edited = 'services/svc0/src/routes/r0.js';
    const oneFile: Run[] = [];
    for (let i = 0; i < repeat; i++) {
      appendFileSync(join(root, edited), `router.delete('/items0/:id${i}', async (req, res) => res.status(204).end());\n`);
      // As a user would: saved, then modelled a moment later (the stamp may be recorded).
      await sleep(RACY_MS);
      oneFile.push(runChild(root, cacheDir, lib)[0]);
    }
    series('3 warm, one file changed (fresh process)', oneFile);
    series('4 no cache (reference)', runChild(root, 'none', lib));
    series('5 one file changed, long-lived process', runChild(root, cacheDir, lib, edited, repeat));

    const phaseNames = ['config', 'walk', 'extract', 'link', 'build', 'analyze'];
    process.stdout.write(`| run | model ms | model CPU ms | ${phaseNames.join(' | ')} | process ms | load | stat hits | content hits | extracted | model ms of all runs |\n`);
    process.stdout.write(`| --- | --- | --- | ${phaseNames.map(() => '---').join(' | ')} | --- | --- | --- | --- | --- | --- |\n`);
    for (const [name, r, all] of rows) {
      const cells = phaseNames.map((p) => String(r.phases[p] ?? 0));
      const spread = all.length > 1 ? all.map((x) => x.totalMs).join(', ') : '';
      process.stdout.write(`| ${name} | ${r.totalMs} | ${r.cpuMs} | ${cells.join(' | ')} | ${r.processMs} | ${r.load.toFixed(1)} | ${r.cache?.statHits ?? '-'} | ${r.cache?.contentHits ?? '-'} | ${r.cache?.misses ?? 'all'} | ${spread} |\n`);
    }
    const same = oneFile[oneFile.length - 1].sha256 === rows[3][1].sha256;
    process.stdout.write(`\nlast run 3 and run 4 give byte-identical models: ${same ? 'yes' : 'NO'}\n`);
    const fresh = rows[2][1].totalMs;
    const longLived = rows[4][1].totalMs;
    process.stdout.write(`one-file re-model (median): fresh process ${fresh} ms, long-lived ${longLived} ms (budget 500 ms)\n`);
    if (!same) process.exitCode = 1;
  } finally {
    if (values.keep) process.stdout.write(`kept ${parent}\n`);
    else rmSync(parent, { recursive: true, force: true });
    compiled?.cleanup();
  }
}

if (process.argv[2] === '--child') {
  // Children run with the CLI's V8 settings (bin/threatcode.js).
  const { tuneV8ForModelBuilds } = await import('../src/util/v8-tuning.js');
  tuneV8ForModelBuilds();
  await child(process.argv[3], process.argv[4], process.argv[5], process.argv[6] || undefined, Number(process.argv[7] ?? 0));
} else await mainBench();
