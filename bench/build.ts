// Model build against the parse floor (DESIGN §5: within 2x of the parse floor, at least 10 MB/s of
// source on 2 cores, under 1 GiB for a 50 MB repository).
//
//   node --import tsx bench/build.ts [--corpus bench/corpora/payload] [--runs 5] [--workers N]
//                                    [--compiled] [--in-process] [--bound] [--baseline DIR] [--json out.json]
//
// The corpus is a large public TypeScript repository put under the git-ignored bench/corpora/ by
// hand (see bench/README.md, "Model build vs parse floor"); nothing here downloads anything.
// Every measurement runs in a fresh process, interleaved run by run so a busy machine hurts all
// of them alike, and the medians are reported:
//   floor    oxc-parser over every JS/TS file threatcode extracts, read from disk, the AST touched,
//            by raw transfer as the build parses (src/extract/js/_lib/oxc-raw.ts), in the build's
//            process model: this thread when the build extracts in one (the default on two
//            cores), else N worker threads with files sharded by size;
//   floor (JSON route)  the same through oxc's default route (parseSync: Rust writes JSON, JS
//            parses it), which the build uses only where raw transfer is unavailable;
//   rg       one ripgrep pass (`rg -j N`) over the same JS/TS files (Debian package `ripgrep`; the
//            row is left out, and the script says so, when rg is not installed);
//   cold     threatcode's full model build, no cache: walk, extract, link, build, analyze, and
//            emit (every output format rendered in memory);
//   warm     the same with the fact cache warm (filled by an earlier run, nothing changed);
//   1 thread with --in-process: the cold build without the worker pool, for comparison (the same
//            as cold where the default is one thread; --workers 2 then shows the pooled build);
//   bound    with --bound: two cold builds that are not threatcode's output but a lower bound on
//            what skipping files could ever save (bench/README.md, "How far skipping files can
//            go"): `bound: cited files` runs every extractor only on the files the model cites
//            (decided by a full build first, outside the timing) and js/imports alone on the
//            rest; `bound: imports only` runs js/imports alone on every file;
//   baseline with --baseline DIR: the cold build of another compiled threatcode (DIR holds its
//            api/pipeline.js, e.g. tsc output of an earlier commit), interleaved with the rest so
//            a before/after comparison sees the same machine load. Its model.json is compared too.
// Per row: wall time, CPU time (user + system, all threads), MB/s over the extracted source
// bytes, peak RSS (process.resourceUsage().maxRSS) and, for builds, the stage times.
// --compiled: the builds run tsc's output (bench/compiled.ts), as installed users run it; without
// it they run the TypeScript sources through tsx, whose per-worker start-up cost is much higher.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { compileThreatcode } from './compiled.js';
import type { Extractor } from '../src/extract/types.js';

interface ChildResult {
  wallMs: number;
  cpuMs: number;
  maxRssKb: number;
  /** Stage times of a build (ms, wall). */
  stages?: Record<string, number>;
  sha256?: string;
  /** Bytes parsed (floor). */
  bytes?: number;
  threats?: number;
}

interface Corpus {
  root: string;
  /** Files at least one extractor wants (what the extract stage reads). */
  wanted: { path: string; size: number }[];
  /** The JS/TS files among them (what parseJs parses). */
  js: { path: string; size: number }[];
}

const STAGES = ['config', 'walk', 'extract', 'link', 'build', 'analyze', 'emit'] as const;
const HERE = new URL(import.meta.url).pathname;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return Math.round((used.user + used.system) / 1000);
}

/** What the build reads: walked files some extractor wants, and the JS/TS ones parseJs parses. */
async function describeCorpus(root: string): Promise<Corpus> {
  const { walkRepository } = await import('../src/walk/index.js');
  const { extractors } = await import('../src/extract/registry.js');
  const { isJsFile } = await import('../src/extract/js/_lib/parse.js');
  const walk = await walkRepository(root, { gitStatus: false });
  const wanted = walk.files.filter((f) => extractors.some((e) => e.matches(f.path))).map((f) => ({ path: f.path, size: f.size }));
  return { root: walk.root, wanted, js: wanted.filter((f) => isJsFile(f.path)) };
}

// ---------------------------------------------------------------------------------------------
// Children (fresh processes)

/**
 * Parse floor: read and parse every JS/TS file, touching the AST, with oxc's raw transfer as the
 * build uses it (`raw`, src/extract/js/_lib/oxc-raw.ts, default route where raw transfer is off)
 * or with its default JSON route only (`json`). In the build's process model: in this thread when
 * the build extracts in one thread, else in N workers sharded by size. Only the parser is loaded.
 */
async function childFloor(listFile: string, workers: number, route: string, lib: string): Promise<void> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const { shardBySize } = await import('../src/extract/pool/shard.js');
  const files = JSON.parse(readFileSync(listFile, 'utf8')) as { root: string; files: { path: string; size: number }[] };
  const oxc = import.meta.resolve('oxc-parser');
  const raw = lib === 'src' ? import.meta.resolve('../src/extract/js/_lib/oxc-raw.ts') : pathToFileURL(join(lib, 'extract/js/_lib/oxc-raw.js')).href;
  const parseAll = async (paths: string[]): Promise<number> => {
    const { parseSync } = (await import(oxc)) as typeof import('oxc-parser');
    const { parseRaw } = (await import(raw)) as typeof import('../src/extract/js/_lib/oxc-raw.js');
    const options = { sourceType: 'unambiguous', range: false } as const;
    let bytes = 0;
    for (const path of paths) {
      const text = readFileSync(`${files.root}/${path}`, 'utf8');
      bytes += Buffer.byteLength(text);
      const result = (route === 'raw' ? parseRaw(path, text, options) : undefined) ?? parseSync(path, text, options);
      if (!result.program) throw new Error('no program');
    }
    return bytes;
  };
  let bytes: number;
  if (workers < 2) bytes = await parseAll(files.files.map((f) => f.path));
  else {
    const assignment = shardBySize(files.files.map((f) => f.size), workers);
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const { readFileSync } = require('node:fs');
      Promise.all([import(workerData.oxc), import(workerData.raw)]).then(([{ parseSync }, { parseRaw }]) => {
        const options = { sourceType: 'unambiguous', range: false };
        let bytes = 0;
        for (const path of workerData.paths) {
          const text = readFileSync(workerData.root + '/' + path, 'utf8');
          bytes += Buffer.byteLength(text);
          const result = (workerData.route === 'raw' ? parseRaw(path, text, options) : undefined) ?? parseSync(path, text, options);
          if (!result.program) throw new Error('no program');
        }
        parentPort.postMessage(bytes);
      });`;
    const shards = Array.from({ length: workers }, (_, w) => files.files.filter((_f, i) => assignment[i] === w).map((f) => f.path));
    const counts = await Promise.all(
      shards.map(
        (paths) =>
          new Promise<number>((resolveBytes, reject) => {
            const execArgv = lib === 'src' ? ['--import', 'tsx'] : [];
            const worker = new Worker(code, { eval: true, execArgv, workerData: { oxc, raw, route, root: files.root, paths } });
            worker.once('message', (n: number) => {
              resolveBytes(n);
              void worker.terminate();
            });
            worker.once('error', reject);
          }),
      ),
    );
    bytes = counts.reduce((a, b) => a + b, 0);
  }
  const result: ChildResult = { wallMs: Math.round(performance.now() - start), cpuMs: cpuMsSince(cpu), maxRssKb: process.resourceUsage().maxRSS, bytes };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

const libModule = (lib: string, path: string): string => (lib === 'src' ? `../src/${path}.js` : pathToFileURL(join(lib, `${path}.js`)).href);

/**
 * For --bound: builds the model once (untimed) and writes the wanted files it never cites (no
 * `file` anywhere in model.json: no entry point, component, flow, threat or taint step there).
 * A perfect pre-pass could at most skip their analysis; js/imports still reads them.
 */
async function childClassify(root: string, wantedFile: string, outFile: string, lib: string): Promise<void> {
  type Pipeline = typeof import('../src/api/pipeline.js');
  const { analyzeDirectory } = (await import(libModule(lib, 'api/pipeline'))) as Pipeline;
  const model = await analyzeDirectory(root, { today: '2026-06-01', cache: false });
  const cited = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) for (const v of value) visit(v);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) if (k === 'file' && typeof v === 'string') cited.add(v);
      else visit(v);
    }
  };
  visit(model);
  const wanted = JSON.parse(readFileSync(wantedFile, 'utf8')) as { files: { path: string }[] };
  writeFileSync(outFile, JSON.stringify(wanted.files.map((f) => f.path).filter((p) => !cited.has(p))));
  process.stdout.write(`${JSON.stringify({ wallMs: 0, cpuMs: 0, maxRssKb: process.resourceUsage().maxRSS })}\n`);
}

/** The extractors of a --bound row: all of them on cited files, js/imports alone elsewhere. */
async function boundExtractors(mode: string, lib: string): Promise<Extractor[]> {
  type Registry = typeof import('../src/extract/registry.js');
  const { extractors } = (await import(libModule(lib, 'extract/registry'))) as Registry;
  if (mode === 'bound:imports') return extractors.filter((e) => e.id === 'js/imports');
  const skip = new Set(JSON.parse(readFileSync(mode.slice('bound:'.length), 'utf8')) as string[]);
  return extractors.map((e) => (e.id === 'js/imports' ? e : { ...e, matches: (path: string) => !skip.has(path) && e.matches(path) }));
}

/** One model build: stages from the progress events, then every output format rendered. */
async function childBuild(root: string, cacheDir: string, mode: string, lib: string): Promise<void> {
  const start = performance.now();
  const extractors = mode.startsWith('bound:') ? await boundExtractors(mode, lib) : undefined;
  type Pipeline = typeof import('../src/api/pipeline.js');
  type Emit = typeof import('../src/emit/index.js');
  const { analyzeDirectory } = (await import(lib === 'src' ? '../src/api/pipeline.js' : pathToFileURL(join(lib, 'api/pipeline.js')).href)) as Pipeline;
  const { renderOutputs } = (await import(lib === 'src' ? '../src/emit/index.js' : pathToFileURL(join(lib, 'emit/index.js')).href)) as Emit;
  // Wall and CPU from here: module loading is a per-process cost (see the process ms column).
  const cpu = process.cpuUsage();
  const loaded = performance.now();
  const marks: [string, number][] = [['config', loaded]];
  const model = await analyzeDirectory(root, {
    today: '2026-06-01',
    cache: cacheDir === 'none' ? false : { dir: cacheDir },
    extractors,
    pool: mode === 'in-process' ? false : mode.startsWith('pool:') ? { workers: Number(mode.slice('pool:'.length)) } : undefined,
    onProgress: (p) => {
      if (marks[marks.length - 1][0] !== p.phase) marks.push([p.phase, performance.now()]);
    },
  });
  marks.push(['emit', performance.now()]);
  const outputs = renderOutputs(model);
  const end = performance.now();
  marks.push(['end', end]);
  const stages: Record<string, number> = { load: Math.round(loaded - start) };
  for (let i = 0; i < marks.length - 1; i++) stages[marks[i][0]] = Math.round((stages[marks[i][0]] ?? 0) + marks[i + 1][1] - marks[i][1]);
  const result: ChildResult = {
    wallMs: Math.round(end - loaded),
    cpuMs: cpuMsSince(cpu),
    maxRssKb: process.resourceUsage().maxRSS,
    stages,
    sha256: createHash('sha256').update(outputs.get('model.json') ?? '').digest('hex'),
    threats: model.threats.length,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runChild(args: string[]): ChildResult & { processMs: number } {
  const started = performance.now();
  const out = spawnSync(process.execPath, ['--import', 'tsx', HERE, '--child', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (out.status !== 0) throw new Error(`child ${args.join(' ')} failed: ${out.stderr}`);
  const lines = out.stdout.trim().split('\n');
  return { ...(JSON.parse(lines[lines.length - 1]) as ChildResult), processMs: Math.round(performance.now() - started) };
}

/** One ripgrep pass over the JS/TS files, timed as a whole process (rg's own threads: -j). */
function runRg(corpus: Corpus, workers: number): (ChildResult & { processMs: number }) | undefined {
  const pattern = String.raw`req\.(body|query|params)|password|secret|jwt|express|fetch\(`;
  const args = ['--no-config', '--no-ignore', '--hidden', '--no-messages', '--count-matches', '-j', String(workers), '-e', pattern, '--', ...corpus.js.map((f) => f.path)];
  const started = performance.now();
  const out = spawnSync('rg', args, { cwd: corpus.root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wallMs = Math.round(performance.now() - started);
  if (out.error) return undefined;
  return { wallMs, processMs: wallMs, cpuMs: NaN, maxRssKb: NaN };
}

// ---------------------------------------------------------------------------------------------
// Parent

function threatcodeCommit(): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: new URL('..', import.meta.url).pathname, encoding: 'utf8' });
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: new URL('..', import.meta.url).pathname, encoding: 'utf8' });
  return `${head.stdout.trim() || 'unknown'}${dirty.stdout.trim() ? ' (with uncommitted changes)' : ''}`;
}

function corpusOrigin(root: string): string {
  const marker = join(root, '.threatcode-bench-origin');
  if (existsSync(marker)) return readFileSync(marker, 'utf8').trim();
  const log = spawnSync('git', ['log', '-1', '--format=%H %s'], { cwd: root, encoding: 'utf8' });
  return log.stdout.trim() || 'unknown';
}

const mb = (bytes: number) => bytes / 1e6;
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '–');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string', default: 'bench/corpora/payload' },
      runs: { type: 'string', default: '5' },
      workers: { type: 'string' },
      'in-process': { type: 'boolean', default: false },
      bound: { type: 'boolean', default: false },
      compiled: { type: 'boolean', default: false },
      baseline: { type: 'string' },
      json: { type: 'string' },
    },
  });
  const root = resolve(values.corpus);
  if (!existsSync(root)) {
    process.stderr.write(`no corpus at ${root}: put a large TypeScript repository there first (see bench/README.md)\n`);
    process.exitCode = 2;
    return;
  }
  const runs = Math.max(1, Number(values.runs));
  // The build's own default (src/extract/pool: one core left to V8's threads), unless told.
  const { MAX_WORKERS } = await import('../src/extract/pool/index.js');
  const workers = values.workers ? Number(values.workers) : Math.min(availableParallelism() - 1, MAX_WORKERS);
  const corpus = await describeCorpus(root);
  const wantedBytes = corpus.wanted.reduce((s, f) => s + f.size, 0);
  const jsBytes = corpus.js.reduce((s, f) => s + f.size, 0);
  const temp = mkdtempSync(join(tmpdir(), 'threatcode-bench-build-'));
  const listFile = join(temp, 'js-files.json');
  writeFileSync(listFile, JSON.stringify({ root: corpus.root, files: corpus.js }));
  const cacheDir = join(temp, 'cache');
  const hasRg = spawnSync('rg', ['--version']).status === 0;
  const loadBefore = loadavg();
  process.stdout.write(`corpus: ${root} (${corpusOrigin(root)})\n`);
  process.stdout.write(`extracted files: ${corpus.wanted.length} (${fmt(mb(wantedBytes), 1)} MB), of which JS/TS: ${corpus.js.length} (${fmt(mb(jsBytes), 1)} MB)\n`);
  process.stdout.write(`threatcode ${threatcodeCommit()}, Node ${process.version}, ${availableParallelism()} cores, ${workers} workers, load average before: ${loadBefore.map((l) => l.toFixed(1)).join(' ')}\n`);
  if (!hasRg) process.stdout.write('rg (ripgrep) is not installed: the rg row is skipped (Debian: apt-get install ripgrep)\n');
  const compiled = values.compiled ? compileThreatcode() : undefined;
  const lib = compiled?.dist ?? 'src';
  process.stdout.write(`builds run ${compiled ? 'compiled JavaScript (tsc)' : 'the TypeScript sources through tsx'}\n`);

  try {
    const rows = new Map<string, (ChildResult & { processMs: number })[]>();
    const add = (name: string, r: (ChildResult & { processMs: number }) | undefined) => {
      if (r) rows.set(name, [...(rows.get(name) ?? []), r]);
    };
    const pool = values.workers ? `pool:${workers}` : 'pool';
    runChild(['build', corpus.root, cacheDir, pool, lib]); // fills the cache for the warm row
    const skipFile = join(temp, 'bound-skip.json');
    if (values.bound) {
      const wantedFile = join(temp, 'wanted.json');
      writeFileSync(wantedFile, JSON.stringify({ root: corpus.root, files: corpus.wanted }));
      runChild(['classify', corpus.root, wantedFile, skipFile, lib]);
      const skipped = JSON.parse(readFileSync(skipFile, 'utf8')) as string[];
      process.stdout.write(`bound: ${corpus.wanted.length - skipped.length} of ${corpus.wanted.length} files are cited by the model\n`);
    }
    for (let run = 0; run < runs; run++) {
      process.stdout.write(`run ${run + 1}/${runs} (load ${loadavg()[0].toFixed(1)})\n`);
      add('floor', runChild(['floor', listFile, String(workers), 'raw', lib]));
      add('floor (JSON route)', runChild(['floor', listFile, String(workers), 'json', lib]));
      if (hasRg) add('rg', runRg(corpus, Math.max(1, workers)));
      add('cold', runChild(['build', corpus.root, 'none', pool, lib]));
      add('warm', runChild(['build', corpus.root, cacheDir, pool, lib]));
      if (values.bound) {
        add('bound: cited files', runChild(['build', corpus.root, 'none', `bound:${skipFile}`, lib]));
        add('bound: imports only', runChild(['build', corpus.root, 'none', 'bound:imports', lib]));
      }
      if (values['in-process']) add('1 thread', runChild(['build', corpus.root, 'none', 'in-process', lib]));
      if (values.baseline) add('baseline', runChild(['build', corpus.root, 'none', pool, resolve(values.baseline)]));
    }
    const loadAfter = loadavg();
    const med = (name: string, pick: (r: ChildResult & { processMs: number }) => number) => median((rows.get(name) ?? []).map(pick));
    const floorMs = med('floor', (r) => r.wallMs);
    const floorCpu = med('floor', (r) => r.cpuMs);
    const rgMs = hasRg ? med('rg', (r) => r.wallMs) : NaN;
    const shas = new Set([...(rows.get('cold') ?? []), ...(rows.get('warm') ?? []), ...(rows.get('1 thread') ?? []), ...(rows.get('baseline') ?? [])].map((r) => r.sha256));

    process.stdout.write(`\nload average after: ${loadAfter.map((l) => l.toFixed(1)).join(' ')}; medians of ${runs} runs\n\n`);
    process.stdout.write('| row | wall ms | CPU ms | MB/s (extracted) | MB/s (JS/TS) | wall / floor | CPU / floor CPU | wall / rg | peak RSS MB | process ms |\n');
    process.stdout.write('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n');
    for (const [name] of rows) {
      const wall = med(name, (r) => r.wallMs);
      const cpu = med(name, (r) => r.cpuMs);
      const rss = med(name, (r) => r.maxRssKb) / 1024;
      const cells = [
        fmt(wall),
        fmt(cpu),
        name.startsWith('floor') || name === 'rg' ? '–' : fmt(mb(wantedBytes) / (wall / 1000), 1),
        fmt(mb(jsBytes) / (wall / 1000), 1),
        fmt(wall / floorMs, 2),
        fmt(cpu / floorCpu, 2),
        fmt(wall / rgMs, 1),
        fmt(rss),
        fmt(med(name, (r) => r.processMs)),
      ];
      process.stdout.write(`| ${name} | ${cells.join(' | ')} |\n`);
    }
    process.stdout.write(`\n| stage (median ms) | ${STAGES.join(' | ')} |\n| --- | ${STAGES.map(() => '---:').join(' | ')} |\n`);
    for (const name of ['cold', 'warm', '1 thread', 'baseline', 'bound: cited files', 'bound: imports only']) {
      if (!rows.has(name)) continue;
      process.stdout.write(`| ${name} | ${STAGES.map((s) => fmt(med(name, (r) => r.stages?.[s] ?? 0))).join(' | ')} |\n`);
    }
    process.stdout.write(`\nbuilds give byte-identical model.json: ${shas.size === 1 ? 'yes' : `NO (${shas.size} different)`}\n`);
    if (shas.size !== 1) process.exitCode = 1;
    if (values.json) writeFileSync(values.json, `${JSON.stringify({ corpus: root, wantedBytes, jsBytes, workers, loadBefore, loadAfter, rows: Object.fromEntries(rows) }, null, 2)}\n`);
  } finally {
    rmSync(temp, { recursive: true, force: true });
    compiled?.cleanup();
  }
}

if (process.argv[2] === '--child') {
  const [kind, ...rest] = process.argv.slice(3);
  // Floor and builds run with the CLI's V8 settings (bin/threatcode.js).
  const { tuneV8ForModelBuilds } = await import('../src/util/v8-tuning.js');
  tuneV8ForModelBuilds();
  if (kind === 'floor') await childFloor(rest[0], Number(rest[1]), rest[2], rest[3]);
  else if (kind === 'classify') await childClassify(rest[0], rest[1], rest[2], rest[3]);
  else await childBuild(rest[0], rest[1], rest[2], rest[3]);
} else await main();
