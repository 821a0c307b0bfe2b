import { parseArgs } from 'node:util';
import { relative, resolve } from 'node:path';
import { readAdvisoryDir } from '../../analyze/graph/advisories-fs.js';
import { modelSource, type ModelSourceResult } from '../../api/model.js';
import { publishSource } from '../../catalog/publish.js';
import { openQueryIndex } from '../../catalog/query.js';
import { describeChanges } from '../../catalog/record.js';
import { writeFileAtomic } from '../../util/fs.js';
import { FORMATS, renderOutputs } from '../../emit/index.js';
import { countBySeverity, openThreats } from '../../emit/digest.js';
import { UsageError } from '../../util/errors.js';
import { progressReporter } from '../progress.js';
import type { Command } from '../types.js';

const USAGE = `threatcode model <source> [--out <dir>] [--catalog <dir>] [--format <list>] [--ref <ref>] [--product <name>] [--advisories <dir>] [--json]

  <source>          a directory or a git URL (https, ssh, file://, a bare repository path)
  --out <dir>       where to write the outputs (default ./threatcode-out; none with --catalog unless given)
  --catalog <dir>   also publish the model into this catalog (previous version archived, index updated)
  --format <list>   comma-separated subset of: ${FORMATS.join(', ')} (default: all)
  --ref <ref>       branch or tag to clone when <source> is a git URL
  --product <name>  product name (default: .threatcode.yml, then the folder name)
  --advisories <dir> a folder of OSV .json advisories; vulnerable dependencies join the kill chains
  --json            print a machine-readable summary on stdout`;

export const command: Command = {
  name: 'model',
  summary: 'model a repository and write its threat model',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        catalog: { type: 'string' },
        format: { type: 'string' },
        ref: { type: 'string' },
        product: { type: 'string' },
        advisories: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) throw new UsageError('model needs exactly one <source>');
    const formats = values.format ? values.format.split(',').map((f) => f.trim()).filter(Boolean) : [...FORMATS];
    const unknown = formats.filter((f) => !FORMATS.includes(f));
    if (unknown.length > 0) throw new UsageError(`unknown format ${unknown.join(', ')} (choose from ${FORMATS.join(', ')})`);
    const advisories = values.advisories ? await readAdvisoryDir(resolve(io.cwd, values.advisories)) : undefined;
    for (const d of advisories?.diagnostics ?? []) io.stderr.write(`threatcode model: warning: ${d.file ? `${d.file}: ` : ''}${d.message}\n`);
    const progress = progressReporter(io);
    const started = performance.now();
    const source = positionals[0].includes('://') || positionals[0].includes('@') ? positionals[0] : resolve(io.cwd, positionals[0]);
    let result: ModelSourceResult;
    let published: Awaited<ReturnType<typeof publishSource>> | undefined;
    if (values.catalog) {
      // Publish into the catalog (same pipeline, plus owners and blame); --out only when asked.
      const catalog = resolve(io.cwd, values.catalog);
      published = await publishSource(catalog, { source, ref: values.ref, product: values.product, env: io.env, formats, analyze: { advisories: advisories?.advisories }, onProgress: (p) => progress.update(p) });
      await openQueryIndex(catalog);
      const written: string[] = [];
      if (values.out) {
        const outDir = resolve(io.cwd, values.out);
        for (const [file, content] of renderOutputs(published.model, formats)) {
          await writeFileAtomic(resolve(outDir, file), content);
          written.push(resolve(outDir, file));
        }
        result = { model: published.model, written, outDir };
      } else result = { model: published.model, written };
    } else {
      result = await modelSource({
        advisories: advisories?.advisories,
        source,
        out: resolve(io.cwd, values.out ?? 'threatcode-out'),
        formats,
        ref: values.ref,
        productName: values.product,
        env: io.env,
        onProgress: (p) => progress.update(p),
      });
    }
    progress.done();
    const seconds = (performance.now() - started) / 1000;
    const { model } = result;
    const open = openThreats(model);
    const severities = countBySeverity(open);
    if (values.json) {
      io.stdout.write(
        `${JSON.stringify(
          {
            product: model.product.name,
            commit: model.product.commit ?? null,
            outDir: result.outDir ?? null,
            files: result.written,
            ...(published ? { catalog: { product: published.slug, version: published.version, dir: published.dir, changes: published.changes } } : {}),
            components: model.components.length,
            flows: model.flows.length,
            entryPoints: model.entryPoints.length,
            threats: { total: model.threats.length, open: open.length, bySeverity: severities },
            diagnostics: model.diagnostics.length,
            seconds: Math.round(seconds * 100) / 100,
          },
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    const out = io.stdout;
    out.write(`threatcode: modelled ${model.product.name}${model.product.commit ? ` @ ${model.product.commit.slice(0, 12)}` : ''} in ${seconds.toFixed(2)} s\n`);
    out.write(`  ${model.components.length} components, ${model.flows.length} flows, ${model.trustBoundaries.length} trust boundaries, ${model.entryPoints.length} entry points\n`);
    out.write(`  ${open.length} open threats: ${severities.critical} critical, ${severities.high} high, ${severities.medium} medium, ${severities.low} low`);
    out.write(`${model.threats.length > open.length ? ` (+${model.threats.length - open.length} suppressed/accepted)` : ''}\n`);
    if (model.killChains.length > 0) out.write(`  ${model.killChains.length} kill chains, worst: ${model.killChains[0].severity} ${model.killChains[0].entry} → ${model.killChains[0].target} (see summary.md, attack-graph.mmd)\n`);
    const warnings = model.diagnostics.filter((d) => d.level !== 'info').length;
    if (warnings > 0) out.write(`  ${warnings} warnings (see diagnostics in model.json)\n`);
    if (published) out.write(`published to the catalog as ${published.slug} v${published.version} (${describeChanges(published.changes)})\n`);
    if (result.outDir) {
      const shown = (path: string) => {
        const rel = relative(io.cwd, path);
        return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
      };
      out.write(`outputs in ${shown(result.outDir)}/\n`);
      for (const file of result.written) out.write(`  ${shown(file)}\n`);
    }
    return 0;
  },
};
