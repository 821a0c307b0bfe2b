import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openQueryIndex } from '../../catalog/query.js';
import { assertCatalog } from '../../catalog/store.js';
import { resolveAdvisory } from '../../ir/advisory/load.js';
import { renderCanvas } from '../../ir/render/canvas.js';
import { renderTable } from '../../ir/render/table.js';
import { runIncidentResponse } from '../../ir/run.js';
import { VERDICTS, type Verdict } from '../../ir/types.js';
import { writeFileAtomic } from '../../util/fs.js';
import { UsageError } from '../../util/errors.js';
import type { Command } from '../types.js';

const USAGE = `threatcode ir <advisory> --catalog <dir> [--advisories <dir>] [--json | --canvas] [options]

Which cataloged products does an advisory reach, how far, who owns them, what to do now.

  <advisory>          an OSV JSON file, a CVE JSON 5 file, a GHSA / CVE id (looked up in
                      --advisories), a package spec (npm:minimist@<1.2.6, pypi:django@>=3.2,<3.2.14,
                      maven:org.apache.logging.log4j:log4j-core@[2.0,2.15.0), go:golang.org/x/net@<0.17.0),
                      or free text naming a component ("linux kernel", "openssl < 3.0.14", "glibc")
  --catalog <dir>     the catalog (default: $THREATCODE_CATALOG)
  --advisories <dir>  folder of OSV / CVE 5 files for ids (default: $THREATCODE_ADVISORIES,
                      then <catalog>/advisories)
  --json              the full report on stdout: every product with product, verdict, reasons,
                      evidence, chains, owners, fix
  --canvas            the incident-channel summary (Markdown, at most ~40 lines)
  --canvas-out <file> also write the canvas summary to a file
  --symbols <list>    affected functions, comma-separated, when the advisory names none
  --product <slug>    only these products (repeatable)
  --all               list not-affected products in the table too
  --fail-on <verdict> exit 1 when any product is at least this bad (exploitable, affected, unknown)`;

export const command: Command = {
  name: 'ir',
  summary: 'incident response: which cataloged products an advisory affects, with evidence and fixes',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        catalog: { type: 'string' },
        advisories: { type: 'string' },
        json: { type: 'boolean', default: false },
        canvas: { type: 'boolean', default: false },
        'canvas-out': { type: 'string' },
        symbols: { type: 'string' },
        product: { type: 'string', multiple: true },
        all: { type: 'boolean', default: false },
        'fail-on': { type: 'string' },
      },
    });
    const started = performance.now();
    if (positionals.length === 0) throw new UsageError('ir needs an <advisory>');
    const catalogArg = values.catalog ?? io.env.THREATCODE_CATALOG;
    if (!catalogArg) throw new UsageError('ir needs --catalog <dir> (or THREATCODE_CATALOG)');
    if (values.json && values.canvas) throw new UsageError('choose one of --json and --canvas');
    const failOn = values['fail-on'];
    if (failOn !== undefined && !['exploitable', 'affected', 'unknown', 'present-not-reachable'].includes(failOn)) throw new UsageError(`--fail-on must be exploitable, affected, unknown or present-not-reachable`);
    const catalog = resolve(io.cwd, catalogArg);
    await assertCatalog(catalog);
    const advisoriesArg = values.advisories ?? io.env.THREATCODE_ADVISORIES ?? (existsSync(join(catalog, 'advisories')) ? join(catalog, 'advisories') : undefined);
    const symbols = values.symbols?.split(',').map((s) => s.trim()).filter(Boolean);
    const advisory = await resolveAdvisory(positionals.join(' '), { cwd: io.cwd, ...(advisoriesArg ? { advisoriesDir: resolve(io.cwd, advisoriesArg) } : {}), ...(symbols?.length ? { symbols } : {}) });
    const index = await openQueryIndex(catalog, {
      onRebuild: (n) => {
        if (io.stderr.isTTY) io.stderr.write(`threatcode ir: updating the catalog index (${n} product${n === 1 ? '' : 's'} changed)…\n`);
      },
    });
    const report = await runIncidentResponse(catalog, advisory, { index, ...(values.product ? { products: values.product } : {}) });
    report.seconds = Math.round((performance.now() - started) / 10) / 100;
    const canvas = values.canvas || values['canvas-out'] ? renderCanvas(report) : undefined;
    if (values['canvas-out'] && canvas) await writeFileAtomic(resolve(io.cwd, values['canvas-out']), canvas);
    if (values.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else if (values.canvas && canvas) io.stdout.write(canvas);
    else {
      const columns = (io.stdout as { columns?: number }).columns;
      io.stdout.write(renderTable(report, { all: values.all, ...(columns ? { width: columns } : {}) }));
      if (values['canvas-out']) io.stdout.write(`canvas summary: ${relative(io.cwd, resolve(io.cwd, values['canvas-out']))}\n`);
    }
    if (failOn) {
      const limit = VERDICTS.indexOf(failOn as Verdict);
      if (report.products.some((p) => VERDICTS.indexOf(p.verdict) <= limit)) return 1;
    }
    return 0;
  },
};
