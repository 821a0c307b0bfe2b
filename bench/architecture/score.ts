// Architecture benchmark: runs threatcode's library API on each corpus in bench/corpora/<app> and
// compares the recovered components, flows, exposure, trust boundaries and a sample of entry
// points with bench/architecture/<app>.labels.json.
//   node --import tsx bench/architecture/score.ts [app...] [--json] [--verbose]
// Matching rules are documented in bench/architecture/README.md. The corpora are fetched separately
// (see the README); a missing corpus is skipped with a message, never an error.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeDirectory } from '../../src/api/pipeline.js';
import { appNameOf, brokenEvidence, listLabelFiles, loadLabels, type ArchitectureLabels } from './labels.js';
import { scoreBoundaries } from './match-boundaries.js';
import { matchComponents, scoreComponents } from './match-components.js';
import { scoreEntryPoints } from './match-entrypoints.js';
import { matchFlows, scoreFlows } from './match-flows.js';
import { overallJson, renderApp, renderOverall, type AppResult, type SkippedApp } from './report.js';
import { toolArchitecture } from './tool-model.js';

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
      console.log('usage: node --import tsx bench/architecture/score.ts [app...] [--json] [--verbose]');
      process.exit(0);
    } else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else args.apps.push(a);
  }
  return args;
}

function corpusCommit(dir: string): string | undefined {
  try {
    return execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

async function scoreApp(labels: ArchitectureLabels, app: string): Promise<AppResult | SkippedApp> {
  const dir = join(CORPORA, app);
  if (!existsSync(dir)) return { app, reason: `corpus missing: ${dir} (see bench/architecture/README.md to fetch it)` };
  const started = Date.now();
  let tool;
  try {
    tool = toolArchitecture(await analyzeDirectory(dir, { productName: app, repository: labels.repository, today: TODAY }));
  } catch (err) {
    return { app, reason: `threatcode failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}` };
  }
  const seconds = (Date.now() - started) / 1000;
  const cm = matchComponents(labels.components, tool.components);
  const fm = matchFlows(labels.flows, labels.components, tool.components, tool.flows, cm);
  return {
    app,
    commit: labels.commit,
    corpusCommit: corpusCommit(dir),
    seconds,
    brokenEvidence: await brokenEvidence(labels, dir),
    toolCounts: { components: tool.components.length, flows: tool.flows.length, boundaries: tool.boundaries.length, entryPoints: tool.entryPoints.length },
    components: scoreComponents(labels.components, tool.components, cm),
    flows: scoreFlows(labels.flows, fm, tool.flows.length),
    boundaries: scoreBoundaries(labels.trustBoundaries, labels.flows, tool.boundaries, cm, fm),
    entryPoints: scoreEntryPoints(labels.entryPointsSample, labels.components, tool.components, tool.entryPoints, cm),
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
    // Timings vary run to run; leave them out so results.json only changes when accuracy does.
    const apps = results.map(({ seconds: _seconds, ...rest }) => rest);
    await writeFile(RESULTS_FILE, JSON.stringify({ apps, skipped, overall: overallJson(results) }, null, 2) + '\n');
    console.log(`wrote ${RESULTS_FILE}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
