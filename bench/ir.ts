// Incident-response benchmark (DESIGN §5: `ir` over a catalog of 1,000 products in under a second,
// for the whole command).
//
//   node --import tsx bench/ir.ts [--products 1000] [--deps 400] [--runs 5] [--dir /tmp/x] [--keep]
//
// Builds a catalog of synthetic but realistically shaped products (an internet-facing API, a worker,
// a frontend and a database; 30 routes; --deps npm dependencies drawn from a pool of 4,000 packages
// with skewed popularity, ~80 import sites on request paths, Dockerfiles with base images and OS
// packages, compose deployments), published through the real catalog code (transactions, lock,
// history, catalog.json), with model.json as the only rendered view to keep the build short. Then:
//   build     publishing every product (one transaction each)
//   index     building the query index from scratch (`catalog reindex --force`)
//   ir …      the whole `threatcode ir` command as a user runs it (a new node process: start-up,
//             advisory parsing, index freshness check, scoping, rendering), median of --runs,
//             for advisories that hit many products, few products, and every product (kernel)
//   in-proc   the same scoping inside one process (no start-up), median of --runs
// The CLI is run from dist/ when it is built (`npm run build`), else from source through tsx
// (slower start-up; reported as such). Prints a Markdown table for bench/README.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeCatalogIndex } from '../src/catalog/index-files.js';
import { withLock } from '../src/catalog/lock.js';
import { publishModel } from '../src/catalog/publish.js';
import { openQueryIndex } from '../src/catalog/query.js';
import { REACH_SCHEMA, type ReachImport, type ReachIndex } from '../src/catalog/reach-types.js';
import { resolveAdvisory } from '../src/ir/advisory/load.js';
import { runIncidentResponse } from '../src/ir/run.js';
import type { Component, Dependency, EntryPoint, ThreatModel } from '../src/model/types.js';
import { MODEL_SCHEMA } from '../src/model/types.js';

const { values } = parseArgs({
  options: {
    products: { type: 'string', default: '1000' },
    deps: { type: 'string', default: '400' },
    runs: { type: 'string', default: '5' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const PRODUCTS = Number(values.products);
const DEPS = Number(values.deps);
const RUNS = Number(values.runs);
const root = new URL('..', import.meta.url).pathname;
const advisories = join(root, '../shared/fixtures/advisories');

function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const POOL = Array.from({ length: 4000 }, (_, i) => `pkg-${i.toString(36)}`);
// Real advisory targets mixed in at realistic rates: lodash is everywhere, minimist mostly
// transitive, ws sometimes, marsdb rarely.
const SPECIAL: { name: string; rate: number; versions: string[]; direct: number; imported: number }[] = [
  { name: 'lodash', rate: 0.7, versions: ['4.17.15', '4.17.19', '4.17.21'], direct: 0.5, imported: 0.6 },
  { name: 'minimist', rate: 0.6, versions: ['1.2.5', '1.2.8', '0.2.1'], direct: 0.1, imported: 0.05 },
  { name: 'ws', rate: 0.25, versions: ['7.4.6', '8.17.1', '8.2.0'], direct: 0.6, imported: 0.7 },
  { name: 'marsdb', rate: 0.01, versions: ['0.6.11'], direct: 1, imported: 0.5 },
];

function product(i: number): { model: ThreatModel; reach: ReachIndex } {
  const rnd = random(i + 1);
  const name = `product-${String(i).padStart(4, '0')}`;
  const comp = (id: string, n: string, kind: Component['kind'], exposure: Component['exposure'], paths: string[]): Component => ({ id, name: n, kind, tech: [], paths, exposure, trustZone: 'z', evidence: [] });
  const components = [comp(`${name}-api`, 'api', 'service', 'internet', ['api']), comp(`${name}-worker`, 'worker', 'service', 'internal', ['worker']), comp(`${name}-web`, 'web', 'frontend', 'internet', ['web']), comp(`${name}-db`, 'db', 'datastore', 'internal', [])];
  const entryPoints: EntryPoint[] = Array.from({ length: 30 }, (_, r) => ({
    id: `${name}-e${r}`,
    component: `${name}-api`,
    kind: 'http',
    method: r % 3 ? 'GET' : 'POST',
    path: `/api/r${r}`,
    auth: r % 4 === 0 ? 'none' : 'user',
    middleware: ['helmet()', 'express.json()'],
    handler: { file: `api/src/routes/r${r}.js`, line: 10 },
    exposure: 'internet',
    tags: [],
    evidence: [{ file: `api/src/routes/r${r}.js`, line: 10 }],
  }));
  const dependencies: Dependency[] = [];
  const imports: ReachImport[] = [];
  const seen = new Set<string>();
  const addDep = (n: string, version: string, direct: boolean) => {
    if (seen.has(n)) return;
    seen.add(n);
    dependencies.push({ ecosystem: 'npm', name: n, version, direct, scope: 'prod', component: `${name}-api`, manifest: 'api/package-lock.json' });
  };
  for (const s of SPECIAL) {
    if (rnd() >= s.rate) continue;
    addDep(s.name, s.versions[Math.floor(rnd() * s.versions.length)], rnd() < s.direct);
    if (rnd() < s.imported) {
      const r = Math.floor(rnd() * 30);
      imports.push({ ecosystem: 'npm', package: s.name, module: s.name, file: `api/src/routes/r${r}.js`, line: 2, symbols: s.name === 'lodash' ? ['set', 'merge'] : ['default'], uses: [{ symbol: s.name === 'lodash' ? 'set' : 'default', line: 14 }], component: `${name}-api`, reachedBy: [`${name}-e${r}`], via: 'handler', owners: ['@team'] });
    }
  }
  while (dependencies.length < DEPS) {
    // Skewed popularity: low indexes are common (like real npm trees).
    const n = POOL[Math.floor(Math.pow(rnd(), 3) * POOL.length)];
    addDep(n, `${1 + Math.floor(rnd() * 5)}.${Math.floor(rnd() * 20)}.${Math.floor(rnd() * 10)}`, rnd() < 0.05);
  }
  // Other imports come from the product's common packages (not the advisory targets above).
  const common = dependencies.filter((d) => !SPECIAL.some((s) => s.name === d.name)).slice(0, 60);
  for (let k = 0; k < 80; k++) {
    const d = common[Math.floor(rnd() * common.length)];
    const r = Math.floor(rnd() * 30);
    imports.push({ ecosystem: 'npm', package: d.name, module: d.name, file: `api/src/routes/r${r}.js`, line: 1 + (k % 5), symbols: ['default'], uses: [], component: `${name}-api`, reachedBy: [`${name}-e${r}`], via: 'handler', owners: ['@team'] });
  }
  dependencies.push({ ecosystem: 'docker', name: 'node', version: rnd() < 0.5 ? '20.11-alpine' : '20.11-bookworm', direct: true, scope: 'prod', component: `${name}-api`, manifest: 'api/Dockerfile' });
  dependencies.push({ ecosystem: 'deb', name: 'openssl', version: '', direct: true, scope: 'prod', component: `${name}-api`, manifest: 'api/Dockerfile' });
  const model: ThreatModel = {
    schema: MODEL_SCHEMA,
    generator: { name: 'threatcode', version: 'bench' },
    product: { name, languages: ['javascript'], owners: [`@team-${i % 50}`], commit: i.toString(16).padStart(40, '0') },
    components,
    flows: [{ id: `${name}-f1`, from: `${name}-api`, to: `${name}-db`, protocol: 'postgres', authenticated: true, encrypted: 'unknown', data: ['orders'], crosses: [], evidence: [] }],
    trustBoundaries: [],
    entryPoints,
    assets: [{ id: `${name}-a1`, name: 'orders', classification: 'confidential', categories: [], storedIn: [`${name}-db`], evidence: [] }],
    dependencies: dependencies.sort((a, b) => (a.name < b.name ? -1 : 1)),
    threats: [],
    mitigations: [],
    assumptions: [],
    killChains: [],
    diagnostics: [],
  };
  const reach: ReachIndex = {
    schema: REACH_SCHEMA,
    product: name,
    importsAnalysed: ['npm'],
    filesAnalysed: 120,
    imports,
    declarations: dependencies.filter((d) => d.direct && d.ecosystem === 'npm').map((d, k) => ({ ecosystem: 'npm', name: d.name, file: 'api/package.json', line: 5 + k, spec: `^${d.version}` })),
    lockLines: dependencies.map((d, k) => ({ ecosystem: d.ecosystem, name: d.name, version: d.version, file: d.manifest, line: 10 + k * 6 })),
    deployments: [{ workload: 'api', platform: 'compose', file: 'docker-compose.yml', line: 3, exposure: 'internet', runsAsRoot: rnd() < 0.5, privileged: rnd() < 0.03, component: `${name}-api` }],
    codeowners: { source: 'CODEOWNERS', rules: [{ pattern: '*', owners: [`@team-${i % 50}`] }] },
    owners: [`@team-${i % 50}`],
  };
  return { model, reach };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (s: number) => `${Math.round(s * 1000)} ms`;

async function main(): Promise<void> {
  const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'threatcode-bench-ir-'));
  const rows: string[][] = [];
  let t = performance.now();
  for (let i = 0; i < PRODUCTS; i++) {
    const { model, reach } = product(i);
    await publishModel(dir, { model, reach, formats: ['json'], updateIndex: false, now: new Date(Date.UTC(2025, 0, 1, 0, 0, i)) });
  }
  await withLock(dir, {}, () => writeCatalogIndex(dir));
  rows.push(['build', `publish ${PRODUCTS} products (${DEPS} deps each)`, ms((performance.now() - t) / 1000)]);

  rmSync(join(dir, '.index'), { recursive: true, force: true });
  t = performance.now();
  await openQueryIndex(dir);
  rows.push(['index', 'query index from scratch', ms((performance.now() - t) / 1000)]);

  const cli = existsSync(join(root, 'dist/cli/main.js')) ? [join(root, 'bin/threatcode.js')] : ['--import', 'tsx', join(root, 'scripts/dev.ts')];
  const mode = cli.length === 1 ? 'dist' : 'tsx (run `npm run build` for dist timings)';
  const cases: [string, string][] = [
    ['lodash (70% of products)', join(advisories, 'osv/GHSA-p6mc-m468-83gw.json')],
    ['minimist (60%, mostly transitive)', join(advisories, 'osv/GHSA-xvch-5gv4-984h.json')],
    ['marsdb (1%)', join(advisories, 'osv/GHSA-5mrr-rgp6-x4gr.json')],
    ['kernel CVE-2024-1086 (every product)', join(advisories, 'cve5/CVE-2024-1086.json')],
    ['npm:ws@<7.5.10 (spec)', 'npm:ws@<7.5.10'],
  ];
  for (const [label, advisory] of cases) {
    const times: number[] = [];
    let counts = '';
    for (let r = 0; r < RUNS; r++) {
      const start = performance.now();
      const out = spawnSync(process.execPath, [...cli, 'ir', advisory, '--catalog', dir, '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
      times.push((performance.now() - start) / 1000);
      if (out.status !== 0) throw new Error(`ir failed: ${out.stderr}`);
      if (r === 0) {
        const report = JSON.parse(out.stdout) as { counts: Record<string, number>; products: unknown[] };
        counts = Object.entries(report.counts).filter(([, n]) => n).map(([v, n]) => `${n} ${v}`).join(', ');
        if (report.products.length !== PRODUCTS) throw new Error(`expected ${PRODUCTS} products in the report, got ${report.products.length}`);
      }
    }
    const inProc: number[] = [];
    const parsed = await resolveAdvisory(advisory, { cwd: root });
    for (let r = 0; r < RUNS; r++) {
      const start = performance.now();
      await runIncidentResponse(dir, parsed, { index: await openQueryIndex(dir) });
      inProc.push((performance.now() - start) / 1000);
    }
    rows.push([`ir ${label}`, counts, `${ms(median(times))} (in-process ${ms(median(inProc))})`]);
  }
  // Incremental refresh after one product is republished.
  const { model, reach } = product(7);
  model.dependencies.push({ ecosystem: 'npm', name: 'marsdb', version: '0.6.11', direct: true, scope: 'prod', component: model.components[0].id, manifest: 'api/package-lock.json' });
  await publishModel(dir, { model, reach, formats: ['json'], now: new Date(Date.UTC(2025, 1, 1)) });
  t = performance.now();
  await openQueryIndex(dir);
  rows.push(['refresh', 'query index after one product was republished', ms((performance.now() - t) / 1000)]);

  const table = ['| step | what | time |', '| --- | --- | ---: |', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  process.stdout.write(`${PRODUCTS} products, CLI from ${mode}, median of ${RUNS} runs, node ${process.version}\n\n${table}\n`);
  writeFileSync(join(dir, 'bench-result.md'), `${table}\n`);
  if (!values.keep && !values.dir) rmSync(dir, { recursive: true, force: true });
  else process.stdout.write(`catalog kept in ${dir}\n`);
}

await main();
