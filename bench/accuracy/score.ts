// Accuracy benchmark: runs threatcode's library API on each corpus in bench/corpora/<app> and
// scores its findings and entry points against bench/accuracy/<app>.labels.json.
//   node --import tsx bench/accuracy/score.ts [app...] [--json] [--verbose]
// Matching rules are documented in bench/accuracy/README.md. The corpora are fetched separately
// (see the README); a missing corpus is skipped with a message, never an error.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { analyzeDirectory } from '../../src/api/pipeline.js';
import type { ThreatModel } from '../../src/model/types.js';
import { appNameOf, listLabelFiles, loadLabels, type AppLabels } from './labels.js';
import { scoreEntryPoints, type EntryPointInput } from './match-entrypoints.js';
import { scoreWeaknesses, type FindingInput } from './match-weaknesses.js';
import { renderApp, renderOverall, mergeTallies, type AppResult, type SkippedApp } from './report.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const CORPORA = join(HERE, '..', 'corpora');
const RESULTS_FILE = join(HERE, 'results.json');
/** Fixed so runs are reproducible (it only decides suppression expiry). */
const TODAY = '2026-01-01';

interface Args {
  apps: string[];
  json: boolean;
  verbose: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { apps: [], json: false, verbose: false };
  for (const a of argv) {
    if (a === '--json') args.json = true;
    else if (a === '--verbose' || a === '-v') args.verbose = true;
    else if (a === '--help' || a === '-h') {
      console.log('usage: node --import tsx bench/accuracy/score.ts [app...] [--json] [--verbose]');
      process.exit(0);
    } else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else args.apps.push(a);
  }
  return args;
}

/** The corpus's own checkout only: an exported tree (no `.git` of its own) would otherwise report threatcode's commit. */
function corpusCommit(dir: string): string | undefined {
  if (!existsSync(join(dir, '.git'))) return undefined;
  try {
    return execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

function findingsOf(model: ThreatModel): FindingInput[] {
  return (model.threats ?? []).map((t) => ({
    id: t.id,
    ruleId: t.ruleId ?? 'unknown',
    title: t.title ?? '',
    cwe: t.cwe ?? [],
    evidence: (t.evidence ?? []).filter((e) => e && typeof e.file === 'string' && Number.isInteger(e.line)).map((e) => ({ file: e.file, line: e.line })),
    architectural: Boolean(t.architectural),
  }));
}

function entryPointsOf(model: ThreatModel): EntryPointInput[] {
  return (model.entryPoints ?? []).map((e) => ({
    method: e.method,
    path: e.path,
    auth: e.auth ?? 'unknown',
    kind: e.kind ?? 'http',
    file: e.handler?.file ?? e.evidence?.[0]?.file,
    line: e.handler?.line ?? e.evidence?.[0]?.line,
  }));
}

function componentsOf(model: ThreatModel): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const c of model.components ?? []) (out[c.kind] ??= []).push(c.name);
  for (const names of Object.values(out)) names.sort();
  return out;
}

async function scoreApp(labels: AppLabels, app: string): Promise<AppResult | SkippedApp> {
  const dir = join(CORPORA, app);
  if (!existsSync(dir)) return { app, reason: `corpus missing: ${dir} (see bench/accuracy/README.md to fetch it)` };
  const started = Date.now();
  let model: ThreatModel;
  try {
    model = await analyzeDirectory(dir, { productName: app, repository: labels.repository, today: TODAY });
  } catch (err) {
    return { app, reason: `threatcode failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}` };
  }
  return {
    app,
    commit: labels.commit,
    corpusCommit: corpusCommit(dir),
    seconds: (Date.now() - started) / 1000,
    weaknesses: scoreWeaknesses(labels.weaknesses, labels.nonFindings, findingsOf(model)),
    entryPoints: scoreEntryPoints(labels.entryPoints, entryPointsOf(model)),
    toolComponents: componentsOf(model),
    labelled: { datastores: labels.datastores ?? [], externals: labels.externals ?? [] },
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const files = await listLabelFiles(HERE);
  const known = files.map(appNameOf);
  for (const a of args.apps) if (!known.includes(a)) throw new Error(`no labels for "${a}" (have: ${known.join(', ')})`);
  const selected = files.filter((f) => args.apps.length === 0 || args.apps.includes(appNameOf(f)));

  const results: AppResult[] = [];
  const skipped: SkippedApp[] = [];
  for (const file of selected) {
    const app = appNameOf(file);
    const outcome = await scoreApp(await loadLabels(file), app);
    if ('reason' in outcome) {
      skipped.push(outcome);
      console.log(`== ${app}: skipped - ${outcome.reason}\n`);
      continue;
    }
    results.push(outcome);
    console.log(renderApp(outcome, args.verbose) + '\n');
  }
  if (results.length > 1) console.log(renderOverall(results) + '\n');
  if (results.length === 0) console.log('nothing scored: no corpus present.');

  if (args.json) {
    const overall = mergeTallies(results);
    // Timings vary run to run; leave them out so results.json only changes when accuracy does.
    const apps = results.map(({ seconds: _seconds, ...rest }) => rest);
    await writeFile(RESULTS_FILE, JSON.stringify({ apps, skipped, overall }, null, 2) + '\n');
    console.log(`wrote ${RESULTS_FILE}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
